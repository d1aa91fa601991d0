package org.tessera.classic.region;

import java.util.Arrays;
import org.tessera.classic.Checks;
import org.tessera.classic.binary.ConnectedComponents;
import org.tessera.classic.binary.Connectivity;

/**
 * Marker (seed) detection on a height map, for the watershed: local peaks with a minimum spacing
 * ({@code skimage.feature.peak_local_max}) and h-maxima ({@code skimage.morphology.h_maxima}).
 * Results are marker images: row-major {@code int[]}, 0 = no marker, k = marker k (1..n).
 */
public final class Markers {
    private Markers() {
    }

    /**
     * Local maxima of {@code f}: pixels equal to the maximum of their (2 minDistance + 1)² window and
     * {@code > thresholdAbs}, taken greedily from the highest (ties: raster order) and dropped when an accepted
     * peak of the same region lies within Chebyshev distance {@code minDistance} (skimage's {@code p_norm=inf}).
     * Each peak becomes its own marker, numbered in acceptance order (highest first).
     *
     * @param regions row-major region ids (peaks of different regions never suppress each other), or null
     */
    public static int[] peakLocalMax(float[] f, int width, int height, int minDistance, double thresholdAbs,
                                     int[] regions) {
        Checks.image("height map", width, height, 1, f.length);
        if (minDistance < 1) {
            throw new IllegalArgumentException("minDistance must be >= 1, got " + minDistance);
        }
        float[] mx = maxFilter(f, width, height, minDistance);
        int nc = 0;
        int[] cand = new int[256];
        for (int i = 0; i < f.length; i++) {
            if (f[i] == mx[i] && f[i] > thresholdAbs) {
                if (nc == cand.length) {
                    cand = Arrays.copyOf(cand, nc * 2);
                }
                cand[nc++] = i;
            }
        }
        // sort by value descending, index ascending
        long[] keys = new long[nc];
        for (int k = 0; k < nc; k++) {
            int bits = Float.floatToIntBits(f[cand[k]]);
            int ord = bits >= 0 ? bits : bits ^ 0x7FFFFFFF;
            long hi = ((long) Integer.MAX_VALUE - ord) - (1L << 31); // descending value, fits an int
            keys[k] = (hi << 32) | cand[k];
        }
        Arrays.sort(keys);
        int cell = minDistance + 1;
        int cw = (width + cell - 1) / cell, ch = (height + cell - 1) / cell;
        int[][] grid = new int[cw * ch][];
        int[] gridCount = new int[cw * ch];
        int[] markers = new int[f.length];
        int n = 0;
        for (int k = 0; k < nc; k++) {
            int p = (int) (keys[k] & 0xFFFFFFFFL);
            int x = p % width, y = p / width, gx = x / cell, gy = y / cell;
            boolean ok = true;
            for (int yy = Math.max(0, gy - 1); ok && yy <= Math.min(ch - 1, gy + 1); yy++) {
                for (int xx = Math.max(0, gx - 1); ok && xx <= Math.min(cw - 1, gx + 1); xx++) {
                    int[] l = grid[yy * cw + xx];
                    for (int e = 0; e < gridCount[yy * cw + xx]; e++) {
                        int q = l[e];
                        int qx = q % width, qy = q / width;
                        if (Math.max(Math.abs(qx - x), Math.abs(qy - y)) <= minDistance
                                && (regions == null || regions[q] == regions[p])) {
                            ok = false;
                            break;
                        }
                    }
                }
            }
            if (ok) {
                markers[p] = ++n;
                int g = gy * cw + gx;
                if (grid[g] == null) {
                    grid[g] = new int[2];
                } else if (gridCount[g] == grid[g].length) {
                    grid[g] = Arrays.copyOf(grid[g], gridCount[g] * 2);
                }
                grid[g][gridCount[g]++] = p;
            }
        }
        return markers;
    }

    /** Square maximum filter of radius r (window 2r+1, clipped at the border), separable sliding maximum. */
    static float[] maxFilter(float[] f, int w, int h, int r) {
        float[] tmp = new float[f.length];
        float[] out = new float[f.length];
        int[] dq = new int[Math.max(w, h)];
        for (int y = 0; y < h; y++) {
            slidingMax(f, y * w, 1, w, r, tmp, dq);
        }
        for (int x = 0; x < w; x++) {
            slidingMax(tmp, x, w, h, r, out, dq);
        }
        return out;
    }

    private static void slidingMax(float[] in, int off, int step, int n, int r, float[] out, int[] dq) {
        int head = 0, tail = 0; // deque of indices with decreasing values
        int next = 0; // next index to add
        for (int i = 0; i < n; i++) {
            int hiIdx = Math.min(n - 1, i + r);
            while (next <= hiIdx) {
                float v = in[off + next * step];
                while (tail > head && in[off + dq[tail - 1] * step] <= v) {
                    tail--;
                }
                dq[tail++] = next++;
            }
            while (dq[head] < i - r) {
                head++;
            }
            out[off + i * step] = in[off + dq[head] * step];
        }
    }

