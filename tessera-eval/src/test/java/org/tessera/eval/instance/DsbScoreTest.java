package org.tessera.eval.instance;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DsbScoreTest {
    @Test
    void handCheckedImage() {
        // 1x10 strip. truth: object 7 = pixels 0..3 (4 px), object 3 = pixels 6..9 (4 px).
        // pred: object 1 = pixels 0..2 (IoU 3/4 with 7), object 2 = pixel 8 (IoU 1/4 with 3), object 5 = pixel 5 (no overlap)
        int[] truth = {7, 7, 7, 7, 0, 0, 3, 3, 3, 3};
        int[] pred = {1, 1, 1, 0, 0, 5, 0, 0, 2, 0};
        double[] per = DsbScore.perThreshold(truth, pred);
        // t < 0.75: TP 1, FP 2, FN 1 -> 1/4 (t = 0.50, 0.55, 0.60, 0.65, 0.70); t >= 0.75: TP 0, FP 3, FN 2 -> 0
        assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25, 0.25, 0, 0, 0, 0, 0}, per, 1e-12);
        assertEquals(0.125, DsbScore.score(truth, pred), 1e-12);
        assertEquals(1.0, DsbScore.score(truth, truth), 1e-12);
        assertEquals(1.0, DsbScore.score(new int[4], new int[4]), 1e-12);
        assertEquals(0.0, DsbScore.score(new int[4], new int[] {0, 1, 0, 0}), 1e-12);
    }

    @Test
    void badInput() {
        assertThrows(IllegalArgumentException.class, () -> DsbScore.score(new int[3], new int[4]));
        assertThrows(IllegalArgumentException.class, () -> DsbScore.score(new int[] {-1}, new int[1]));
    }
}
