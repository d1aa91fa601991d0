package org.tessera.infer;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.tessera.core.instances.Instances;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** torchvision Mask R-CNN decoding on a hand-written ONNX graph with constant outputs. */
class MaskRcnnTest {
    @TempDir
    Path dir;

    static final String SIDECAR = """
            {"task": "instance", "family": "maskrcnn-torchvision",
             "input": {"layout": "NCHW", "resize": "stretch", "scale": 0.00392156862745098},
             "classes": ["__background__", "person", "bicycle", "car"]}
            """;

    private Path model(long... inputDims) throws Exception {
        float[] masks = new float[3 * 28 * 28];
        for (int i = 0; i < 28 * 28; i++) masks[i] = 1f;                      // detection 0: all on
        for (int r = 0; r < 28; r++) for (int c = 0; c < 14; c++) masks[784 + r * 28 + c] = 1f; // detection 1: left half
        for (int i = 0; i < 28 * 28; i++) masks[2 * 784 + i] = 1f;
        byte[] onnx = new OnnxWriter()
                .input("image", OnnxWriter.FLOAT, inputDims)
                .constant("boxes", new float[] {10, 5, 38, 33, 0, 0, 14, 14, 1, 1, 5, 5}, 3, 4)
                .constant("labels", new long[] {1, 3, 2}, 3)
                .constant("scores", new float[] {0.9f, 0.8f, 0.1f}, 3)
                .constant("masks", masks, 3, 1, 28, 28)
                .toBytes();
        Path m = dir.resolve("maskrcnn.onnx");
        Files.write(m, onnx);
        Files.writeString(dir.resolve("maskrcnn.json"), SIDECAR);
        return m;
    }

    @Test
    void pastesLikeTorchvision() throws Exception {
        try (Segmenter s = Segmenter.builder().model(model(3, 40, 60)).scoreThreshold(0.5f).build()) {
            assertEquals(ModelSpec.Family.MASK_RCNN, s.spec().family());
            Prediction p = s.predict(new Pixels(new byte[60 * 40 * 3], 60, 40, 3));
            Instances d = p.instances();
            assertEquals(2, d.size()); // the third scores 0.1
            assertEquals("person", p.className(0));
            assertEquals(1, d.categoryId(0)); // torchvision labels are the category ids
            assertArrayEquals(new double[] {10, 5, 28, 28}, d.box(0));
            // box expanded by 30/28 to [9, 4, 39, 34]; padded 30x30 mask resized to 31x31: columns 10..38, rows 5..33
            assertArrayEquals(new int[] {10, 5, 29, 29}, d.mask(0).box());
            assertEquals(29 * 29, d.mask(0).area());
            assertEquals("car", p.className(1));
            // box [0, 0, 14, 14] -> [0 (trunc of -0.5), 0, 14, 14], 15x15; left half on: columns 1..6, rows 1..13
            assertArrayEquals(new int[] {1, 1, 6, 13}, d.mask(1).box());
            assertEquals(78, d.mask(1).area());
        }
    }

    @Test
    void dynamicInputIsFedAtImageSize() throws Exception {
        try (Segmenter s = Segmenter.builder().model(model(3, -1, -1)).scoreThreshold(0.5f).build()) {
            Prediction p = s.predict(new Pixels(new byte[60 * 40 * 3], 60, 40, 3));
            assertEquals(29 * 29, p.instances().mask(0).area());
        }
    }

    @Test
    void masksAlreadyPastedAtInputSize() throws Exception {
        // 1 detection, mask [1, 1, 40, 60] with probability 0.9 on x 5..14, y 2..8 and 0.4 elsewhere
        float[] m = new float[40 * 60];
        for (int y = 0; y < 40; y++) for (int x = 0; x < 60; x++) m[y * 60 + x] = x >= 5 && x < 15 && y >= 2 && y < 9 ? 0.9f : 0.4f;
        byte[] onnx = new OnnxWriter()
                .input("image", OnnxWriter.FLOAT, 3, 40, 60)
                .constant("boxes", new float[] {5, 2, 15, 9}, 1, 4)
                .constant("labels", new long[] {3}, 1)
                .constant("scores", new float[] {0.95f}, 1)
                .constant("masks", m, 1, 1, 40, 60)
                .toBytes();
        Path model = dir.resolve("pasted.onnx");
        Files.write(model, onnx);
        Files.writeString(dir.resolve("pasted.json"), SIDECAR);
        try (Segmenter s = Segmenter.builder().model(model).build()) {
            Prediction p = s.predict(new Pixels(new byte[60 * 40 * 3], 60, 40, 3));
            assertEquals(1, p.instances().size());
            assertArrayEquals(new int[] {5, 2, 10, 7}, p.instances().mask(0).box());
            assertEquals(70, p.instances().mask(0).area());
        }
    }
}
