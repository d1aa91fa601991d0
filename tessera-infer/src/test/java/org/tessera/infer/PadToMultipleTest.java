package org.tessera.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tessera.core.label.LabelMap;

/** The sidecar's {@code pad_to_multiple}: content resized to width x height, zero padding right and bottom. */
class PadToMultipleTest {

    private static ModelSpec.InputSpec input(String json) throws ModelException {
        return ModelSpec.parse("{\"task\": \"semantic\", \"family\": \"semantic-logits\", \"input\": " + json + "}", "t").input();
    }

    @Test
    void sidecarKeyParsesAndRoundsUp() throws ModelException {
        ModelSpec.InputSpec in = input("{\"width\": 6, \"height\": 3, \"pad_to_multiple\": 4, \"pad_value\": 0}");
        assertEquals(4, in.padMultiple());
        assertEquals(8, in.padded(6));
        assertEquals(4, in.padded(3));
        assertEquals(8, in.padded(8));
        assertEquals(1, input("{}").padMultiple());
        ModelException e = assertThrows(ModelException.class, () -> input("{\"pad_to_multiple\": 0}"));
        assertTrue(e.getMessage().contains("pad_to_multiple"), e.getMessage());
    }

    @Test
    void stretchThenPadKeepsContentTopLeft() throws ModelException {
        // 3x1 image (red, green, blue) stretched to 3x1 (identity), tensor padded to 4x4 with value 0
        ModelSpec.InputSpec in = input("{\"width\": 3, \"height\": 1, \"pad_to_multiple\": 4, \"pad_value\": 0}");
        Pixels p = new Pixels(new byte[] {(byte) 255, 0, 0, 0, (byte) 255, 0, 0, 0, (byte) 255}, 3, 1, 3);
        Geometry g = Geometry.of(3, 1, 3, 1, in.resize(), in.padMultiple());
        assertEquals(4, g.inW());
        assertEquals(4, g.inH());
        assertEquals(3, g.contentW());
        assertEquals(1, g.contentH());
        assertEquals(0, g.padX());
        float[] t = new float[3 * 16];
        java.util.Arrays.fill(t, -1f);
        Preprocessor.fill(p, g, in, 3, t, 0);
        float[] r = {1, 0, 0, 0}, gr = {0, 1, 0, 0}, b = {0, 0, 1, 0};
        for (int x = 0; x < 4; x++) {
            assertEquals(r[x], t[x], 1e-6);
            assertEquals(gr[x], t[16 + x], 1e-6);
            assertEquals(b[x], t[32 + x], 1e-6);
        }
        for (int c = 0; c < 3; c++) for (int i = 4; i < 16; i++) assertEquals(0f, t[c * 16 + i], 0f, "padding");
    }

    @Test
    void decoderCropsThePadding() {
        // logits of a 4x4 tensor holding 3x1 content: class 1 at x = 1 only; padding says class 1 everywhere
        Geometry g = Geometry.of(3, 1, 3, 1, ModelSpec.ResizeMode.STRETCH, 4);
        float[] logits = new float[2 * 16];
        for (int i = 0; i < 16; i++) logits[16 + i] = 5f; // class 1 wins in the padding
        logits[0] = 5f;
        logits[2] = 5f;                                    // content x = 0 and 2: class 0
        DenseDecoder.Grid grid = DenseDecoder.Grid.nchw(logits, 0, 2, 4, 4);
        LabelMap m = DenseDecoder.semantic(grid, g, ModelSpec.Activation.SOFTMAX, 0.5f, null);
        assertEquals(3, m.width());
        assertEquals(1, m.height());
        assertEquals(0, m.get(0, 0));
        assertEquals(1, m.get(1, 0));
        assertEquals(0, m.get(2, 0));
    }

    @Test
    void paddingNeverBleedsIntoEdgePixels() {
        // 3x1 content (class 0 everywhere) in a 4x4 tensor whose padding strongly says class 1, decoded to 6x1: the
        // last original pixel sits at grid x = 2.25; clamped to the content (as crop-then-resize) it stays class 0
        Geometry g = Geometry.of(6, 1, 3, 1, ModelSpec.ResizeMode.STRETCH, 4);
        float[] logits = new float[2 * 16];
        for (int i = 0; i < 16; i++) logits[16 + i] = 100f;
        for (int x = 0; x < 3; x++) {
            logits[x] = 5f;
            logits[16 + x] = 0f;
        }
        LabelMap m = DenseDecoder.semantic(DenseDecoder.Grid.nchw(logits, 0, 2, 4, 4), g, ModelSpec.Activation.SOFTMAX, 0.5f, null);
        for (int x = 0; x < 6; x++) assertEquals(0, m.get(x, 0), "x " + x);
        // integer labels (ArgMax graphs): nearest cell, also clamped to the content
        long[] lab = new long[16];
        java.util.Arrays.fill(lab, 1);
        lab[0] = lab[1] = lab[2] = 0;
        LabelMap n = DenseDecoder.labels(lab, 0, 4, 4, Geometry.of(6, 2, 3, 1, ModelSpec.ResizeMode.STRETCH, 4));
        for (int y = 0; y < 2; y++) for (int x = 0; x < 6; x++) assertEquals(0, n.get(x, y), "argmax x " + x + " y " + y);
    }
}
