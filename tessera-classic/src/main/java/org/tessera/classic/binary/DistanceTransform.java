package org.tessera.classic.binary;

import org.tessera.classic.Checks;

/**
 * Exact Euclidean distance transform (Felzenszwalb and Huttenlocher 2012, separable lower envelope of
 * parabolas), as {@code scipy.ndimage.distance_transform_edt}: each non-zero pixel gets the distance in pixels
 * to the nearest zero pixel of the image (pixels outside the image are not zeros); zero pixels get 0. If the
 * image has no zero pixel every distance is {@code +Infinity}.
 */
public final class DistanceTransform {
    private static final double INF = Double.POSITIVE_INFINITY;

    private DistanceTransform() {
    }

    /** Distances (pixels) from each foreground pixel to the nearest background pixel. */
    public static float[] edt(byte[] mask, int width, int height) {
        double[] sq = squaredToValue(mask, width, height, true);
        float[] out = new float[sq.length];
        for (int i = 0; i < sq.length; i++) {
            out[i] = (float) Math.sqrt(sq[i]);
        }
        return out;
    }

    /**
     * Squared distances to the nearest pixel that is zero ({@code toZero}) or non-zero (otherwise).
     */
    public static double[] squaredToValue(byte[] mask, int width, int height, boolean toZero) {
        Checks.image("mask", width, height, 1, mask.length);
        // phase 1 (Meijster et al.): distance along each column, by two row-ordered sweeps (cache friendly)
        final int inf = width + height + 1;
        int[] g = new int[mask.length];
        for (int x = 0; x < width; x++) {
            g[x] = isTarget(mask[x], toZero) ? 0 : inf;
        }
        for (int y = 1; y < height; y++) {
            int row = y * width, prev = row - width;
            for (int x = 0; x < width; x++) {
                g[row + x] = isTarget(mask[row + x], toZero) ? 0 : Math.min(inf, g[prev + x] + 1);
            }
        }
        for (int y = height - 2; y >= 0; y--) {
            int row = y * width, next = row + width;
            for (int x = 0; x < width; x++) {
                int b = g[next + x] + 1;
                if (b < g[row + x]) {
                    g[row + x] = b;
                }
            }
        }
        double[] d = new double[mask.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = g[i] >= inf ? INF : (double) g[i] * g[i];
        }
        int n = width;
        double[] f = new double[n];
        double[] out = new double[n];
        int[] v = new int[n];
        double[] z = new double[n + 1];
        // rows
        for (int y = 0; y < height; y++) {
            System.arraycopy(d, y * width, f, 0, width);
            envelope(f, width, out, v, z);
            System.arraycopy(out, 0, d, y * width, width);
        }
        return d;
    }

    private static boolean isTarget(byte m, boolean toZero) {
        return toZero ? m == 0 : m != 0;
    }

    /** 1-D squared distance transform of sampled function f (values may be +inf). */
    private static void envelope(double[] f, int n, double[] out, int[] v, double[] z) {
        int k = -1;
        for (int q = 0; q < n; q++) {
            if (f[q] == INF) {
                continue;
            }
            if (k < 0) {
                k = 0;
                v[0] = q;
                z[0] = -INF;
                z[1] = INF;
                continue;
            }
            double s;
            while (true) {
                int p = v[k];
                s = ((f[q] + (double) q * q) - (f[p] + (double) p * p)) / (2.0 * (q - p));
                if (s <= z[k] && k > 0) {
                    k--;
                } else {
                    break;
                }
            }
            if (s <= z[k]) { // k == 0 and the new parabola dominates everywhere
                v[0] = q;
                z[0] = -INF;
                z[1] = INF;
                continue;
            }
            k++;
            v[k] = q;
            z[k] = s;
            z[k + 1] = INF;
        }
        if (k < 0) {
            for (int q = 0; q < n; q++) {
                out[q] = INF;
            }
            return;
        }
        int j = 0;
        for (int q = 0; q < n; q++) {
            while (z[j + 1] < q) {
                j++;
            }
            double dq = q - v[j];
            out[q] = dq * dq + f[v[j]];
        }
    }
}
