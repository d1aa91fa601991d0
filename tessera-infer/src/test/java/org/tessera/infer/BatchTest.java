package org.tessera.infer;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.core.image.Image;

/**
 * Batches through a model with a dynamic batch dimension: an Identity graph whose "logits" are the normalised input
 * channels, so each image's label is the index of its brightest channel.
 */
class BatchTest {
    @TempDir
    Path dir;

    private static Image solid(int r, int g, int b, int w, int h) {
        byte[] d = new byte[w * h * 3];
        for (int i = 0; i < w * h; i++) {
            d[3 * i] = (byte) r;
            d[3 * i + 1] = (byte) g;
            d[3 * i + 2] = (byte) b;
        }
        return Image.of8(w, h, 3, d);
    }

    @Test
    void dynamicBatchKeepsImagesApart() throws Exception {
        Path m = dir.resolve("id.onnx");
        Files.write(m, new OnnxWriter().input("x", OnnxWriter.FLOAT, -1, 3, 4, 4)
                .node("Identity", "x", "logits", OnnxWriter.FLOAT, -1, 3, 4, 4).toBytes());
        Files.writeString(dir.resolve("id.json"), """
                {"task": "semantic", "family": "semantic-logits", "input": {"resize": "stretch"},
                 "heads": [{"name": "c", "output": "logits", "classes": ["red", "green", "blue"]}]}""");
        List<Image> images = new ArrayList<>();
        int[] expect = new int[11]; // more than one chunk of 8
        for (int i = 0; i < expect.length; i++) {
            expect[i] = i % 3;
            images.add(solid(expect[i] == 0 ? 200 : 10, expect[i] == 1 ? 200 : 10, expect[i] == 2 ? 200 : 10, 5 + i, 3 + i));
        }
        try (Segmenter s = Segmenter.builder().model(m).build()) {
            List<Prediction> ps = s.predictBatch(images);
            assertEquals(expect.length, ps.size());
            for (int i = 0; i < expect.length; i++) {
                assertEquals(5 + i, ps.get(i).width());
                assertEquals(3 + i, ps.get(i).height());
                long[] h = ps.get(i).labelMap("c").histogram();
                assertEquals((long) (5 + i) * (3 + i), h[expect[i]], "image " + i);
            }
        }
    }
}
