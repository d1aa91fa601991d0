package org.tessera.classic;

import java.util.HashMap;
import java.util.Map;

/**
 * The Kaggle Data Science Bowl 2018 score of one image: the mean over IoU thresholds t = 0.50, 0.55, ..., 0.95
 * of TP / (TP + FP + FN), a predicted object matching a true object when their IoU > t. Object ids: any
 * positive int, 0 = background. Test-side reference (tessera-eval owns the metrics of record).
 */
public final class DsbMetric {
    private DsbMetric() {
    }

    public static double score(int[] truth, int[] pred) {
        if (truth.length != pred.length) {
            throw new IllegalArgumentException("size mismatch " + truth.length + " vs " + pred.length);
        }
        Map<Integer, Integer> ti = new HashMap<>(), pi = new HashMap<>();
        for (int v : truth) {
            if (v != 0) {
                ti.putIfAbsent(v, ti.size());
            }
        }
        for (int v : pred) {
            if (v != 0) {
                pi.putIfAbsent(v, pi.size());
            }
        }
        int nt = ti.size(), np = pi.size();
        long[] at = new long[nt], ap = new long[np];
        Map<Long, long[]> inter = new HashMap<>();
        for (int i = 0; i < truth.length; i++) {
            int a = truth[i] == 0 ? -1 : ti.get(truth[i]);
            int b = pred[i] == 0 ? -1 : pi.get(pred[i]);
            if (a >= 0) {
                at[a]++;
            }
            if (b >= 0) {
                ap[b]++;
            }
            if (a >= 0 && b >= 0) {
                inter.computeIfAbsent(((long) a << 32) | b, k -> new long[1])[0]++;
            }
        }
        double[][] iou = new double[nt][np];
        for (Map.Entry<Long, long[]> e : inter.entrySet()) {
            int a = (int) (e.getKey() >>> 32), b = (int) (e.getKey() & 0xFFFFFFFFL);
            long in = e.getValue()[0];
            iou[a][b] = in / (double) (at[a] + ap[b] - in);
        }
        double sum = 0;
        int steps = 0;
        for (int k = 0; k < 10; k++) {
            double t = 0.5 + 0.05 * k;
            int tp = 0;
            boolean[] predHit = new boolean[np];
            for (int a = 0; a < nt; a++) {
                for (int b = 0; b < np; b++) {
                    if (iou[a][b] > t) { // at t >= 0.5 a match is unique
                        tp++;
                        predHit[b] = true;
                        break;
                    }
                }
            }
            int fn = nt - tp, fp = 0;
            for (boolean h : predHit) {
                fp += h ? 0 : 1;
            }
            int den = tp + fp + fn;
            sum += den == 0 ? 1.0 : tp / (double) den;
            steps++;
        }
        return sum / steps;
    }
}
