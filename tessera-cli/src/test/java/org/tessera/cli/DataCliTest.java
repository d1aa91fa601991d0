package org.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tessera.cli.CliTest.assertBadInput;
import static org.tessera.cli.CliTest.run;
import static org.tessera.cli.CliTest.shared;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.cli.CliTest.Run;
import org.tessera.core.image.Image;
import org.tessera.core.image.Images;
import org.tessera.core.image.LabelMaps;
import org.tessera.core.image.PanopticMaps;
import org.tessera.core.label.LabelMap;
import org.tessera.core.mask.Rle;
import org.tessera.data.Annotation;
import org.tessera.data.DatasetCategory;
import org.tessera.data.coco.CocoDataset;
import org.tessera.data.coco.CocoJson;

/** {@code tessera convert} and {@code tessera dataset ...} end to end on the shared data. */
class DataCliTest {
    @TempDir
    Path tmp;

    static final ObjectMapper JSON = new ObjectMapper();

    static Path data(String name) {
        Path p = shared().resolve("data").resolve(name);
        if (!Files.isDirectory(p)) throw new IllegalStateException("missing shared data folder " + p);
        return p;
    }

    static Run ok(String... args) {
        Run r = run(args);
        assertEquals(0, r.code(), "tessera " + String.join(" ", args) + " failed: " + r.err() + r.out());
        return r;
    }

    /**
     * A run that failed part-way: exit 2 and, after the progress bar that may precede it, one error line naming the
     * problem, no stack trace.
     */
    static void assertFailsCleanly(Run r, String mustContain) {
        assertEquals(2, r.code(), "exit code; stderr: " + r.err());
        String[] lines = r.err().strip().split("[\r\n]+");
        String last = lines[lines.length - 1];
        assertTrue(last.startsWith("tessera: ") && last.contains(mustContain), "last stderr line should name '" + mustContain + "': " + r.err());
        for (String l : lines) assertTrue(l.startsWith("tessera: ") || l.startsWith("["), "only the progress bar and the error: " + r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    /** Nothing but the named entries in {@code dir} (no temporary folders left behind). */
    static void assertOnly(Path dir, String... names) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<String> got = s.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(Arrays.stream(names).sorted().toList(), got, "entries of " + dir);
        }
    }

    @Test
    void cocoToYoloAndBackKeepsMasks() throws IOException {
        Path coco = data("coco_val2017_6").resolve("annotations.json");
        Path yolo = tmp.resolve("yolo"), back = tmp.resolve("back.json");
        ok("convert", "--from", "coco", "--to", "yolo", coco.toString(), yolo.toString());
        Path yolo2 = tmp.resolve("yolo2");
        ok("convert", "--to", "yolo", coco.getParent().toString(), yolo2.toString()); // folder -> its COCO JSON
        assertArrayEquals(Files.readAllBytes(yolo.resolve("labels/train/000000128372.txt")), Files.readAllBytes(yolo2.resolve("labels/train/000000128372.txt")));
        StagedOutput.deleteTree(yolo2);
        assertTrue(Files.isRegularFile(yolo.resolve("data.yaml")));
        assertTrue(Files.isRegularFile(yolo.resolve("images/train/000000128372.jpg")), "images copied");
        ok("convert", "--to", "coco", yolo.toString(), back.toString()); // --from detected (data.yaml)
        assertOnly(tmp, "yolo", "back.json");

        CocoDataset a = CocoJson.read(coco), b = CocoJson.read(back, null);
        assertEquals(6, b.size());
        Map<String, Integer> indexB = new HashMap<>();
        for (int i = 0; i < b.size(); i++) indexB.put(b.get(i).fileName(), i);
        Map<Integer, String> namesA = names(a.categories()), namesB = names(b.categories());
        int compared = 0;
        double worst = 1;
        for (int i = 0; i < a.size(); i++) {
            var sa = a.get(i);
            Integer j = indexB.get(sa.fileName());
            assertTrue(j != null, sa.fileName() + " missing after the round trip");
            var sb = b.get(j);
            assertEquals(sa.width(), sb.width());
            assertEquals(sa.height(), sb.height());
            List<Annotation> objs = sa.annotations().stream().filter(x -> !x.iscrowd()).toList();
            List<Annotation> got = sb.annotations();
            assertEquals(objs.size(), got.size(), sa.fileName() + ": non-crowd annotations kept, crowd dropped");
            for (int k = 0; k < objs.size(); k++) {
                Annotation x = objs.get(k), y = got.get(k);
                assertEquals(namesA.get(x.categoryId()), namesB.get(y.categoryId()), "category of annotation " + x.id());
                double iou = Rle.iou(y.segmentation().toRle(sa.height(), sa.width()), x.segmentation().toRle(sa.height(), sa.width()), false);
                worst = Math.min(worst, iou);
                assertTrue(iou >= 0.98, "annotation " + x.id() + " mask IoU " + iou);
                compared++;
            }
        }
        assertEquals(35, compared, "the 35 non-crowd annotations");
        assertTrue(worst > 0.98, "worst IoU " + worst);
    }

