package org.tessera.eval.coco;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.tessera.core.mask.Boxes;
import org.tessera.core.mask.Rle;

/**
 * Streaming COCO evaluation with exactly the semantics of pycocotools' {@code COCOeval} ({@code evaluate()} +
 * {@code accumulate()} + {@code summarize()}), in the Detectron2 evaluator protocol: {@link #reset()}, one
 * {@link #process} call per image, {@link #merge} of partial states (e.g. one per thread or Spark partition), then
 * {@link #evaluate()}.
 *
 * <p>Per image and category (or per image when {@code useCats} is false) it does what {@code computeIoU} and
 * {@code evaluateImg} do: detections sorted by descending score with a stable sort (numpy's mergesort), at most
 * {@code maxDets[-1]} kept, IoU against all ground truths (crowd rule: union = detection area), ground truths sorted
 * with the ignored ones last, greedy matching per IoU threshold, unmatched detections outside the area range ignored.
 * It keeps only the compact outcome (scores, one tp/fp/ignored code per threshold and detection, the number of
 * non-ignored ground truths per area range), never the IoU matrices, so a partial state is small and mergeable.
 *
 * <p>Not thread-safe: use one instance per thread and merge them.
 */
public final class CocoEvaluator {
    static final byte IGNORED = 0, TP = 1, FP = 2;
    /** {@code np.spacing(1)}. */
    private static final double EPS = Math.ulp(1.0);

    private final CocoParams p;
    private final int nT, nA, slots;
    private final int maxDetLast;
    private final double[] thr;
    private final Map<Integer, Integer> catPos = new HashMap<>();
    private List<PairEval> records = new ArrayList<>();
    private Set<Long> processed = new HashSet<>();

    /**
     * Per-(image, category) outcome of evaluateImg for every area range: the kept detections' scores (sorted), and
     * {@code codes[d * A * T + a * T + t]} = {@link #TP}, {@link #FP} or {@link #IGNORED}; {@code npig[a]} = number of
     * non-ignored ground truths.
     */
    record PairEval(long imageId, int slot, double[] scores, byte[] codes, int[] npig) {}

    /**
     * @param params evaluation parameters; {@code catIds} must be set (all categories of the ground truth for
     *               pycocotools' default); {@code imgIds} may be null (every processed image is evaluated)
     */
    public CocoEvaluator(CocoParams params) {
        if (params.catIds() == null) throw new IllegalArgumentException("CocoParams.catIds must be set for a streaming evaluator");
        this.p = params;
        this.nT = params.iouThrs().length;
        this.nA = params.areaRng().length;
        this.slots = params.numCategorySlots();
        this.maxDetLast = params.maxDets()[params.maxDets().length - 1];
        this.thr = new double[nT];
        for (int t = 0; t < nT; t++) thr[t] = Math.min(params.iouThrs()[t], 1 - 1e-10);
        int[] c = params.catIds();
        for (int i = 0; i < c.length; i++) catPos.put(c[i], i);
    }

    /** The parameters. */
    public CocoParams params() {
        return p;
    }

    /** Forgets everything processed so far. */
    public void reset() {
        records = new ArrayList<>();
        processed = new HashSet<>();
    }

    /** Number of images processed (and not skipped by {@code imgIds}). */
    public int imageCount() {
        return processed.size();
    }

    /**
     * Evaluates one image. Images outside {@code params.imgIds} (when set) are skipped; ground truths and detections
     * of categories outside {@code params.catIds} are dropped, as pycocotools does.
     *
     * @param gt the image's ground truth (may have no annotations)
     * @param dt the image's detections, or null for none
     * @throws IllegalArgumentException when the image was already processed, ids differ, or masks / boxes needed by
     *                                  the IoU type are missing
     */
    public void process(ImageGroundTruth gt, ImageDetections dt) {
        process(gt, dt, null, null);
    }

