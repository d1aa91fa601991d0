package org.tessera.core.mask;

/**
 * Primitive kernels behind {@link Mask}: run-length boolean algebra and conversions between the RLE form and the
 * box-cropped bitmap form. Package-private; every method works on primitive arrays and never allocates an array of
 * the canvas size.
 */
final class MaskKernels {
    private MaskKernels() {}

    /** Unaligned little-endian 8-byte views of 0/1 byte bitmaps: a word's popcount is its number of set bytes. */
    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /** Number of k in [0, len) with {@code a[ai+k] != 0 && b[bi+k] != 0}, for 0/1 bytes. */
    static long andCount(byte[] a, int ai, byte[] b, int bi, int len) {
        long n = 0;
        int k = 0;
        for (; k + 8 <= len; k += 8) n += Long.bitCount((long) LONGS.get(a, ai + k) & (long) LONGS.get(b, bi + k));
        for (; k < len; k++) n += a[ai + k] & b[bi + k];
        return n;
    }

    /** {@code dst[di+k] |= src[si+k]} for k in [0, len), 8 bytes at a time. */
    static void orInto(byte[] src, int si, byte[] dst, int di, int len) {
        int k = 0;
        for (; k + 8 <= len; k += 8) LONGS.set(dst, di + k, (long) LONGS.get(dst, di + k) | (long) LONGS.get(src, si + k));
        for (; k < len; k++) dst[di + k] |= src[si + k];
    }

    /** Number of set bytes in {@code a[0..len)} (0/1 bytes). */
    static long count(byte[] a, int len) {
        long n = 0;
        int k = 0;
        for (; k + 8 <= len; k += 8) n += Long.bitCount((long) LONGS.get(a, k));
        for (; k < len; k++) n += a[k];
        return n;
    }

    static final int AND = 0;
    static final int OR = 1;
    static final int AND_NOT = 2;
    static final int XOR = 3;

    /**
     * Combines two RLEs on one canvas with a boolean operator, walking both run lists once. The result is a canonical
     * RLE (no empty runs except possibly the first background run).
     */
    static Rle combine(Rle a, Rle b, int op) {
        int h = a.height(), w = a.width();
        long total = (long) h * w;
        if (total == 0) return Rle.wrap(h, w, new int[0]);
        int[] ac = a.countsView(), bc = b.countsView();
        int[] out = new int[ac.length + bc.length + 1];
        int m = 0;
        boolean cur = false;
        long curRun = 0;
        int ia = -1, ib = -1;
        long ra = 0, rb = 0;
        boolean va = true, vb = true; // toggled to false when the first run is loaded
        long pos = 0;
        while (pos < total) {
            while (ra == 0) {
                ia++;
                ra = ac[ia];
                va = !va;
            }
            while (rb == 0) {
                ib++;
                rb = bc[ib];
                vb = !vb;
            }
            long c = Math.min(ra, rb);
            boolean v = switch (op) {
                case AND -> va && vb;
                case OR -> va || vb;
                case AND_NOT -> va && !vb;
                default -> va != vb;
            };
            if (v == cur) {
                curRun += c;
            } else {
                out[m++] = (int) curRun;
                cur = v;
                curRun = c;
            }
            ra -= c;
            rb -= c;
            pos += c;
        }
        out[m++] = (int) curRun;
        return Rle.wrap(h, w, java.util.Arrays.copyOf(out, m));
    }

    /** Number of pixels set in both masks (same canvas). */
    static long intersectionArea(Rle a, Rle b) {
        long total = (long) a.height() * a.width();
        if (total == 0) return 0;
        int[] ac = a.countsView(), bc = b.countsView();
        int ia = -1, ib = -1;
        long ra = 0, rb = 0, pos = 0, inter = 0;
        boolean va = true, vb = true;
        while (pos < total) {
            while (ra == 0) {
                ia++;
                ra = ac[ia];
                va = !va;
            }
            while (rb == 0) {
                ib++;
                rb = bc[ib];
                vb = !vb;
            }
            long c = Math.min(ra, rb);
            if (va && vb) inter += c;
            ra -= c;
            rb -= c;
            pos += c;
        }
        return inter;
    }

    /**
     * The exact tight box {@code [x, y, w, h]} of an RLE's set pixels (zeros when empty). Equal to pycocotools'
     * {@code toBbox} on canonical RLEs; unlike it, zero-length runs (possible in uncompressed COCO counts) are ignored.
     */
    static int[] tightBox(Rle r) {
        int h = r.height();
        int[] c = r.countsView();
        long pos = 0;
        int x0 = Integer.MAX_VALUE, x1 = -1, y0 = Integer.MAX_VALUE, y1 = -1;
        for (int i = 0; i < c.length; i++) {
            int n = c[i];
            if ((i & 1) == 1 && n > 0) {
                int xa = (int) (pos / h), ya = (int) (pos - (long) xa * h);
                long end = pos + n - 1;
                int xb = (int) (end / h), yb = (int) (end - (long) xb * h);
                x0 = Math.min(x0, xa);
                x1 = Math.max(x1, xb);
                if (xa == xb) {
                    y0 = Math.min(y0, ya);
                    y1 = Math.max(y1, yb);
                } else { // the run wraps into the next column: rows h-1 and 0 are both set
                    y0 = 0;
                    y1 = h - 1;
                }
            }
            pos += n;
        }
        if (x1 < 0) return new int[4];
        return new int[] {x0, y0, x1 - x0 + 1, y1 - y0 + 1};
    }

    /** Whether pixel (x, y) is set in an RLE (walks the runs). */
    static boolean contains(Rle r, int x, int y) {
        long p = (long) x * r.height() + y;
        int[] c = r.countsView();
        long pos = 0;
        for (int i = 0; i < c.length; i++) {
            pos += c[i];
            if (p < pos) return (i & 1) == 1;
        }
        return false;
    }

    /** Decodes the foreground of an RLE into a row-major bitmap of the box {@code [bx, by, bw, bh]}. */
    static byte[] rleToCrop(Rle r, int bx, int by, int bw, int bh) {
        byte[] bits = new byte[bw * bh];
        int h = r.height();
        int[] c = r.countsView();
        long pos = 0;
        for (int i = 0; i < c.length; i++) {
            int n = c[i];
            if ((i & 1) == 1) {
                long p = pos;
                long left = n;
                while (left > 0) {
                    int x = (int) (p / h);
                    int y = (int) (p - (long) x * h);
                    int k = (int) Math.min(left, h - y);
                    int idx = (y - by) * bw + (x - bx);
                    for (int j = 0; j < k; j++, idx += bw) bits[idx] = 1;
                    p += k;
                    left -= k;
                }
            }
            pos += n;
        }
        return bits;
    }

    /** Encodes a cropped row-major bitmap (non-zero = set) placed at (bx, by) on an {@code h x w} canvas. */
    static Rle cropToRle(byte[] bits, int bx, int by, int bw, int bh, int h, int w) {
        RleBuilder b = new RleBuilder(h, w);
        if (bw > 0 && bh > 0) {
            b.pushRun(false, bx * h);
            for (int x = 0; x < bw; x++) {
                b.pushRun(false, by);
                for (int y = 0, i = x; y < bh; y++, i += bw) b.push(bits[i] != 0);
                b.pushRun(false, h - by - bh);
            }
        }
        return b.build();
    }
}