    private static Map<Integer, String> names(List<DatasetCategory> cats) {
        Map<Integer, String> m = new HashMap<>();
        for (DatasetCategory c : cats) m.put(c.id(), c.name());
        return m;
    }

    @Test
    void vocToCoco() throws IOException {
        Path voc = data("voc_1"), out = tmp.resolve("voc.json");
        ok("convert", "--from", "voc", "--to", "coco", voc.toString(), out.toString());
        CocoDataset d = CocoJson.read(out, null);
        assertEquals(2, d.size());
        assertEquals(20, d.categories().size());
        // the masked image: objects 1 (dog, class 12) and 2 (chair, class 9) of SegmentationObject
        LabelMap obj = LabelMaps.read(voc.resolve("SegmentationObject/2007_000063.png"));
        long[] objPixels = obj.histogram();
        int masked = -1;
        for (int i = 0; i < d.size(); i++) if (d.get(i).fileName().startsWith("2007_000063")) masked = i;
        List<Annotation> anns = d.get(masked).annotations();
        assertEquals(2, anns.size());
        assertEquals(12, anns.get(0).categoryId());
        assertEquals(9, anns.get(1).categoryId());
        for (int k = 0; k < 2; k++) {
            Rle r = anns.get(k).segmentation().toRle(375, 500);
            assertEquals(objPixels[k + 1], r.area(), "object " + (k + 1) + " pixels");
            assertEquals(objPixels[k + 1], (long) anns.get(k).area());
            short[] v = obj.data();
            byte[] bits = r.decodeRowMajor();
            for (int p = 0; p < v.length; p++) assertEquals(v[p] == k + 1, bits[p] != 0, "pixel " + p + " of object " + (k + 1));
        }
        // the other image has no masks: its XML box only
        List<Annotation> boxes = d.get(1 - masked).annotations();
        assertFalse(boxes.isEmpty());
        assertTrue(boxes.stream().allMatch(a -> a.segmentation() == null && a.bbox() != null));
    }

    @Test
    void cityscapesToPanopticEqualsCityscapesScripts() throws IOException {
        Path golden = shared().resolve("golden/cityscapes");
        for (boolean trainId : new boolean[] {false, true}) {
            Path out = tmp.resolve(trainId ? "cs_train" : "cs");
            List<String> args = new ArrayList<>(List.of("convert", "--from", "cityscapes", "--to", "coco-panoptic",
                    data("cityscapes_1").toString(), out.toString()));
            if (trainId) args.add("--train-ids");
            ok(args.toArray(String[]::new));
            String base = "cityscapes_panoptic_val" + (trainId ? "_trainId" : "");
            assertOnly(out, base + ".json", base);
            JsonNode got = JSON.readTree(out.resolve(base + ".json").toFile());
            JsonNode want = JSON.readTree(golden.resolve(base + ".json").toFile());
            assertEquals(want, got, base + ".json equals the golden");
            String png = "frankfurt_000000_000294_gtFine_panoptic.png";
            int[] a = PanopticMaps.readIds(out.resolve(base).resolve(png)).data();
            int[] b = PanopticMaps.readIds(golden.resolve(base).resolve(png)).data();
            assertArrayEquals(b, a, base + "/" + png + " pixels equal the golden");
        }
    }

