package org.tessera.infer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tessera.core.label.LabelMap;
import org.tessera.core.mask.Rle;
import org.tessera.core.panoptic.PanopticMap;

/**
 * Fuses instance detections (things) and a semantic label map (stuff) into a panoptic map, as Detectron2's
 * {@code combine_semantic_and_instance_outputs}: instances by decreasing score, stopping below
 * {@code instanceScoreThreshold}; an instance whose mask overlaps already assigned pixels by more than
 * {@code overlapThreshold} of its area is dropped, otherwise it takes its still free pixels; then each stuff label
 * (in increasing label order) takes its free pixels when they number at least {@code stuffAreaLimit}. Segment ids
 * are 1, 2, ... in creation order; 0 is VOID.
 *
 * <p>Category mapping: a thing's category is {@code thingCategories.get(classId)} (instances whose class is not in
 * the map are skipped) ; a stuff label's category is {@code stuffCategories.get(label)} (labels not in the map —
 * e.g. background — are skipped, as Detectron2 skips label 0).
 */
public final class PanopticFusion {
    private PanopticFusion() {}

    /**
     * Fusion parameters (Detectron2 defaults: overlap 0.5, stuff area 4096, instance score 0.5).
     *
     * @param thingCategories model class id to panoptic category id
     * @param stuffCategories semantic label to panoptic category id
     */
    public record Settings(double overlapThreshold, long stuffAreaLimit, double instanceScoreThreshold,
                           Map<Integer, Integer> thingCategories, Map<Integer, Integer> stuffCategories) {
        public Settings {
            thingCategories = Map.copyOf(thingCategories);
            stuffCategories = Map.copyOf(stuffCategories);
        }
    }

    /**
     * @param detections things, any order (sorted here by decreasing score, stable)
     * @param stuff      a label map of the same size, or null for things only
     */
    public static PanopticMap fuse(List<Detection> detections, LabelMap stuff, int width, int height, Settings s) {
        if (stuff != null && (stuff.width() != width || stuff.height() != height)) {
            throw new IllegalArgumentException("stuff label map is " + stuff.width() + "x" + stuff.height() + ", image is " + width + "x" + height);
        }
        int[] ids = new int[width * height];
        List<PanopticMap.Segment> segs = new ArrayList<>();
        float[] sc = new float[detections.size()];
        for (int i = 0; i < sc.length; i++) sc[i] = detections.get(i).score();
        int next = 0;
        for (int di : Nms.orderByScore(sc, sc.length)) {
            Detection d = detections.get(di);
            if (d.score() < s.instanceScoreThreshold()) break;
            Integer cat = s.thingCategories().get(d.classId());
            if (cat == null) continue;
            Rle m = d.mask();
            if (m.height() != height || m.width() != width) {
                throw new IllegalArgumentException("detection " + di + " mask is " + m.width() + "x" + m.height() + ", image is " + width + "x" + height);
            }
            long area = m.area();
            if (area == 0) continue;
            // walk the runs (column-major) to count the overlap
            int[] cnt = m.countsView();
            long inter = 0;
            int p = 0;
            for (int k = 0; k < cnt.length; k++) {
                if ((k & 1) == 1) for (int q = p; q < p + cnt[k]; q++) if (ids[rowMajor(q, height, width)] != 0) inter++;
                p += cnt[k];
            }
            if ((double) inter / area > s.overlapThreshold()) continue;
            int id = ++next;
            long got = 0;
            double[] box = {Double.MAX_VALUE, Double.MAX_VALUE, -1, -1};
            p = 0;
            for (int k = 0; k < cnt.length; k++) {
                if ((k & 1) == 1) {
                    for (int q = p; q < p + cnt[k]; q++) {
                        int r = rowMajor(q, height, width);
                        if (ids[r] == 0) {
                            ids[r] = id;
                            got++;
                            grow(box, q / height, q % height);
                        }
                    }
                }
                p += cnt[k];
            }
            segs.add(new PanopticMap.Segment(id, cat, false, got, bbox(box)));
        }
        if (stuff != null) {
            short[] lab = stuff.data();
            int max = 0;
            for (short v : lab) max = Math.max(max, v & 0xFFFF);
            long[] free = new long[max + 1];
            for (int i = 0; i < lab.length; i++) if (ids[i] == 0) free[lab[i] & 0xFFFF]++;
            int[] idOf = new int[max + 1];
            for (int l = 0; l <= max; l++) {
                Integer cat = s.stuffCategories().get(l);
                if (cat == null || free[l] == 0 || free[l] < s.stuffAreaLimit()) continue;
                idOf[l] = ++next;
            }
            double[][] boxes = new double[max + 1][];
            for (int i = 0; i < lab.length; i++) {
                int l = lab[i] & 0xFFFF;
                if (ids[i] == 0 && idOf[l] != 0) {
                    ids[i] = idOf[l];
                    if (boxes[l] == null) boxes[l] = new double[] {Double.MAX_VALUE, Double.MAX_VALUE, -1, -1};
                    grow(boxes[l], i % width, i / width);
                }
            }
            for (int l = 0; l <= max; l++) {
                if (idOf[l] != 0) segs.add(new PanopticMap.Segment(idOf[l], s.stuffCategories().get(l), false, free[l], bbox(boxes[l])));
            }
        }
        return new PanopticMap(width, height, ids, segs);
    }

    private static int rowMajor(int colMajor, int h, int w) {
        return (colMajor % h) * w + colMajor / h;
    }

    private static void grow(double[] b, int x, int y) {
        if (x < b[0]) b[0] = x;
        if (y < b[1]) b[1] = y;
        if (x > b[2]) b[2] = x;
        if (y > b[3]) b[3] = y;
    }

    private static double[] bbox(double[] b) {
        if (b[2] < 0) return new double[] {0, 0, 0, 0};
        return new double[] {b[0], b[1], b[2] - b[0] + 1, b[3] - b[1] + 1};
    }
}
