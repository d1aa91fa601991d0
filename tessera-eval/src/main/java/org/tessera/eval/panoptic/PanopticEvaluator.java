package org.tessera.eval.panoptic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.tessera.core.panoptic.PanopticMap;
import org.tessera.core.panoptic.PanopticMap.Segment;

/**
 * Streaming panoptic quality (PQ / SQ / RQ), an exact port of panopticapi's {@code pq_compute} /
 * {@code pq_compute_single_core} (cocodataset/panopticapi, evaluation.py). Protocol: {@link #reset}, then
 * {@link #add} one image pair at a time (or {@link #evaluateImage} + {@link #accumulate} to evaluate in parallel and
 * fold in image order), {@link #merge} partial states, {@link #compute}.
 *
 * <p>Per image, with areas in pixels and segment id 0 = VOID:
 * <ul>
 *   <li>prediction areas are counted in the prediction map; GT areas are the {@code area} of the GT segments
 *       (as panopticapi, which reads them from the GT JSON);</li>
 *   <li>a GT segment g and a predicted segment p match iff g is not crowd, their categories are equal and
 *       IoU = |g ∩ p| / (|p| + |g| - |g ∩ p| - |p ∩ VOID|) &gt; 0.5 (prediction pixels on GT VOID are left out of
 *       the union);</li>
 *   <li>unmatched non-crowd GT segments are FN (also those absent from the map);</li>
 *   <li>an unmatched predicted segment is FP unless more than half of its pixels lie on GT VOID or on the crowd
 *       segment of its category (the last crowd segment of that category in segments order, as panopticapi);</li>
 *   <li>GT pixels whose id is not a GT segment take part in nothing (neither VOID nor a segment);</li>
 *   <li>a GT segment whose category is not in the category list is not checked (as panopticapi): it can match
 *       nothing and its FN is not reported.</li>
 * </ul>
 * Checks (as panopticapi, with clearer messages, thrown as {@link PanopticInputException}): a non-zero id in the
 * prediction map without a prediction segment, a prediction segment absent from the map, a prediction segment whose
 * category is not in the category list, GT and prediction maps of different sizes.
 *
 * <p>Not thread-safe; {@link #evaluateImage} is (call it from several threads, then {@link #accumulate} in order).
 */
public final class PanopticEvaluator {
    private final List<PanopticCategory> categories;
    private final Map<Integer, Integer> categoryIndex = new HashMap<>();
    private final PanopticStats stats;
    private final ThreadLocal<PairCounter> counters = ThreadLocal.withInitial(PairCounter::new);
    private final boolean rejectSegmentIdZero;

    /** An evaluator over these categories (the GT JSON's category list, in its order), with panopticapi's behaviour. */
    public PanopticEvaluator(List<PanopticCategory> categories) {
        this(categories, false);
    }

    /**
     * An evaluator over these categories.
     *
     * @param rejectSegmentIdZero if true, a segment with id 0 in GT or prediction segments is an error. panopticapi
     *                            (the default, false) evaluates such a segment like any other, while its pixels are
     *                            at the same time VOID (id 0): the prediction segment is excused on GT VOID, a GT
     *                            segment 0 both counts and shrinks unions (see facebookresearch/detr#442).
     */
    public PanopticEvaluator(List<PanopticCategory> categories, boolean rejectSegmentIdZero) {
        this.rejectSegmentIdZero = rejectSegmentIdZero;
        this.categories = List.copyOf(categories);
        for (int i = 0; i < this.categories.size(); i++) {
            PanopticCategory c = this.categories.get(i);
            // panopticapi builds {id: category}: a repeated id keeps the last entry but the first position
            Integer prev = categoryIndex.put(c.id(), i);
            if (prev != null) throw new IllegalArgumentException("category id " + c.id() + " is listed twice");
        }
        stats = new PanopticStats(this.categories.size());
    }

    public List<PanopticCategory> categories() {
        return categories;
    }

    /** Forgets all accumulated images. */
    public void reset() {
        stats.clear();
    }