    @Test
    void labelMapsToCocoAndBack() throws IOException {
        Path src = tmp.resolve("lm");
        Path dsb = data("dsb2018_sample").resolve("labelmaps");
        Files.createDirectories(src.resolve("images"));
        Files.createDirectories(src.resolve("labels"));
        String id = "13c8ff1f49886e91c98ce795c93648ad8634c782ff57eb928ce29496b0425057";
        Files.copy(dsb.resolve("images/" + id + ".png"), src.resolve("images/" + id + ".png"));
        Files.copy(dsb.resolve("labels/" + id + ".png"), src.resolve("labels/" + id + ".png"));
        Path coco = tmp.resolve("lm.json"), back = tmp.resolve("back");
        ok("convert", "--from", "labelmaps", "--instance-ids", "--to", "coco", src.toString(), coco.toString());
        assertEquals(17, CocoJson.read(coco, null).annotationCount(), "17 nuclei (README)");
        ok("convert", "--from", "coco", "--image-dir", src.resolve("images").toString(), "--to", "labelmaps", "--write-instance-ids",
                coco.toString(), back.toString());
        LabelMap orig = LabelMaps.read(src.resolve("labels/" + id + ".png"));
        LabelMap again = LabelMaps.read(back.resolve("labels/" + id + ".png"));
        assertArrayEquals(orig.data(), again.data(), "instance ids survive labelmaps -> COCO -> labelmaps");
        assertTrue(Files.isRegularFile(back.resolve("images/" + id + ".png")));
    }

    @Test
    void labelmeToCocoAndVoc() throws IOException {
        Path lm = tmp.resolve("labelme");
        Files.createDirectories(lm);
        Images.writePng(Image.blank(60, 40, 3, 8), lm.resolve("a.png"));
        Files.writeString(lm.resolve("a.json"), """
                {"imagePath": "a.png", "imageWidth": 60, "imageHeight": 40, "shapes": [
                  {"label": "cat", "shape_type": "polygon", "points": [[5, 5], [30, 5], [30, 25], [5, 25]], "group_id": null},
                  {"label": "dog", "shape_type": "rectangle", "points": [[35, 10], [55, 30]], "group_id": null},
                  {"label": "__ignore__", "shape_type": "polygon", "points": [[0, 30], [20, 30], [20, 39], [0, 39]], "group_id": null}
                ]}""");
        Path coco = tmp.resolve("lm.json"), voc = tmp.resolve("voc");
        ok("convert", "--to", "coco", lm.toString(), coco.toString()); // detected: a folder of .json files
        CocoDataset d = CocoJson.read(coco, null);
        List<Annotation> anns = d.get(0).annotations();
        assertEquals(2, anns.size(), "__ignore__ regions are not COCO annotations");
        assertEquals(List.of("cat", "dog"), d.categories().stream().map(DatasetCategory::name).toList());
        assertEquals(Rle.fromPolygon(new double[] {5, 5, 30, 5, 30, 25, 5, 25}, 40, 60).area(), anns.get(0).segmentation().toRle(40, 60).area());
        assertEquals(Rle.fromPolygon(new double[] {35, 10, 55, 10, 55, 30, 35, 30}, 40, 60).area(), anns.get(1).segmentation().toRle(40, 60).area());
        ok("convert", "--from", "labelme", "--to", "voc", lm.toString(), voc.toString());
        LabelMap cls = LabelMaps.read(voc.resolve("SegmentationClass/a.png"));
        assertEquals(60, cls.width());
        assertEquals(1, cls.get(10, 10), "cat");
        assertEquals(2, cls.get(45, 20), "dog");
        assertEquals(255, cls.get(10, 35), "__ignore__ painted 255");
        assertEquals(0, cls.get(50, 5), "background");
        assertTrue(Files.isRegularFile(voc.resolve("JPEGImages/a.jpg")));
        assertTrue(Files.readString(voc.resolve("Annotations/a.xml")).contains("<name>dog</name>"));
    }

