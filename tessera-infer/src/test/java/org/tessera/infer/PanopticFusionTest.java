package org.tessera.infer;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tessera.core.label.LabelMap;
import org.tessera.core.mask.Rle;
import org.tessera.core.panoptic.PanopticMap;

class PanopticFusionTest {
    private static Detection det(float score, int cls, double[] box, int h, int w) {
        return new Detection(box[0], box[1], box[0] + box[2], box[1] + box[3], score, cls, "c" + cls, Rle.fromBbox(box, h, w));
    }

    @Test
    void detectron2Rules() {
        int w = 10, h = 10;
        List<Detection> d = List.of(
                det(0.6f, 0, new double[] {0, 0, 4, 4}, h, w),   // 16 px, second by score
                det(0.9f, 1, new double[] {2, 2, 4, 4}, h, w),   // 16 px, first
                det(0.8f, 0, new double[] {3, 3, 2, 2}, h, w),   // inside the first: overlap 1.0 > 0.5 -> dropped
                det(0.4f, 0, new double[] {8, 8, 2, 2}, h, w));  // below the instance score threshold
        short[] lab = new short[w * h];
        for (int y = 5; y < h; y++) for (int x = 0; x < w; x++) lab[y * w + x] = 1; // "road" in the lower half
        lab[9] = 2; // a 1-pixel stuff region at (9, 0), under the area limit
        LabelMap stuff = new LabelMap(w, h, lab, 255, null);
        PanopticFusion.Settings s = new PanopticFusion.Settings(0.5, 2, 0.5, Map.of(0, 1, 1, 3), Map.of(1, 100, 2, 200));
        PanopticMap p = PanopticFusion.fuse(d, stuff, w, h, s);
        assertEquals(3, p.segments().size());
        PanopticMap.Segment a = p.segment(1), b = p.segment(2), road = p.segment(3);
        assertEquals(3, a.categoryId());
        assertEquals(16, a.area());
        assertEquals(1, b.categoryId());
        assertEquals(16 - 4, b.area()); // the overlap with the first went to the first
        assertArrayEquals(new double[] {0, 0, 4, 4}, b.bbox());
        assertEquals(100, road.categoryId());
        assertEquals(50 - 4, road.area()); // lower half minus the first instance's 4 pixels of row 5
        assertArrayEquals(new double[] {0, 5, 10, 5}, road.bbox());
        assertEquals(1, p.get(3, 3)); // first instance
        assertEquals(2, p.get(0, 0));
        assertEquals(3, p.get(9, 9)); // the low-score instance is not placed; road takes it
        assertEquals(0, p.get(9, 0)); // stuff under the area limit stays VOID
        assertEquals(0, p.get(7, 2));
    }
}