    /**
     * As {@link #process(ImageGroundTruth, ImageDetections)}, with masks fetched on demand by index (only for pairs
     * that have both ground truths and detections, so the others are never rasterised or decoded); the records'
     * own mask arrays are then not used.
     */
    void process(ImageGroundTruth gt, ImageDetections dt, IntFunction<Rle> gtMasks, IntFunction<Rle> dtMasks) {
        long imageId = gt.imageId();
        if (dt != null && dt.imageId() != imageId) {
            throw new IllegalArgumentException("ground truth of image " + imageId + " paired with detections of image " + dt.imageId());
        }
        if (p.imgIds() != null && Arrays.binarySearch(p.imgIds(), imageId) < 0) return;
        if (!processed.add(imageId)) throw new IllegalArgumentException("image " + imageId + " was processed twice");
        if (dt == null) dt = ImageDetections.empty(imageId);
        checkInputs(gt, dt, gtMasks == null, dtMasks == null);
        final ImageGroundTruth gtF = gt;
        final ImageDetections dtF = dt;
        if (gtMasks == null) gtMasks = i -> gtF.masks()[i];
        if (dtMasks == null) dtMasks = i -> dtF.masks()[i];
        int nCat = p.catIds().length;
        int[] gOrder = bucket(gt.categoryIds(), nCat);
        int[] dOrder = bucket(dt.categoryIds(), nCat);
        int[] gStart = starts(gt.categoryIds(), gOrder, nCat);
        int[] dStart = starts(dt.categoryIds(), dOrder, nCat);
        Rle[] gtBoundary = p.iouType() == IouType.BOUNDARY ? new Rle[gt.size()] : null;
        if (p.useCats()) {
            for (int k = 0; k < nCat; k++) {
                int g0 = gStart[k], g1 = gStart[k + 1], d0 = dStart[k], d1 = dStart[k + 1];
                if (g0 == g1 && d0 == d1) continue;
                records.add(evaluatePair(imageId, k, gt, Arrays.copyOfRange(gOrder, g0, g1), dt,
                        Arrays.copyOfRange(dOrder, d0, d1), gtBoundary, gtMasks, dtMasks));
            }
        } else {
            int gn = gStart[nCat], dn = dStart[nCat];
            if (gn == 0 && dn == 0) return;
            records.add(evaluatePair(imageId, 0, gt, Arrays.copyOf(gOrder, gn), dt, Arrays.copyOf(dOrder, dn), gtBoundary,
                    gtMasks, dtMasks));
        }
    }

    private void checkInputs(ImageGroundTruth gt, ImageDetections dt, boolean gtMaskArray, boolean dtMaskArray) {
        String what = p.iouType().pycocoName();
        if (p.iouType() == IouType.BBOX) {
            if (gt.size() > 0 && gt.boxes() == null) throw new IllegalArgumentException("image " + gt.imageId() + ": ground-truth boxes are needed for bbox evaluation");
            if (dt.size() > 0 && dt.boxes() == null) throw new IllegalArgumentException("image " + gt.imageId() + ": detection boxes are needed for bbox evaluation");
        } else {
            if (gtMaskArray && gt.size() > 0 && gt.masks() == null) throw new IllegalArgumentException("image " + gt.imageId() + ": ground-truth masks are needed for " + what + " evaluation");
            if (dtMaskArray && dt.size() > 0 && dt.masks() == null) throw new IllegalArgumentException("image " + gt.imageId() + ": detection masks are needed for " + what + " evaluation");
        }
    }

    /** Indices sorted (stably) by the position of their category in catIds; unknown categories go past the end. */
    private int[] bucket(int[] cats, int nCat) {
        int n = cats.length;
        int[] count = new int[nCat + 2];
        int[] pos = new int[n];
        for (int i = 0; i < n; i++) {
            Integer q = catPos.get(cats[i]);
            pos[i] = q == null ? nCat : q;
            count[pos[i] + 1]++;
        }
        for (int i = 0; i < nCat + 1; i++) count[i + 1] += count[i];
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[count[pos[i]]++] = i;
        return out;
    }

    private int[] starts(int[] cats, int[] order, int nCat) {
        int[] s = new int[nCat + 1];
        int j = 0;
        for (int k = 0; k < nCat; k++) {
            s[k] = j;
            while (j < order.length) {
                Integer q = catPos.get(cats[order[j]]);
                if (q == null || q != k) break;
                j++;
            }
        }
        s[nCat] = j;
        return s;
    }