    @Test
    void splitFilesFeedConvertAndAddWritesASecondSplit() throws IOException {
        Path coco = data("coco_val2017_6");
        Path splits = tmp.resolve("splits"), yolo = tmp.resolve("yolo");
        ok("dataset", "split", coco.resolve("annotations.json").toString(), "--ratios", "0.5,0.5", "--seed", "3", "--out", splits.toString());
        String images = coco.resolve("images").toString();
        ok("convert", "--from", "coco", "--image-dir", images, "--to", "yolo", splits.resolve("train.json").toString(), yolo.toString());
        assertBadInput(run("convert", "--from", "coco", "--image-dir", images, "--to", "yolo", "--out-split", "val",
                splits.resolve("val.json").toString(), yolo.toString()), "already exists");
        ok("convert", "--from", "coco", "--image-dir", images, "--to", "yolo", "--add", "--out-split", "val",
                splits.resolve("val.json").toString(), yolo.toString());
        String yaml = Files.readString(yolo.resolve("data.yaml"));
        assertTrue(yaml.contains("train: images/train") && yaml.contains("val: images/val"), yaml);
        for (String split : new String[] {"train", "val"}) {
            List<String> want = Files.readAllLines(splits.resolve(split + ".txt")).stream().sorted().toList();
            try (Stream<Path> s = Files.list(yolo.resolve("images").resolve(split))) {
                assertEquals(want, s.map(p -> p.getFileName().toString()).sorted().toList(), split);
            }
            Run info = ok("dataset", "info", yolo.toString(), "--split", split, "--no-validate");
            assertTrue(info.out().contains("yolo, 3 images"), info.out());
        }
        assertOnly(tmp, "splits", "yolo");
    }

    @Test
    void unsupportedPairsAndExistingOutputsAreOneLineErrors() throws IOException {
        Path coco = data("coco_val2017_6").resolve("annotations.json");
        assertBadInput(run("convert", "--from", "coco", "--to", "cityscapes", coco.toString(), tmp.resolve("x").toString()), "cannot write");
        assertBadInput(run("convert", "--from", "camvid", "--to", "dsb-kaggle", data("camvid_sample").toString(), tmp.resolve("x").toString()),
                "cannot convert camvid to dsb-kaggle");
        assertBadInput(run("convert", "--from", "nope", "--to", "coco", coco.toString(), tmp.resolve("x.json").toString()), "unknown data-set format");
        assertBadInput(run("convert", "--from", "coco", "--to", "coco", coco.toString(), tmp.resolve("x").toString()), "must be a .json");
        Path out = tmp.resolve("c.json");
        Files.writeString(out, "keep");
        assertBadInput(run("convert", "--from", "coco", "--to", "coco", coco.toString(), out.toString()), "already exists");
        assertEquals("keep", Files.readString(out));
        ok("convert", "--from", "coco", "--to", "coco", "--force", coco.toString(), out.toString());
        assertEquals(36, CocoJson.read(out, null).annotationCount());
        assertOnly(tmp, "c.json");
        Run help = ok("convert", "--help");
        assertTrue(help.out().contains("Supported pairs"));
        assertTrue(help.out().contains("cityscapes    -> coco (instances), coco-panoptic"));
    }

