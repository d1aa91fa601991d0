package org.tessera.core.mask;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A binary mask as COCO run-length encoding, with exactly the semantics of pycocotools' {@code maskApi.c}.
 *
 * <p>Conventions: the canvas is {@code height} rows by {@code width} columns; pixels are visited in
 * <b>column-major</b> (Fortran) order, index {@code x * height + y}; {@code counts} alternates runs of 0s and 1s
 * and always starts with a (possibly empty) run of 0s. Counts are unsigned 32-bit in the reference; here they are
 * {@code int}s and canvases are limited to {@code 2^31 - 1} pixels. Instances are immutable: the counts array is
 * never exposed without copying (use {@link #countsView()} only for read-only hot loops).
 *
 * <p>Every operation matches the function of the same name in {@code maskApi.c} bit for bit, including its
 * rounding quirks (polygons are rasterised on a 5x upsampled grid, see {@link #fromPolygon}).
 */
public final class Rle {
    private final int height;
    private final int width;
    private final int[] counts;

    private Rle(int height, int width, int[] counts) {
        this.height = height;
        this.width = width;
        this.counts = counts;
    }

    /** Wraps counts without validation or copying: for the kernels of this package only. */
    static Rle wrap(int height, int width, int[] counts) {
        return new Rle(height, width, counts);
    }

    /**
     * An RLE from uncompressed counts, as COCO's {@code {"size":[h,w],"counts":[...]}} (pycocotools
     * {@code frUncompressedRLE}). Counts must be non-negative and sum to {@code h*w}.
     *
     * @throws IllegalArgumentException naming the problem when the counts are negative or do not sum to h*w
     */
    public static Rle fromCounts(int height, int width, int[] counts) {
        checkSize(height, width);
        long sum = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] < 0) {
                throw new IllegalArgumentException("RLE count " + i + " is negative (" + counts[i] + ")");
            }
            sum += counts[i];
        }
        if (sum != (long) height * width) {
            throw new IllegalArgumentException(
                    "RLE counts sum to " + sum + " but the canvas " + height + "x" + width + " has " + (long) height * width + " pixels");
        }
        return new Rle(height, width, counts.clone());
    }

    /** The empty mask (all background) on an {@code height x width} canvas. */
    public static Rle empty(int height, int width) {
        checkSize(height, width);
        return new Rle(height, width, height * width == 0 ? new int[0] : new int[] {height * width});
    }

    /** The full mask (all foreground). */
    public static Rle full(int height, int width) {
        checkSize(height, width);
        return new Rle(height, width, height * width == 0 ? new int[0] : new int[] {0, height * width});
    }

    private static void checkSize(int height, int width) {
        if (height < 0 || width < 0 || (long) height * width > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("bad canvas size " + height + "x" + width);
        }
    }

    // ------------------------------------------------------------------ encode / decode

    /**
     * Encodes a mask given in column-major order ({@code bits[x * height + y]}, non-zero = foreground), as
     * {@code rleEncode} of pycocotools' {@code maskApi.c} (which compares raw byte values; here every non-zero
     * byte is foreground, the same for 0/1 masks).
     */
    public static Rle encodeColumnMajor(byte[] bits, int height, int width) {
        return encodeColumnMajor(bits, 0, height, width);
    }

    /**
     * Encodes the column-major mask stored at {@code bits[offset .. offset + height*width)}; e.g. mask {@code i} of
     * a Fortran-order {@code h x w x n} array (pycocotools' {@code encode} input) starts at {@code i * h * w}.
     * Scans eight pixels per step, so long uniform runs cost little.
     *
     * @throws IllegalArgumentException when the array is too short for the canvas
     */
    public static Rle encodeColumnMajor(byte[] bits, int offset, int height, int width) {
        checkSize(height, width);
        int a = height * width;
        if (offset < 0 || offset > bits.length - a) {
            throw new IllegalArgumentException("mask array of " + bits.length + " values has no " + height + "x" + width
                    + " canvas at offset " + offset);
        }
        int[] cnts = new int[64];
        int k = 0;
        int end = offset + a, runStart = offset, j = offset;
        boolean p = false;
        while (true) {
            j = p ? nextZero(bits, j, end) : nextNonZero(bits, j, end);
            if (k == cnts.length) cnts = Arrays.copyOf(cnts, k * 2);
            cnts[k++] = j - runStart;
            if (j == end) break;
            runStart = j;
            p = !p;
        }
        return new Rle(height, width, Arrays.copyOf(cnts, k));
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /** First index in [j, end) whose byte is non-zero, or end. */
    private static int nextNonZero(byte[] b, int j, int end) {
        while (j <= end - 16) {
            long w0 = (long) LONGS.get(b, j);
            long w1 = (long) LONGS.get(b, j + 8);
            if ((w0 | w1) != 0) {
                return w0 != 0 ? j + (Long.numberOfTrailingZeros(w0) >>> 3) : j + 8 + (Long.numberOfTrailingZeros(w1) >>> 3);
            }
            j += 16;
        }
        while (j < end && b[j] == 0) j++;
        return j;
    }

    /** First index in [j, end) whose byte is zero, or end. */
    private static int nextZero(byte[] b, int j, int end) {
        while (j <= end - 8) {
            long w = (long) LONGS.get(b, j);
            long z = (w - ONES) & ~w & HIGHS; // lowest flagged byte is the first zero byte
            if (z != 0) return j + (Long.numberOfTrailingZeros(z) >>> 3);
            j += 8;
        }
        while (j < end && b[j] != 0) j++;
        return j;
    }

    /**
     * Encodes a mask given in row-major order ({@code bits[y * width + x]}, non-zero = foreground), the layout of
     * images and label maps. Produces the same RLE as {@link #encodeColumnMajor} on the transposed layout.
     */
    public static Rle encodeRowMajor(byte[] bits, int height, int width) {
        checkSize(height, width);
        if (bits.length < height * width) {
            throw new IllegalArgumentException("mask has " + bits.length + " values, canvas needs " + height * width);
        }
        int[] cnts = new int[64];
        int k = 0, run = 0;
        boolean p = false;
        for (int x = 0; x < width; x++) {
            for (int i = x, end = x + height * width; i < end; i += width) {
                boolean v = bits[i] != 0;
                if (v != p) {
                    if (k == cnts.length) cnts = Arrays.copyOf(cnts, k * 2);
                    cnts[k++] = run;
                    run = 0;
                    p = v;
                }
                run++;
            }
        }
        if (k == cnts.length) cnts = Arrays.copyOf(cnts, k + 1);
        cnts[k++] = run;
        return new Rle(height, width, Arrays.copyOf(cnts, k));
    }

    /** Decodes to a new column-major array of 0/1 ({@code rleDecode}): {@code out[x * height + y]}. */
    public byte[] decodeColumnMajor() {
        byte[] out = new byte[height * width];
        decodeColumnMajor(out, 0);
        return out;
    }

    /**
     * Decodes into {@code out[offset .. offset + height*width)} in column-major order, writing every value (0 or 1),
     * as pycocotools' {@code decode} fills mask {@code i} of its Fortran-order {@code h x w x n} output.
     *
     * @throws IllegalArgumentException when the array is too short
     */
    public void decodeColumnMajor(byte[] out, int offset) {
        int a = height * width;
        if (offset < 0 || offset > out.length - a) {
            throw new IllegalArgumentException("output array of " + out.length + " values has no " + height + "x" + width
                    + " canvas at offset " + offset);
        }
        int pos = offset;
        for (int i = 0; i < counts.length; i++) {
            int c = counts[i];
            Arrays.fill(out, pos, pos + c, (byte) (i & 1));
            pos += c;
        }
    }

    /** Decodes to a new row-major array of 0/1 ({@code out[y * width + x]}). */
    public byte[] decodeRowMajor() {
        byte[] out = new byte[height * width];
        int pos = 0;
        int h = height, w = width;
        for (int i = 0; i < counts.length; i++) {
            int c = counts[i];
            if ((i & 1) == 1 && c > 0) {
                int x = pos / h, y = pos - x * h, left = c;
                while (left > 0) {
                    int len = Math.min(left, h - y);
                    for (int yy = y, o = y * w + x; yy < y + len; yy++, o += w) out[o] = 1;
                    left -= len;
                    x++;
                    y = 0;
                }
            }
            pos += c;
        }
        return out;
    }

    // ------------------------------------------------------------------ accessors

    /** Canvas height in pixels (rows). */
    public int height() {
        return height;
    }

    /** Canvas width in pixels (columns). */
    public int width() {
        return width;
    }

    /** Number of runs. */
    public int runCount() {
        return counts.length;
    }

    /** A copy of the run lengths. */
    public int[] counts() {
        return counts.clone();
    }

    /** The run lengths without copying; callers must not modify the array. */
    public int[] countsView() {
        return counts;
    }

    /** Number of foreground pixels ({@code rleArea}). */
    public long area() {
        long a = 0;
        for (int i = 1; i < counts.length; i += 2) a += counts[i];
        return a;
    }

    /**
     * The tight bounding box {@code [x, y, w, h]} in pixels as {@code rleToBbox} computes it: x, y of the top-left
     * pixel, w, h in pixels (so the half-open box is {@code [x, x+w) x [y, y+h)}); all zeros for an empty mask.
     * Like the reference, a run that wraps from one column to the next makes the box span the full height.
     */
    public double[] toBbox() {
        double[] bb = new double[4];
        toBbox(bb, 0);
        return bb;
    }

    /** Writes {@link #toBbox()} into {@code out[off..off+3]}. */
    public void toBbox(double[] out, int off) {
        int h = height;
        int m = (counts.length / 2) * 2;
        if (m == 0 || h == 0) {
            out[off] = out[off + 1] = out[off + 2] = out[off + 3] = 0;
            return;
        }
        if (counts[0] == 0 && counts[1] == 0) {
            toBboxUnsigned(out, off); // the reference's unsigned wrap-around at position -1
            return;
        }
        // walk the run ends keeping (column, row) of the running sum; same values as the reference's t % h, t / h
        int xs = width, ys = h, xe = 0, ye = 0, xp = 0;
        int cx = 0, cy = 0;
        for (int j = 0; j < m; j++) {
            long s = (long) cy + counts[j];
            if (s < h) {
                cy = (int) s;
            } else if (s < 2L * h) {
                cy = (int) (s - h);
                cx++;
            } else {
                cx += (int) (s / h);
                cy = (int) (s % h);
            }
            int x = cx, y = cy;
            if ((j & 1) == 1) { // t = cc - 1, the last pixel of the foreground run (cc > 0 here)
                if (y == 0) {
                    y = h - 1;
                    x--;
                } else {
                    y--;
                }
                if (xp < x) {
                    ys = 0;
                    ye = h - 1;
                }
            } else {
                xp = x;
            }
            if (x < xs) xs = x;
            if (x > xe) xe = x;
            if (y < ys) ys = y;
            if (y > ye) ye = y;
        }
        out[off] = xs;
        out[off + 2] = xe - xs + 1;
        out[off + 1] = ys;
        out[off + 3] = ye - ys + 1;
    }

    /** {@code rleToBbox} with the reference's unsigned 32-bit arithmetic, for RLEs starting with two empty runs. */
    private void toBboxUnsigned(double[] out, int off) {
        long h = height & 0xFFFFFFFFL;
        int m = (counts.length / 2) * 2;
        long xs = width, ys = h, xe = 0, ye = 0, cc = 0, xp = 0;
        for (int j = 0; j < m; j++) {
            cc = (cc + (counts[j] & 0xFFFFFFFFL)) & 0xFFFFFFFFL;
            long t = (cc - (j % 2)) & 0xFFFFFFFFL;
            long y = t % h;
            long x = (t - y) / h;
            if (j % 2 == 0) {
                xp = x;
            } else if (xp < x) {
                ys = 0;
                ye = h - 1;
            }
            xs = Math.min(xs, x);
            xe = Math.max(xe, x);
            ys = Math.min(ys, y);
            ye = Math.max(ye, y);
        }
        out[off] = xs;
        out[off + 2] = ((xe - xs + 1) & 0xFFFFFFFFL);
        out[off + 1] = ys;
        out[off + 3] = ((ye - ys + 1) & 0xFFFFFFFFL);
    }

    // ------------------------------------------------------------------ compressed string

    /**
     * The compressed COCO string ({@code rleToString}): LEB128-like, 6 bits per character in ASCII 48..111, counts
     * after the second stored as differences to the count two before.
     */
    @Override
    public String toString() {
        byte[] b = new byte[counts.length * 7 + 1];
        int p = writeAscii(b);
        return new String(b, 0, p, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** {@link #toString()} as ASCII bytes (no intermediate String). */
    public byte[] toAsciiBytes() {
        byte[] b = new byte[counts.length * 7 + 1];
        return Arrays.copyOf(b, writeAscii(b));
    }

    /** Writes the compressed string into {@code s} (at least 7 bytes per count); returns its length. */
    private int writeAscii(byte[] s) {
        int p = 0;
        int[] cn = counts;
        for (int i = 0; i < cn.length; i++) {
            long x = cn[i];
            if (i > 2) x -= cn[i - 2];
            if (x >= -16 && x < 16) { // one character: the common case for difference-coded counts
                s[p++] = (byte) (((int) x & 0x1f) + 48);
                continue;
            }
            boolean more = true;
            while (more) {
                int c = (int) (x & 0x1f);
                x >>= 5;
                more = (c & 0x10) != 0 ? x != -1 : x != 0;
                if (more) c |= 0x20;
                s[p++] = (byte) (c + 48);
            }
        }
        return p;
    }

    /**
     * Parses a compressed COCO string ({@code rleFrString}) and checks it: only characters '0'..'o' (48..111),
     * no negative run, and runs summing to {@code height * width}.
     *
     * @throws IllegalArgumentException with the offending position or sum
     */
    public static Rle fromString(CharSequence s, int height, int width) {
        checkSize(height, width);
        String str = s.toString();
        byte[] b = str.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        return fromBytes(b, 0, b.length, str, height, width);
    }

    /**
     * {@link #fromString} on ASCII bytes {@code bytes[off .. off+len)}, e.g. a slice of a JSON file read as bytes,
     * without building a String. Positions in messages are relative to {@code off}.
     *
     * @throws IllegalArgumentException as {@link #fromString}
     */
    public static Rle fromAscii(byte[] bytes, int off, int len, int height, int width) {
        checkSize(height, width);
        if (off < 0 || len < 0 || off > bytes.length - len) {
            throw new IllegalArgumentException("slice [" + off + ", " + off + "+" + len + ") outside an array of " + bytes.length + " bytes");
        }
        return fromBytes(bytes, off, len, null, height, width);
    }

    /**
     * Parses {@code b[off .. off+n)}. When {@code str} is given the bytes are its ISO-8859-1 encoding, where a
     * character above U+00FF became '?': a '?' is then checked against the string.
     */
    private static Rle fromBytes(byte[] b, int off, int n, String str, int height, int width) {
        int[] cnts = new int[Math.max(1, n)];
        int m = 0, p = 0;
        long sum = 0;
        while (p < n) {
            int c = b[off + p] - 48; // bytes >= 128 are negative here, so invalid
            if ((c & ~63) != 0 || (c == 15 && str != null && str.charAt(p) != '?')) throw badChar(b, off, str, p);
            p++;
            long x;
            if ((c & 0x20) == 0) { // one character
                x = (c & 0x10) != 0 ? c | -32L : c;
            } else {
                x = c & 0x1f;
                int k = 1;
                boolean more = true;
                while (more) {
                    if (p >= n) throw new IllegalArgumentException("RLE string ends inside a count (at character " + p + ")");
                    c = b[off + p] - 48;
                    if ((c & ~63) != 0 || (c == 15 && str != null && str.charAt(p) != '?')) throw badChar(b, off, str, p);
                    x |= (long) (c & 0x1f) << (5 * k);
                    more = (c & 0x20) != 0;
                    p++;
                    k++;
                    if (!more && (c & 0x10) != 0) x |= -1L << (5 * k);
                    if (k > 7) throw new IllegalArgumentException("RLE string has a count too long at position " + p);
                }
            }
            if (m > 2) x += cnts[m - 2];
            if (x < 0 || x > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("RLE string decodes to an invalid count " + x + " (run " + m + ")");
            }
            cnts[m++] = (int) x;
            sum += x;
        }
        if (sum != (long) height * width) {
            throw new IllegalArgumentException(
                    "RLE counts sum to " + sum + " but the canvas " + height + "x" + width + " has " + (long) height * width + " pixels");
        }
        return new Rle(height, width, Arrays.copyOf(cnts, m));
    }

    private static IllegalArgumentException badChar(byte[] b, int off, String str, int p) {
        String ch = str != null ? printable(str.charAt(p)) : printable((char) (b[off + p] & 0xff));
        return new IllegalArgumentException("RLE string has invalid character '" + ch + "' at position " + p);
    }

    private static String printable(char c) {
        return c >= 32 && c < 127 ? String.valueOf(c) : String.format("\\u%04x", (int) c);
    }

    // ------------------------------------------------------------------ merge

    /**
     * Union ({@code intersect=false}) or intersection of masks on one canvas ({@code rleMerge}). An empty list gives a
     * 0x0 mask as in the reference.
     *
     * @throws IllegalArgumentException when the canvases differ (the reference silently returns an empty 0x0 mask)
     */
    public static Rle merge(List<Rle> rles, boolean intersect) {
        int n = rles.size();
        if (n == 0) return new Rle(0, 0, new int[0]);
        Rle first = rles.get(0);
        if (n == 1) return first;
        int h = first.height, w = first.width;
        for (Rle r : rles) {
            if (r.height != h || r.width != w) {
                throw new IllegalArgumentException("cannot merge masks of different canvas sizes: " + h + "x" + w + " and " + r.height + "x" + r.width);
            }
        }
        int[] cur = first.counts;
        int curM = cur.length;
        for (int i = 1; i < n; i++) {
            int[] bc = rles.get(i).counts;
            int need = curM + bc.length + 1;
            int[] out = new int[Math.max(need, 1)];
            int m = mergeKernel(cur, curM, bc, bc.length, intersect, out);
            cur = out;
            curM = m;
        }
        return new Rle(h, w, Arrays.copyOf(cur, curM));
    }

    /** Union or intersection of two masks on one canvas. */
    public static Rle merge(Rle a, Rle b, boolean intersect) {
        return merge(List.of(a, b), intersect);
    }

    /**
     * The {@code rleMerge} inner loop for two count arrays (same canvas); returns the number of counts written to
     * {@code out}, which needs {@code am + bm + 1} slots. Counts and positions fit in an int since canvases do.
     */
    static int mergeKernel(int[] ac, int am, int[] bc, int bm, boolean intersect, int[] out) {
        if (am == 0 || bm == 0) {
            // degenerate 0-pixel canvas
            return 0;
        }
        int ca = ac[0], cb = bc[0];
        boolean v = false, va = false, vb = false, vp;
        int m = 0, a = 1, b = 1;
        int cc = 0;
        boolean more = true;
        while (more) {
            int c = Math.min(ca, cb);
            cc += c;
            ca -= c;
            if (ca == 0 && a < am) {
                ca = ac[a++];
                va = !va;
            }
            cb -= c;
            if (cb == 0 && b < bm) {
                cb = bc[b++];
                vb = !vb;
            }
            more = (ca | cb) != 0; // the reference's ct = ca + cb > 0 (both are non-negative)
            vp = v;
            v = intersect ? (va & vb) : (va | vb);
            if (v != vp || !more) {
                out[m++] = cc;
                cc = 0;
            }
        }
        return m;
    }

    // ------------------------------------------------------------------ IoU

    /**
     * The IoU matrix of detections against ground truths ({@code rleIou}): {@code result[d][g]}. For a crowd ground
     * truth the union is the detection's area (|d∩g| / |d|). As in the reference, pairs whose boxes ({@link #toBbox})
     * have a box IoU of 0 are 0 without touching their runs, pairs on different canvases are -1, and a pair with an
     * empty intersection is 0.
     *
     * <p>Values are identical to the reference: the intersection is counted exactly (only over the columns where
     * both boxes lie, from precomputed foreground intervals) and the union is {@code |d| + |g| - |d∩g|}, which is what
     * the reference's run walk counts. Rows are computed in parallel (common ForkJoin pool) for large matrices.
     *
     * @param iscrowd one flag per ground truth, or null for none
     * @throws IllegalArgumentException when {@code iscrowd} is not null and its length differs from {@code gt.length}
     */
    public static double[][] iou(Rle[] dt, Rle[] gt, boolean[] iscrowd) {
        int m = dt.length, n = gt.length;
        if (iscrowd != null && iscrowd.length != n) {
            throw new IllegalArgumentException("iscrowd has " + iscrowd.length + " flags for " + n + " ground truths");
        }
        return iou(dt, gt, iscrowd, true);
    }

    /** {@link #iou(Rle[], Rle[], boolean[])} computed on the calling thread only. */
    public static double[][] iouSequential(Rle[] dt, Rle[] gt, boolean[] iscrowd) {
        int n = gt.length;
        if (iscrowd != null && iscrowd.length != n) {
            throw new IllegalArgumentException("iscrowd has " + iscrowd.length + " flags for " + n + " ground truths");
        }
        return iou(dt, gt, iscrowd, false);
    }

    private static double[][] iou(Rle[] dt, Rle[] gt, boolean[] iscrowd, boolean parallel) {
        int m = dt.length, n = gt.length;
        IouPrep dp = new IouPrep(dt), gp = new IouPrep(gt);
        double[][] o = new double[m][n];
        if (parallel && (long) m * n >= 4096 && m > 1) {
            IntStream.range(0, m).parallel().forEach(d -> iouRow(dt, gt, dp, gp, iscrowd, d, o[d]));
        } else {
            for (int d = 0; d < m; d++) iouRow(dt, gt, dp, gp, iscrowd, d, o[d]);
        }
        return o;
    }

    /** Per-mask data for the IoU matrix: boxes, areas and foreground intervals. */
    private static final class IouPrep {
        final double[] box;
        /** Boxes as ints: x0, y0, x1 = x0 + w, y1 = y0 + h (toBbox gives integers). */
        final int[] ibox;
        final long[] area;
        /** Foreground runs as {@code [start0, end0, start1, end1, ...]} (column-major pixel indices, end exclusive). */
        final int[][] fg;
        /** Has a zero-length run after the first count: the reference's walk may stop early there, so walk as it does. */
        final boolean[] irregular;

        IouPrep(Rle[] rles) {
            int n = rles.length;
            box = new double[n * 4];
            ibox = new int[n * 4];
            area = new long[n];
            fg = new int[n][];
            irregular = new boolean[n];
            for (int i = 0; i < n; i++) {
                Rle r = rles[i];
                r.toBbox(box, i * 4);
                ibox[i * 4] = (int) box[i * 4];
                ibox[i * 4 + 1] = (int) box[i * 4 + 1];
                ibox[i * 4 + 2] = (int) (box[i * 4] + box[i * 4 + 2]);
                ibox[i * 4 + 3] = (int) (box[i * 4 + 1] + box[i * 4 + 3]);
                int[] c = r.counts;
                int[] se = new int[c.length];
                int k = 0;
                long pos = 0, a = 0;
                for (int j = 0; j < c.length; j++) {
                    if (j > 0 && c[j] == 0) irregular[i] = true;
                    if ((j & 1) == 1 && c[j] > 0) {
                        se[k++] = (int) pos;
                        se[k++] = (int) (pos + c[j]);
                        a += c[j];
                    }
                    pos += c[j];
                }
                fg[i] = Arrays.copyOf(se, k);
                area[i] = a;
            }
        }
    }

    private static void iouRow(Rle[] dt, Rle[] gt, IouPrep dp, IouPrep gp, boolean[] iscrowd, int d, double[] row) {
        Rle dr = dt[d];
        int h = dr.height;
        int[] dfg = dp.fg[d];
        long da = dp.area[d];
        int[] gb = gp.ibox;
        int d4 = d * 4;
        int dx0 = dp.ibox[d4], dy0 = dp.ibox[d4 + 1], dx1 = dp.ibox[d4 + 2], dy1 = dp.ibox[d4 + 3];
        boolean dIrregular = dp.irregular[d];
        for (int g = 0, g4 = 0; g < row.length; g++, g4 += 4) {
            boolean crowd = iscrowd != null && iscrowd[g];
            Rle gr = gt[g];
            if (dIrregular || gp.irregular[g]) {
                // boxes of such RLEs can carry the reference's quirks: use its exact double test and run walk
                if (!(Boxes.iouOne(dp.box, d4, gp.box, g4, crowd) > 0)) continue;
                row[g] = iouOne(dr, gr, crowd, da);
                continue;
            }
            // the reference's box IoU > 0 test: on toBbox's integer boxes it is "the boxes overlap with positive area"
            int x0 = Math.max(dx0, gb[g4]), x1 = Math.min(dx1, gb[g4 + 2]);
            if (x0 >= x1 || Math.max(dy0, gb[g4 + 1]) >= Math.min(dy1, gb[g4 + 3])) continue;
            if (dr.height != gr.height || dr.width != gr.width) {
                row[g] = -1;
                continue;
            }
            // the foreground of a mask lies in the columns of its box, so count only where both boxes' columns meet
            long i = intersection(dfg, gp.fg[g], x0 * h, x1 * h);
            long u = i == 0 ? 1 : crowd ? da : da + gp.area[g] - i;
            row[g] = (double) i / (double) u;
        }
    }

    /** |A∩B| of two foreground interval lists, counting only intervals that start before {@code hi}. */
    private static long intersection(int[] a, int[] b, int lo, int hi) {
        int na = a.length, nb = b.length;
        int i = firstEndingAfter(a, lo), j = firstEndingAfter(b, lo);
        long inter = 0;
        while (i < na && j < nb) {
            int as = a[i], ae = a[i + 1], bs = b[j], be = b[j + 1];
            int s = Math.max(as, bs);
            if (s >= hi) break;
            int e = Math.min(ae, be);
            if (e > s) inter += e - s;
            if (ae <= be) i += 2;
            else j += 2;
        }
        return inter;
    }

    /** Index (even) of the first interval whose end is greater than {@code pos}, or {@code se.length}. */
    private static int firstEndingAfter(int[] se, int pos) {
        int lo = 0, hi = se.length >> 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (se[2 * mid + 1] <= pos) lo = mid + 1;
            else hi = mid;
        }
        return lo << 1;
    }

    /** IoU of one detection with one ground truth (no box pre-check), {@code rleIou}'s inner loop. */
    public static double iou(Rle dt, Rle gt, boolean gtIsCrowd) {
        return iouOne(dt, gt, gtIsCrowd, -1);
    }

    static double iouOne(Rle dt, Rle gt, boolean crowd, long dtArea) {
        if (dt.height != gt.height || dt.width != gt.width) return -1;
        int[] ac = dt.counts, bc = gt.counts;
        int ka = ac.length, kb = bc.length;
        if (ka == 0 || kb == 0) return 0;
        int ca = ac[0], cb = bc[0];
        boolean va = false, vb = false;
        int a = 1, b = 1;
        long i = 0, u = 0;
        boolean more = true;
        while (more) {
            int c = Math.min(ca, cb);
            if (va || vb) {
                u += c;
                if (va && vb) i += c;
            }
            ca -= c;
            if (ca == 0 && a < ka) {
                ca = ac[a++];
                va = !va;
            }
            cb -= c;
            if (cb == 0 && b < kb) {
                cb = bc[b++];
                vb = !vb;
            }
            more = (ca | cb) != 0;
        }
        if (i == 0) {
            u = 1;
        } else if (crowd) {
            u = dtArea >= 0 ? dtArea : dt.area();
        }
        return (double) i / (double) u;
    }

    // ------------------------------------------------------------------ polygons and boxes

    /**
     * Rasterises one polygon ({@code rleFrPoly}): vertices {@code [x0, y0, x1, y1, ...]} in pixel coordinates, x to
     * the right (column), y down (row), where pixel {@code (col, row)} is the unit square {@code [col, col+1) x
     * [row, row+1)} — COCO's convention. The outline is walked on a 5x upsampled grid and rounded exactly as the
     * reference does; the polygon is closed implicitly (last vertex joins the first); parts outside the canvas are
     * clipped; self-intersecting outlines fill by the reference's parity of boundary crossings per column.
     *
     * @throws IllegalArgumentException when fewer than 3 points (6 numbers) are given or the count is odd
     */
    public static Rle fromPolygon(double[] xy, int height, int width) {
        checkSize(height, width);
        if (xy.length % 2 != 0) {
            throw new IllegalArgumentException("polygon has an odd number of coordinates (" + xy.length + ")");
        }
        if (xy.length < 6) {
            throw new IllegalArgumentException("polygon has " + xy.length / 2 + " points; at least 3 are needed");
        }
        return frPoly(xy, xy.length / 2, height, width);
    }

    /**
     * The union of the polygons of one COCO segmentation, as pycocotools' {@code merge(frPyObjects(polys, h, w))}.
     *
     * <p>Like pycocotools, only the <b>first</b> polygon decides how the list is read: it must have at least 3 points
     * (pycocotools would send a list whose first entry has exactly 4 numbers to {@code frBbox} as an
     * {@code [x, y, w, h]} box — and, for a Python list, fail; Tessera refuses it: call {@link #fromBbox} for boxes).
     * Later polygons with fewer than 3 points (e.g. 4 numbers, seen in real COCO files, or an empty list) are
     * rasterised as the reference does — a degenerate outline that covers no pixel — so every segmentation that
     * pycocotools accepts gives the identical mask; a polygon with an odd number of coordinates is rejected (the
     * reference silently drops the last number).
     *
     * @throws IllegalArgumentException naming the polygon index and the problem
     */
    public static Rle fromPolygons(List<double[]> polygons, int height, int width) {
        checkSize(height, width);
        if (polygons.isEmpty()) throw new IllegalArgumentException("segmentation has no polygon");
        Rle[] parts = new Rle[polygons.size()];
        for (int i = 0; i < parts.length; i++) {
            double[] xy = polygons.get(i);
            if (xy.length % 2 != 0 || (i == 0 && xy.length < 6)) {
                throw new IllegalArgumentException("polygon " + i + " has " + xy.length + " coordinates; "
                        + (xy.length % 2 != 0 ? "an even number is needed"
                                : "the first polygon needs at least 3 points (4 numbers would be a box: use fromBbox)"));
            }
            parts[i] = frPoly(xy, xy.length / 2, height, width);
        }
        return parts.length == 1 ? parts[0] : merge(Arrays.asList(parts), false);
    }

    /**
     * Unchecked {@code rleFrPoly} on k points (the reference accepts any k, e.g. the 4 corners of a box). Streams the
     * reference's upsampled boundary points instead of storing them; the result is the same.
     */
    static Rle frPoly(double[] xy, int k, int h, int w) {
        final double scale = 5;
        int[] x = new int[k + 1], y = new int[k + 1];
        for (int j = 0; j < k; j++) x[j] = cInt(scale * xy[j * 2] + .5);
        for (int j = 0; j < k; j++) y[j] = cInt(scale * xy[j * 2 + 1] + .5);
        x[k] = x[0];
        y[k] = y[0];
        long est = 2L * k + 2;
        for (int j = 0; j < k; j++) {
            long dx = Math.abs((long) x[j] - x[j + 1]), dy = Math.abs((long) y[j] - y[j + 1]);
            if (dx > MAX_STEPS || dy > MAX_STEPS) {
                throw new IllegalArgumentException("polygon edge " + j + " is too long to rasterise (coordinates far outside the canvas)");
            }
            est += dx / 5 + 1;
        }
        if (est > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("polygon too large to rasterise");
        int[] a = new int[(int) est];
        int na = 0;
        // x limit as the reference's "xd > w-1" (0-width canvases keep nothing)
        final double xMax = w - 1.0;
        boolean first = true;
        int pu = 0, pv = 0;
        for (int j = 0; j < k; j++) {
            int xs = x[j], xe = x[j + 1], ys = y[j], ye = y[j + 1];
            int dx = Math.abs(xe - xs), dy = Math.abs(ys - ye), t;
            boolean flip = (dx >= dy && xs > xe) || (dx < dy && ys > ye);
            if (flip) {
                t = xs; xs = xe; xe = t;
                t = ys; ys = ye; ye = t;
            }
            int steps = dx >= dy ? dx : dy;
            double s = dx >= dy ? (double) (ye - ys) / dx : (double) (xe - xs) / dy;
            for (int d = 0; d <= steps; d++) {
                t = flip ? steps - d : d;
                int uu, vv;
                if (dx >= dy) {
                    uu = t + xs;
                    // a repeated vertex gives 0/0: C's (int)NaN is INT_MIN on x86-64
                    vv = dx == 0 ? Integer.MIN_VALUE : (int) (ys + s * t + .5);
                } else {
                    vv = t + ys;
                    uu = (int) (xs + s * t + .5);
                }
                if (!first && uu != pu) {
                    // a y-boundary point: keep it when it falls on a pixel centre column inside the canvas
                    int xi = uu < pu ? uu : uu - 1;
                    if (Math.floorMod(xi, 5) == 2) { // exactly when (xi + .5) / 5 - .5 is an integer
                        double xd = (xi + .5) / scale - .5;
                        if (xd >= 0 && xd <= xMax) {
                            double yd = vv < pv ? vv : pv;
                            yd = (yd + .5) / scale - .5;
                            if (yd < 0) yd = 0;
                            else if (yd > h) yd = h;
                            yd = Math.ceil(yd);
                            if (na == a.length - 1) a = Arrays.copyOf(a, a.length * 2);
                            a[na++] = (int) xd * h + (int) yd;
                        }
                    }
                }
                pu = uu;
                pv = vv;
                first = false;
            }
        }
        a[na++] = h * w;
        Arrays.sort(a, 0, na); // all values are in [0, h*w], so signed order = the reference's unsigned order
        int p = 0;
        for (int j = 0; j < na; j++) {
            int t = a[j];
            a[j] -= p;
            p = t;
        }
        // drop empty runs by joining their neighbours (in place: the write index never passes the read index)
        int m = 0, j = 0;
        a[m++] = a[j++];
        while (j < na) {
            if (a[j] > 0) {
                a[m++] = a[j++];
            } else {
                j++;
                if (j < na) a[m - 1] += a[j++];
            }
        }
        return new Rle(h, w, Arrays.copyOf(a, m));
    }

    /** Longest polygon edge (in 1/5 pixels) accepted; the reference overflows its int arithmetic beyond. */
    private static final long MAX_STEPS = 1L << 29;

    /** C's {@code (int)} conversion of a double as x86-64 performs it: NaN and out-of-range give INT_MIN. */
    private static int cInt(double d) {
        if (Double.isNaN(d) || d >= 2147483648.0 || d <= -2147483649.0) return Integer.MIN_VALUE;
        return (int) d;
    }

    /**
     * The mask of a box {@code [x, y, w, h]} ({@code rleFrBbox}), rasterised as the polygon of its four corners, so
     * fractional boxes round as in the reference.
     */
    public static Rle fromBbox(double[] box, int height, int width) {
        checkSize(height, width);
        if (box.length != 4) throw new IllegalArgumentException("a box needs 4 values [x, y, w, h], got " + box.length);
        double xs = box[0], xe = xs + box[2];
        double ys = box[1], ye = ys + box[3];
        return frPoly(new double[] {xs, ys, xs, ye, xe, ye, xe, ys}, 4, height, width);
    }

    // ------------------------------------------------------------------ equality

    @Override
    public boolean equals(Object o) {
        return o instanceof Rle r && r.height == height && r.width == width && Arrays.equals(r.counts, counts);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * height + width) + Arrays.hashCode(counts);
    }
}
