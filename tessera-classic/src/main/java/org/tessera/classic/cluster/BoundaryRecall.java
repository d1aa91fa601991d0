package org.tessera.classic.cluster;

import org.tessera.classic.Checks;
import org.tessera.classic.binary.DistanceTransform;
import org.tessera.core.label.LabelMap;

/**
 * Boundary recall of a region segmentation (the usual superpixel benchmark, e.g. Achanta et al. 2012): the
 * fraction of ground-truth boundary pixels lying within {@code tolerance} pixels (Euclidean) of a boundary pixel
 * of the segmentation.
 */
public final class BoundaryRecall {
    private BoundaryRecall() {
    }

    /** 1 where a pixel's label differs from its right or lower neighbour's (the region boundary pixels). */
    public static byte[] boundaries(LabelMap regions) {
        int w = regions.width(), h = regions.height();
        short[] d = regions.data();
        byte[] b = new byte[d.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if ((x + 1 < w && d[i] != d[i + 1]) || (y + 1 < h && d[i] != d[i + w])) {
                    b[i] = 1;
                }
            }
        }
        return b;
    }

    /**
     * Adds the inner boundary of one object mask (set pixels with a 4-neighbour inside the image that is unset) to
     * {@code boundary}.
     */
    public static void addMaskBoundary(byte[] mask, int width, int height, byte[] boundary) {
        Checks.image("mask", width, height, 1, mask.length);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                if (mask[i] == 0) {
                    continue;
                }
                if ((x > 0 && mask[i - 1] == 0) || (x + 1 < width && mask[i + 1] == 0)
                        || (y > 0 && mask[i - width] == 0) || (y + 1 < height && mask[i + width] == 0)) {
                    boundary[i] = 1;
                }
            }
        }
    }

    /**
     * Fraction of the truth boundary pixels within {@code tolerance} pixels of a predicted boundary pixel; 1 when
     * the truth has no boundary pixel.
     */
    public static double recall(byte[] truthBoundary, byte[] predictedBoundary, int width, int height,
                                double tolerance) {
        Checks.image("truth boundary", width, height, 1, truthBoundary.length);
        Checks.image("predicted boundary", width, height, 1, predictedBoundary.length);
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("tolerance must be >= 0, got " + tolerance);
        }
        double[] d2 = DistanceTransform.squaredToValue(predictedBoundary, width, height, false);
        double t2 = tolerance * tolerance;
        long n = 0, hit = 0;
        for (int i = 0; i < truthBoundary.length; i++) {
            if (truthBoundary[i] != 0) {
                n++;
                if (d2[i] <= t2) {
                    hit++;
                }
            }
        }
        return n == 0 ? 1.0 : hit / (double) n;
    }
}