    /** A broken copy of coco_val2017_6: one image missing, one 2-point polygon. */
    private Path brokenCoco() throws IOException {
        Path src = data("coco_val2017_6");
        Path dir = tmp.resolve("broken");
        Files.createDirectories(dir.resolve("images"));
        try (Stream<Path> s = Files.list(src.resolve("images"))) {
            for (Path p : s.toList()) {
                if (!p.getFileName().toString().equals("000000343934.jpg")) Files.copy(p, dir.resolve("images").resolve(p.getFileName()));
            }
        }
        ObjectNode root = (ObjectNode) JSON.readTree(src.resolve("annotations.json").toFile());
        for (JsonNode a : root.get("annotations")) {
            if (a.get("iscrowd").asInt() == 0 && a.get("image_id").asLong() == 128372) {
                ((ObjectNode) a).set("segmentation", JSON.createArrayNode().add(JSON.createArrayNode().add(10).add(10).add(50).add(60)));
                ((ObjectNode) a).put("id", 777777777);
                break;
            }
        }
        JSON.writeValue(dir.resolve("annotations.json").toFile(), root);
        return dir;
    }

    @Test
    void validateListsEveryProblemWithItsFile() throws IOException {
        Path good = data("coco_val2017_6").resolve("annotations.json");
        Run clean = ok("dataset", "validate", good.toString());
        assertTrue(clean.out().contains("no problems"));

        Path dir = brokenCoco();
        Path json = dir.resolve("annotations.json");
        Run r = run("dataset", "validate", json.toString(), "--format", "coco");
        assertEquals(2, r.code(), r.out() + r.err());
        List<String> lines = r.out().lines().filter(l -> l.startsWith("ERROR")).toList();
        assertEquals(2, lines.size(), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.contains(dir.resolve("images/000000343934.jpg").toString()) && l.contains("image file missing")), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.contains(json.toString()) && l.contains("annotation 777777777")
                && l.contains("polygon 1 has 2 points")), r.out());
        assertTrue(r.out().contains("2 problems"));

        // truncated JSON: one problem naming the file; converting it fails with one line and writes nothing
        byte[] bytes = Files.readAllBytes(good);
        Path cut = tmp.resolve("cut.json");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        Run t = run("dataset", "validate", cut.toString());
        assertEquals(2, t.code());
        assertTrue(t.out().startsWith("ERROR " + cut + ": "), t.out());
        assertTrue(t.out().contains("truncated"), t.out());
        Path out = tmp.resolve("conv");
        assertBadInput(run("convert", "--from", "coco", "--to", "yolo", cut.toString(), out.toString()), "cut.json");
        assertFalse(Files.exists(out));

        // an instance PNG whose size differs from its image
        Path lm = tmp.resolve("lm");
        Path dsb = data("dsb2018_sample").resolve("labelmaps");
        Files.createDirectories(lm.resolve("images"));
        Files.createDirectories(lm.resolve("labels"));
        List<String> ids;
        try (Stream<Path> s = Files.list(dsb.resolve("labels"))) {
            ids = s.map(p -> p.getFileName().toString()).sorted().limit(3).toList();
        }
        for (String f : ids) {
            Files.copy(dsb.resolve("images").resolve(f), lm.resolve("images").resolve(f));
            Files.copy(dsb.resolve("labels").resolve(f), lm.resolve("labels").resolve(f));
        }
        Path wrong = lm.resolve("labels").resolve(ids.get(1));
        Files.delete(wrong);
        short[] px = new short[20 * 10];
        px[5] = 1;
        LabelMaps.writePng(new LabelMap(20, 10, px, 255, null), wrong);
        Run v = run("dataset", "validate", lm.toString(), "--format", "labelmaps", "--instance-ids");
        assertEquals(2, v.code(), v.out() + v.err());
        List<String> errs = v.out().lines().filter(l -> l.startsWith("ERROR")).toList();
        assertTrue(errs.size() >= 1 && errs.stream().allMatch(l -> l.contains(ids.get(1).replace(".png", ""))), v.out());
        assertTrue(errs.stream().anyMatch(l -> l.contains(wrong.toString()) && l.contains("20x10")), v.out());
        Path conv = tmp.resolve("lm.json");
        assertFailsCleanly(run("convert", "--from", "labelmaps", "--instance-ids", "--to", "coco", lm.toString(), conv.toString()), ids.get(1));
        Path conv2 = tmp.resolve("lm_yolo");
        assertFailsCleanly(run("convert", "--from", "labelmaps", "--instance-ids", "--to", "yolo", lm.toString(), conv2.toString()), ids.get(1));
        assertOnly(tmp, "broken", "cut.json", "lm");
    }

    @Test
    void infoCountsMatchTheReadmes() {
        // the folder stands for the COCO JSON in it
        Run coco = ok("dataset", "info", data("coco_val2017_6").toString());
        String o = coco.out();
        assertTrue(o.contains("coco, 6 images (5 annotated), 80 categories"), o);
        assertTrue(o.contains("annotations: 36 (1 crowd)"), o);
        for (String size : new String[] {"640x427", "427x640", "640x294", "586x640"}) assertTrue(o.matches("(?s).*\\n  " + size + " +1\\n.*"), size + "\n" + o);
        assertTrue(o.matches("(?s).*\\n  640x480 +2\\n.*"), o);
        String[][] perCat = {{"person", "10"}, {"car", "1"}, {"motorcycle", "1"}, {"bus", "1"}, {"bear", "3"}, {"handbag", "5"}, {"skateboard", "1"}, {"bottle", "14"}};
        for (String[] c : perCat) assertTrue(o.matches("(?s).*\\n +\\d+  " + c[0] + " +" + c[1] + " .*"), c[0] + "\n" + o);
        assertTrue(o.contains("problems: 0"), o);

        Run voc = ok("dataset", "info", data("voc_1").toString(), "--format", "voc");
        String v = voc.out();
        assertTrue(v.contains("voc, 2 images"), v);
        String[][] pixels = {{"(background)", "72224"}, {"chair", "78930"}, {"dog", "27632"}, {"(ignore)", "8714"}};
        for (String[] c : pixels) assertTrue(v.matches("(?s).*\\n +\\d+  " + java.util.regex.Pattern.quote(c[0]) + " +\\d+ +\\d+ +" + c[1] + " .*"), c[0] + "\n" + v);

        Run cs = ok("dataset", "info", data("cityscapes_1").toString());
        String c = cs.out();
        assertTrue(c.contains("cityscapes, 1 images"), c);
        assertTrue(c.contains("annotations: 7 (0 crowd)"), c);
        assertTrue(c.matches("(?s).*\\n +24  person +4 .*"), c);
        assertTrue(c.matches("(?s).*\\n +26  car +3 .*"), c);
        assertTrue(c.contains("  256x128     1"), c);
    }

    @Test
    void splitsAreDeterministicAndComplete() throws IOException {
        String coco = data("coco_val2017_6").resolve("annotations.json").toString();
        Path a = tmp.resolve("a"), b = tmp.resolve("b"), c = tmp.resolve("c");
        ok("dataset", "split", coco, "--ratios", "0.5,0.3,0.2", "--seed", "7", "--out", a.toString());
        ok("dataset", "split", coco, "--ratios", "0.5,0.3,0.2", "--seed", "7", "--out", b.toString());
        for (String f : new String[] {"train.txt", "val.txt", "test.txt", "train.json", "val.json", "test.json"}) {
            assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f + " is the same for the same seed");
        }
        List<String> all = new ArrayList<>();
        int[] sizes = new int[3];
        String[] names = {"train", "val", "test"};
        for (int s = 0; s < 3; s++) {
            List<String> l = Files.readAllLines(a.resolve(names[s] + ".txt"));
            sizes[s] = l.size();
            all.addAll(l);
            assertEquals(l.size(), CocoJson.read(a.resolve(names[s] + ".json"), null).size());
        }
        assertArrayEquals(new int[] {3, 2, 1}, sizes, "floor(f*n) + remainder by largest fraction");
        assertEquals(6, all.stream().distinct().count(), "every image in exactly one split");
        // the COCO split files keep annotation ids and add up to the whole
        int anns = 0;
        for (String n : names) anns += CocoJson.read(a.resolve(n + ".json"), null).annotationCount();
        assertEquals(36, anns);
        // the split files are accepted by other commands
        ok("dataset", "info", a.resolve("train.json").toString(), "--no-validate");
        // another seed, another split (for these 6 images the seeds 7 and 8 differ)
        ok("dataset", "split", coco, "--ratios", "0.5,0.3,0.2", "--seed", "8", "--out", c.toString());
        assertNotEquals(Files.readString(a.resolve("train.txt")), Files.readString(c.resolve("train.txt")));
        // k-fold: every image validated exactly once
        Path k = tmp.resolve("k");
        ok("dataset", "split", data("coco_val2017_6").toString(), "--k-fold", "3", "--seed", "1", "--stratify", "--out", k.toString());
        List<String> val = new ArrayList<>();
        for (int f = 0; f < 3; f++) {
            List<String> v = Files.readAllLines(k.resolve("fold" + f + "_val.txt"));
            List<String> t = Files.readAllLines(k.resolve("fold" + f + "_train.txt"));
            assertEquals(2, v.size());
            assertEquals(4, t.size());
            assertTrue(t.stream().noneMatch(v::contains));
            val.addAll(v);
        }
        assertEquals(6, val.stream().distinct().count());
        assertBadInput(run("dataset", "split", coco, "--ratios", "0.5,0.5", "--out", tmp.resolve("z").toString(), "--names", "a,b,c"), "3 names for 2 ratios");
        assertBadInput(run("dataset", "split", coco, "--ratios", "0.5,0.3", "--out", tmp.resolve("z").toString()), "sum to 1");
        assertFalse(Files.exists(tmp.resolve("z")));
    }

    @Test
    void showWritesAContactSheetOfTheExpectedSize() throws IOException {
        Path out = tmp.resolve("sheet.png");
        Run r = ok("dataset", "show", data("coco_val2017_6").resolve("annotations.json").toString(), "--out", out.toString(),
                "--max", "3", "--seed", "4", "--thumb", "128", "--columns", "2");
        Image img = Images.read(out);
        // 2 columns of 128 px + gaps of 8 + a 180 px legend; 2 rows of 128 + 18 (caption) + 8
        assertEquals(8 + 2 * (128 + 8) + 180, img.width(), r.out());
        assertEquals(8 + 2 * (128 + 18 + 8), img.height(), r.out());
        // the same seed picks the same images; all 6 with the defaults
        Path again = tmp.resolve("again.png");
        ok("dataset", "show", data("coco_val2017_6").resolve("annotations.json").toString(), "--out", again.toString(),
                "--max", "3", "--seed", "4", "--thumb", "128", "--columns", "2");
        assertArrayEquals(Images.read(out).bytes(), Images.read(again).bytes());
        Path folder = tmp.resolve("folder.png"); // the folder stands for its COCO JSON
        ok("dataset", "show", data("coco_val2017_6").toString(), "--out", folder.toString(), "--max", "3", "--seed", "4", "--thumb", "128", "--columns", "2");
        assertArrayEquals(Images.read(out).bytes(), Images.read(folder).bytes());
        Path all = tmp.resolve("all.png");
        ok("dataset", "show", data("cityscapes_1").toString(), "--out", all.toString());
        Image cs = Images.read(all);
        assertEquals(8 + 256 + 8 + 180, cs.width());
        assertEquals(Math.max(8 + 256 + 18 + 8, 16 + 18 * 10), cs.height(), "10 classes in the legend");
    }
}
