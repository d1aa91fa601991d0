package org.tessera.core.mask;

import java.util.Arrays;
import java.util.List;

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
     * {@code rleEncode}.
     */
    public static Rle encodeColumnMajor(byte[] bits, int height, int width) {
        checkSize(height, width);
        int a = height * width;
        if (bits.length < a) {
            throw new IllegalArgumentException("mask has " + bits.length + " values, canvas needs " + a);
        }
        int[] cnts = new int[Math.min(a + 1, 64)];
        int k = 0;
        boolean p = false;
        int c = 0;
        for (int j = 0; j < a; j++) {
            boolean v = bits[j] != 0;
            if (v != p) {
                if (k == cnts.length) cnts = Arrays.copyOf(cnts, Math.min(a + 1, cnts.length * 2));
                cnts[k++] = c;
                c = 0;
                p = v;
            }
            c++;
        }
        if (k == cnts.length) cnts = Arrays.copyOf(cnts, k + 1);
        cnts[k++] = c;
        if (a == 0) k = 0;
        return new Rle(height, width, Arrays.copyOf(cnts, k));
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
        RleBuilder b = new RleBuilder(height, width);
        for (int x = 0; x < width; x++) {
            for (int y = 0, i = x; y < height; y++, i += width) {
                b.push(bits[i] != 0);
            }
        }
        return b.build();
    }

    /** Decodes to a new column-major array of 0/1 ({@code rleDecode}). */
    public byte[] decodeColumnMajor() {
        byte[] out = new byte[height * width];
        int pos = 0;
        for (int i = 0; i < counts.length; i++) {
            int c = counts[i];
            if ((i & 1) == 1) Arrays.fill(out, pos, pos + c, (byte) 1);
            pos += c;
        }
        return out;
    }

    /** Decodes to a new row-major array of 0/1 ({@code out[y * width + x]}). */
    public byte[] decodeRowMajor() {
        byte[] out = new byte[height * width];
        int pos = 0;
        for (int i = 0; i < counts.length; i++) {
            int c = counts[i];
            if ((i & 1) == 1) {
                for (int p = pos, e = pos + c; p < e; p++) {
                    int x = p / height;
                    int y = p - x * height;
                    out[y * width + x] = 1;
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
        long h = height & 0xFFFFFFFFL;
        int m = (counts.length / 2) * 2;
        if (m == 0 || h == 0) {
            out[off] = out[off + 1] = out[off + 2] = out[off + 3] = 0;
            return;
        }
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
        return new String(toAsciiBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** {@link #toString()} as ASCII bytes (no intermediate String). */
    public byte[] toAsciiBytes() {
        byte[] s = new byte[Math.max(16, counts.length * 7)];
        int p = 0;
        for (int i = 0; i < counts.length; i++) {
            long x = counts[i] & 0xFFFFFFFFL;
            if (i > 2) x -= counts[i - 2] & 0xFFFFFFFFL;
            boolean more = true;
            while (more) {
                int c = (int) (x & 0x1f);
                x >>= 5;
                more = (c & 0x10) != 0 ? x != -1 : x != 0;
                if (more) c |= 0x20;
                c += 48;
                if (p == s.length) s = Arrays.copyOf(s, s.length * 2);
                s[p++] = (byte) c;
            }
        }
        return Arrays.copyOf(s, p);
    }

    /**
     * Parses a compressed COCO string ({@code rleFrString}) and checks it: only characters '0'..'o' (48..111),
     * no negative run, and runs summing to {@code height * width}.
     *
     * @throws IllegalArgumentException with the offending position or sum
     */
    public static Rle fromString(CharSequence s, int height, int width) {
        checkSize(height, width);
        int n = s.length();
        int[] cnts = new int[Math.max(1, n)];
        int m = 0;
        int p = 0;
        long sum = 0;
        while (p < n) {
            long x = 0;
            int k = 0;
            boolean more = true;
            while (more) {
                if (p >= n) {
                    throw new IllegalArgumentException("RLE string ends inside a count (at character " + p + ")");
                }
                char ch = s.charAt(p);
                if (ch < 48 || ch > 111) {
                    throw new IllegalArgumentException(
                            "RLE string has invalid character '" + printable(ch) + "' at position " + p);
                }
                int c = ch - 48;
                x |= (long) (c & 0x1f) << (5 * k);
                more = (c & 0x20) != 0;
                p++;
                k++;
                if (!more && (c & 0x10) != 0) x |= -1L << (5 * k);
                if (k > 7) throw new IllegalArgumentException("RLE string has a count too long at position " + p);
            }
            if (m > 2) x += cnts[m - 2] & 0xFFFFFFFFL;
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
        int[] buf = new int[16];
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

    /** The {@code rleMerge} inner loop for two count arrays; returns the number of counts written to {@code out}. */
    static int mergeKernel(int[] ac, int am, int[] bc, int bm, boolean intersect, int[] out) {
        if (am == 0 || bm == 0) {
            // degenerate 0-pixel canvas
            return 0;
        }
        long ca = ac[0], cb = bc[0];
        boolean v = false, va = false, vb = false, vp;
        int m = 0, a = 1, b = 1;
        long cc = 0, ct = 1;
        while (ct > 0) {
            long c = Math.min(ca, cb);
            cc += c;
            ct = 0;
            ca -= c;
            if (ca == 0 && a < am) {
                ca = ac[a++];
                va = !va;
            }
            ct += ca;
            cb -= c;
            if (cb == 0 && b < bm) {
                cb = bc[b++];
                vb = !vb;
            }
            ct += cb;
            vp = v;
            v = intersect ? (va && vb) : (va || vb);
            if (v != vp || ct == 0) {
                out[m++] = (int) cc;
                cc = 0;
            }
        }
        return m;
    }

    // ------------------------------------------------------------------ IoU

    /**
     * The IoU matrix of detections against ground truths ({@code rleIou}): {@code result[d][g]}. For a crowd ground
     * truth the union is the detection's area (|d∩g| / |d|). Pairs whose bounding boxes do not overlap are 0 without
     * touching their runs; pairs on different canvases are -1 as in the reference; 0 when the intersection is empty.
     *
     * @param iscrowd one flag per ground truth, or null for none
     */
    public static double[][] iou(Rle[] dt, Rle[] gt, boolean[] iscrowd) {
        int m = dt.length, n = gt.length;
        double[] db = new double[m * 4];
        double[] gb = new double[n * 4];
        for (int d = 0; d < m; d++) dt[d].toBbox(db, d * 4);
        for (int g = 0; g < n; g++) gt[g].toBbox(gb, g * 4);
        long[] dArea = new long[m];
        for (int d = 0; d < m; d++) dArea[d] = dt[d].area();
        double[][] o = new double[m][n];
        for (int d = 0; d < m; d++) {
            double[] row = o[d];
            for (int g = 0; g < n; g++) {
                boolean crowd = iscrowd != null && iscrowd[g];
                if (Boxes.iouOne(db, d * 4, gb, g * 4, false) > 0) {
                    row[g] = iouOne(dt[d], gt[g], crowd, dArea[d]);
                }
            }
        }
        return o;
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
        long ca = ac[0], cb = bc[0];
        boolean va = false, vb = false;
        int a = 1, b = 1;
        long i = 0, u = 0, ct = 1;
        while (ct > 0) {
            long c = Math.min(ca, cb);
            if (va || vb) {
                u += c;
                if (va && vb) i += c;
            }
            ct = 0;
            ca -= c;
            if (ca == 0 && a < ka) {
                ca = ac[a++];
                va = !va;
            }
            ct += ca;
            cb -= c;
            if (cb == 0 && b < kb) {
                cb = bc[b++];
                vb = !vb;
            }
            ct += cb;
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
     * Rasterises one polygon ({@code rleFrPoly}): vertices {@code [x0, y0, x1, y1, ...]} in pixel coordinates where
     * pixel (i, j) covers [i, i+1) x [j, j+1)... as COCO does, i.e. the reference's 5x upsampled boundary walk and
     * rounding. Coordinates outside the canvas are clipped.
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

    /** The union of several polygons, as {@code merge(frPyObjects(polys, h, w))}. */
    public static Rle fromPolygons(List<double[]> polygons, int height, int width) {
        if (polygons.isEmpty()) throw new IllegalArgumentException("no polygon given");
        if (polygons.size() == 1) return fromPolygon(polygons.get(0), height, width);
        Rle[] parts = new Rle[polygons.size()];
        for (int i = 0; i < parts.length; i++) parts[i] = fromPolygon(polygons.get(i), height, width);
        return merge(Arrays.asList(parts), false);
    }

    /** Unchecked {@code rleFrPoly} on k points (the reference accepts any k, e.g. the 4 corners of a box). */
    static Rle frPoly(double[] xy, int k, int h, int w) {
        final double scale = 5;
        int[] x = new int[k + 1], y = new int[k + 1];
        for (int j = 0; j < k; j++) x[j] = cInt(scale * xy[j * 2] + .5);
        x[k] = x[0];
        for (int j = 0; j < k; j++) y[j] = cInt(scale * xy[j * 2 + 1] + .5);
        y[k] = y[0];
        long mm = 0;
        for (int j = 0; j < k; j++) mm += Math.max(Math.abs((long) x[j] - x[j + 1]), Math.abs((long) y[j] - y[j + 1])) + 1;
        if (mm > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("polygon too large to rasterise");
        int m = (int) mm;
        int[] u = new int[m], v = new int[m];
        m = 0;
        for (int j = 0; j < k; j++) {
            int xs = x[j], xe = x[j + 1], ys = y[j], ye = y[j + 1];
            int dx = Math.abs(xe - xs), dy = Math.abs(ys - ye), t;
            boolean flip = (dx >= dy && xs > xe) || (dx < dy && ys > ye);
            if (flip) {
                t = xs; xs = xe; xe = t;
                t = ys; ys = ye; ye = t;
            }
            double s = dx >= dy ? (double) (ye - ys) / dx : (double) (xe - xs) / dy;
            if (dx >= dy) {
                for (int d = 0; d <= dx; d++) {
                    t = flip ? dx - d : d;
                    u[m] = t + xs;
                    v[m] = cInt(ys + s * t + .5);
                    m++;
                }
            } else {
                for (int d = 0; d <= dy; d++) {
                    t = flip ? dy - d : d;
                    v[m] = t + ys;
                    u[m] = cInt(xs + s * t + .5);
                    m++;
                }
            }
        }
        // points along the y-boundary, downsampled
        int kk = m;
        long[] a = new long[kk + 1];
        int na = 0;
        for (int j = 1; j < kk; j++) {
            if (u[j] != u[j - 1]) {
                double xd = u[j] < u[j - 1] ? u[j] : u[j] - 1;
                xd = (xd + .5) / scale - .5;
                if (Math.floor(xd) != xd || xd < 0 || xd > w - 1.0) continue;
                double yd = v[j] < v[j - 1] ? v[j] : v[j - 1];
                yd = (yd + .5) / scale - .5;
                if (yd < 0) yd = 0;
                else if (yd > h) yd = h;
                yd = Math.ceil(yd);
                a[na++] = ((long) ((int) xd * h + (int) yd)) & 0xFFFFFFFFL;
            }
        }
        a[na++] = (long) h * w;
        Arrays.sort(a, 0, na);
        long p = 0;
        for (int j = 0; j < na; j++) {
            long t = a[j];
            a[j] -= p;
            p = t;
        }
        int[] b = new int[na];
        int j = 0;
        m = 0;
        b[m++] = (int) a[j++];
        while (j < na) {
            if (a[j] > 0) {
                b[m++] = (int) a[j++];
            } else {
                j++;
                if (j < na) b[m - 1] += (int) a[j++];
            }
        }
        return new Rle(h, w, Arrays.copyOf(b, m));
    }

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
