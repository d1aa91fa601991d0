package org.tessera.eval.coco;

import java.util.Arrays;

/**
 * The outcome of a COCO evaluation: pycocotools' {@code eval['precision' | 'recall' | 'scores']} arrays, the 12
 * summary statistics and per-category AP / AP50 / AR.
 *
 * <p>Arrays are flat in C order: {@code precision} and {@code scores} have shape {@code [T, R, K, A, M]}
 * (IoU thresholds, recall thresholds, categories, area ranges, maxDets), {@code recall} has {@code [T, K, A, M]};
 * -1 where no ground truth exists (as in pycocotools). K is the number of {@code params.catIds}, or 1 when
 * {@code useCats} is false (category id -1).
 */
public final class CocoResult {
    /** pycocotools' descriptions of the 12 statistics (default parameters). */
    public static final String[] STAT_NAMES = {"AP", "AP50", "AP75", "APs", "APm", "APl", "AR1", "AR10", "AR100", "ARs", "ARm", "ARl"};

    private final CocoParams params;
    private final int numImages;
    private final int numImagesWithData;
    private final double[] precision;
    private final double[] recall;
    private final double[] scores;
    private final int nT, nR, nK, nA, nM;
    private final double[] stats;
    private final String[] lines;

    CocoResult(CocoParams params, int numImages, int numImagesWithData, double[] precision, double[] recall, double[] scores) {
        this.params = params;
        this.numImages = numImages;
        this.numImagesWithData = numImagesWithData;
        this.precision = precision;
        this.recall = recall;
        this.scores = scores;
        this.nT = params.iouThrs().length;
        this.nR = params.recThrs().length;
        this.nK = params.numCategorySlots();
        this.nA = params.areaRng().length;
        this.nM = params.maxDets().length;
        CocoSummary.Summary s = CocoSummary.summarize(this, params.summaryMode());
        this.stats = s.stats();
        this.lines = s.lines();
    }

    public CocoParams params() {
        return params;
    }

    /** {@code len(params.imgIds)}: the images evaluated (with or without annotations). */
    public int numImages() {
        return numImages;
    }

    /** Images with at least one ground truth or detection of an evaluated category. */
    public int numImagesWithData() {
        return numImagesWithData;
    }

    /** The 12 summary statistics of {@code COCOeval.stats} (see {@link CocoParams.SummaryMode}). */
    public double[] stats() {
        return stats.clone();
    }

    /** The 12 printed summary lines, exactly as pycocotools prints them. */
    public String[] summaryLines() {
        return lines.clone();
    }

    /** Shape {@code [T, R, K, A, M]} of {@link #precision()}. */
    public int[] precisionShape() {
        return new int[] {nT, nR, nK, nA, nM};
    }

    /** A copy of the flat precision array (C order, shape {@link #precisionShape()}). */
    public double[] precision() {
        return precision.clone();
    }

    /** A copy of the flat recall array (C order, shape {@code [T, K, A, M]}). */
    public double[] recall() {
        return recall.clone();
    }

    /** A copy of the flat scores array (score at each recall threshold; same shape as precision). */
    public double[] scores() {
        return scores.clone();
    }

    public double precision(int t, int r, int k, int a, int m) {
        return precision[(((t * nR + r) * nK + k) * nA + a) * nM + m];
    }

    public double recall(int t, int k, int a, int m) {
        return recall[((t * nK + k) * nA + a) * nM + m];
    }

    public double score(int t, int r, int k, int a, int m) {
        return scores[(((t * nR + r) * nK + k) * nA + a) * nM + m];
    }

    /** Category id of slot k ({@code params.catIds[k]}, or -1 without useCats). */
    public int categoryId(int k) {
        return params.useCats() ? params.catIds()[k] : -1;
    }

    /** Number of category slots K. */
    public int numCategories() {
        return nK;
    }

    /**
     * Per-category AP: mean of {@code precision[:, :, k, area, -1]} over entries &gt; -1 (area index 0 = the first
     * area range, 'all' by default; last maxDets), -1 when there is none.
     */
    public double categoryAp(int k) {
        return meanValid(k, -1, true);
    }

    /** Per-category AP at the first IoU threshold (0.50 by default). */
    public double categoryAp50(int k) {
        return meanValid(k, 0, true);
    }

    /** Per-category AR: mean of {@code recall[:, k, 0, -1]} over entries &gt; -1, -1 when there is none. */
    public double categoryAr(int k) {
        return meanValid(k, -1, false);
    }

    private double meanValid(int k, int onlyT, boolean ap) {
        double[] buf = new double[nT * nR];
        int n = 0;
        int m = nM - 1;
        for (int t = 0; t < nT; t++) {
            if (onlyT >= 0 && t != onlyT) continue;
            if (ap) {
                for (int r = 0; r < nR; r++) {
                    double v = precision(t, r, k, 0, m);
                    if (v > -1) buf[n++] = v;
                }
            } else {
                double v = recall(t, k, 0, m);
                if (v > -1) buf[n++] = v;
            }
        }
        return n == 0 ? -1 : NumpyCompat.mean(buf, n);
    }

    /** The printed summary, 12 lines joined with '\n' (no trailing newline). */
    @Override
    public String toString() {
        return String.join("\n", lines);
    }

    /** Raw array access for the summary (no copies). */
    double[] precisionView() {
        return precision;
    }

    double[] recallView() {
        return recall;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CocoResult r && r.params.equals(params) && Arrays.equals(r.precision, precision)
                && Arrays.equals(r.recall, recall) && Arrays.equals(r.scores, scores);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(precision);
    }
}
