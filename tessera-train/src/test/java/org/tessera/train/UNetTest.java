package org.tessera.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class UNetTest {
    @Test
    void shapesParametersAndDeterministicInit() {
        UNet.Spec spec = new UNet.Spec(3, 6, 4, 2, true);
        try (NDManager m = NDManager.newBaseManager()) {
            UNet a = new UNet(spec), b = new UNet(spec);
            a.initializeParameters(m, 7);
            b.initializeParameters(m, 7);
            NDArray x = m.randomUniform(0, 1, new Shape(2, 3, 16, 12));
            NDArray ya = a.forward(x, false), yb = b.forward(x, false);
            assertEquals(new Shape(2, 6, 16, 12), ya.getShape());
            assertArrayEquals(ya.toFloatArray(), yb.toFloatArray());
            // through DJL's Block interface
            NDArray yc = a.forward(new ai.djl.training.ParameterStore(m, false), new ai.djl.ndarray.NDList(x), false).singletonOrThrow();
            assertArrayEquals(ya.toFloatArray(), yc.toFloatArray());
            assertEquals(new Shape(2, 6, 16, 12), a.getOutputShapes(new Shape[] {x.getShape()})[0]);
            // depth 2 = stages 0..2 with 4, 8, 16 channels; convs have no bias when followed by BN
            long enc = 3 * 4 * 9 + 4 * 4 * 9 + 4 * 8 * 9 + 8 * 8 * 9 + 8 * 16 * 9 + 16 * 16 * 9;
            long up = 16 * 8 * 4 + 8 + 8 * 4 * 4 + 4;
            long dec = 16 * 8 * 9 + 8 * 8 * 9 + 8 * 4 * 9 + 4 * 4 * 9;
            long head = 4 * 6 + 6;
            long bn = 2 * (4 + 4 + 8 + 8 + 16 + 16 + 8 + 8 + 4 + 4);
            long convs = enc + up + dec + head;
            assertEquals(convs + bn, a.trainableScalars());
            assertTrue(a.parameterNames().contains("enc1.conv2.bn.var"));
            UNet c = new UNet(spec);
            c.initializeParameters(m, 8);
            assertFalse(java.util.Arrays.equals(ya.toFloatArray(), c.forward(x, false).toFloatArray()));
        }
    }

    @Test
    void trainingStepLeavesNoArraysInTheParameterManager() {
        for (boolean bn : new boolean[] {true, false}) {
            try (NDManager m = NDManager.newBaseManager()) {
                UNet u = new UNet(new UNet.Spec(3, 4, 4, 2, bn));
                u.initializeParameters(m, 3);
                int before = ((ai.djl.ndarray.BaseNDManager) m).getManagedArrays().size();
                for (int i = 0; i < 3; i++) {
                    try (NDManager step = m.newSubManager();
                         ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                        NDArray y = u.forward(step.randomUniform(0, 1, new Shape(2, 3, 8, 8)), true);
                        gc.backward(y.mean());
                    }
                    try (NDManager step = m.newSubManager()) {
                        u.forward(step.zeros(new Shape(1, 3, 8, 8)), false);
                    }
                }
                assertEquals(before, ((ai.djl.ndarray.BaseNDManager) m).getManagedArrays().size(), "bn=" + bn);
            }
        }
    }

    @Test
    void rejectsBadInputAndSpec() {
        try (NDManager m = NDManager.newBaseManager()) {
            UNet u = new UNet(new UNet.Spec(3, 2, 2, 2, false));
            u.initializeParameters(m, 1);
            var e = assertThrows(IllegalArgumentException.class, () -> u.forward(m.zeros(new Shape(1, 3, 10, 8)), false));
            assertTrue(e.getMessage().contains("multiples of 4"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> u.forward(m.zeros(new Shape(1, 1, 8, 8)), false));
            assertTrue(e.getMessage().contains("(N, 3, H, W)"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new UNet.Spec(3, 1, 4, 2, true));
        assertThrows(IllegalArgumentException.class, () -> new UNet.Spec(3, 4, 4, 0, true));
    }
}