    /**
     * h-maxima markers: the connected groups of pixels where {@code f - R(f - h) >= h}, R the grayscale
     * reconstruction by dilation of {@code f - h} under {@code f} (skimage {@code h_maxima} then {@code label}).
     * These are the regional maxima whose dynamic (height above the saddle to a higher maximum) is at least h.
     */
    public static int[] hMaxima(float[] f, int width, int height, double h, Connectivity connectivity) {
        Checks.image("height map", width, height, 1, f.length);
        if (!(h > 0)) {
            throw new IllegalArgumentException("h must be > 0, got " + h);
        }
        float[] seed = new float[f.length];
        for (int i = 0; i < f.length; i++) {
            seed[i] = (float) (f[i] - h);
        }
        float[] rec = reconstructByDilation(seed, f, width, height, connectivity);
        byte[] m = new byte[f.length];
        // tolerance for float rounding of f - h
        double hh = h - Math.ulp((float) h) * 4;
        for (int i = 0; i < f.length; i++) {
            m[i] = f[i] - rec[i] >= hh ? (byte) 1 : 0;
        }
        return ConnectedComponents.label(m, width, height, connectivity).labels();
    }

    /**
     * Grayscale reconstruction by dilation of {@code seed} under {@code mask} (Vincent 1993 hybrid algorithm:
     * a raster and an anti-raster sweep, then FIFO propagation). Seeds above the mask are clipped to it.
     */
    public static float[] reconstructByDilation(float[] seed, float[] mask, int width, int height,
                                                Connectivity connectivity) {
        Checks.image("seed", width, height, 1, seed.length);
        Checks.image("mask", width, height, 1, mask.length);
        int n = seed.length;
        float[] rec = new float[n];
        for (int i = 0; i < n; i++) {
            rec[i] = Math.min(seed[i], mask[i]);
        }
        boolean eight = connectivity == Connectivity.EIGHT;
        // forward raster: neighbours above and to the left
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = y * width + x;
                float m = rec[p];
                if (x > 0) {
                    m = Math.max(m, rec[p - 1]);
                }
                if (y > 0) {
                    m = Math.max(m, rec[p - width]);
                    if (eight) {
                        if (x > 0) {
                            m = Math.max(m, rec[p - width - 1]);
                        }
                        if (x + 1 < width) {
                            m = Math.max(m, rec[p - width + 1]);
                        }
                    }
                }
                rec[p] = Math.min(m, mask[p]);
            }
        }
        // backward raster: neighbours below and to the right; queue pixels that can still propagate
        int[] queue = new int[1024];
        int qh = 0, qt = 0;
        for (int y = height - 1; y >= 0; y--) {
            for (int x = width - 1; x >= 0; x--) {
                int p = y * width + x;
                float m = rec[p];
                if (x + 1 < width) {
                    m = Math.max(m, rec[p + 1]);
                }
                if (y + 1 < height) {
                    m = Math.max(m, rec[p + width]);
                    if (eight) {
                        if (x + 1 < width) {
                            m = Math.max(m, rec[p + width + 1]);
                        }
                        if (x > 0) {
                            m = Math.max(m, rec[p + width - 1]);
                        }
                    }
                }
                float v = Math.min(m, mask[p]);
                rec[p] = v;
                boolean push = (x + 1 < width && rec[p + 1] < v && rec[p + 1] < mask[p + 1])
                        || (y + 1 < height && rec[p + width] < v && rec[p + width] < mask[p + width]);
                if (!push && eight && y + 1 < height) {
                    push = (x + 1 < width && rec[p + width + 1] < v && rec[p + width + 1] < mask[p + width + 1])
                            || (x > 0 && rec[p + width - 1] < v && rec[p + width - 1] < mask[p + width - 1]);
                }
                if (push) {
                    if (qt == queue.length) {
                        queue = compact(queue, qh, qt);
                        qt -= qh;
                        qh = 0;
                    }
                    queue[qt++] = p;
                }
            }
        }
        while (qh < qt) {
            int p = queue[qh++];
            int x = p % width, y = p / width;
            float v = rec[p];
            for (int dy = -1; dy <= 1; dy++) {
                int ny = y + dy;
                if (ny < 0 || ny >= height) {
                    continue;
                }
                for (int dx = -1; dx <= 1; dx++) {
                    if ((dx == 0 && dy == 0) || (!eight && dx != 0 && dy != 0)) {
                        continue;
                    }
                    int nx = x + dx;
                    if (nx < 0 || nx >= width) {
                        continue;
                    }
                    int q = ny * width + nx;
                    if (rec[q] < v && rec[q] != mask[q]) {
                        rec[q] = Math.min(v, mask[q]);
                        if (qt == queue.length) {
                            queue = compact(queue, qh, qt);
                            qt -= qh;
                            qh = 0;
                        }
                        queue[qt++] = q;
                    }
                }
            }
        }
        return rec;
    }

    /** Moves the live part [qh, qt) of a FIFO to the front, growing the array when it is more than half full. */
    private static int[] compact(int[] q, int qh, int qt) {
        int live = qt - qh;
        int[] out = live * 2 > q.length ? new int[q.length * 2] : q;
        System.arraycopy(q, qh, out, 0, live);
        return out;
    }
}
