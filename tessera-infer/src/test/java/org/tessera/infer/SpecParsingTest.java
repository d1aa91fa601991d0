package org.tessera.infer;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpecParsingTest {
    @Test
    void ultralyticsNames() {
        assertEquals(List.of("person", "bicycle", "car"), UltralyticsMetadata.parseNames("{0: 'person', 1: 'bicycle', 2: 'car'}"));
        // double quotes, an apostrophe, escapes, unordered keys, whitespace and a trailing comma
        assertEquals(List.of("a", "dog's bowl", "x\"y", "back\\slash"),
                UltralyticsMetadata.parseNames(" {3: 'back\\\\slash', 1: \"dog's bowl\",\n 0:'a', 2: 'x\\\"y', } "));
        assertEquals(List.of(), UltralyticsMetadata.parseNames("{}"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UltralyticsMetadata.parseNames("{0: 'a', 2: 'b'}"));
        assertTrue(e.getMessage().contains("0..1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> UltralyticsMetadata.parseNames("{0: 'a'"));
        assertThrows(IllegalArgumentException.class, () -> UltralyticsMetadata.parseNames("{0: person}"));
        assertThrows(IllegalArgumentException.class, () -> UltralyticsMetadata.parseNames("{0: 'a', 0: 'b'}"));
        assertArrayEquals(new int[] {320, 320}, UltralyticsMetadata.parseIntList("[320, 320]"));
        assertArrayEquals(new int[] {640}, UltralyticsMetadata.parseIntList("(640,)"));
    }

    @Test
    void ultralyticsSpec() throws Exception {
        var meta = java.util.Map.of("task", "segment", "imgsz", "[384, 640]", "names", "{0: 'a', 1: 'b'}", "stride", "32");
        ModelSpec s = UltralyticsMetadata.toSpec("m", meta, "images");
        assertEquals(640, s.input().width());
        assertEquals(384, s.input().height());
        assertEquals(List.of("a", "b"), s.classes());
        assertEquals(114, s.input().padValue());
        ModelException e = assertThrows(ModelException.class,
                () -> UltralyticsMetadata.toSpec("det.onnx", java.util.Map.of("task", "detect", "names", "{0: 'a'}"), null));
        assertTrue(e.getMessage().startsWith("det.onnx: Ultralytics model with task 'detect'"), e.getMessage());
    }

    @Test
    void sidecar() throws Exception {
        ModelSpec s = ModelSpec.parse("""
                {"task": "semantic", "family": "semantic-logits",
                 "input": {"layout": "NHWC", "size": [360, 640], "resize": "letterbox", "channel_order": "BGR",
                           "scale": 1, "mean": [123.675, 116.28, 103.53], "std": [58.395, 57.12, 57.375]},
                 "heads": [{"name": "seg", "output": "out", "classes": {"1": "road", "0": "bg"}, "activation": "argmax"}]}
                """, "x.json");
        assertEquals(Task.SEMANTIC, s.task());
        assertEquals(640, s.input().width());
        assertEquals(360, s.input().height());
        assertEquals(ModelSpec.Layout.NHWC, s.input().layout());
        assertEquals(ModelSpec.ChannelOrder.BGR, s.input().channelOrder());
        assertEquals(58.395f, s.input().std()[0]);
        assertEquals(List.of("bg", "road"), s.heads().get(0).classes());
        assertEquals(ModelSpec.Activation.ARGMAX, s.heads().get(0).activation());
    }

    @Test
    void sidecarErrorsNameTheFileAndKey() {
        ModelException e = assertThrows(ModelException.class,
                () -> ModelSpec.parse("{\"task\": \"semantic\", \"family\": \"semantic-logits\", \"inptu\": {}}", "m.json"));
        assertTrue(e.getMessage().startsWith("m.json: unknown sidecar key 'inptu'"), e.getMessage());
        e = assertThrows(ModelException.class, () -> ModelSpec.parse("{\"task\": \"semantic\"", "m.json"));
        assertTrue(e.getMessage().startsWith("m.json: sidecar is not valid JSON"), e.getMessage());
        e = assertThrows(ModelException.class, () -> ModelSpec.parse("{\"task\": \"semantic\", \"family\": \"unet\"}", "m.json"));
        assertTrue(e.getMessage().contains("unknown family 'unet'"), e.getMessage());
        e = assertThrows(ModelException.class, () -> ModelSpec.parse("{\"family\": \"yolo-seg\"}", "m.json"));
        assertTrue(e.getMessage().contains("missing key 'task'"), e.getMessage());
        e = assertThrows(ModelException.class,
                () -> ModelSpec.parse("{\"task\": \"instance\", \"family\": \"yolo-seg\", \"input\": {\"layout\": \"CHW\"}}", "m.json"));
        assertTrue(e.getMessage().contains("unknown layout 'CHW'"), e.getMessage());
    }
}
