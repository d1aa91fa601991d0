package org.tessera.core.instances;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link CenterGrouping} on hand-made maps (the round trip of real DSB 2018 targets through the grouping is tested
 * in tessera-train's {@code CenterTargetsTest}, where the targets are made).
 */
class CenterGroupingTest {
    @Test
    void handMadeMaps() {
        // 8x6 canvas, centres at (row 1, col 1) heat 0.9 and (row 4, col 6) heat 0.8; (1, 3) with 0.3 is not a
        // peak while its neighbour (1, 2) holds 0.5
        int w = 8, h = 6, n = w * h;
        float[] heat = new float[n];
        heat[1 * w + 1] = 0.9f;
        heat[1 * w + 2] = 0.5f; // neighbour, not a peak
        heat[1 * w + 3] = 0.3f;
        heat[4 * w + 6] = 0.8f;
        heat[5 * w + 0] = 0.05f; // below threshold
        CenterGrouping.Centers c3 = CenterGrouping.findCenters(heat, w, h, new CenterGrouping.Options(0.1, 3, 10, 0));
        assertArrayEquals(new int[] {1, 4}, c3.y());
        assertArrayEquals(new int[] {1, 6}, c3.x());
        heat[1 * w + 2] = 0.2f; // now (1,3) with 0.3 is a local max in a 3x3 window
        CenterGrouping.Centers c = CenterGrouping.findCenters(heat, w, h, new CenterGrouping.Options(0.1, 3, 10, 0));
        assertArrayEquals(new int[] {1, 4, 1}, c.y());
        assertArrayEquals(new int[] {1, 6, 3}, c.x());
        assertArrayEquals(new float[] {0.9f, 0.8f, 0.3f}, c.score());
        assertEquals(2, CenterGrouping.findCenters(heat, w, h, new CenterGrouping.Options(0.1, 5, 10, 0)).size());
        assertEquals(1, CenterGrouping.findCenters(heat, w, h, new CenterGrouping.Options(0.1, 3, 1, 0)).size());
        // plateau: two equal neighbours -> the first in raster order only
        float[] flat = new float[n];
        flat[2 * w + 2] = 0.7f;
        flat[2 * w + 3] = 0.7f;
        CenterGrouping.Centers cf = CenterGrouping.findCenters(flat, w, h, new CenterGrouping.Options(0.1, 3, 10, 0));
        assertArrayEquals(new int[] {2}, cf.x());

        // grouping with the two strong centres (window 5): left half pixels point at (1,1), right half at (4,6)
        CenterGrouping.Options o = new CenterGrouping.Options(0.1, 5, 10, 2);
        float[] off = new float[2 * n];
        float[] probs = new float[2 * n];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                boolean fg = x != 4; // column 4 is background
                probs[(fg ? n : 0) + p] = fg ? 0.8f : 1f;
                if (fg && x < 4) { off[p] = 1 - y; off[n + p] = 1 - x; }
                if (fg && x > 4) { off[p] = 4 - y + 0.4f; off[n + p] = 6 - x - 0.4f; }
            }
        }
        CenterGrouping.Result r = CenterGrouping.group(probs, 2, heat, off, w, h, new boolean[] {false, true}, o);
        Instances in = r.instances();
        assertEquals(2, in.size());
        assertEquals(24, in.mask(0).area()); // columns 0..3
        assertEquals(18, in.mask(1).area()); // columns 5..7
        assertArrayEquals(new double[] {0, 0, 4, 6}, in.box(0));
        assertArrayEquals(new double[] {5, 0, 3, 6}, in.box(1));
        assertEquals(1, in.categoryId(0));
        assertEquals(0.8 * 0.9, in.score(0), 1e-6);
        assertEquals(0.8 * 0.8, in.score(1), 1e-6);
        assertEquals(1, r.instanceId()[0]);
        assertEquals(0, r.instanceId()[4]);
        assertEquals(2, r.instanceId()[7]);
        assertEquals(0, r.semantic().data()[4]);
        // panoptic: two thing segments, background VOID (no stuff classes)
        var pan = r.panoptic(l -> false, 0).map();
        assertEquals(2, pan.segments().size());
        assertEquals(0, pan.get(4, 0));
        assertEquals(24, pan.segments().get(0).area());
        // with background as stuff (>= 6 px) a third segment appears
        assertEquals(3, r.panoptic(l -> l == 0, 6).map().segments().size());
        assertEquals(2, r.panoptic(l -> l == 0, 7).map().segments().size());
        // minimum area 19 drops the right instance (its pixels become unassigned)
        CenterGrouping.Result r2 = CenterGrouping.group(probs, 2, heat, off, w, h, new boolean[] {false, true},
                new CenterGrouping.Options(0.1, 5, 10, 19));
        assertEquals(1, r2.instances().size());
        assertEquals(0, r2.instanceId()[7]);
    }
}
