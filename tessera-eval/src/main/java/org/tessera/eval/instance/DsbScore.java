package org.tessera.eval.instance;

import java.util.HashMap;
import java.util.Map;

/**
 * The Kaggle Data Science Bowl 2018 score of one image (the competition's evaluation page): the mean over the IoU
 * thresholds t = 0.50, 0.55, ..., 0.95 of TP(t) / (TP(t) + FP(t) + FN(t)), where a predicted object and a true
 * object match when their IoU is strictly greater than t (above 0.5 a match is necessarily one-to-one). An image with
 * neither true nor predicted objects scores 1 at every threshold; the data-set score is the mean over images.
 *
 * <p>Objects are given as id maps of the same length (row-major pixels): 0 = background, every other value one
 * object; ids need not be consecutive. One pass over the pixels plus one entry per overlapping (true, predicted)
 * pair.
 */
public final class DsbScore {
    /** The ten IoU thresholds 0.50, 0.55, ..., 0.95. */
    public static final int THRESHOLDS = 10;

    private DsbScore() {
    }

    /** The threshold of index {@code k} (0..9): {@code 0.5 + 0.05 k}. */
    public static double threshold(int k) {
        return 0.5 + 0.05 * k;
    }

    /**
     * The score of one image.
     *
     * @param truth true object ids per pixel (0 = background)
     * @param pred  predicted object ids per pixel (0 = background)
     * @throws IllegalArgumentException when the maps differ in length or hold a negative id
     */
    public static double score(int[] truth, int[] pred) {
        double[] per = perThreshold(truth, pred);
        double sum = 0;
        for (double v : per) sum += v;
        return sum / THRESHOLDS;
    }

    /** TP / (TP + FP + FN) at each of the ten thresholds (see {@link #score}). */
    public static double[] perThreshold(int[] truth, int[] pred) {
        if (truth.length != pred.length) {
            throw new IllegalArgumentException("DSB score: truth has " + truth.length + " pixels but the prediction has " + pred.length);
        }
        Map<Integer, Integer> ti = new HashMap<>(), pi = new HashMap<>();
        int[] tIdx = new int[truth.length], pIdx = new int[pred.length];
        for (int i = 0; i < truth.length; i++) {
            tIdx[i] = index(ti, truth[i], "truth");
            pIdx[i] = index(pi, pred[i], "prediction");
        }
        int nt = ti.size(), np = pi.size();
        long[] at = new long[nt], ap = new long[np];
        Map<Long, long[]> inter = new HashMap<>();
        for (int i = 0; i < truth.length; i++) {
            int a = tIdx[i], b = pIdx[i];
            if (a >= 0) at[a]++;
            if (b >= 0) ap[b]++;
            if (a >= 0 && b >= 0) inter.computeIfAbsent(((long) a << 32) | b, k -> new long[1])[0]++;
        }
        double[] ious = new double[inter.size()];
        int k = 0;
        for (Map.Entry<Long, long[]> e : inter.entrySet()) {
            int a = (int) (e.getKey() >>> 32), b = (int) (e.getKey() & 0xFFFFFFFFL);
            long in = e.getValue()[0];
            ious[k++] = in / (double) (at[a] + ap[b] - in);
        }
        double[] out = new double[THRESHOLDS];
        for (int s = 0; s < THRESHOLDS; s++) {
            double thr = threshold(s);
            int tp = 0; // IoU > 0.5 makes a match unique on both sides
            for (double v : ious) if (v > thr) tp++;
            int den = nt + np - tp; // TP + FP + FN
            out[s] = den == 0 ? 1.0 : tp / (double) den;
        }
        return out;
    }

    private static int index(Map<Integer, Integer> ids, int v, String what) {
        if (v == 0) return -1;
        if (v < 0) throw new IllegalArgumentException("DSB score: negative object id " + v + " in the " + what);
        Integer k = ids.get(v);
        if (k == null) {
            k = ids.size();
            ids.put(v, k);
        }
        return k;
    }
}
