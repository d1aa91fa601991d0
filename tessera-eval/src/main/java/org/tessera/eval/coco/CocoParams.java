package org.tessera.eval.coco;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Evaluation parameters, as pycocotools' {@code COCOeval.Params} for {@code segm} / {@code bbox} (and
 * boundary-iou-api's {@code boundary}). Immutable; build with {@link #builder(IouType)} or {@link #defaults(IouType)}.
 *
 * <p>Defaults: {@code iouThrs = np.linspace(.5, .95, 10)}, {@code recThrs = np.linspace(0, 1, 101)} (bit-identical to
 * numpy's values), {@code maxDets = [1, 10, 100]}, area ranges {@code all [0, 1e10], small [0, 32^2],
 * medium [32^2, 96^2], large [96^2, 1e10]} (pixels, inclusive bounds, compared with the ground truth's {@code area}
 * field and the detection's {@code area}), {@code useCats = true}, all categories and all images of the ground truth
 * ({@code null} here; {@link CocoEval} fills them in from the dataset; a streaming {@link CocoEvaluator} needs the
 * category ids).
 *
 * <p>As in {@code COCOeval.evaluate()}: image ids are sorted and de-duplicated; with {@code useCats} the category ids
 * are sorted and de-duplicated too; without it their order is kept (it decides the order in which ground truths and
 * detections of different categories are concatenated, hence score ties) and duplicates are rejected; maxDets are
 * sorted.
 *
 * @param iouType        what is compared
 * @param iouThrs        IoU thresholds T (a detection matches when IoU &gt;= min(t, 1 - 1e-10))
 * @param recThrs        recall thresholds R for the interpolated precision
 * @param maxDets        detections kept per image and category (sorted ascending); the last one is used for matching
 * @param areaRng        A area ranges {@code [lo, hi]} in pixels
 * @param areaRngLbl     A labels; the summary looks ranges up by label ({@code all}, {@code small}, {@code medium},
 *                       {@code large}) exactly as pycocotools does
 * @param useCats        match within categories (true) or across all of them (false)
 * @param catIds         categories to evaluate, or null for all of the ground truth's
 * @param imgIds         images to evaluate, or null for all of the ground truth's
 * @param dilationRatio  boundary width as a fraction of the image diagonal (boundary IoU only; 0.02 by default)
 * @param summaryMode    how the 12 summary numbers treat a non-default maxDets
 */
public record CocoParams(IouType iouType, double[] iouThrs, double[] recThrs, int[] maxDets, double[][] areaRng,
                         String[] areaRngLbl, boolean useCats, int[] catIds, long[] imgIds, double dilationRatio,
                         SummaryMode summaryMode) {

    /** How {@link CocoResult#stats()} is computed when maxDets is not {@code [1, 10, 100]}. */
    public enum SummaryMode {
        /**
         * Every statistic that pycocotools' {@code summarize()} computes "at maxDets=100" uses the last (largest)
         * maxDets instead; the AR@1 / AR@10 lines use {@code maxDets[0]} / {@code maxDets[1]}. Identical to
         * pycocotools for the default maxDets.
         */
        CORRECT,
        /**
         * Bug-compatible with pycocotools 2.0.x: {@code stats[0]} asks for maxDets=100 and is -1 when 100 is not
         * among maxDets; the other lines use {@code maxDets[0..2]} (needs at least 3 maxDets).
         */
        PYCOCOTOOLS
    }

    public static final double[][] DEFAULT_AREA_RNG = {{0, 1e5 * 1e5}, {0, 32 * 32}, {32 * 32, 96 * 96}, {96 * 96, 1e5 * 1e5}};
    public static final String[] DEFAULT_AREA_LBL = {"all", "small", "medium", "large"};

    public CocoParams {
        Objects.requireNonNull(iouType, "iouType");
        Objects.requireNonNull(summaryMode, "summaryMode");
        if (iouThrs == null || iouThrs.length == 0) throw new IllegalArgumentException("iouThrs is empty");
        if (recThrs == null || recThrs.length == 0) throw new IllegalArgumentException("recThrs is empty");
        if (maxDets == null || maxDets.length == 0) throw new IllegalArgumentException("maxDets is empty");
        if (areaRng == null || areaRng.length == 0) throw new IllegalArgumentException("areaRng is empty");
        if (areaRngLbl == null || areaRngLbl.length != areaRng.length) {
            throw new IllegalArgumentException("areaRngLbl needs one label per area range (" + areaRng.length + ")");
        }
        iouThrs = iouThrs.clone();
        recThrs = recThrs.clone();
        maxDets = maxDets.clone();
        Arrays.sort(maxDets);
        for (int m : maxDets) if (m < 0) throw new IllegalArgumentException("maxDets must be >= 0: " + m);
        double[][] ar = new double[areaRng.length][];
        for (int i = 0; i < ar.length; i++) {
            if (areaRng[i] == null || areaRng[i].length != 2) throw new IllegalArgumentException("areaRng[" + i + "] is not [lo, hi]");
            ar[i] = areaRng[i].clone();
        }
        areaRng = ar;
        areaRngLbl = areaRngLbl.clone();
        if (catIds != null) {
            if (useCats) {
                catIds = Arrays.stream(catIds).sorted().distinct().toArray();
            } else {
                Set<Integer> seen = new LinkedHashSet<>();
                for (int c : catIds) {
                    if (!seen.add(c)) throw new IllegalArgumentException("catIds contains " + c + " twice");
                }
                catIds = catIds.clone();
            }
        }
        if (imgIds != null) imgIds = Arrays.stream(imgIds).sorted().distinct().toArray();
        if (!(dilationRatio > 0)) throw new IllegalArgumentException("dilationRatio must be > 0: " + dilationRatio);
    }

    /** pycocotools' default parameters for {@code iouType}. */
    public static CocoParams defaults(IouType iouType) {
        return builder(iouType).build();
    }

    public static Builder builder(IouType iouType) {
        return new Builder(iouType);
    }

    /** A builder initialised from these parameters. */
    public Builder toBuilder() {
        Builder b = new Builder(iouType);
        b.iouThrs = iouThrs;
        b.recThrs = recThrs;
        b.maxDets = maxDets;
        b.areaRng = areaRng;
        b.areaRngLbl = areaRngLbl;
        b.useCats = useCats;
        b.catIds = catIds;
        b.imgIds = imgIds;
        b.dilationRatio = dilationRatio;
        b.summaryMode = summaryMode;
        return b;
    }

    /** Copies with the category ids set. */
    public CocoParams withCatIds(int[] ids) {
        return toBuilder().catIds(ids).build();
    }

    /** Copies with the image ids set. */
    public CocoParams withImgIds(long[] ids) {
        return toBuilder().imgIds(ids).build();
    }

    /** Number of categories of the evaluation arrays: {@code catIds.length}, or 1 without {@code useCats}. */
    public int numCategorySlots() {
        if (!useCats) return 1;
        if (catIds == null) throw new IllegalStateException("catIds are not set");
        return catIds.length;
    }

    /** Builder; every setter copies its argument. */
    public static final class Builder {
        private final IouType iouType;
        private double[] iouThrs = NumpyCompat.linspace(.5, 0.95, (int) Math.rint((0.95 - .5) / .05) + 1);
        private double[] recThrs = NumpyCompat.linspace(.0, 1.00, (int) Math.rint((1.00 - .0) / .01) + 1);
        private int[] maxDets = {1, 10, 100};
        private double[][] areaRng = DEFAULT_AREA_RNG;
        private String[] areaRngLbl = DEFAULT_AREA_LBL;
        private boolean useCats = true;
        private int[] catIds;
        private long[] imgIds;
        private double dilationRatio = 0.02;
        private SummaryMode summaryMode = SummaryMode.CORRECT;

        private Builder(IouType iouType) {
            this.iouType = Objects.requireNonNull(iouType);
        }

        public Builder iouThrs(double... v) { iouThrs = v.clone(); return this; }
        public Builder recThrs(double... v) { recThrs = v.clone(); return this; }
        public Builder maxDets(int... v) { maxDets = v.clone(); return this; }
        /** Area ranges and their labels (same length). */
        public Builder areaRng(double[][] rng, String[] labels) { areaRng = rng; areaRngLbl = labels; return this; }
        public Builder useCats(boolean v) { useCats = v; return this; }
        /** Category ids to evaluate, or null for all. */
        public Builder catIds(int[] v) { catIds = v == null ? null : v.clone(); return this; }
        /** Image ids to evaluate, or null for all. */
        public Builder imgIds(long[] v) { imgIds = v == null ? null : v.clone(); return this; }
        public Builder dilationRatio(double v) { dilationRatio = v; return this; }
        public Builder summaryMode(SummaryMode v) { summaryMode = v; return this; }

        public CocoParams build() {
            return new CocoParams(iouType, iouThrs, recThrs, maxDets, areaRng, areaRngLbl, useCats, catIds, imgIds,
                    dilationRatio, summaryMode);
        }
    }

    // records with arrays: structural equality and a readable toString

    @Override
    public boolean equals(Object o) {
        return o instanceof CocoParams p && p.iouType == iouType && Arrays.equals(p.iouThrs, iouThrs)
                && Arrays.equals(p.recThrs, recThrs) && Arrays.equals(p.maxDets, maxDets)
                && Arrays.deepEquals(p.areaRng, areaRng) && Arrays.equals(p.areaRngLbl, areaRngLbl)
                && p.useCats == useCats && Arrays.equals(p.catIds, catIds) && Arrays.equals(p.imgIds, imgIds)
                && p.dilationRatio == dilationRatio && p.summaryMode == summaryMode;
    }

    @Override
    public int hashCode() {
        return Objects.hash(iouType, Arrays.hashCode(iouThrs), Arrays.hashCode(maxDets), useCats, Arrays.hashCode(catIds));
    }

    @Override
    public String toString() {
        return "CocoParams[iouType=" + iouType.pycocoName() + ", iouThrs=" + Arrays.toString(iouThrs) + ", recThrs="
                + recThrs.length + " values, maxDets=" + Arrays.toString(maxDets) + ", areaRng="
                + Arrays.deepToString(areaRng) + ", areaRngLbl=" + Arrays.toString(areaRngLbl) + ", useCats=" + useCats
                + ", catIds=" + (catIds == null ? "all" : catIds.length + " ids") + ", imgIds="
                + (imgIds == null ? "all" : imgIds.length + " ids") + ", dilationRatio=" + dilationRatio
                + ", summaryMode=" + summaryMode + "]";
    }
}
