package org.tessera.classic.region;

import org.tessera.classic.Checks;
import org.tessera.classic.binary.Connectivity;
import org.tessera.classic.binary.Labeling;

/**
 * Seeded region growing (Adams and Bischof 1994): regions grow from seed markers, always absorbing next the
 * boundary pixel whose color is closest (Euclidean distance over channels, in sample units) to the current
 * mean of the region that reaches it, as long as that distance is {@code <= tolerance}. Region means are
 * updated as pixels join. Deterministic: ties pop in first-come order.
 */
public final class RegionGrowing {
    private RegionGrowing() {
    }

    /**
     * Grows regions on an interleaved unsigned 8-bit image.
     *
     * @param pixels    interleaved samples, {@code channels} per pixel, row-major
     * @param seeds     row-major markers, 0 = none, k > 0 = region k
     * @param tolerance largest allowed color distance to the region mean (sample units, >= 0)
     * @return region labels (the seed ids, renumbered consecutively in raster order); unreached pixels 0
     */
    public static Labeling grow(byte[] pixels, int channels, int width, int height, int[] seeds, double tolerance,
                                Connectivity connectivity) {
        double[] v = new double[pixels.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = pixels[i] & 0xFF;
        }
        return grow(v, channels, width, height, seeds, tolerance, connectivity);
    }

    /** {@link #grow(byte[], int, int, int, int[], double, Connectivity)} on unsigned 16-bit samples. */
    public static Labeling grow(short[] pixels, int channels, int width, int height, int[] seeds, double tolerance,
                                Connectivity connectivity) {
        double[] v = new double[pixels.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = pixels[i] & 0xFFFF;
        }
        return grow(v, channels, width, height, seeds, tolerance, connectivity);
    }

    private static Labeling grow(double[] v, int ch, int width, int height, int[] seeds, double tolerance,
                                 Connectivity connectivity) {
        if (ch < 1) {
            throw new IllegalArgumentException("channels must be >= 1, got " + ch);
        }
        Checks.image("image", width, height, ch, v.length);
        Checks.image("seeds", width, height, 1, seeds.length);
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("tolerance must be >= 0, got " + tolerance);
        }
        int maxId = 0;
        for (int i = 0; i < seeds.length; i++) {
            if (seeds[i] < 0) {
                throw new IllegalArgumentException("negative seed id " + seeds[i] + " at pixel " + i);
            }
            maxId = Math.max(maxId, seeds[i]);
        }
        if (maxId == 0) {
            throw new IllegalArgumentException("no seed: every seed pixel is 0");
        }
        double[] sum = new double[(maxId + 1) * ch];
        long[] count = new long[maxId + 1];
        int[] out = new int[seeds.length];
        for (int i = 0; i < seeds.length; i++) {
            int s = seeds[i];
            if (s != 0) {
                out[i] = s;
                count[s]++;
                for (int c = 0; c < ch; c++) {
                    sum[s * ch + c] += v[i * ch + c];
                }
            }
        }
        PixelHeap heap = new PixelHeap();
        boolean eight = connectivity == Connectivity.EIGHT;
        for (int i = 0; i < seeds.length; i++) {
            if (out[i] != 0) {
                pushNeighbours(i, out[i], v, ch, width, height, eight, out, sum, count, heap);
            }
        }
        while (!heap.isEmpty()) {
            int p = heap.pop();
            if (out[p] != 0) {
                continue;
            }
            int r = heap.lastTag();
            double d = dist(v, p, ch, sum, count, r);
            if (d > tolerance) {
                continue;
            }
            out[p] = r;
            count[r]++;
            for (int c = 0; c < ch; c++) {
                sum[r * ch + c] += v[p * ch + c];
            }
            pushNeighbours(p, r, v, ch, width, height, eight, out, sum, count, heap);
        }
        return Labeling.fromIds(width, height, out);
    }

    private static void pushNeighbours(int p, int r, double[] v, int ch, int w, int h, boolean eight, int[] out,
                                       double[] sum, long[] count, PixelHeap heap) {
        int x = p % w, y = p / w;
        for (int dy = -1; dy <= 1; dy++) {
            int ny = y + dy;
            if (ny < 0 || ny >= h) {
                continue;
            }
            for (int dx = -1; dx <= 1; dx++) {
                if ((dx == 0 && dy == 0) || (!eight && dx != 0 && dy != 0)) {
                    continue;
                }
                int nx = x + dx;
                if (nx < 0 || nx >= w) {
                    continue;
                }
                int q = ny * w + nx;
                if (out[q] == 0) {
                    heap.push(dist(v, q, ch, sum, count, r), q, r);
                }
            }
        }
    }

    private static double dist(double[] v, int p, int ch, double[] sum, long[] count, int r) {
        double s = 0;
        for (int c = 0; c < ch; c++) {
            double d = v[p * ch + c] - sum[r * ch + c] / count[r];
            s += d * d;
        }
        return Math.sqrt(s);
    }
}
