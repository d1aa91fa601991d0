package org.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.core.image.PanopticMaps;
import org.tessera.core.mask.Rle;
import org.tessera.core.panoptic.PanopticMap;
import org.tessera.data.Annotation;
import org.tessera.data.Dataset;
import org.tessera.data.Sample;
import org.tessera.data.coco.CocoJson;
import org.tessera.infer.Prediction;
import org.tessera.infer.Segmenter;

/** {@code tessera predict} on the shared models and images: outputs, COCO composition, panoptic, tiling, errors. */
class PredictCliTest {
    @TempDir
    Path tmp;

    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void models() {
        System.setProperty("tessera.models", CliTest.shared().resolve("models").toString());
    }

    static Path shared(String rel) {
        Path p = CliTest.shared().resolve(rel);
        if (!Files.exists(p)) throw new IllegalStateException("missing shared test data: " + p);
        return p;
    }

    static Path gtResource() throws IOException {
        Path p = Path.of("src/test/resources" + AccuracyGroundTruth.RESOURCE);
        if (Files.isRegularFile(p)) return p;
        try (InputStream in = PredictCliTest.class.getResourceAsStream(AccuracyGroundTruth.RESOURCE)) {
            if (in == null) throw new IllegalStateException("test resource " + AccuracyGroundTruth.RESOURCE + " missing");
            Path t = Files.createTempFile("coco7", ".json");
            Files.write(t, in.readAllBytes());
            return t;
        }
    }

    /** The 7 annotated images: 5 of coco_val2017_6 (000000000089 has no annotations) and the 2 of coco_panoptic_2. */
    static List<String> accuracyImages() {
        List<String> l = new ArrayList<>();
        for (String id : new String[] {"128372", "404249", "343934", "194216", "464689"}) {
            l.add(shared("data/coco_val2017_6/images/000000" + id + ".jpg").toString());
        }
        l.add(shared("data/coco_panoptic_2/input_images").toString());
        return l;
    }

    @Test
    void busOverlayAndCocoResults() throws IOException {
        Path out = tmp.resolve("bus");
        CliTest.Run r = CliTest.run("predict", "--model", "yolov8n-seg-int8-320", "--out", out.toString(), shared("data/images/bus.jpg").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.size(out.resolve("bus_overlay.png")) > 1000);
        JsonNode res = JSON.readTree(out.resolve("results.json").toFile());
        int buses = 0, persons = 0;
        for (JsonNode d : res) {
            assertEquals(1, d.get("image_id").asInt());
            assertTrue(d.get("segmentation").get("counts").asText().length() > 0);
            if (d.get("category_id").asInt() == 6) buses++;
            if (d.get("category_id").asInt() == 1) persons++;
        }
        assertTrue(buses >= 1, "a bus: " + res);
        assertTrue(persons >= 3, "at least 3 persons: " + res);
        JsonNode images = JSON.readTree(out.resolve("images.json").toFile()).get("images");
        assertEquals("bus.jpg", images.get(0).get("file_name").asText());
        assertEquals(810, images.get(0).get("width").asInt());
    }

