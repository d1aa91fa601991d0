package org.tessera.train;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class ValidationSplitTest {
    @Test
    void sizesDeterminismAndTheDsbSplit() {
        // DSB 2018 stage 1: 664 images, fraction 0.15, seed 2018 -> 564 / 100 (docs/benchmarks/train.md)
        ValidationSplit dsb = ValidationSplit.seeded(664, 0.15, 2018);
        assertEquals(100, dsb.validation().length);
        assertEquals(564, dsb.train().length);
        // the validation images are the first round(n F) of the seeded permutation, both sides sorted, disjoint, complete
        int[] perm = SegmentationTrainer.permutation(664, new SplittableRandom(2018));
        int[] first = Arrays.copyOf(perm, 100);
        Arrays.sort(first);
        assertArrayEquals(first, dsb.validation());
        boolean[] seen = new boolean[664];
        for (int[] side : new int[][] {dsb.train(), dsb.validation()}) {
            for (int k = 0; k < side.length; k++) {
                assertFalse(seen[side[k]], "index " + side[k] + " twice");
                seen[side[k]] = true;
                if (k > 0) assertTrue(side[k] > side[k - 1], "ascending");
            }
        }
        for (boolean s : seen) assertTrue(s);
        // same seed, same split; another seed, another split
        assertArrayEquals(dsb.validation(), ValidationSplit.seeded(664, 0.15, 2018).validation());
        assertFalse(Arrays.equals(dsb.validation(), ValidationSplit.seeded(664, 0.15, 2019).validation()));
        // rounding: 10 x 0.25 = 2.5 -> 3; 3 x 1/3 -> 1
        assertEquals(3, ValidationSplit.seeded(10, 0.25, 0).validation().length);
        assertEquals(2, ValidationSplit.seeded(3, 1 / 3.0, 0).train().length);
        // the accessors hand out copies
        dsb.train()[0] = -1;
        assertTrue(dsb.train()[0] >= 0);
    }

    @Test
    void badFractionsAreRefused() {
        for (double f : new double[] {0, 1, -0.1, 1.5, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ValidationSplit.seeded(10, f, 0));
            assertTrue(e.getMessage().contains("must be in (0, 1)"), e.getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ValidationSplit.seeded(4, 0.1, 0)).getMessage()
                .contains("gives no validation image"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ValidationSplit.seeded(2, 0.9, 0)).getMessage()
                .contains("leaves no training image"));
    }
}
