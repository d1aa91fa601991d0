package org.tessera.core.mask;

import java.util.Arrays;

/**
 * Test oracle: the first, line-by-line port of pycocotools' maskApi.c kernels (rleToBbox, rleMerge's loop, rleIou's
 * walk, rleFrPoly with its dense boundary arrays), kept unoptimised to cross-check the fast kernels in {@link Rle}.
 */
final class RleReference {
    private RleReference() {}

    /** Writes {@link #toBbox()} into {@code out[off..off+3]}. */
    static void toBbox(Rle r, double[] out, int off) {
        int height = r.height(), width = r.width();
        int[] counts = r.countsView();
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

    static double iouOne(Rle dt, Rle gt, boolean crowd, long dtArea) {
        if (dt.height() != gt.height() || dt.width() != gt.width()) return -1;
        int[] ac = dt.countsView(), bc = gt.countsView();
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
        return Rle.wrap(h, w, Arrays.copyOf(b, m));
    }

    /** C's {@code (int)} conversion of a double as x86-64 performs it: NaN and out-of-range give INT_MIN. */
    private static int cInt(double d) {
        if (Double.isNaN(d) || d >= 2147483648.0 || d <= -2147483649.0) return Integer.MIN_VALUE;
        return (int) d;
    }

}