    private PairEval evaluatePair(long imageId, int slot, ImageGroundTruth gt, int[] gIdx, ImageDetections dt, int[] dIdx,
                                  Rle[] gtBoundary, IntFunction<Rle> gtMasks, IntFunction<Rle> dtMasks) {
        int[] ds = stableSortByScoreDesc(dIdx, dt.scores());
        int nD = Math.min(ds.length, maxDetLast);
        int nG = gIdx.length;
        double[] scores = new double[nD];
        for (int d = 0; d < nD; d++) scores[d] = dt.scores()[ds[d]];
        double[] ious = (nD > 0 && nG > 0) ? computeIou(gt, gIdx, dt, ds, nD, gtBoundary, gtMasks, dtMasks) : null;

        boolean[] crowd = new boolean[nG];
        boolean[] baseIgnore = new boolean[nG];
        long[] gIds = new long[nG];
        double[] gArea = new double[nG];
        for (int g = 0; g < nG; g++) {
            int i = gIdx[g];
            crowd[g] = gt.iscrowd()[i];
            baseIgnore[g] = crowd[g] || (p.iouType() == IouType.BOUNDARY && gt.ignore() != null && gt.ignore()[i]);
            gIds[g] = gt.ids()[i];
            gArea[g] = gt.areas()[i];
        }
        double[] dArea = new double[nD];
        for (int d = 0; d < nD; d++) dArea[d] = dt.areas()[ds[d]];

        final int nAT = nA * nT;
        byte[] codes = new byte[nAT * nD]; // detection-major: codes[d * nAT + a * nT + t]
        int[] npig = new int[nA];
        int[] gtind = new int[nG];
        boolean[] gIg = new boolean[nG];
        boolean[] gtm = new boolean[nG];
        for (int a = 0; a < nA; a++) {
            double lo = p.areaRng()[a][0], hi = p.areaRng()[a][1];
            int c = 0;
            for (int g = 0; g < nG; g++) {
                boolean ig = baseIgnore[g] || gArea[g] < lo || gArea[g] > hi;
                if (!ig) gtind[c++] = g;
            }
            npig[a] = c;
            for (int g = 0; g < nG; g++) {
                boolean ig = baseIgnore[g] || gArea[g] < lo || gArea[g] > hi;
                if (ig) gtind[c++] = g;
            }
            for (int j = 0; j < nG; j++) gIg[j] = j >= npig[a];
            for (int t = 0; t < nT; t++) {
                Arrays.fill(gtm, false);
                int at = a * nT + t;
                for (int d = 0; d < nD; d++) {
                    int m = -1;
                    if (ious != null) {
                        double iou = thr[t];
                        int row = d * nG;
                        for (int j = 0; j < nG; j++) {
                            int g = gtind[j];
                            if (gtm[j] && !crowd[g]) continue;
                            if (m > -1 && !gIg[m] && gIg[j]) break;
                            double v = ious[row + g];
                            if (v < iou) continue;
                            iou = v;
                            m = j;
                        }
                    }
                    boolean ignored;
                    boolean matched;
                    if (m == -1) {
                        matched = false;
                        ignored = dArea[d] < lo || dArea[d] > hi;
                    } else {
                        gtm[m] = true;
                        matched = gIds[gtind[m]] != 0;
                        ignored = gIg[m] || (!matched && (dArea[d] < lo || dArea[d] > hi));
                    }
                    codes[d * nAT + at] = ignored ? IGNORED : matched ? TP : FP;
                }
            }
        }
        return new PairEval(imageId, slot, scores, codes, npig);
    }

