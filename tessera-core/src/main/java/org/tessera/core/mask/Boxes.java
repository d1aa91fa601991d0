package org.tessera.core.mask;

/**
 * Box IoU with the crowd rule of pycocotools' {@code bbIou} ({@code maskApi.c}). Boxes are {@code [x, y, w, h]} in
 * pixels (top-left corner and size; the half-open box is {@code [x, x+w) x [y, y+h)}), packed four doubles per box.
 * Results are bit-identical to the reference, including its use of C's {@code fmin}/{@code fmax} (a NaN operand is
 * ignored) and its evaluation order.
 */
public final class Boxes {
    private Boxes() {}

    /**
     * IoU matrix {@code result[d][g]} of detection boxes against ground-truth boxes; for a crowd ground truth the
     * union is the detection's area, so the value is |d∩g| / |d|. Disjoint or touching boxes give 0.
     *
     * @param dt      detections, 4 values each
     * @param gt      ground truths, 4 values each
     * @param iscrowd per ground truth, or null
     * @throws IllegalArgumentException when an array length is not a multiple of 4 or iscrowd has the wrong length
     */
    public static double[][] iou(double[] dt, double[] gt, boolean[] iscrowd) {
        if (dt.length % 4 != 0 || gt.length % 4 != 0) {
            throw new IllegalArgumentException("box arrays must hold 4 values per box, got " + dt.length + " and " + gt.length);
        }
        int m = dt.length / 4, n = gt.length / 4;
        if (iscrowd != null && iscrowd.length != n) {
            throw new IllegalArgumentException("iscrowd has " + iscrowd.length + " flags for " + n + " ground-truth boxes");
        }
        // unpack the ground truths once: x, y, x+w, y+h, w*h exactly as the reference computes them
        double[] gx = new double[n], gy = new double[n], gx2 = new double[n], gy2 = new double[n], ga = new double[n];
        boolean anyNaN = false, anyCrowd = false, gtPlain = true;
        for (int g = 0; g < n; g++) {
            int k = g * 4;
            gx[g] = gt[k];
            gy[g] = gt[k + 1];
            gx2[g] = gt[k + 2] + gt[k];
            gy2[g] = gt[k + 3] + gt[k + 1];
            ga[g] = gt[k + 2] * gt[k + 3];
            anyNaN |= hasNaN(gt, k);
            anyCrowd |= iscrowd != null && iscrowd[g];
            gtPlain &= plain(gt, k);
        }
        double[][] o = new double[m][n];
        for (int d = 0; d < m; d++) {
            int k = d * 4;
            double[] row = o[d];
            if (anyNaN || hasNaN(dt, k)) {
                // C's fmin/fmax ignore a NaN operand where Math.min/max would propagate it: take the exact path
                for (int g = 0; g < n; g++) row[g] = iouOne(dt, k, gt, g * 4, iscrowd != null && iscrowd[g]);
                continue;
            }
            double dx = dt[k], dy = dt[k + 1], dx2 = dt[k + 2] + dt[k], dy2 = dt[k + 3] + dt[k + 1];
            double da = dt[k + 2] * dt[k + 3];
            // Without NaNs, fmin/fmax equal Math.min/max up to the sign of zero, which only matters when w or h is 0.
            if (!anyCrowd && gtPlain && plain(dt, k) && da > 0) {
                // Branch-free (vectorisable) form. Overlapping pairs compute exactly the reference's expression; for
                // the others i = 0 and the union da + ga > 0, so the quotient is +0.0, the reference's value too.
                for (int g = 0; g < n; g++) {
                    double w = Math.max(Math.min(dx2, gx2[g]) - Math.max(dx, gx[g]), 0);
                    double h = Math.max(Math.min(dy2, gy2[g]) - Math.max(dy, gy[g]), 0);
                    double i = w * h;
                    row[g] = i / (da + ga[g] - i);
                }
            } else {
                for (int g = 0; g < n; g++) {
                    double w = Math.min(dx2, gx2[g]) - Math.max(dx, gx[g]);
                    if (w <= 0) continue;
                    double h = Math.min(dy2, gy2[g]) - Math.max(dy, gy[g]);
                    if (h <= 0) continue;
                    double i = w * h;
                    row[g] = i / (iscrowd != null && iscrowd[g] ? da : da + ga[g] - i);
                }
            }
        }
        return o;
    }

    /** Finite coordinates and a non-negative width and height. */
    private static boolean plain(double[] b, int k) {
        return Double.isFinite(b[k]) && Double.isFinite(b[k + 1]) && Double.isFinite(b[k + 2]) && Double.isFinite(b[k + 3])
                && b[k + 2] >= 0 && b[k + 3] >= 0 && Double.isFinite(b[k + 2] + b[k]) && Double.isFinite(b[k + 3] + b[k + 1])
                && Double.isFinite(b[k + 2] * b[k + 3]);
    }

    private static boolean hasNaN(double[] b, int k) {
        return Double.isNaN(b[k]) || Double.isNaN(b[k + 1]) || Double.isNaN(b[k + 2]) || Double.isNaN(b[k + 3]);
    }

    /** IoU of the box at {@code dt[d..d+3]} with the one at {@code gt[g..g+3]} (crowd rule as in {@link #iou}). */
    public static double iouOne(double[] dt, int d, double[] gt, int g, boolean crowd) {
        double w = fmin(dt[d + 2] + dt[d], gt[g + 2] + gt[g]) - fmax(dt[d], gt[g]);
        if (w <= 0) return 0;
        double h = fmin(dt[d + 3] + dt[d + 1], gt[g + 3] + gt[g + 1]) - fmax(dt[d + 1], gt[g + 1]);
        if (h <= 0) return 0;
        double i = w * h;
        double da = dt[d + 2] * dt[d + 3];
        double u = crowd ? da : da + gt[g + 2] * gt[g + 3] - i;
        return i / u;
    }

    /** C's {@code fmin}: the smaller operand, or the other one when one is NaN. */
    private static double fmin(double a, double b) {
        return a <= b || b != b ? a : b;
    }

    /** C's {@code fmax}: the larger operand, or the other one when one is NaN. */
    private static double fmax(double a, double b) {
        return a >= b || b != b ? a : b;
    }
}
