package org.tessera.eval.semantic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tessera.core.label.LabelMap;

class SemanticEvaluatorTest {

    private static short[] s(int... v) {
        short[] a = new short[v.length];
        for (int i = 0; i < v.length; i++) a[i] = (short) v[i];
        return a;
    }

    @Test
    void handCheckedScores() {
        SemanticEvaluator ev = SemanticEvaluator.of(3, 255);
        // gt:   0 0 0 1 1 255 7 ; pred: 0 0 1 1 2 2 0  (7 is outside the 3 classes: left out)
        ev.add("x", s(0, 0, 0, 1, 1, 255, 7), s(0, 0, 1, 1, 2, 2, 0));
        SemanticResult r = ev.compute();
        assertEquals(5, r.totalPixels());
        assertEquals(1, r.ignoredPixels());
        assertEquals(1, r.outOfRangeGtPixels());
        assertEquals(3.0 / 5, r.pixelAccuracy());
        assertEquals(2.0 / 3, r.perClass().get(0).iou());
        assertEquals(1.0 / 3, r.perClass().get(1).iou()); // TP 1, G 2, P 2
        assertEquals(0.0, r.perClass().get(2).iou());     // only predicted: IoU 0, counted in the mean
        assertNull(r.perClass().get(2).accuracy());
        assertEquals((2.0 / 3 + 1.0 / 3 + 0) / 3, r.miou(), 1e-15);
        assertEquals((2.0 / 3 + 0.5) / 2, r.meanClassAccuracy(), 1e-15);
        assertEquals(3.0 / 5 * (2.0 / 3) + 2.0 / 5 * (1.0 / 3), r.fwiou(), 1e-15);
        assertEquals(0.8, r.perClass().get(0).dice(), 1e-15);
    }

    @Test
    void classAbsentFromBothIsExcluded() {
        SemanticEvaluator ev = SemanticEvaluator.of(3, 255);
        ev.add("x", s(0, 0, 1, 1), s(0, 0, 1, 0));
        SemanticResult r = ev.compute();
        assertNull(r.perClass().get(2).iou());
        assertNull(r.perClass().get(2).dice());
        assertEquals((2.0 / 3 + 1.0 / 2) / 2, r.miou(), 1e-15);
    }

    @Test
    void reduceZeroLabel() {
        SemanticEvaluator ev = new SemanticEvaluator(List.of("a", "b"), LabelConvention.reduceZeroLabel());
        ev.add("ade", s(0, 1, 2, 255, 2), s(1, 0, 1, 1, 0));
        SemanticResult r = ev.compute();
        assertEquals(3, r.totalPixels());
        assertEquals(2, r.ignoredPixels());
        assertArrayEquals(new long[] {1, 0}, r.confusion()[0]);
        assertArrayEquals(new long[] {1, 1}, r.confusion()[1]);
    }

    @Test
    void largeImageSplitOverThreadsCountsTheSame() {
        Random rnd = new Random(5);
        int len = 3 * (1 << 20) + 17;
        short[] gt = new short[len], pred = new short[len];
        for (int i = 0; i < len; i++) {
            gt[i] = (short) (rnd.nextInt(30) == 0 ? 255 : rnd.nextInt(19));
            pred[i] = (short) rnd.nextInt(19);
        }
        SemanticEvaluator one = SemanticEvaluator.of(19, 255), split = SemanticEvaluator.of(19, 255);
        one.add("big", gt, pred);
        split.add("big", gt, pred, 3);
        assertArrayEquals(one.state().toArray(), split.state().toArray());
        assertEquals(one.compute().ignoredPixels(), split.compute().ignoredPixels());
        pred[len - 1] = 40;
        gt[len - 1] = 3;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> split.add("big2", gt, pred, 3));
        assertEquals("big2: prediction value 40 is not a class (0..18)", e.getMessage());
    }

    @Test
    void taxonomyFactories() {
        assertEquals(21, SemanticEvaluator.pascalVoc().classNames().size());
        assertEquals("aeroplane", SemanticEvaluator.pascalVoc().classNames().get(1));
        assertEquals(11, SemanticEvaluator.camVid().classNames().size());
        assertEquals(CityscapesLabels.TRAIN_CLASSES, SemanticEvaluator.cityscapesTrainIds().classNames());
        assertEquals(CityscapesLabels.TRAIN_CLASSES, SemanticEvaluator.cityscapesLabelIds().classNames());
        assertEquals(150, SemanticEvaluator.ade20k().classNames().size());
        SemanticEvaluator camvid = SemanticEvaluator.camVid();
        camvid.add("c", s(0, 11, 10), s(0, 3, 10));
        assertEquals(2, camvid.compute().totalPixels());
        SemanticEvaluator ade = SemanticEvaluator.ade20k();
        ade.add("a", s(0, 1, 150), s(5, 0, 149));
        assertEquals(1.0, ade.compute().pixelAccuracy());
    }

    @Test
    void errors() {
        SemanticEvaluator ev = SemanticEvaluator.of(3, 255);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ev.add("img1", new LabelMap(2, 1, s(0, 1), 255, null), new LabelMap(1, 2, s(0, 1), 255, null)));
        assertEquals("img1: GT is 2x1 but the prediction is 1x2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ev.add("img2", s(0, 1, 255), s(0, 9, 7)));
        assertEquals("img2: prediction value 9 is not a class (0..2)", e.getMessage());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {7, 300})
    void kernelEqualsNaiveCountAcrossFlushesAndMerges(int n) {
        Random rnd = new Random(3);
        int len = 10_001;
        short[] gt = new short[len], pred = new short[len];
        long[] naive = new long[n * n];
        for (int i = 0; i < len; i++) {
            gt[i] = (short) (rnd.nextInt(10) == 0 ? 255 : rnd.nextInt(n));
            pred[i] = (short) rnd.nextInt(n);
            if ((gt[i] & 0xFFFF) != 255) naive[(gt[i] & 0xFFFF) * n + pred[i]] += 3;
        }
        ConfusionMatrix small = new ConfusionMatrix(n, 5000); // flushes before each call past 5000 pending pixels
        int[] rows = small.rowOffsets(LabelConvention.identity(255).gtTable(n));
        ConfusionMatrix other = new ConfusionMatrix(n);
        for (int k = 0; k < 2; k++) small.add(gt, pred, 0, len, rows);
        other.add(gt, pred, 0, 4000, rows);
        other.add(gt, pred, 4000, len, rows);
        small.merge(other);
        assertArrayEquals(naive, small.toArray());
    }

    @Test
    void cityscapesErrors() {
        CityscapesEvaluator ev = new CityscapesEvaluator();
        LabelMap gt = new LabelMap(2, 1, s(7, 40), 255, null), pred = new LabelMap(2, 1, s(7, 7), 255, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ev.add("f", gt, pred, null));
        assertEquals("f: unknown GT labelId 40 (0..33)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> CityscapesEvaluator.trainIdsToLabelIds("p", new LabelMap(1, 1, s(19), 255, null)));
        assertEquals("p: value 19 is not a Cityscapes trainId", e.getMessage());
    }
}
