package org.tessera.classic.region;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
        @SuppressWarnings("unchecked")
        List<Integer>[] grid = new List[cw * ch];
        int[] markers = new int[f.length];
        int n = 0;
        for (int k = 0; k < nc; k++) {
            int p = (int) (keys[k] & 0xFFFFFFFFL);
            int x = p % width, y = p / width, gx = x / cell, gy = y / cell;
            boolean ok = true;
            for (int yy = Math.max(0, gy - 1); ok && yy <= Math.min(ch - 1, gy + 1); yy++) {
                for (int xx = Math.max(0, gx - 1); ok && xx <= Math.min(cw - 1, gx + 1); xx++) {
                    List<Integer> l = grid[yy * cw + xx];
                    if (l == null) {
                        continue;
                    }
                    for (int q : l) {
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
                    grid[g] = new ArrayList<>(2);
                }
                grid[g].add(p);
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

    /** Grayscale reconstruction by dilation of {@code seed} under {@code mask} (seed <= mask pointwise). */
    public static float[] reconstructByDilation(float[] seed, float[] mask, int width, int height,
                                                Connectivity connectivity) {
        float[] rec = new float[seed.length];
        PixelHeap heap = new PixelHeap();
        for (int i = 0; i < seed.length; i++) {
            rec[i] = Math.min(seed[i], mask[i]);
            heap.push(-rec[i], i);
        }
        boolean[] done = new boolean[seed.length];
        boolean eight = connectivity == Connectivity.EIGHT;
        while (!heap.isEmpty()) {
            double key = heap.peekKey();
            int p = heap.pop();
            if (done[p] || -key != rec[p]) {
                continue; // stale entry
            }
            done[p] = true;
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
                    if (!done[q] && rec[q] < v) {
                        float nv = Math.min(v, mask[q]);
                        if (nv > rec[q]) {
                            rec[q] = nv;
                            heap.push(-nv, q);
                        }
                    }
                }
            }
        }
        return rec;
    }
}
