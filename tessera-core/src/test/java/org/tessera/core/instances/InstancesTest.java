package org.tessera.core.instances;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tessera.core.label.LabelMap;
import org.tessera.core.mask.Mask;
import org.tessera.core.panoptic.PanopticMap;

class InstancesTest {
    static double[] xyxy(double x1, double y1, double x2, double y2) {
        return new double[] {x1, y1, x2 - x1, y2 - y1};
    }

    static Instances nmsCase() {
        Instances.Builder b = Instances.builder(100, 100);
        b.add(null, xyxy(0, 0, 10, 10), 1, 0.9);   // A
        b.add(null, xyxy(1, 1, 11, 11), 1, 0.8);   // B: IoU(A) = 81/119 > 0.5 -> suppressed
        b.add(null, xyxy(1, 1, 11, 11), 2, 0.7);   // C: other class
        b.add(null, xyxy(20, 20, 30, 30), 1, 0.95); // D
        b.add(null, xyxy(0, 0, 10, 5), 1, 0.6);    // E: IoU(A) = 0.5 exactly -> kept (suppress only if > thr)
        return b.ids(new long[] {10, 11, 12, 13, 14}).attribute("tag", new String[] {"a", "b", "c", "d", "e"}).build();
    }

    @Test
    void boxNmsFollowsTorchvision() {
        Instances in = nmsCase();
        assertArrayEquals(new int[] {3, 0, 2, 4}, in.nmsIndices(0.5, true, false));  // batched_nms
        assertArrayEquals(new int[] {3, 0, 4}, in.nmsIndices(0.5, false, false));    // nms
        Instances kept = in.nms(0.5, false);
        assertArrayEquals(new long[] {13, 10, 14}, kept.ids());
        assertArrayEquals(new String[] {"d", "a", "e"}, (String[]) kept.attribute("tag"));
        assertArrayEquals(new double[] {0.95, 0.9, 0.6}, kept.scores());
        assertArrayEquals(new double[] {0, 0, 10, 5}, kept.box(2));
        assertArrayEquals(new int[] {3, 0, 1, 4}, in.nmsIndices(0.7, false, false)); // B kept (0.68 <= 0.7); C = B suppressed
    }

    @Test
    void sortTopKFilterAreStable() {
        Instances.Builder b = Instances.builder(10, 10);
        double[] s = {0.5, 0.9, 0.5, 0.1, 0.9};
        for (int i = 0; i < s.length; i++) b.add(null, new double[] {i, 0, 1, 1}, i, s[i]);
        Instances in = b.build();
        assertArrayEquals(new int[] {1, 4, 0, 2, 3}, in.sortByScore().categoryIds());
        assertArrayEquals(new int[] {1, 4, 0}, in.topK(3).categoryIds());
        assertEquals(5, in.topK(9).size());
        assertArrayEquals(new int[] {0, 1, 2, 4}, in.withMinScore(0.5).categoryIds());
        assertArrayEquals(new int[] {1, 3}, in.filter(i -> i % 2 == 1).categoryIds());
    }