    @Test
    void overlappedIoGivesTheSameOutputsAsInOrder() throws IOException {
        Path folder = shared("data/coco_val2017_6/images");
        Path a = tmp.resolve("seq"), b = tmp.resolve("overlap");
        assertEquals(0, CliTest.run("predict", "--model", "yolov8n-seg-int8-320", "--io-threads", "0", "--out", a.toString(), folder.toString()).code());
        assertEquals(0, CliTest.run("predict", "--model", "yolov8n-seg-int8-320", "--io-threads", "2", "--out", b.toString(), folder.toString()).code());
        assertEquals(Files.readString(a.resolve("results.json")), Files.readString(b.resolve("results.json")));
        try (var files = Files.list(a)) {
            for (Path f : files.toList()) {
                assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(b.resolve(f.getFileName())), f.getFileName().toString());
            }
        }
    }

    @Test
    void foregroundModelWritesMaskOverlayAndAlpha() throws IOException {
        Path out = tmp.resolve("fg");
        CliTest.Run r = CliTest.run("predict", "--model", "mediapipe-selfie-256", "--out", out.toString(), shared("data/images/zidane.jpg").toString());
        assertEquals(0, r.code(), r.err());
        var mask = org.tessera.core.image.LabelMaps.read(out.resolve("zidane_mask.png"));
        long[] h = mask.histogram();
        double fg = (double) h[1] / (mask.width() * mask.height());
        assertTrue(fg > 0.3 && fg < 0.7, "person fraction " + fg + " (the model card observes about 51%)");
        assertTrue(Files.size(out.resolve("zidane_overlay.png")) > 0);
        var alpha = org.tessera.core.image.Images.read(out.resolve("zidane_alpha.png"));
        assertEquals(mask.width(), alpha.width());
    }

    @Test
    void groundTruthResourceIsDerivedFromSharedData() throws IOException {
        assertEquals(JSON.writeValueAsString(AccuracyGroundTruth.build(CliTest.shared())), Files.readString(gtResource()));
    }

    /** predict --coco-gt then eval coco: the figures of docs/infer-accuracy.md (regression golden, full precision). */
    @Test
    void cocoGtComposesWithEvalCoco() throws IOException {
        Path gt = gtResource();
        Path out = tmp.resolve("acc");
        List<String> args = new ArrayList<>(List.of("predict", "--model", "yolov8n-seg-int8-320", "--conf", "0.001",
                "--coco-gt", gt.toString(), "--format", "coco", "--out", out.toString()));
        args.addAll(accuracyImages());
        CliTest.Run r = CliTest.run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        JsonNode res = JSON.readTree(out.resolve("results.json").toFile());
        java.util.Set<Long> ids = new java.util.TreeSet<>();
        for (JsonNode d : res) ids.add(d.get("image_id").asLong());
        assertEquals(java.util.Set.of(128372L, 404249L, 343934L, 194216L, 464689L, 142238L, 439180L), ids);
        double[] segm = evalStats(gt, out.resolve("results.json"), "segm");
        double[] bbox = evalStats(gt, out.resolve("results.json"), "bbox");
        assertArrayEquals(new double[] {0.19731610206038364, 0.46413362196596336, 0.10727744202991725, 0.028346385283535516,
                0.17223017442783894, 0.6999999999999998, 0.16463728191000918, 0.204281980645617, 0.21557674648583738,
                0.03457875457875458, 0.20577777777777775, 0.7}, segm, 1e-12);
        assertArrayEquals(new double[] {0.28090283795110454, 0.4930941825804237, 0.294336265581039, 0.08615065039718876,
                0.3611206308181332, 0.7666666666666665, 0.22805785123966943, 0.2753701349155895, 0.3069817051635234,
                0.09886446886446885, 0.4076666666666667, 0.7666666666666667}, bbox, 1e-12);
    }

    /** The same composition with coco_val2017_6's own annotations.json (6 images, 000000000089 without annotations). */
    @Test
    void cocoGtComposesWithTheUntouchedCocoVal2017File() throws IOException {
        Path gt = shared("data/coco_val2017_6/annotations.json");
        Path out = tmp.resolve("v6");
        CliTest.Run r = CliTest.run("predict", "--model", "yolov8n-seg-int8-320", "--conf", "0.001", "--coco-gt", gt.toString(),
                "--format", "coco", "--out", out.toString(), shared("data/coco_val2017_6/images").toString());
        assertEquals(0, r.code(), r.err());
        assertArrayEquals(new double[] {0.236400664104872, 0.48028889427404275, 0.16336633663366337, 0.037937293729372934,
                0.233003300330033, 0.6999999999999998, 0.2125, 0.2419230769230769, 0.2419230769230769, 0.05174358974358974,
                0.23333333333333334, 0.7}, evalStats(gt, out.resolve("results.json"), "segm"), 1e-12);
        assertArrayEquals(new double[] {0.3214400676492989, 0.48678542628018456, 0.3607953272702836, 0.0905280528052805,
                0.4666666666666667, 0.7666666666666665, 0.27625, 0.3256730769230769, 0.3331730769230769, 0.12374358974358975,
                0.4666666666666667, 0.7666666666666667}, evalStats(gt, out.resolve("results.json"), "bbox"), 1e-12);
    }

    private double[] evalStats(Path gt, Path results, String type) throws IOException {
        Path json = tmp.resolve(type + ".json");
        CliTest.Run r = CliTest.run("eval", "coco", "--gt", gt.toString(), "--results", results.toString(), "--iou-type", type,
                "--out", json.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode stats = JSON.readTree(json.toFile()).get("stats");
        double[] s = new double[stats.size()];
        int i = 0;
        for (JsonNode v : stats) s[i++] = v.asDouble();
        assertEquals(12, s.length);
        return s;
    }

    @Test
    void cocoGtRejectsImagesItDoesNotHave() throws IOException {
        CliTest.Run r = CliTest.run("predict", "--model", "yolov8n-seg-int8-320", "--coco-gt", gtResource().toString(),
                "--out", tmp.resolve("x").toString(), shared("data/images/bus.jpg").toString());
        CliTest.assertBadInput(r, "bus.jpg: no image with this file name in");
    }

    /** YOLO things + TwinLiteNet drivable area as COCO panoptic "road" (149); the panoptic evaluator takes the output. */
    @Test
    void panopticOutputIsAcceptedByThePanopticEvaluator() throws IOException {
        Path out = tmp.resolve("pan");
        CliTest.Run r = CliTest.run("predict", "--model", "yolov8n-seg-int8-320", "--stuff-model", "twinlitenet-bdd100k-640",
                "--stuff-map", "da:1=149", "--format", "panoptic", "--out", out.toString(), shared("data/images/bus.jpg").toString());
        assertEquals(0, r.code(), r.err());
        JsonNode pj = JSON.readTree(out.resolve("panoptic.json").toFile());
        JsonNode segs = pj.get("annotations").get(0).get("segments_info");
        PanopticMap map = PanopticMaps.readIds(out.resolve("panoptic").resolve(pj.get("annotations").get(0).get("file_name").asText()));
        int road = 0, buses = 0, persons = 0;
        for (JsonNode s : segs) {
            int cat = s.get("category_id").asInt();
            if (cat == 149) road++;
            if (cat == 6) buses++;
            if (cat == 1) persons++;
            long area = 0;
            for (int v : map.data()) if (v == s.get("id").asInt()) area++;
            assertEquals(s.get("area").asLong(), area, "segment " + s);
        }
        assertEquals(1, road, "one road segment: " + segs);
        assertTrue(buses >= 1 && persons >= 3, segs.toString());
        boolean roadNamed = false;
        for (JsonNode c : pj.get("categories")) roadNamed |= c.get("id").asInt() == 149 && c.get("name").asText().equals("road") && c.get("isthing").asInt() == 0;
        assertTrue(roadNamed, pj.get("categories").toString());
        Path pq = tmp.resolve("pq.json");
        CliTest.Run e = CliTest.run("eval", "panoptic", "--gt-json", out.resolve("panoptic.json").toString(), "--gt-dir", out.resolve("panoptic").toString(),
                "--pred-json", out.resolve("panoptic.json").toString(), "--pred-dir", out.resolve("panoptic").toString(), "--out", pq.toString());
        assertEquals(0, e.code(), e.err());
        JsonNode all = JSON.readTree(pq.toFile()).get("all");
        assertEquals(1.0, all.get("pq").asDouble(), 1e-12, all.toString());
        java.util.Set<Integer> cats = new java.util.HashSet<>();
        for (JsonNode sg : segs) cats.add(sg.get("category_id").asInt());
        assertEquals(cats.size(), all.get("n").asInt(), "categories counted");
    }

    @Test
    void tiledPredictionStillFindsTheBusAndPersons() throws IOException {
        Path out = tmp.resolve("tiles");
        CliTest.Run r = CliTest.run("predict", "--model", "yolov8n-seg-int8-320", "--tile", "480", "--tile-overlap", "0.25",
                "--format", "coco", "--out", out.toString(), shared("data/images/bus.jpg").toString());
        assertEquals(0, r.code(), r.err());
        int buses = 0, persons = 0;
        for (JsonNode d : JSON.readTree(out.resolve("results.json").toFile())) {
            JsonNode bb = d.get("bbox");
            assertTrue(bb.get(0).asDouble() >= 0 && bb.get(0).asDouble() + bb.get(2).asDouble() <= 810 + 1e-9, d.toString());
            assertTrue(bb.get(1).asDouble() >= 0 && bb.get(1).asDouble() + bb.get(3).asDouble() <= 1080 + 1e-9, d.toString());
            assertEquals(1080, d.get("segmentation").get("size").get(0).asInt());
            if (d.get("category_id").asInt() == 6) buses++;
            if (d.get("category_id").asInt() == 1) persons++;
        }
        assertTrue(buses >= 1 && persons >= 3, buses + " buses, " + persons + " persons");
        CliTest.assertBadInput(CliTest.run("predict", "--model", "yolov8n-seg-int8-320", "--tile", "480", "--tile-overlap", "1.5",
                "--out", out.toString(), shared("data/images/bus.jpg").toString()), "--tile-overlap must be in [0, 1)");
        CliTest.assertBadInput(CliTest.run("predict", "--model", "twinlitenet-bdd100k-640", "--tile", "480",
                "--out", out.toString(), shared("data/images/bus.jpg").toString()), "--tile needs an instance model");
    }

    @Test
    void badInputsExitTwoWithOneLine() throws IOException {
        Path bus = shared("data/images/bus.jpg");
        Path corrupt = tmp.resolve("corrupt.onnx");
        Files.write(corrupt, "this is not an ONNX model".getBytes());
        Files.writeString(tmp.resolve("corrupt.json"), """
                {"id": "corrupt", "task": "instance", "family": "yolo-seg", "classes": ["a"],
                 "input": {"width": 320, "height": 320, "resize": "letterbox"}}
                """);
        CliTest.assertBadInput(CliTest.run("predict", "--model", corrupt.toString(), "--out", tmp.resolve("o1").toString(), bus.toString()), "corrupt.onnx: ONNX Runtime cannot load the model");

        Path yoloSidecar = tmp.resolve("as-yolo.json");
        Files.writeString(yoloSidecar, """
                {"id": "twin-as-yolo", "task": "instance", "family": "yolo-seg", "classes": ["a", "b"],
                 "input": {"resize": "letterbox"}}
                """);
        CliTest.assertBadInput(CliTest.run("predict", "--model", shared("models/twinlitenet-bdd100k-640/model.onnx").toString(),
                "--sidecar", yoloSidecar.toString(), "--out", tmp.resolve("o2").toString(), bus.toString()), "does not fit family yolo-seg");

        Path badImage = tmp.resolve("broken.jpg");
        Files.write(badImage, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0, 1, 2, 3});
        CliTest.assertBadInput(CliTest.run("predict", "--model", "yolov8n-seg-int8-320", "--out", tmp.resolve("o3").toString(), badImage.toString()), "broken.jpg");

        CliTest.assertBadInput(CliTest.run("predict", "--model", "yolov8n-seg-int8-320", "--stuff-model", "twinlitenet-bdd100k-640",
                "--stuff-map", "da1=149", "--out", tmp.resolve("o4").toString(), bus.toString()), "--stuff-map 'da1=149': expected HEAD:LABEL=ID");
        CliTest.assertBadInput(CliTest.run("predict", "--model", "yolov8n-seg-int8-320", "--stuff-model", "twinlitenet-bdd100k-640",
                "--stuff-map", "road:1=149", "--out", tmp.resolve("o5").toString(), bus.toString()), "no head 'road' (heads: [da, ll])");
        CliTest.assertBadInput(CliTest.run("predict", "--model", "yolov8n-seg-int8-320", "--format", "panoptic",
                "--out", tmp.resolve("o6").toString(), bus.toString()), "--format panoptic needs --stuff-model");
    }

    /** MediaPipe selfie person IoU against the union of COCO person masks, on every person image of the 7. */
    @Test
    void selfiePersonIouOnAllCocoPersonImages() throws IOException {
        Dataset gt = CocoJson.read(gtResource());
        List<String> lines = new ArrayList<>();
        List<Double> ious = new ArrayList<>();
        long inter = 0, union = 0;
        try (Segmenter seg = Segmenter.builder().model("mediapipe-selfie-256").build()) {
            for (int i = 0; i < gt.size(); i++) {
                Sample s = gt.get(i);
                List<Rle> persons = new ArrayList<>();
                for (Annotation a : s.annotations()) if (a.categoryId() == 1) persons.add(a.segmentation().toRle(s.height(), s.width()));
                if (persons.isEmpty()) continue;
                Rle g = Rle.merge(persons, false);
                Path file = Files.exists(shared("data/coco_val2017_6/images").resolve(s.fileName()))
                        ? shared("data/coco_val2017_6/images").resolve(s.fileName()) : shared("data/coco_panoptic_2/input_images").resolve(s.fileName());
                Prediction p = seg.predict(file);
                Rle m = p.foreground().mask().toRle();
                double iou = Rle.iou(m, g, false);
                long in = Rle.merge(List.of(m, g), true).area();
                inter += in;
                union += m.area() + g.area() - in;
                ious.add(iou);
                lines.add(String.format(java.util.Locale.ROOT, "%s: %d persons, GT area %d, predicted %d, IoU %s", s.fileName(),
                        persons.size(), g.area(), m.area(), iou));
            }
        }
        lines.forEach(System.out::println);
        System.out.println("mean IoU " + ious.stream().mapToDouble(d -> d).average().orElse(0) + ", pooled IoU " + (double) inter / union);
        // regression golden of this implementation (docs/infer-accuracy.md); the 4 images with persons, in GT order
        assertEquals(4, ious.size());
        assertArrayEquals(new double[] {0.6374150470966973, 0.8258778507524435, 0.5114500008315178, 0.004724847137298499},
                ious.stream().mapToDouble(d -> d).toArray(), 1e-12);
        assertEquals(0.5092856202766637, (double) inter / union, 1e-12);
    }

    @Test
    void demoRunsInferenceWhenTheModelsArePresent() throws IOException {
        Path out = tmp.resolve("demo");
        CliTest.Run r = CliTest.run("demo", "--out", out.toString(), "--size", "160x120", "--objects", "4", "--train-epochs", "0");
        assertEquals(0, r.code(), r.err());
        String line = r.out().lines().filter(l -> l.startsWith("inference")).findFirst().orElse("");
        assertTrue(line.startsWith("inference  yolov8n-seg-int8-320 on bus.jpg: "), r.out());
        assertTrue(line.contains("bus") && line.contains("person"), line);
        assertTrue(Files.size(out.resolve("inference_overlay.png")) > 1000);
    }

    @Test
    void demoWithoutModelsSaysHowToPointAtThem() throws IOException {
        String old = System.getProperty("tessera.models");
        System.setProperty("tessera.models", tmp.resolve("no-models").toString());
        try {
            Path out = tmp.resolve("demo");
            CliTest.Run r = CliTest.run("demo", "--out", out.toString(), "--size", "160x120", "--objects", "4", "--train-epochs", "0");
            assertEquals(0, r.code(), r.err());
            List<String> lines = r.out().lines().filter(l -> l.startsWith("inference")).toList();
            assertEquals(1, lines.size(), r.out());
            assertTrue(lines.get(0).startsWith("inference  skipped: yolov8n-seg-int8-320 not usable in "), lines.get(0));
            assertTrue(lines.get(0).contains("TESSERA_MODELS") && lines.get(0).contains("--model FILE.onnx"), lines.get(0));
            assertTrue(Files.notExists(out.resolve("inference_overlay.png")));
        } finally {
            System.setProperty("tessera.models", old);
        }
    }
}
