package org.tessera.classic.region;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tessera.classic.binary.Connectivity;
import org.tessera.classic.binary.Labeling;
import org.tessera.core.label.LabelMap;

class RegionGrowingTest {

    @Test
    void growsWithinToleranceOnly() {
        byte[] g = {10, 12, 11, 90, 95, 100, 13};
        int[] seeds = {1, 0, 0, 0, 0, 2, 0};
        Labeling l = RegionGrowing.grow(g, 1, 7, 1, seeds, 5, Connectivity.FOUR);
        // 10,12,11 join region 1; 95 joins region 2 (|95-100| = 5), 90 does not (|90-97.5| = 7.5); 13 is cut off
        assertArrayEquals(new int[] {1, 1, 1, 0, 2, 2, 0}, l.labels());
        assertArrayEquals(new int[] {1, 1, 1, 2, 2, 2, 0},
                RegionGrowing.grow(g, 1, 7, 1, seeds, 8, Connectivity.FOUR).labels());
        // tolerance 0 keeps only the seeds
        assertArrayEquals(new int[] {1, 0, 0, 0, 0, 2, 0}, RegionGrowing.grow(g, 1, 7, 1, seeds, 0, Connectivity.FOUR).labels());
    }

    @Test
    void colorDistanceUsesAllChannels() {
        byte[] rgb = {
            (byte) 200, 0, 0, (byte) 205, 3, 0, 0, 0, (byte) 200,
        };
        int[] seeds = {1, 0, 0};
        Labeling l = RegionGrowing.grow(rgb, 3, 3, 1, seeds, 10, Connectivity.FOUR);
        assertArrayEquals(new int[] {1, 1, 0}, l.labels());
    }

    @Test
    void badInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RegionGrowing.grow(new byte[4], 1, 2, 2, new int[4], 1, Connectivity.FOUR));
        assertTrue(e.getMessage().contains("no seed"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> RegionGrowing.grow(new byte[4], 1, 2, 2, new int[] {1, 0, 0, 0}, -1, Connectivity.FOUR));
        assertThrows(IllegalArgumentException.class,
                () -> RegionGrowing.grow(new byte[0], 1, 0, 0, new int[0], 1, Connectivity.FOUR));
    }

    @Test
    void instancesFromSemanticAndProbability() {
        short[] sem = {
            0, 1, 0, 2,
            0, 1, 0, 2,
            1, 0, 0, 255,
        };
        LabelMap map = new LabelMap(4, 3, sem, 255, null);
        InstanceExtraction.ClassedInstances ci = InstanceExtraction.fromSemantic(map, 0, Connectivity.FOUR, 0, null);
        assertEquals(3, ci.labels().count());
        assertArrayEquals(new int[] {0, 1, 2, 1, 0, 1, 0, 2, 0, 1, 0, 2, 3}, concat(ci.classIds(), ci.labels().labels()));
        org.tessera.core.instances.Instances inst = ci.toInstances();
        assertEquals(3, inst.size());
        assertEquals(1, inst.categoryId(0));
        assertEquals(2, inst.categoryId(1));
        assertEquals(2, inst.mask(1).area());
        // 8-connectivity merges the diagonal class-1 pixels
        assertEquals(2, InstanceExtraction.fromSemantic(map, 0, Connectivity.EIGHT, 0, null).labels().count());
        float[] p = {0.9f, 0.2f, 0.7f, 0.8f};
        assertArrayEquals(new int[] {1, 0, 2, 2},
                InstanceExtraction.fromProbability(p, 4, 1, 0.5, Connectivity.FOUR, null).labels());
        float[] nan = {Float.NaN};
        assertThrows(IllegalArgumentException.class,
                () -> InstanceExtraction.fromProbability(nan, 1, 1, 0.5, Connectivity.FOUR, null));
    }

    private static int[] concat(int[] classes, int[] labels) {
        int[] out = new int[classes.length + 9];
        System.arraycopy(classes, 0, out, 0, classes.length);
        // the first 9 labels suffice: rows 0..1 and the first of row 2
        System.arraycopy(labels, 0, out, classes.length, 9);
        return out;
    }
}
