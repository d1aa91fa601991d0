package org.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import org.tessera.core.instances.CenterGrouping;
import org.tessera.core.instances.Instances;
import org.tessera.core.panoptic.PanopticMap;
import org.tessera.train.BottomUpConfig;
import org.tessera.train.BottomUpTrainer;
import org.tessera.train.InstanceData;
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

    /**
     * A tiny bottom-up model (4 classes: background + the scenes' disc / square / triangle as things, background as a
     * stuff class) trained on 62x46 synthetic scenes, exported with its sidecar: {@link Segmenter} runs it at each
     * image's own size (padded to 64x48) and gives the instances of {@link BottomUpTrainer#predict} instance for
     * instance (masks, boxes, class ids; scores within 1e-4), its semantic map and its panoptic map label for label,
     * also on images of another size. (20 epochs of 3 steps: 15 instances of 2 classes over the 8 images; the heat
     * map then has clear peaks, so the ~1e-6 differences between ONNX Runtime and PyTorch move no centre.)
     */
    @Test
    void bottomUpSegmenterMatchesTrainerPredict() throws Exception {
        int w = 62, h = 46;
        Dataset data = TrainBottomUp.scenes(tmp.resolve("bu"), 6, h, w, 5);
        TrainConfig base = TrainConfig.builder(4, tmp.resolve("burun")).ignoreIndex(255).width(8).depth(2).resize(44, 44)
                .crop(44, 44).flip(true).batchSize(2).epochs(20).learningRate(1e-2).warmupSteps(0).seed(1).build();
        BottomUpConfig cfg = new BottomUpConfig(base, 3.0, 200, 0.1, new CenterGrouping.Options(0.1, 5, 200, 4),
                new int[] {1, 2, 3}, new int[] {0}, 8);
        Path model = tmp.resolve("burun/model.onnx");
        try (BottomUpTrainer t = new BottomUpTrainer(cfg)) {
            t.fit(InstanceData.all(data, 4, 255, true), null);
            java.util.List<String> names = TrainBottomUp.classNames(data, 4, 255);
            assertEquals(java.util.List.of("background", "disc", "square", "triangle"), names);
            Path side = OnnxExport.writeServable(t.model(), cfg, names, model);
            ModelSpec spec = ModelSpec.read(side);
            assertEquals(ModelSpec.Family.BOTTOM_UP, spec.family());
            assertEquals(4, spec.input().padMultiple());
            assertEquals(0, spec.input().width()); // native resolution
            assertEquals(java.util.List.of(1, 2, 3), java.util.Arrays.stream(spec.grouping().thingClasses()).boxed().toList());

            java.util.List<Image> images = new java.util.ArrayList<>();
            for (int i = 0; i < data.size(); i++) images.add(data.get(i).image());
            Dataset other = TrainBottomUp.scenes(tmp.resolve("bu-other"), 2, 40, 57, 77);
            for (int i = 0; i < other.size(); i++) images.add(other.get(i).image());
            int total = 0;
            java.util.Set<Integer> classes = new java.util.TreeSet<>();
            try (Segmenter seg = Segmenter.builder().model(model).build()) {
                for (Image img : images) {
                    CenterGrouping.Result expected = t.predict(img);
                    PanopticMap expectedPan = t.predictPanoptic(img);
                    Prediction got = seg.predict(img);
                    Instances e = expected.instances(), g = got.instances();
                    assertEquals(e.size(), g.size(), "instances");
                    for (int k = 0; k < e.size(); k++) {
                        assertEquals(e.categoryId(k), g.categoryId(k), "class of instance " + k);
                        assertEquals(e.score(k), g.score(k), 1e-4, "score of instance " + k);
                        assertArrayEquals(e.box(k), g.box(k), "box of instance " + k);
                        assertEquals(e.mask(k).toRle(), g.mask(k).toRle(), "mask of instance " + k);
                        classes.add(e.categoryId(k));
                    }
                    total += e.size();
                    LabelMap sem = got.labelMap("semantic");
                    PanopticMap pan = got.panoptic();
                    assertEquals(img.width(), pan.width());
                    assertEquals(img.height(), pan.height());
                    assertEquals(expectedPan.segments().size(), pan.segments().size(), "segments");
                    for (int k = 0; k < pan.segments().size(); k++) {
                        assertEquals(expectedPan.segments().get(k).categoryId(), pan.segments().get(k).categoryId());
                        assertEquals(expectedPan.segments().get(k).area(), pan.segments().get(k).area());
                    }
                    for (int y = 0; y < img.height(); y++) {
                        for (int x = 0; x < img.width(); x++) {
                            assertEquals(expected.semantic().get(x, y), sem.get(x, y), "semantic label");
                            assertEquals(expectedPan.get(x, y), pan.get(x, y), "panoptic id");
                        }
                    }
                }
            }
            assertTrue(total >= 8, "a trained model finds instances: " + total);
            assertTrue(classes.size() >= 2, "of several classes: " + classes);
        }
    }

    /**
     * {@code tessera train --arch bottomup --synthetic --onnx}, a resume of the finished run, then
     * {@code tessera predict --model RUN/model.onnx IMAGE}: COCO results, the semantic labels, the panoptic PNG + JSON
     * and the overlays.
     */
    @Test
    void trainBottomUpThenPredictFromTheCommandLine() throws Exception {
        Path runDir = tmp.resolve("burun");
        CliTest.Run r = run("train", "--arch", "bottomup", "--synthetic", "4", "--size", "32x40", "--epochs", "2", "--batch", "2",
                "--width", "4", "--depth", "2", "--sigma", "3", "--out", runDir.toString(), "--onnx");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("4 train / 2 val images, 4 classes (things [1, 2, 3], stuff [])"), r.out());
        assertTrue(r.out().contains("epoch 2/2") && r.out().contains("val DSB"), r.out());
        assertTrue(r.out().contains("model.json"), r.out());
        for (String f : new String[] {"last.ckpt", "best.ckpt", "log.jsonl", "train.properties", "curves.png", "model.onnx"}) {
            assertTrue(Files.isRegularFile(runDir.resolve(f)), f);
        }
        assertTrue(Files.readString(runDir.resolve("log.jsonl")).contains("\"val_dsb\""));
        JsonNode side = JSON.readTree(runDir.resolve("model.json").toFile());
        assertEquals("instance", side.get("task").asText());
        assertEquals("bottom-up", side.get("family").asText());
        assertEquals("background", side.get("classes").get(0).asText());
        assertEquals("triangle", side.get("classes").get(3).asText());
        assertEquals(3, side.get("grouping").get("thing_classes").size());
        assertTrue(side.get("input").get("width") == null, "native resolution: no input width");

        CliTest.Run again = run("train", "--resume", runDir.toString());
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("nothing to do"), again.out());
        CliTest.Run extend = run("train", "--resume", runDir.toString(), "--epochs", "3");
        assertEquals(2, extend.code());
        assertTrue(extend.err().contains("cannot be extended"), extend.err());

        Path image = runDir.resolve("synthetic/val/images/s00000.png");
        Path out = tmp.resolve("bupred");
        CliTest.Run p = run("predict", "--model", runDir.resolve("model.onnx").toString(), "--out", out.toString(), image.toString());
        assertEquals(0, p.code(), p.err());
        LabelMap labels = LabelMaps.read(out.resolve("s00000_labels.png"));
        assertEquals(40, labels.width());
        assertEquals(32, labels.height());
        for (int i = 0; i < 40 * 32; i++) assertTrue(labels.get(i % 40, i / 40) < 4, "label within the 4 classes");
        for (String f : new String[] {"s00000_overlay.png", "s00000_panoptic_overlay.png", "panoptic/s00000.png", "results.json", "images.json"}) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        JsonNode pan = JSON.readTree(out.resolve("panoptic.json").toFile());
        assertEquals("s00000.png", pan.get("annotations").get(0).get("file_name").asText());
        assertTrue(JSON.readTree(out.resolve("results.json").toFile()).isArray());
        // tiling does not apply to a bottom-up model
        CliTest.Run t = run("predict", "--model", runDir.resolve("model.onnx").toString(), "--tile", "16", "--out", out.toString(), image.toString());
        assertEquals(2, t.code());
        assertTrue(t.err().contains("bottom-up model"), t.err());
    }
}