    /** Evaluates one image pair and adds it to the state. */
    public void add(String imageId, PanopticMap gt, PanopticMap pred) {
        accumulate(evaluateImage(imageId, gt, pred));
    }

    /** Adds a result of {@link #evaluateImage} (results must be added in image order for bit-exact IoU sums). */
    public void accumulate(PanopticImageResult r) {
        if (r.tp().length != categories.size()) throw new IllegalArgumentException("result of another category list");
        stats.accumulate(r);
    }

    /** Adds a partial state (from another evaluator over the same categories). */
    public void merge(PanopticStats partial) {
        stats.merge(partial);
    }

    /** A copy of the current state, for merging elsewhere. */
    public PanopticStats state() {
        return stats.copy();
    }

    /**
     * Evaluates one image pair without touching the state (thread-safe). {@code gt.segments()} and
     * {@code pred.segments()} are the segments_info of the image; a repeated segment id keeps its first position and
     * its last description (a Python dict built from the list).
     *
     * @param imageId names the image in error messages and the result
     */
    public PanopticImageResult evaluateImage(String imageId, PanopticMap gt, PanopticMap pred) {
        if (gt.width() != pred.width() || gt.height() != pred.height()) {
            throw new PanopticInputException("image " + imageId + ": GT map is " + gt.width() + "x" + gt.height()
                    + " but the prediction map is " + pred.width() + "x" + pred.height());
        }
        int nc = categories.size();
        int[] tp = new int[nc], fp = new int[nc], fn = new int[nc];
        LinkedHashMap<Integer, Segment> gtSegs = bySegmentId(gt.segments());
        LinkedHashMap<Integer, Segment> predSegs = bySegmentId(pred.segments());
        if (rejectSegmentIdZero && (gtSegs.containsKey(0) || predSegs.containsKey(0))) {
            throw new PanopticInputException("image " + imageId + ": " + (gtSegs.containsKey(0) ? "GT" : "prediction")
                    + " segments_info lists id 0, which is VOID in the PNG");
        }

        PairCounter counter = counters.get();
        counter.clear();
        counter.countPairs(gt.data(), pred.data());
        long[][] pairs = counter.sortedPairs();
        long[] keys = pairs[0], counts = pairs[1];

        // prediction areas (np.unique over the prediction map, ascending id) + sanity checks
        HashMap<Integer, Long> predArea = new HashMap<>();
        for (int k = 0; k < keys.length; k++) predArea.merge((int) keys[k], counts[k], Long::sum);
        TreeSet<Long> predLabels = new TreeSet<>();
        for (int id : predArea.keySet()) predLabels.add(id & 0xFFFFFFFFL);
        TreeSet<Long> notInPng = new TreeSet<>();
        for (int id : predSegs.keySet()) notInPng.add(id & 0xFFFFFFFFL);
        for (long label : predLabels) {
            Segment s = predSegs.get((int) label);
            if (s == null) {
                if (label == 0) continue;
                throw new PanopticInputException("image " + imageId + ": segment id " + label
                        + " is in the prediction PNG but not in the prediction JSON segments_info");
            }
            notInPng.remove(label);
            if (!categoryIndex.containsKey(s.categoryId())) {
                throw new PanopticInputException("image " + imageId + ": prediction segment " + label
                        + " has unknown category_id " + s.categoryId());
            }
        }
        if (!notInPng.isEmpty()) {
            throw new PanopticInputException("image " + imageId + ": prediction JSON segments " + notInPng
                    + " are not in the prediction PNG");
        }

        // matches, in np.unique order of gt * OFFSET + pred
        HashMap<Integer, Boolean> gtMatched = new HashMap<>();
        HashMap<Integer, Boolean> predMatched = new HashMap<>();
        int[] mc = new int[Math.min(keys.length, 64)];
        double[] mi = new double[mc.length];
        int m = 0;
        for (int k = 0; k < keys.length; k++) {
            int g = (int) (keys[k] >>> 32), p = (int) keys[k];
            Segment gs = gtSegs.get(g);
            if (gs == null) continue;
            Segment ps = predSegs.get(p);
            if (ps == null) continue;
            if (gs.iscrowd()) continue;
            if (gs.categoryId() != ps.categoryId()) continue;
            long inter = counts[k];
            long union = predArea.get(p) + gs.area() - inter - counter.get(0, p);
            double iou = (double) inter / (double) union;
            if (iou > 0.5) {
                int c = categoryIndex.get(gs.categoryId()); // equal to the (checked) prediction category
                tp[c]++;
                if (m == mc.length) {
                    mc = Arrays.copyOf(mc, m * 2);
                    mi = Arrays.copyOf(mi, m * 2);
                }
                mc[m] = c;
                mi[m++] = iou;
                gtMatched.put(g, Boolean.TRUE);
                predMatched.put(p, Boolean.TRUE);
            }
        }

        // false negatives; remember the (last) crowd segment per category
        HashMap<Integer, Integer> crowdByCategory = new HashMap<>();
        for (Segment gs : gtSegs.values()) {
            if (gtMatched.containsKey(gs.id())) continue;
            if (gs.iscrowd()) {
                crowdByCategory.put(gs.categoryId(), gs.id());
                continue;
            }
            Integer c = categoryIndex.get(gs.categoryId());
            if (c != null) fn[c]++; // panopticapi counts it under a category no average reads

        }

        // false positives
        for (Segment ps : predSegs.values()) {
            if (predMatched.containsKey(ps.id())) continue;
            long inter = counter.get(0, ps.id());
            Integer crowd = crowdByCategory.get(ps.categoryId());
            if (crowd != null) inter += counter.get(crowd, ps.id());
            long area = predArea.get(ps.id());
            if ((double) inter / (double) area > 0.5) continue;
            fp[categoryIndex.get(ps.categoryId())]++;
        }
        return new PanopticImageResult(imageId, tp, fp, fn, Arrays.copyOf(mc, m), Arrays.copyOf(mi, m));
    }

