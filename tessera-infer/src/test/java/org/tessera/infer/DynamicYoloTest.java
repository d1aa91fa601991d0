package org.tessera.infer;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.core.image.Image;
import org.tessera.core.instances.Instances;

/** A YOLO-seg graph with a dynamic input size (hand-written ONNX, constant outputs) through the whole Segmenter. */
class DynamicYoloTest {
    @TempDir
    Path dir;

    private Path model() throws Exception {
        // one full-content detection of class 1 on a 16x16 letterboxed input; 1 prototype 4x4: row 1 on, row 2 off
        float[] out0 = {8, 8, 16, 8, 0.1f, 0.9f, 1f};
        float[] protos = new float[16];
        for (int y = 0; y < 4; y++) for (int x = 0; x < 4; x++) protos[y * 4 + x] = y == 1 ? 1f : -1f;
        byte[] onnx = new OnnxWriter()
                .input("images", OnnxWriter.FLOAT, 1, 3, -1, -1)
                .initializerInput("conv.weight", new float[] {1, 2, 3, 4}, 2, 2) // an initializer listed as an input
                .constant("output0", out0, 1, 7, 1)
                .constant("output1", protos, 1, 1, 4, 4)
                .toBytes();
        Path m = dir.resolve("dyn.onnx");
        Files.write(m, onnx);
        Files.writeString(dir.resolve("dyn.json"), """
                {"task": "instance", "family": "yolo-seg", "classes": ["cat", "dog"],
                 "input": {"resize": "letterbox", "pad_value": 114}}""");
        return m;
    }

    @Test
    void inputSizeFromTheBuilder() throws Exception {
        Path m = model();
        ModelException e = assertThrows(ModelException.class, () -> Segmenter.builder().model(m).build());
        assertEquals("dyn.onnx: the model's input size is dynamic; give it with inputSize(...) or the sidecar's input size", e.getMessage());
        try (Segmenter s = Segmenter.builder().model(m).inputSize(16).build()) {
            assertArrayEquals(new int[] {16, 16}, s.inputSize());
            assertEquals("images", s.spec().input().name()); // the initializer listed as an input is not one
            Prediction p = s.predict(Image.blank(32, 16, 3, 8));
            Instances in = p.instances();
            assertEquals(1, in.size());
            assertEquals("dog", p.className(0));
            assertEquals(1, in.categoryId(0)); // not COCO names: the class index
            assertArrayEquals(new double[] {0, 0, 32, 16}, in.box(0));
            // prototype crop rows 1..2 (letterbox padding removed) resized to 16 rows: on for y < 8
            assertArrayEquals(new int[] {0, 0, 32, 8}, in.mask(0).box());
            assertEquals(32 * 8, in.mask(0).area());
        }
    }
}
