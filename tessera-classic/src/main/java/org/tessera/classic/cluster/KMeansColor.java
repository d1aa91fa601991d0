package org.tessera.classic.cluster;

import java.util.SplittableRandom;
import org.tessera.classic.abst.RegionSegmenter;
import org.tessera.core.image.Image;
import org.tessera.core.label.LabelMap;

/**
 * k-means clustering of pixel colors (Lloyd's algorithm, k-means++ initialization from a seeded
 * {@link SplittableRandom}): deterministic for a seed. Features: the color samples (alpha ignored; gray = one
 * feature), optionally plus {@code spatialWeight * (x, y)}. Output labels 0..k-1 ordered by the clusters' mean
 * feature sum (darkest first), in a {@link LabelMap} with ignore index 65535.
 */
public final class KMeansColor implements RegionSegmenter {
    private final KMeansConfig config;

    public KMeansColor(KMeansConfig config) {
        this.config = config.validate();
    }

    @Override
    public LabelMap segment(Image image) {
        org.tessera.classic.Checks.notEmpty("k-means", image);
        int w = image.width(), h = image.height(), n = w * h;
        int k = config.k;
        if (k > n) {
            throw new IllegalArgumentException("k-means: k = " + k + " exceeds the pixel count " + n + " (" + w + "x"
                    + h + ")");
        }
        int ch = image.channels();
        int colors = ch == 2 || ch == 4 ? ch - 1 : ch;
        boolean spatial = config.spatialWeight > 0;
        int d = colors + (spatial ? 2 : 0);
        float[] f = new float[n * d];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < colors; c++) {
                f[i * d + c] = image.sample(i * ch + c);
            }
            if (spatial) {
                f[i * d + colors] = (float) (config.spatialWeight * (i % w));
                f[i * d + colors + 1] = (float) (config.spatialWeight * (i / w));
            }
        }
        double[] centers = initPlusPlus(f, n, d, k, new SplittableRandom(config.seed));
        int[] assign = new int[n];
        java.util.Arrays.fill(assign, -1);
        double[] sums = new double[k * d];
        long[] counts = new long[k];
        for (int it = 0; it < config.maxIterations; it++) {
            boolean changed = false;
            java.util.Arrays.fill(sums, 0);
            java.util.Arrays.fill(counts, 0);
            for (int i = 0; i < n; i++) {
                int best = 0;
                double bd = Double.POSITIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    double s = 0;
                    for (int j = 0; j < d; j++) {
                        double t = f[i * d + j] - centers[c * d + j];
                        s += t * t;
                    }
                    if (s < bd) {
                        bd = s;
                        best = c;
                    }
                }
                if (assign[i] != best) {
                    assign[i] = best;
                    changed = true;
                }
                counts[best]++;
                for (int j = 0; j < d; j++) {
                    sums[best * d + j] += f[i * d + j];
                }
            }
            for (int c = 0; c < k; c++) {
                if (counts[c] > 0) {
                    for (int j = 0; j < d; j++) {
                        centers[c * d + j] = sums[c * d + j] / counts[c];
                    }
                }
            }
            if (!changed) {
                break;
            }
        }
        // order clusters by the sum of their color features (ties by index)
        Integer[] order = new Integer[k];
        for (int c = 0; c < k; c++) {
            order[c] = c;
        }
        final double[] cs = centers;
        java.util.Arrays.sort(order, (a, b) -> {
            double sa = 0, sb = 0;
            for (int j = 0; j < colors; j++) {
                sa += cs[a * d + j];
                sb += cs[b * d + j];
            }
            return sa != sb ? Double.compare(sa, sb) : Integer.compare(a, b);
        });
        int[] rank = new int[k];
        for (int r = 0; r < k; r++) {
            rank[order[r]] = r;
        }
        short[] labels = new short[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (short) rank[assign[i]];
        }
        return new LabelMap(w, h, labels, 65535, null);
    }

    private static double[] initPlusPlus(float[] f, int n, int d, int k, SplittableRandom rnd) {
        double[] c = new double[k * d];
        int first = rnd.nextInt(n);
        for (int j = 0; j < d; j++) {
            c[j] = f[first * d + j];
        }
        double[] dist = new double[n];
        java.util.Arrays.fill(dist, Double.POSITIVE_INFINITY);
        for (int m = 1; m < k; m++) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    double t = f[i * d + j] - c[(m - 1) * d + j];
                    s += t * t;
                }
                if (s < dist[i]) {
                    dist[i] = s;
                }
                total += dist[i];
            }
            int pick;
            if (total == 0) {
                pick = rnd.nextInt(n); // fewer distinct colors than k: duplicate centers, empty clusters
            } else {
                double r = rnd.nextDouble() * total, acc = 0;
                pick = n - 1;
                for (int i = 0; i < n; i++) {
                    acc += dist[i];
                    if (acc > r) {
                        pick = i;
                        break;
                    }
                }
            }
            for (int j = 0; j < d; j++) {
                c[m * d + j] = f[pick * d + j];
            }
        }
        return c;
    }
}