    private static LinkedHashMap<Integer, Segment> bySegmentId(List<Segment> segs) {
        LinkedHashMap<Integer, Segment> m = new LinkedHashMap<>();
        for (Segment s : segs) m.put(s.id(), s);
        return m;
    }

    /** PQ / SQ / RQ from the current state (panopticapi's {@code pq_average} for All, Things, Stuff). */
    public PanopticResult compute() {
        return compute(categories, stats);
    }

    /** PQ / SQ / RQ of a state over these categories. */
    public static PanopticResult compute(List<PanopticCategory> categories, PanopticStats s) {
        List<PanopticResult.PerClass> per = new ArrayList<>(categories.size());
        for (int i = 0; i < categories.size(); i++) {
            PanopticCategory c = categories.get(i);
            long tp = s.tp[i], fp = s.fp[i], fn = s.fn[i];
            double iou = s.iou[i];
            if (tp + fp + fn == 0) {
                per.add(new PanopticResult.PerClass(c.id(), c.name(), c.isThing(), 0.0, 0.0, 0.0, 0, 0, 0, iou, false));
                continue;
            }
            double denom = tp + 0.5 * fp + 0.5 * fn;
            double pq = iou / denom;
            double sq = tp != 0 ? iou / tp : 0.0;
            double rq = tp / denom;
            per.add(new PanopticResult.PerClass(c.id(), c.name(), c.isThing(), pq, sq, rq, tp, fp, fn, iou, true));
        }
        return new PanopticResult(average(per, null), average(per, Boolean.TRUE), average(per, Boolean.FALSE),
                List.copyOf(per), s.images);
    }

    private static PanopticResult.Summary average(List<PanopticResult.PerClass> per, Boolean isThing) {
        double pq = 0, sq = 0, rq = 0;
        int n = 0;
        for (PanopticResult.PerClass c : per) {
            if (isThing != null && c.isThing() != isThing) continue;
            if (!c.counted()) continue;
            n++;
            pq += c.pq();
            sq += c.sq();
            rq += c.rq();
        }
        return new PanopticResult.Summary(pq / n, sq / n, rq / n, n);
    }
}
