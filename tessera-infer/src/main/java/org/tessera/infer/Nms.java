package org.tessera.infer;

import java.util.Arrays;

/**
 * Greedy non-maximum suppression on raw float boxes (the YOLO hot path, before any {@link org.tessera.core.instances.Instances}
 * exists; {@code Instances.nms} is the same rule on instances) with torchvision's semantics ({@code torchvision.ops.nms} / {@code batched_nms}):
 * boxes are visited by decreasing score (ties by index); a box is dropped when its IoU with an already kept box
 * (of the same class unless class-agnostic) is strictly greater than the threshold. IoU uses areas
 * {@code (x2 - x1) * (y2 - y1)} in float, as torchvision's CPU kernel.
 */
final class Nms {
    private Nms() {}

    /**
     * @param boxes   {@code [x1, y1, x2, y2]} per box, 4 floats each
     * @param scores  one score per box
     * @param classes class per box, or null for class-agnostic suppression
     * @param n       number of boxes
     * @param maxKeep stop after this many kept boxes (the result equals torchvision's output truncated to it)
     * @return indices of kept boxes, by decreasing score
     */
    static int[] run(float[] boxes, float[] scores, int[] classes, int n, float iouThreshold, int maxKeep) {
        int[] order = orderByScore(scores, n);
        int[] kept = new int[Math.min(n, Math.max(0, maxKeep))];
        int k = 0;
        float[] area = new float[n];
        for (int i = 0; i < n; i++) area[i] = (boxes[4 * i + 2] - boxes[4 * i]) * (boxes[4 * i + 3] - boxes[4 * i + 1]);
        for (int oi = 0; oi < n && k < kept.length; oi++) {
            int i = order[oi];
            float ax1 = boxes[4 * i], ay1 = boxes[4 * i + 1], ax2 = boxes[4 * i + 2], ay2 = boxes[4 * i + 3];
            boolean keep = true;
            for (int q = 0; q < k; q++) {
                int j = kept[q];
                if (classes != null && classes[j] != classes[i]) continue;
                float w = Math.max(0f, Math.min(ax2, boxes[4 * j + 2]) - Math.max(ax1, boxes[4 * j]));
                float h = Math.max(0f, Math.min(ay2, boxes[4 * j + 3]) - Math.max(ay1, boxes[4 * j + 1]));
                float inter = w * h;
                float iou = inter / (area[i] + area[j] - inter);
                if (iou > iouThreshold) {
                    keep = false;
                    break;
                }
            }
            if (keep) kept[k++] = i;
        }
        return Arrays.copyOf(kept, k);
    }

    /** Indices 0..n-1 sorted by decreasing score, ties by increasing index, without boxing. */
    static int[] orderByScore(float[] scores, int n) {
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            int bits = Float.floatToIntBits(scores[i]);
            int sortable = bits ^ ((bits >> 31) & 0x7fffffff); // monotone in the float value
            keys[i] = ((long) ~sortable << 32) | i;            // ~ reverses the order: high scores first
        }
        Arrays.sort(keys);
        int[] r = new int[n];
        for (int i = 0; i < n; i++) r[i] = (int) keys[i];
        return r;
    }
}
