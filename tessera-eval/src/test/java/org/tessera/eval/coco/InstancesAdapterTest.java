package org.tessera.eval.coco;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.tessera.core.instances.Instances;
import org.tessera.core.mask.Mask;

/** Evaluating straight from core {@link Instances}. */
class InstancesAdapterTest {
    private static Instances two(double s0, double s1, int shift) {
        Instances.Builder b = Instances.builder(40, 60);
        b.add(Mask.fromBox(5 + shift, 5, 10, 10, 40, 60), new double[] {5 + shift, 5, 10, 10}, 1, s0);
        b.add(Mask.fromBox(30, 20, 20, 15, 40, 60), new double[] {30, 20, 20, 15}, 2, s1);
        return b.build();
    }

    @Test
    void perfectPredictionsScoreOneAndAShiftedOneScoresAsHandComputed() {
        Instances gt = two(1, 1, 0);
        CocoEvaluator ev = new CocoEvaluator(CocoParams.builder(IouType.SEGM).catIds(new int[] {1, 2}).build());
        ev.process(ImageGroundTruth.of(7, gt), ImageDetections.of(7, two(0.9, 0.8, 0)));
        assertEquals(1.0, ev.evaluate().stats()[0], 1e-12);
        // shifting the first box by 5 px gives IoU 50/150 = 1/3: a miss at every threshold for category 1
        ev.reset();
        ev.process(ImageGroundTruth.of(7, gt), ImageDetections.of(7, two(0.9, 0.8, 5)));
        assertEquals(0.5, ev.evaluate().stats()[0], 1e-12);
        assertEquals(100.0, ImageGroundTruth.of(7, gt).areas()[0], 0);
    }
}
