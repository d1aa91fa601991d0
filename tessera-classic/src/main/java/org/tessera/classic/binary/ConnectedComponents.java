package org.tessera.classic.binary;

import java.util.Arrays;
import org.tessera.classic.Checks;

/**
 * Connected-component labeling of binary images (run-based two-pass union-find). Ids are consecutive and
 * ordered by the raster position (row-major) of each component's first pixel, as {@code scipy.ndimage.label}
 * and {@code skimage.measure.label} number them.
 */
public final class ConnectedComponents {
    private ConnectedComponents() {
    }

    /**
     * Labels the non-zero pixels of a row-major mask.
     *
     * @throws IllegalArgumentException if the image is empty or the sizes disagree
     */
    public static Labeling label(byte[] mask, int width, int height, Connectivity connectivity) {
        Checks.image("mask", width, height, 1, mask.length);
        Runs r = new Runs(height);
        for (int y = 0; y < height; y++) {
            r.rowStart[y] = r.n;
            int base = y * width, x = 0;
            while (x < width) {
                while (x < width && mask[base + x] == 0) {
                    x++;
                }
                if (x == width) {
                    break;
                }
                int s = x;
                while (x < width && mask[base + x] != 0) {
                    x++;
                }
                r.add(s, x);
            }
        }
        r.rowStart[height] = r.n;
        return r.label(width, height, connectivity);
    }

    /**
     * Labels the pixels of an unsigned 8-bit gray image whose value is {@code > threshold} (skimage's
     * foreground convention) without building a mask first.
     */
    public static Labeling labelAbove(byte[] gray, int width, int height, double threshold, Connectivity connectivity) {
        Checks.image("gray image", width, height, 1, gray.length);
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException("threshold is NaN");
        }
        // value > threshold  <=>  value >= floor(threshold) + 1 for integer values
        int t = threshold < 0 ? 0 : (int) Math.floor(threshold) + 1;
        Runs r = new Runs(height);
        if (t > 255) {
            Arrays.fill(r.rowStart, 0);
            return r.label(width, height, connectivity);
        }
        for (int y = 0; y < height; y++) {
            r.rowStart[y] = r.n;
            int base = y * width, x = 0;
            while (x < width) {
                while (x < width && (gray[base + x] & 0xFF) < t) {
                    x++;
                }
                if (x == width) {
                    break;
                }
                int s = x;
                while (x < width && (gray[base + x] & 0xFF) >= t) {
                    x++;
                }
                r.add(s, x);
            }
        }
        r.rowStart[height] = r.n;
        return r.label(width, height, connectivity);
    }

    /** Labels the pixels of an unsigned 16-bit gray image whose value is {@code > threshold}. */
    public static Labeling labelAbove(short[] gray, int width, int height, double threshold, Connectivity connectivity) {
        Checks.image("gray image", width, height, 1, gray.length);
        byte[] m = new byte[gray.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = (gray[i] & 0xFFFF) > threshold ? (byte) 1 : 0;
        }
        return label(m, width, height, connectivity);
    }

    /** Horizontal runs [start, end) per row, and the union-find over them. */
    private static final class Runs {
        int[] start = new int[1024];
        int[] end = new int[1024];
        final int[] rowStart;
        int n;

        Runs(int height) {
            rowStart = new int[height + 1];
        }

        void add(int s, int e) {
            if (n == start.length) {
                start = Arrays.copyOf(start, n * 2);
                end = Arrays.copyOf(end, n * 2);
            }
            start[n] = s;
            end[n] = e;
            n++;
        }

        Labeling label(int width, int height, Connectivity connectivity) {
            int[] parent = new int[n];
            for (int i = 0; i < n; i++) {
                parent[i] = i;
            }
            int slack = connectivity == Connectivity.EIGHT ? 1 : 0;
            for (int y = 1; y < height; y++) {
                int p = rowStart[y - 1], pEnd = rowStart[y];
                for (int c = rowStart[y], cEnd = rowStart[y + 1]; c < cEnd; c++) {
                    int s = start[c] - slack, e = end[c] + slack;
                    // skip previous runs entirely to the left
                    while (p < pEnd && end[p] <= s) {
                        p++;
                    }
                    int q = p;
                    while (q < pEnd && start[q] < e) {
                        union(parent, q, c);
                        q++;
                    }
                    // the last overlapping previous run may also touch the next current run
                    if (q > p) {
                        p = q - 1;
                    }
                }
            }
            int[] id = new int[n];
            int count = 0;
            for (int i = 0; i < n; i++) {
                int root = find(parent, i);
                if (root == i) {
                    id[i] = ++count;
                } else {
                    id[i] = id[root];
                }
            }
            int[] labels = new int[width * height];
            for (int y = 0; y < height; y++) {
                int base = y * width;
                for (int c = rowStart[y], cEnd = rowStart[y + 1]; c < cEnd; c++) {
                    Arrays.fill(labels, base + start[c], base + end[c], id[c]);
                }
            }
            return new Labeling(width, height, labels, count);
        }

        private static int find(int[] parent, int i) {
            while (parent[i] != i) {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            return i;
        }

        /** Union keeping the smaller index (the earlier run in raster order) as root. */
        private static void union(int[] parent, int a, int b) {
            int ra = find(parent, a), rb = find(parent, b);
            if (ra < rb) {
                parent[rb] = ra;
            } else if (rb < ra) {
                parent[ra] = rb;
            }
        }
    }
}
