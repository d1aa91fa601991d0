package org.tessera.core.mask;

/**
 * Box IoU with the crowd rule of pycocotools' {@code bbIou}. Boxes are {@code [x, y, w, h]} in pixels (top-left
 * corner and size; the half-open box is {@code [x, x+w) x [y, y+h)}), packed four doubles per box.
 */
public final class Boxes {
    private Boxes() {}

    /**
     * IoU matrix {@code result[d][g]} of detection boxes against ground-truth boxes; for a crowd ground truth the
     * union is the detection's area.
     *
     * @param dt      detections, 4 values each
     * @param gt      ground truths, 4 values each
     * @param iscrowd per ground truth, or null
     */
    public static double[][] iou(double[] dt, double[] gt, boolean[] iscrowd) {
        int m = dt.length / 4, n = gt.length / 4;
        double[][] o = new double[m][n];
        for (int d = 0; d < m; d++) {
            double[] row = o[d];
            for (int g = 0; g < n; g++) {
                row[g] = iouOne(dt, d * 4, gt, g * 4, iscrowd != null && iscrowd[g]);
            }
        }
        return o;
    }

    /** IoU of the box at {@code dt[d..d+3]} with the one at {@code gt[g..g+3]}. */
    public static double iouOne(double[] dt, int d, double[] gt, int g, boolean crowd) {
        double w = Math.min(dt[d + 2] + dt[d], gt[g + 2] + gt[g]) - Math.max(dt[d], gt[g]);
        if (w <= 0) return 0;
        double h = Math.min(dt[d + 3] + dt[d + 1], gt[g + 3] + gt[g + 1]) - Math.max(dt[d + 1], gt[g + 1]);
        if (h <= 0) return 0;
        double i = w * h;
        double da = dt[d + 2] * dt[d + 3];
        double u = crowd ? da : da + gt[g + 2] * gt[g + 3] - i;
        return i / u;
    }
}
