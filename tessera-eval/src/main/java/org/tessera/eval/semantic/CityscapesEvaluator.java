package org.tessera.eval.semantic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tessera.core.category.CityscapesLabel;
import org.tessera.core.label.LabelMap;

/**
 * Cityscapes pixel-level semantic labeling evaluation, equal to cityscapesScripts'
 * {@code evalPixelLevelSemanticLabeling.evaluateImgLists} (with {@code evalInstLevelScore = True}): GT and prediction
 * in labelIds (0..33; a prediction in trainIds can be converted with {@link #trainIdsToLabelIds}), a 34 x 34
 * confusion matrix over all pixels, IoU per evaluated class (19), iIoU from the gtFine instanceIds map (instance id =
 * labelId * 1000 + k for ids &gt; 1000; each instance's TP / FN weighted by the class's avgClassSize / instance size),
 * and the category scores. Protocol: {@link #reset}, {@link #add}, {@link #merge}, {@link #compute}.
 *
 * <p>Deviations: a GT labelId above 33 is an error (the reference's Python path reports "Unknown label"); a
 * prediction value above 33 is an error too (the reference's Cython path would index outside its matrix). Not
 * thread-safe; merge states of per-thread evaluators. If {@link #add} throws, part of that image may already be
 * counted: {@link #reset} or discard the evaluator.
 */
public final class CityscapesEvaluator {
    private static final int N = CityscapesLabels.MAX_ID + 1;

    /** The mergeable state: confusion matrix and per class / category instance sums. */
    public static final class State implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        final ConfusionMatrix matrix = new ConfusionMatrix(N);
        // indexed by labelId: tp, fn, tpWeighted, fnWeighted
        final double[] clsTp = new double[N], clsFn = new double[N], clsTpW = new double[N], clsFnW = new double[N];
        // indexed by category index
        final double[] catTp = new double[8], catFn = new double[8], catTpW = new double[8], catFnW = new double[8];

