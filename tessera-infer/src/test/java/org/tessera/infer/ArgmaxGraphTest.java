package org.tessera.infer;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.core.image.Image;
import org.tessera.core.label.LabelMap;

/** A semantic graph ending in ArgMax (int64 labels) and a letterboxed logits graph, through the whole Segmenter. */
class ArgmaxGraphTest {
    @TempDir
    Path dir;

    @Test
    void int64LabelsAreResampledByNearestNeighbour() throws Exception {
        long[] lab = new long[4 * 4];
        for (int y = 0; y < 4; y++) for (int x = 0; x < 4; x++) lab[y * 4 + x] = x < 2 ? 3 : 7;
        Files.write(dir.resolve("seg.onnx"), new OnnxWriter().input("x", OnnxWriter.FLOAT, 1, 3, 4, 4)
                .constant("labels", lab, 1, 4, 4).toBytes());
        Files.writeString(dir.resolve("seg.json"), "{\"task\": \"semantic\", \"family\": \"semantic-logits\", \"input\": {\"resize\": \"stretch\"}}");
        try (Segmenter s = Segmenter.builder().model(dir.resolve("seg.onnx")).build()) {
            assertEquals(ModelSpec.Activation.ARGMAX, s.spec().heads().get(0).activation()); // detected from the int64 output
            Prediction p = s.predict(Image.blank(8, 2, 3, 8));
            LabelMap m = p.labelMap("labels");
            assertEquals(8, m.width());
            for (int x = 0; x < 8; x++) assertEquals(x < 4 ? 3 : 7, m.get(x, 1));
        }
    }

    @Test
    void letterboxedLogitsMapBackWithoutThePadding() throws Exception {
        // 8x8 input, image 8x4 letterboxed into rows 2..5; class 1 wins only in input rows 2..3 (the image's top half)
        float[] logits = new float[2 * 64];
        for (int y = 0; y < 8; y++) for (int x = 0; x < 8; x++) logits[64 + y * 8 + x] = (y == 2 || y == 3) ? 5f : -5f;
        Files.write(dir.resolve("lb.onnx"), new OnnxWriter().input("x", OnnxWriter.FLOAT, 1, 3, 8, 8)
                .constant("logits", logits, 1, 2, 8, 8).toBytes());
        Files.writeString(dir.resolve("lb.json"), "{\"task\": \"semantic\", \"family\": \"semantic-logits\", \"input\": {\"resize\": \"letterbox\"}}");
        try (Segmenter s = Segmenter.builder().model(dir.resolve("lb.onnx")).build()) {
            LabelMap m = s.predict(Image.blank(8, 4, 3, 8)).labelMap();
            // content rows 2..5 -> image rows 0..3: rows 0 and 1 are class 1 (logit difference 10 -> -10 crosses between 1 and 2)
            for (int x = 0; x < 8; x++) {
                assertEquals(1, m.get(x, 0));
                assertEquals(1, m.get(x, 1));
                assertEquals(0, m.get(x, 2));
                assertEquals(0, m.get(x, 3));
            }
        }
    }
}
