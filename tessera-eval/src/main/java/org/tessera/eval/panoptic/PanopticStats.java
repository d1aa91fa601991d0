package org.tessera.eval.panoptic;

import java.io.Serializable;

/**
 * The mergeable state of a panoptic evaluation: per category index, TP / FP / FN counts and the sum of matched IoUs
 * (panopticapi's {@code PQStatCat}). Serializable so partial states can be shipped between workers (e.g. Spark) and
 * combined with {@link #merge}.
 */
public final class PanopticStats implements Serializable {
    private static final long serialVersionUID = 1L;

    final long[] tp;
    final long[] fp;
    final long[] fn;
    final double[] iou;
    long images;

    PanopticStats(int categories) {
        tp = new long[categories];
        fp = new long[categories];
        fn = new long[categories];
        iou = new double[categories];
    }

    /** Adds one image's result; IoUs are added one by one in match order, as panopticapi does. */
    void accumulate(PanopticImageResult r) {
        for (int c = 0; c < tp.length; c++) {
            tp[c] += r.tp()[c];
            fp[c] += r.fp()[c];
            fn[c] += r.fn()[c];
        }
        int[] mc = r.matchCategory();
        double[] mi = r.matchIou();
        for (int k = 0; k < mc.length; k++) iou[mc[k]] += mi[k];
        images++;
    }

    /** Adds another partial state (same category list) into this one, as panopticapi's {@code PQStat.__iadd__}. */
    public void merge(PanopticStats o) {
        if (o.tp.length != tp.length) {
            throw new IllegalArgumentException("cannot merge panoptic states over " + o.tp.length + " and " + tp.length + " categories");
        }
        for (int c = 0; c < tp.length; c++) {
            tp[c] += o.tp[c];
            fp[c] += o.fp[c];
            fn[c] += o.fn[c];
            iou[c] += o.iou[c];
        }
        images += o.images;
    }

    void clear() {
        java.util.Arrays.fill(tp, 0);
        java.util.Arrays.fill(fp, 0);
        java.util.Arrays.fill(fn, 0);
        java.util.Arrays.fill(iou, 0);
        images = 0;
    }

    PanopticStats copy() {
        PanopticStats s = new PanopticStats(tp.length);
        s.merge(this);
        return s;
    }

    /** Number of image pairs accumulated. */
    public long images() {
        return images;
    }
}
