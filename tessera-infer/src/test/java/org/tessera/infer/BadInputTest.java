package org.tessera.infer;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clear, one-line errors for unusable models. */
class BadInputTest {
    @TempDir
    Path dir;

    @Test
    void missingModelFile() {
        ModelException e = assertThrows(ModelException.class, () -> Segmenter.builder().model(dir.resolve("none.onnx")).build());
        assertTrue(e.getMessage().endsWith("none.onnx: model file not found"), e.getMessage());
    }

    @Test
    void corruptOnnx() throws Exception {
        Path m = dir.resolve("corrupt.onnx");
        byte[] good = Files.readAllBytes(Shared.model("mediapipe-selfie-256"));
        Files.write(m, java.util.Arrays.copyOf(good, 1000)); // truncated
        ModelException e = assertThrows(ModelException.class, () -> Segmenter.builder().model(m).build());
        assertTrue(e.getMessage().startsWith(m + ": ONNX Runtime cannot load the model"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void wrongFamily() throws Exception {
        // a semantic model declared as YOLO-seg
        ModelSpec yolo = ModelSpec.parse("{\"id\": \"twin-as-yolo\", \"task\": \"instance\", \"family\": \"yolo-seg\"}", "inline");
        ModelException e = assertThrows(ModelException.class,
                () -> Segmenter.builder().model(Shared.model("twinlitenet-bdd100k-640")).spec(yolo).build());
        assertEquals("twin-as-yolo: does not fit family yolo-seg: expected a 3-D detection output [B, 4+nc+nm, N] and a 4-D"
                + " prototype output [B, nm, mh, mw]; the model has inputs {images float[1, 3, 360, 640]} and outputs"
                + " {da float[1, 2, 360, 640], ll float[1, 2, 360, 640]}", e.getMessage());
        // an NHWC model declared NCHW: 256 channels
        ModelSpec nchw = ModelSpec.parse("{\"id\": \"selfie\", \"task\": \"foreground\", \"family\": \"foreground\","
                + " \"input\": {\"layout\": \"NCHW\"}}", "inline");
        e = assertThrows(ModelException.class, () -> Segmenter.builder().model(Shared.model("mediapipe-selfie-256")).spec(nchw).build());
        assertTrue(e.getMessage().startsWith("selfie: does not fit family foreground: expected NCHW input with 1 or 3 channels (is the layout right?)"),
                e.getMessage());
        // the wrong task
        e = assertThrows(ModelException.class, () -> Segmenter.builder().model("mediapipe-selfie-256").task(Task.INSTANCE).build());
        assertEquals("mediapipe-selfie-256: the model is a foreground model; task instance was requested", e.getMessage());
        // wrong class count for the detection rows
        ModelSpec few = ModelSpec.parse("{\"id\": \"y\", \"task\": \"instance\", \"family\": \"yolo-seg\", \"classes\": [\"a\", \"b\"]}", "inline");
        e = assertThrows(ModelException.class, () -> Segmenter.builder().model(Shared.model("yolov8n-seg-int8-320")).spec(few).build());
        assertTrue(e.getMessage().startsWith("y: does not fit family yolo-seg: expected detection rows of 4+2+32"), e.getMessage());
    }

    @Test
    void noSidecarNoMetadata() throws Exception {
        Path m = dir.resolve("selfie.onnx");
        Files.copy(Shared.model("mediapipe-selfie-256"), m);
        ModelException e = assertThrows(ModelException.class, () -> Segmenter.builder().model(m).build());
        assertTrue(e.getMessage().contains("no sidecar") && e.getMessage().contains("selfie.json"), e.getMessage());
        // with a sidecar next to it, it loads
        Files.writeString(dir.resolve("selfie.json"), """
                {"task": "foreground", "family": "foreground", "input": {"layout": "NHWC"},
                 "heads": [{"output": "activation_10", "activation": "none"}]}""");
        try (Segmenter s = Segmenter.builder().model(m).build()) {
            assertEquals("selfie.onnx", s.id());
            assertArrayEquals(new int[] {256, 256}, s.inputSize());
        }
    }

    @Test
    void staticInputSizeMismatch() {
        ModelException e = assertThrows(ModelException.class,
                () -> Segmenter.builder().model("yolov8n-seg-int8-320").inputSize(640).build());
        assertEquals("yolov8n-seg-int8-320: input size 640x640 requested but the model's input is fixed at 320x320", e.getMessage());
    }

    @Test
    void closedSegmenter() throws Exception {
        Segmenter s = Segmenter.builder().model("mediapipe-selfie-256").build();
        s.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.predict(new Pixels(new byte[3], 1, 1, 3)));
        assertEquals("segmenter mediapipe-selfie-256 is closed", e.getMessage());
    }
}
