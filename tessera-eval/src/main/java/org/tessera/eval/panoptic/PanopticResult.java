package org.tessera.eval.panoptic;

import java.util.List;

/**
 * Panoptic quality as panopticapi's {@code pq_compute} reports it. All values are fractions in [0, 1] (the printed
 * table multiplies by 100). A summary is the plain mean over the categories of its group with TP + FP + FN &gt; 0;
 * over no such category its values are NaN (panopticapi raises ZeroDivisionError there).
 *
 * @param all      all categories
 * @param things   categories with isthing = 1
 * @param stuff    categories with isthing = 0
 * @param perClass every category of the GT category list, in that order (PQ = SQ = RQ = 0 when TP + FP + FN = 0)
 * @param images   number of image pairs evaluated
 */
public record PanopticResult(Summary all, Summary things, Summary stuff, List<PerClass> perClass, long images) {

    /** Mean PQ / SQ / RQ over the {@code n} categories counted. */
    public record Summary(double pq, double sq, double rq, int n) {}

    /**
     * One category: PQ = iouSum / (TP + FP/2 + FN/2), SQ = iouSum / TP (0 if TP = 0), RQ = TP / (TP + FP/2 + FN/2).
     *
     * @param counted whether TP + FP + FN &gt; 0 (only those enter the means)
     */
    public record PerClass(int categoryId, String name, boolean isThing, double pq, double sq, double rq,
                           long tp, long fp, long fn, double iouSum, boolean counted) {}
}