        /** Adds another state into this one. */
        public void merge(State o) {
            matrix.merge(o.matrix);
            for (int i = 0; i < N; i++) {
                clsTp[i] += o.clsTp[i];
                clsFn[i] += o.clsFn[i];
                clsTpW[i] += o.clsTpW[i];
                clsFnW[i] += o.clsFnW[i];
            }
            for (int i = 0; i < 8; i++) {
                catTp[i] += o.catTp[i];
                catFn[i] += o.catFn[i];
                catTpW[i] += o.catTpW[i];
                catFnW[i] += o.catFnW[i];
            }
        }
    }

    private State state = new State();
    private final int[] rowOffsets;
    private final boolean[] instClass = new boolean[N];     // hasInstances && !ignoreInEval
    private final int[] instCategory = new int[8];          // category index -> 1 if all its labels have instances
    private final long[] instCategoryMask = new long[8];    // bit set of labelIds of an instance category
    private final int[] categoryOf = new int[N];
    // per-image scratch, by instance id
    private int[] instSize, instTp, instCatTp;

    public CityscapesEvaluator() {
        int[] table = new int[65536];
        Arrays.fill(table, ConfusionMatrix.OUT_OF_RANGE);
        for (int v = 0; v < N; v++) table[v] = v;
        rowOffsets = state.matrix.rowOffsets(table);
        for (CityscapesLabel l : CityscapesLabel.all()) {
            if (l.id() < 0) continue;
            instClass[l.id()] = l.hasInstances() && !l.ignoreInEval();
            categoryOf[l.id()] = CityscapesLabels.CATEGORIES.indexOf(l.category());
        }
        for (int c = 0; c < 8; c++) {
            boolean all = true;
            long mask = 0;
            for (CityscapesLabel l : CityscapesLabel.all()) {
                if (!l.category().equals(CityscapesLabels.CATEGORIES.get(c)) || l.id() < 0) continue;
                if (!l.hasInstances()) {
                    all = false;
                    break;
                }
                mask |= 1L << l.id();
            }
            instCategory[c] = all ? 1 : 0;
            instCategoryMask[c] = all ? mask : 0;
        }
    }

    /** Forgets everything accumulated. */
    public void reset() {
        state = new State();
    }

    /**
     * Adds one image: GT labelIds, prediction labelIds, and the GT instanceIds map (or null to skip iIoU, whose scores
     * then stay empty).
     *
     * @param name names the image in error messages
     */
    public void add(String name, LabelMap gtLabelIds, LabelMap predLabelIds, LabelMap gtInstanceIds) {
        if (gtLabelIds.width() != predLabelIds.width() || gtLabelIds.height() != predLabelIds.height()) {
            throw new IllegalArgumentException(name + ": GT is " + gtLabelIds.width() + "x" + gtLabelIds.height()
                    + " but the prediction is " + predLabelIds.width() + "x" + predLabelIds.height());
        }
        short[] gt = gtLabelIds.data(), pred = predLabelIds.data();
        long before = state.matrix.outOfRangeGtPixels();
        int bad = state.matrix.add(gt, pred, 0, gt.length, rowOffsets);
        if (state.matrix.outOfRangeGtPixels() != before) {
            for (short s : gt) {
                if ((s & 0xFFFF) >= N) throw new IllegalArgumentException(name + ": unknown GT labelId " + (s & 0xFFFF) + " (0..33)");
            }
        }
        if (bad >= 0) throw new IllegalArgumentException(name + ": prediction value " + bad + " is not a Cityscapes labelId (0..33)");
        if (gtInstanceIds == null) return;
        if (gtInstanceIds.width() != gtLabelIds.width() || gtInstanceIds.height() != gtLabelIds.height()) {
            throw new IllegalArgumentException(name + ": instanceIds map is " + gtInstanceIds.width() + "x"
                    + gtInstanceIds.height() + " but the labelIds map is " + gtLabelIds.width() + "x" + gtLabelIds.height());
        }
        addInstances(name, gtInstanceIds.data(), pred);
    }

    private void addInstances(String name, short[] inst, short[] pred) {
        if (instSize == null) {
            instSize = new int[65536];
            instTp = new int[65536];
            instCatTp = new int[65536];
        }
        int[] touched = new int[64];
        int nt = 0;
        for (int i = 0; i < inst.length; i++) {
            int id = inst[i] & 0xFFFF;
            if (id <= 1000) continue;
            if (instSize[id]++ == 0) {
                if (nt == touched.length) touched = Arrays.copyOf(touched, nt * 2);
                touched[nt++] = id;
            }
            int label = id / 1000;
            int p = pred[i] & 0xFFFF;
            if (p == label) instTp[id]++;
            if (label < N && p < 64 && (instCategoryMask[categoryOf[label]] & (1L << p)) != 0) instCatTp[id]++;
        }
        Arrays.sort(touched, 0, nt);
        try {
            for (int k = 0; k < nt; k++) {
                int id = touched[k];
                int labelId = id / 1000;
                CityscapesLabel label = CityscapesLabels.byId(labelId);
                if (label == null) throw new IllegalArgumentException(name + ": instance id " + id + " has unknown labelId " + labelId);
                if (label.ignoreInEval()) continue;
                if (!instClass[labelId]) {
                    throw new IllegalArgumentException(name + ": instance id " + id + " belongs to '" + label.name()
                            + "', a class without instances");
                }
                int size = instSize[id];
                int tp = instTp[id];
                int fn = size - tp;
                double weight = CityscapesLabels.avgClassSize(label.name()) / (double) size;
                state.clsTp[labelId] += tp;
                state.clsFn[labelId] += fn;
                state.clsTpW[labelId] += tp * weight;
                state.clsFnW[labelId] += fn * weight;
                int cat = categoryOf[labelId];
                if (instCategory[cat] == 1) {
                    int ctp = instCatTp[id];
                    int cfn = size - ctp;
                    state.catTp[cat] += ctp;
                    state.catFn[cat] += cfn;
                    state.catTpW[cat] += ctp * weight;
                    state.catFnW[cat] += cfn * weight;
                }
            }
        } finally {
            for (int k = 0; k < nt; k++) {
                instSize[touched[k]] = 0;
                instTp[touched[k]] = 0;
                instCatTp[touched[k]] = 0;
            }
        }
    }

    /** Adds a partial state. */
    public void merge(State partial) {
        state.merge(partial);
    }

    /** A copy of the current state. */
    public State state() {
        State s = new State();
        s.merge(state);
        return s;
    }

    /**
     * Converts a trainId map (0..18, 255) to labelIds as cityscapesScripts' {@code trainId2label} (255 -> 0); other
     * values are an error.
     */
    public static LabelMap trainIdsToLabelIds(String name, LabelMap trainIds) {
        short[] src = trainIds.data();
        short[] dst = new short[src.length];
        int[] lut = new int[65536];
        Arrays.fill(lut, -1);
        for (CityscapesLabel l : CityscapesLabel.all()) {
            if (l.trainId() >= 0 && lut[l.trainId()] < 0) lut[l.trainId()] = l.id();
        }
        for (int i = 0; i < src.length; i++) {
            int v = lut[src[i] & 0xFFFF];
            if (v < 0) throw new IllegalArgumentException(name + ": value " + (src[i] & 0xFFFF) + " is not a Cityscapes trainId");
            dst[i] = (short) v;
        }
        return new LabelMap(trainIds.width(), trainIds.height(), dst, 0, trainIds.palette());
    }

    /** The scores of the current state. */
    public CityscapesResult compute() {
        long[] cm = state.matrix.toArray();
        List<Integer> evalLabels = new ArrayList<>();
        for (int i = 0; i < N; i++) evalLabels.add(i);
        Map<String, Double> cls = new LinkedHashMap<>(), clsInst = new LinkedHashMap<>(), priors = new LinkedHashMap<>();
        long total = 0;
        for (long v : cm) total += v;
        for (int l : evalLabels) {
            CityscapesLabel lab = CityscapesLabels.byId(l);
            long row = rowSum(cm, l);
            priors.put(lab.name(), (double) row / total);
            if (lab.ignoreInEval()) {
                cls.put(lab.name(), null);
                clsInst.put(lab.name(), null);
                continue;
            }
            long tp = cm[l * N + l];
            long fn = row - tp;
            long fp = 0;
            for (int r : evalLabels) if (r != l && !CityscapesLabels.byId(r).ignoreInEval()) fp += cm[r * N + l];
            long denom = tp + fp + fn;
            cls.put(lab.name(), denom == 0 ? null : (double) tp / denom);
            if (!instClass[l]) {
                clsInst.put(lab.name(), null);
            } else {
                double d = state.clsTpW[l] + fp + state.clsFnW[l];
                clsInst.put(lab.name(), d == 0 ? null : state.clsTpW[l] / d);
            }
        }
        Map<String, Double> cat = new LinkedHashMap<>(), catInst = new LinkedHashMap<>();
        for (int c = 0; c < CityscapesLabels.CATEGORIES.size(); c++) {
            String name = CityscapesLabels.CATEGORIES.get(c);
            List<Integer> ids = new ArrayList<>();
            for (CityscapesLabel l : CityscapesLabel.all()) {
                if (l.category().equals(name) && !l.ignoreInEval() && l.id() >= 0) ids.add(l.id());
            }
            List<Integer> others = new ArrayList<>();
            for (int r : evalLabels) {
                CityscapesLabel lr = CityscapesLabels.byId(r);
                if (!lr.ignoreInEval() && !lr.category().equals(name)) others.add(r);
            }
            if (ids.isEmpty()) {
                cat.put(name, null);
            } else {
                long tp = 0, rows = 0;
                for (int a : ids) {
                    rows += rowSum(cm, a);
                    for (int b : ids) tp += cm[a * N + b];
                }
                long fn = rows - tp;
                long fp = 0;
                for (int r : others) for (int b : ids) fp += cm[r * N + b];
                long denom = tp + fp + fn;
                cat.put(name, denom == 0 ? null : (double) tp / denom);
            }
            if (instCategory[c] == 0) {
                catInst.put(name, null);
            } else {
                long fp = 0;
                for (int r : others) {
                    for (int b = 0; b < N; b++) if ((instCategoryMask[c] & (1L << b)) != 0) fp += cm[r * N + b];
                }
                double d = state.catTpW[c] + fp + state.catFnW[c];
                catInst.put(name, d == 0 ? null : state.catTpW[c] / d);
            }
        }
        return new CityscapesResult(Collections.unmodifiableMap(cls), Collections.unmodifiableMap(clsInst),
                Collections.unmodifiableMap(cat), Collections.unmodifiableMap(catInst), mean(cls), mean(clsInst),
                mean(cat), mean(catInst), Collections.unmodifiableMap(priors), state.matrix.toRows());
    }

    private static long rowSum(long[] cm, int r) {
        long s = 0;
        for (int c = 0; c < N; c++) s += cm[r * N + c];
        return s;
    }

    private static double mean(Map<String, Double> m) {
        double s = 0;
        int n = 0;
        for (Double v : m.values()) {
            if (v != null) {
                s += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }
}