    @Test
    void builderRejectsBadInput() {
        Instances.Builder b = Instances.builder(4, 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.add(Mask.empty(5, 4), 1, 0.5));
        assertEquals("instance 0: mask canvas 5x4 differs from the instances canvas 4x5", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> b.add(null, new double[] {0, 0, -1, 2}, 1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> b.add(null, null, 1, 0.5));
        b.add(Mask.fromBox(1, 1, 2, 2, 4, 5), 3, 0.5);
        assertArrayEquals(new double[] {1, 1, 2, 2}, b.build().box(0));
        b.attribute("x", new int[3]);
        assertThrows(IllegalArgumentException.class, b::build);
    }

    static Mask box(int x, int y, int w, int h, int H, int W) {
        return Mask.fromBox(x, y, w, h, H, W);
    }

    @Test
    void maskNmsUsesPixelIou() {
        Instances.Builder b = Instances.builder(10, 10);
        b.add(box(0, 0, 4, 4, 10, 10), 1, 0.9);
        b.add(box(0, 0, 4, 3, 10, 10), 1, 0.8); // IoU 12/16 = 0.75
        b.add(box(2, 2, 4, 4, 10, 10), 1, 0.7); // IoU with first 4/28
        Instances in = b.build();
        assertArrayEquals(new int[] {0, 2}, in.nmsIndices(0.5, false, true));
        assertArrayEquals(new int[] {0, 1, 2}, in.nmsIndices(0.75, false, true));
        assertThrows(IllegalStateException.class, () -> nmsCase().maskNms(0.5, true));
    }

    @Test
    void labelMapPaintsHighestScoreOnTop() {
        Instances.Builder b = Instances.builder(3, 4);
        b.add(box(0, 0, 2, 2, 3, 4), 5, 0.5);
        b.add(box(1, 1, 2, 2, 3, 4), 7, 0.9);
        b.add(box(2, 2, 2, 1, 3, 4), 9, 0.9); // ties with 7 at (2,2): the lower index wins
        LabelMap lm = b.build().toLabelMap();
        short[] want = {
            5, 5, 0, 0,
            5, 7, 7, 0,
            0, 7, 7, 9};
        assertArrayEquals(want, lm.data());
        LabelMap ids = b.build().toInstanceIdMap();
        assertArrayEquals(new short[] {1, 1, 0, 0, 1, 2, 2, 0, 0, 2, 2, 3}, ids.data());
    }

    @Test
    void fromInstanceIdsMakesOneInstancePerValue() {
        short[] d = {
            0, 3, 3, 0,
            0, 3, (short) 255, 5,
            5, 0, 0, 5};
        LabelMap map = new LabelMap(4, 3, d, 255, null);
        Instances in = Instances.fromInstanceIds(map, v -> v == 255 ? -1 : 1);
        assertEquals(2, in.size());
        assertArrayEquals(new long[] {3, 5}, in.ids());
        assertEquals(3, in.mask(0).area());
        assertArrayEquals(new double[] {1, 0, 2, 2}, in.box(0));
        assertEquals(3, in.mask(1).area());
        assertArrayEquals(new double[] {0, 1, 4, 2}, in.box(1)); // disconnected pixels still make one instance
        assertArrayEquals(d.length == 12 ? new short[] {0, 1, 1, 0, 0, 1, 0, 2, 2, 0, 0, 2} : null, in.toInstanceIdMap().data());
    }

    @Test
    void panopticCombinationFollowsDetectron2() {
        int H = 4, W = 6;
        Instances.Builder b = Instances.builder(H, W);
        b.add(box(0, 0, 2, 2, H, W), 10, 0.9);   // painted first
        b.add(box(1, 0, 2, 2, H, W), 11, 0.8);   // half covered: 0.5 is not > 0.5 -> kept, its free 2 px
        b.add(box(0, 0, 4, 1, H, W), 12, 0.7);   // 3 of 4 covered -> dropped
        b.add(box(4, 3, 2, 1, H, W), 13, 0.3);   // below the score threshold
        Instances in = b.build();
        short[] sem = {
            0, 0, 0, 1, 1, 1,
            0, 0, 0, 1, 1, 1,
            2, 2, 1, 1, 1, 1,
            2, 2, 1, 1, 1, (short) 255};
        LabelMap semantic = new LabelMap(W, H, sem, 255, null);
        Instances.PanopticResult r = in.toPanoptic(semantic, new Instances.PanopticOptions(0.5, 0.5, 5, l -> l != 0));
        int[] want = {
            1, 1, 2, 3, 3, 3,
            1, 1, 2, 3, 3, 3,
            0, 0, 3, 3, 3, 3,
            0, 0, 3, 3, 3, 0};
        assertArrayEquals(want, r.map().data());
        List<PanopticMap.Segment> s = r.map().segments();
        assertEquals(3, s.size());
        assertEquals(10, s.get(0).categoryId());
        assertEquals(4, s.get(0).area());
        assertArrayEquals(new double[] {0, 0, 2, 2}, s.get(0).bbox());
        assertEquals(11, s.get(1).categoryId());
        assertEquals(2, s.get(1).area());
        assertArrayEquals(new double[] {2, 0, 1, 2}, s.get(1).bbox());
        assertEquals(1, s.get(2).categoryId());
        assertEquals(13, s.get(2).area());
        assertArrayEquals(new double[] {2, 0, 4, 4}, s.get(2).bbox());
        assertArrayEquals(new int[] {0, 1, -1}, r.instanceIndex());

        Instances back = Instances.fromPanoptic(r.map(), c -> c >= 10);
        assertEquals(2, back.size());
        assertArrayEquals(new long[] {1, 2}, back.ids());
        assertArrayEquals(new int[] {10, 11}, back.categoryIds());
        assertEquals(in.mask(0), back.mask(0));
        assertEquals(2, back.mask(1).area());
        assertArrayEquals(new boolean[] {false, false}, (boolean[]) back.attribute("iscrowd"));
    }

    @Test
    void scoreOrderIsStableOnManyTies() {
        java.util.Random rnd = new java.util.Random(3);
        Instances.Builder b = Instances.builder(10, 10);
        int n = 500;
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = rnd.nextInt(7) / 7.0; // many ties
            b.add(null, new double[] {0, 0, 1, 1}, i, s[i]);
        }
        int[] o = b.build().orderByScore();
        java.util.List<Integer> want = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) want.add(i);
        want.sort((x, y) -> Double.compare(s[y], s[x])); // List.sort is stable
        for (int i = 0; i < n; i++) assertEquals(want.get(i).intValue(), o[i]);
    }
}