    /** IoU matrix {@code [d * nG + g]} of the first nD sorted detections against the ground truths (gIdx order). */
    private double[] computeIou(ImageGroundTruth gt, int[] gIdx, ImageDetections dt, int[] ds, int nD, Rle[] gtBoundary,
                                IntFunction<Rle> gtMasks, IntFunction<Rle> dtMasks) {
        int nG = gIdx.length;
        boolean[] crowd = new boolean[nG];
        for (int g = 0; g < nG; g++) crowd[g] = gt.iscrowd()[gIdx[g]];
        double[] out = new double[nD * nG];
        if (p.iouType() == IouType.BBOX) {
            double[] gb = gt.boxes(), db = dt.boxes();
            for (int d = 0; d < nD; d++) {
                for (int g = 0; g < nG; g++) {
                    out[d * nG + g] = Boxes.iouOne(db, ds[d] * 4, gb, gIdx[g] * 4, crowd[g]);
                }
            }
            return out;
        }
        Rle[] dm = new Rle[nD];
        Rle[] gm = new Rle[nG];
        for (int d = 0; d < nD; d++) dm[d] = dtMasks.apply(ds[d]);
        for (int g = 0; g < nG; g++) gm[g] = gtMasks.apply(gIdx[g]);
        double[][] mask = Rle.iou(dm, gm, crowd);
        if (p.iouType() == IouType.BOUNDARY) {
            Rle[] db = new Rle[nD];
            Rle[] gbd = new Rle[nG];
            for (int d = 0; d < nD; d++) db[d] = BoundaryMasks.boundary(dm[d], p.dilationRatio());
            for (int g = 0; g < nG; g++) {
                int i = gIdx[g];
                if (gtBoundary[i] == null) gtBoundary[i] = BoundaryMasks.boundary(gm[g], p.dilationRatio());
                gbd[g] = gtBoundary[i];
            }
            double[][] bnd = Rle.iou(db, gbd, crowd);
            for (int d = 0; d < nD; d++) {
                for (int g = 0; g < nG; g++) {
                    double v = mask[d][g];
                    out[d * nG + g] = crowd[g] ? v : Math.min(v, bnd[d][g]);
                }
            }
            return out;
        }
        for (int d = 0; d < nD; d++) System.arraycopy(mask[d], 0, out, d * nG, nG);
        return out;
    }

    /** accumulate() for one category slot k: fills precision[:, :, k], recall[:, k], scores[:, :, k]. */
    private void accumulateCategory(List<PairEval> recs, int k, double[] precision, double[] recall, double[] scoresOut) {
        final double[] recThrs = p.recThrs();
        final int[] maxDets = p.maxDets();
        final int nR = recThrs.length, nM = maxDets.length, K = slots;
        if (recs.isEmpty()) return;
        recs.sort((x, y) -> Long.compare(x.imageId(), y.imageId()));
        int nRec = recs.size();
        for (int m = 0; m < nM; m++) {
            int maxDet = maxDets[m];
            int nd = 0;
            for (PairEval r : recs) nd += Math.min(r.scores().length, maxDet);
            double[] sc = new double[nd];
            int[] recOf = new int[nd];
            int[] posOf = new int[nd];
            int j = 0;
            for (int ri = 0; ri < nRec; ri++) {
                PairEval r = recs.get(ri);
                int nd0 = Math.min(r.scores().length, maxDet);
                for (int d = 0; d < nd0; d++) {
                    sc[j] = r.scores()[d];
                    recOf[j] = ri;
                    posOf[j] = d;
                    j++;
                }
            }
            int[] all = new int[nd];
            for (int i = 0; i < nd; i++) all[i] = i;
            int[] order = stableSortByScoreDesc(all, sc);
            double[] sorted = new double[nd];
            for (int i = 0; i < nd; i++) sorted[i] = sc[order[i]];
            double[] rc = new double[nd];
            double[] pr = new double[nd];
            // tp/fp/ignored codes of every (area, threshold) in score order, detection-major: perm[i * nAT + a * nT + t]
            int nAT = nA * nT;
            byte[] perm = new byte[nAT * nd];
            for (int i = 0; i < nd; i++) {
                int o = order[i];
                System.arraycopy(recs.get(recOf[o]).codes(), posOf[o] * nAT, perm, i * nAT, nAT);
            }
            for (int a = 0; a < nA; a++) {
                long npigL = 0;
                for (PairEval r : recs) npigL += r.npig()[a];
                if (npigL == 0) continue;
                double npig = npigL;
                for (int t = 0; t < nT; t++) {
                    recall[((t * K + k) * nA + a) * nM + m] = precisionRow(perm, a * nT + t, nAT, nd, npig, rc, pr, sorted, recThrs,
                            precision, scoresOut, (((t * nR) * K + k) * nA + a) * nM + m, K * nA * nM);
                }
            }
        }
    }

