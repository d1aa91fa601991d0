package org.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tessera.cli.CliTest.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.core.image.Image;
import org.tessera.core.image.Images;
import org.tessera.core.image.LabelMaps;
import org.tessera.core.label.LabelMap;
import org.tessera.data.Dataset;
import org.tessera.data.DatasetCategory;
import org.tessera.infer.ModelSpec;
import org.tessera.infer.Prediction;
import org.tessera.infer.Segmenter;
import org.tessera.train.OnnxExport;
import org.tessera.train.SegmentationTrainer;
import org.tessera.train.TrainConfig;

/** Export and serve: a model trained by tessera-train runs through tessera-infer's Segmenter and 'tessera predict'. */
class ServeTest {
    @TempDir
    Path tmp;

    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Train a tiny U-Net at a training scale that is not a multiple of its size multiple (42x34, multiple 4: the
     * network sees 44x36 with zero padding), export with the sidecar, and predict with {@link Segmenter}: at the
     * training scale the labels equal {@link SegmentationTrainer#predict} label for label.
     */
    @Test
    void segmenterMatchesTrainerPredict() throws Exception {
        int w = 42, h = 34;
        Dataset train = TrainCommand.scenes(tmp.resolve("data"), 6, h, w, 17);
        TrainConfig cfg = TrainConfig.builder(6, tmp.resolve("run")).arch("unet").width(4).depth(2).resize(w, h)
                .crop(40, 32).randomCrop(true).batchSize(3).epochs(2).learningRate(3e-3).seed(3).build();
        java.util.Map<Integer, String> names = new java.util.HashMap<>();
        for (DatasetCategory c : train.categories()) names.put(c.id(), c.name());
        Path model = tmp.resolve("run/model.onnx");
        try (SegmentationTrainer t = new SegmentationTrainer(cfg)) {
            t.fit(train, null);
            Path side = OnnxExport.writeServable(t.model(), cfg, OnnxExport.classNames(6, names, 255), model);
            assertEquals(tmp.resolve("run/model.json"), side);
            ModelSpec spec = ModelSpec.read(side);
            assertEquals(4, spec.input().padMultiple());
            assertEquals(w, spec.input().width());
            assertEquals(java.util.List.of("none", "disc", "square", "triangle", "sky", "ground"), spec.heads().get(0).classes());

            try (Segmenter seg = Segmenter.builder().model(model).build()) {
                int differ = 0;
                java.util.Set<Integer> classes = new java.util.TreeSet<>();
                for (int i = 0; i < train.size(); i++) {
                    Image img = Images.read(tmp.resolve(String.format("data/images/s%05d.png", i)));
                    LabelMap expected = t.predict(img);
                    LabelMap got = seg.predict(img).labelMap();
                    assertEquals(w, got.width());
                    assertEquals(h, got.height());
                    for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
                        if (expected.get(x, y) != got.get(x, y)) differ++;
                        classes.add(expected.get(x, y));
                    }
                }
                assertTrue(classes.size() >= 2, "a trained model predicts more than one class: " + classes);
                assertEquals(0, differ, "labels differing between Segmenter and SegmentationTrainer.predict");

                // other sizes: images resized to the training scale, labels back to the image size
                Dataset other = TrainCommand.scenes(tmp.resolve("other"), 4, 48, 64, 99);
                int d2 = 0, n2 = 0;
                for (int i = 0; i < other.size(); i++) {
                    Image img = Images.read(tmp.resolve(String.format("other/images/s%05d.png", i)));
                    LabelMap expected = t.predict(img);
                    LabelMap got = seg.predict(img).labelMap();
                    for (int y = 0; y < 48; y++) for (int x = 0; x < 64; x++) {
                        n2++;
                        if (expected.get(x, y) != got.get(x, y)) d2++;
                    }
                }
                assertEquals(0, d2, "labels differing between Segmenter and SegmentationTrainer.predict on 64x48 images (of " + n2 + ")");
            }
        }
    }

    /** {@code tessera train --synthetic --onnx} then {@code tessera predict --model RUN/model.onnx IMAGE}: no other flags. */
    @Test
    void trainThenPredictFromTheCommandLine() throws Exception {
        Path runDir = tmp.resolve("run");
        CliTest.Run r = run("train", "--synthetic", "4", "--size", "32x40", "--epochs", "1", "--width", "4", "--depth", "2",
                "--out", runDir.toString(), "--onnx");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("model.json"), r.out());
        JsonNode side = JSON.readTree(runDir.resolve("model.json").toFile());
        assertEquals("semantic", side.get("task").asText());
        assertEquals(40, side.get("input").get("width").asInt());
        assertEquals(32, side.get("input").get("height").asInt());
        assertEquals(4, side.get("input").get("pad_to_multiple").asInt());
        assertEquals("none", side.get("heads").get(0).get("classes").get(0).asText());

        Path image = runDir.resolve("synthetic/val/images/s00000.png");
        Path out = tmp.resolve("pred");
        CliTest.Run p = run("predict", "--model", runDir.resolve("model.onnx").toString(), "--out", out.toString(), image.toString());
        assertEquals(0, p.code(), p.err());
        LabelMap labels = LabelMaps.read(out.resolve("s00000_labels.png"));
        assertEquals(40, labels.width());
        assertEquals(32, labels.height());
        for (int i = 0; i < 40 * 32; i++) assertTrue(labels.get(i % 40, i / 40) < 6, "label within the 6 classes");
        assertTrue(Files.size(out.resolve("s00000_overlay.png")) > 0);
    }
}