    /**
     * One precision / scores row of accumulate() (fixed t, k, a, m): cumulative tp / fp in score order, recall,
     * precision made monotone from the end, sampled at the recall thresholds with {@code searchsorted(side='left')};
     * thresholds beyond the last recall stay 0. Returns the recall ({@code rc[-1]}, 0 without detections).
     */
    private static double precisionRow(byte[] codes, int base, int codeStride, int nd, double npig, double[] rc, double[] pr, double[] sorted,
                                       double[] recThrs, double[] precision, double[] scoresOut, int at0, int stride) {
        // tp, fp change only at TP / FP entries; ignored entries repeat the previous values (the same doubles numpy
        // computes from unchanged cumulative sums)
        double tp = 0, fp = 0, rcv = 0, prv = 0;
        for (int i = 0, c = base; i < nd; i++, c += codeStride) {
            byte code = codes[c];
            if (code == TP) {
                tp++;
                rcv = tp / npig;
                prv = tp / (fp + tp + EPS);
            } else if (code == FP) {
                fp++;
                prv = tp / (fp + tp + EPS);
            }
            rc[i] = rcv;
            pr[i] = prv;
        }
        for (int i = nd - 1; i > 0; i--) {
            if (pr[i] > pr[i - 1]) pr[i - 1] = pr[i];
        }
        int pi = 0;
        for (int ri = 0, at = at0; ri < recThrs.length; ri++, at += stride) {
            while (pi < nd && rc[pi] < recThrs[ri]) pi++;
            if (pi < nd) {
                precision[at] = pr[pi];
                scoresOut[at] = sorted[pi];
            } else {
                precision[at] = 0;
                scoresOut[at] = 0;
            }
        }
        return nd > 0 ? rc[nd - 1] : 0;
    }

    /** {@code idx} reordered by descending score, ties in input order (numpy {@code argsort(-s, kind='mergesort')}). */
    static int[] stableSortByScoreDesc(int[] idx, double[] score) {
        int n = idx.length;
        int[] a = idx.clone();
        if (n < 2) return a;
        // insertion sort for small inputs, merge sort otherwise; both stable
        if (n <= 32) {
            for (int i = 1; i < n; i++) {
                int v = a[i];
                double s = score[v];
                int j = i - 1;
                while (j >= 0 && score[a[j]] < s) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = v;
            }
            return a;
        }
        int[] b = new int[n];
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n), hi = Math.min(lo + 2 * width, n);
                int i = lo, j = mid, k = lo;
                while (i < mid && j < hi) b[k++] = score[a[j]] > score[a[i]] ? a[j++] : a[i++];
                while (i < mid) b[k++] = a[i++];
                while (j < hi) b[k++] = a[j++];
            }
            int[] tmp = a;
            a = b;
            b = tmp;
        }
        return a;
    }

    /**
     * Adds another partial state (same parameters) into this one.
     *
     * @throws IllegalArgumentException when the parameters differ or both saw the same image
     */
    public void merge(CocoEvaluator other) {
        if (!other.p.equals(p)) throw new IllegalArgumentException("cannot merge evaluators with different parameters");
        for (Long id : other.processed) {
            if (!processed.add(id)) throw new IllegalArgumentException("image " + id + " was processed by both evaluators");
        }
        records.addAll(other.records);
    }

    /**
     * Accumulates ({@code COCOeval.accumulate()}) and summarizes everything processed so far. Does not change the
     * state: more images may be processed and evaluate() called again.
     */
    public CocoResult evaluate() {
        final double[] recThrs = p.recThrs();
        final int[] maxDets = p.maxDets();
        final int nR = recThrs.length, nM = maxDets.length, K = slots;
        double[] precision = new double[nT * nR * K * nA * nM];
        double[] recall = new double[nT * K * nA * nM];
        double[] scoresOut = new double[precision.length];
        Arrays.fill(precision, -1);
        Arrays.fill(recall, -1);
        Arrays.fill(scoresOut, -1);

        List<List<PairEval>> byK = new ArrayList<>(K);
        for (int k = 0; k < K; k++) byK.add(new ArrayList<>());
        for (PairEval r : records) byK.get(r.slot()).add(r);
        Set<Long> withData = new HashSet<>();
        for (PairEval r : records) withData.add(r.imageId());

        IntStream.range(0, K).parallel().forEach(k -> accumulateCategory(byK.get(k), k, precision, recall, scoresOut));
        int nImages = p.imgIds() != null ? p.imgIds().length : processed.size();
        return new CocoResult(p, nImages, withData.size(), precision, recall, scoresOut);
    }
}
