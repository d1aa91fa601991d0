package org.tessera.data;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.data.coco.CocoDataset;
import org.tessera.data.coco.CocoJson;
import org.tessera.data.io.PngIo;

class ValidationTest {
    @TempDir
    Path tmp;

    static String dump(List<Problem> ps) {
        StringBuilder b = new StringBuilder();
        for (Problem p : ps) b.append(p).append('\n');
        return b.toString();
    }

    @Test
    void cleanCocoHasNoProblems() {
        List<Problem> ps = DatasetValidator.validate(Shared.path("data/coco_val2017_6/annotations.json"), DatasetFormat.COCO,
                ReadOptions.defaults(), DatasetValidator.Options.all());
        assertEquals(List.of(), ps, dump(ps));
    }

    @Test
    void validCityscapesHasNoProblems() {
        // regression: label ids cityscapesScripts does not evaluate (1-4 here) were reported as unknown categories
        List<Problem> ps = DatasetValidator.validate(Shared.path("data/cityscapes_1"), DatasetFormat.CITYSCAPES,
                ReadOptions.defaults(), DatasetValidator.Options.all());
        assertTrue(ps.isEmpty(), ps.toString());
    }

    @Test
    void aFolderHoldingACocoJsonIsNotTakenForLabelme() throws IOException {
        // regression: detect() returned LABELME for any folder with a .json in it
        assertNotEquals(DatasetFormat.LABELME, DatasetFormat.detect(Shared.path("data/coco_val2017_6")));
        Path dir = java.nio.file.Files.createTempDirectory("labelme");
        try {
            java.nio.file.Files.writeString(dir.resolve("a.json"), "{\"version\":\"5.0\",\"flags\":{},\"shapes\":[]}");
            assertEquals(DatasetFormat.LABELME, DatasetFormat.detect(dir));
        } finally {
            java.nio.file.Files.deleteIfExists(dir.resolve("a.json"));
            java.nio.file.Files.deleteIfExists(dir);
        }
    }

    @Test
    void truncatedJsonIsOneListedProblem() throws IOException {
        byte[] full = Files.readAllBytes(Shared.path("data/coco_val2017_6/annotations.json"));
        Path t = tmp.resolve("trunc.json");
        Files.write(t, java.util.Arrays.copyOf(full, full.length - 100));
        List<Problem> ps = DatasetValidator.validate(t, DatasetFormat.COCO, ReadOptions.defaults(), DatasetValidator.Options.all());
        assertEquals(1, ps.size(), dump(ps));
        assertEquals(t.toString(), ps.get(0).file());
        assertTrue(ps.get(0).message().startsWith("truncated JSON"), ps.get(0).message());
    }

    @Test
    void everyCocoProblemIsListed() throws IOException {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = (ObjectNode) m.readTree(Shared.path("data/coco_val2017_6/annotations.json").toFile());
        Path images = tmp.resolve("images");
        Files.createDirectories(images);
        try (Stream<Path> s = Files.list(Shared.path("data/coco_val2017_6/images"))) {
            for (Path p : s.toList()) if (!p.getFileName().toString().equals("000000404249.jpg")) Files.copy(p, images.resolve(p.getFileName()));
        }
        ArrayNode anns = (ArrayNode) root.get("annotations");
        ObjectNode a0 = (ObjectNode) anns.get(0), a1 = (ObjectNode) anns.get(1), a2 = (ObjectNode) anns.get(2), a3 = (ObjectNode) anns.get(3);
        ArrayNode twoPoints = m.createArrayNode();
        twoPoints.add(m.createArrayNode().add(10.0).add(10.0).add(20.0).add(20.0));
        a0.set("segmentation", twoPoints); // 2-point polygon
        a1.put("category_id", 999); // unknown category
        a2.put("id", a3.get("id").asLong()); // duplicate id
        ((ArrayNode) a3.get("bbox")).set(0, m.getNodeFactory().numberNode(5000.0)); // box outside
        // an annotation whose polygon covers no pixel
        ObjectNode empty = a3.deepCopy();
        empty.put("id", 1);
        ArrayNode degenerate = m.createArrayNode();
        degenerate.add(m.createArrayNode().add(10.0).add(10.0).add(10.0).add(10.0).add(10.0).add(10.0));
        empty.set("segmentation", degenerate);
        ((ArrayNode) empty.get("bbox")).removeAll().add(1.0).add(1.0).add(5.0).add(5.0);
        anns.add(empty);
        Path json = tmp.resolve("bad.json");
        m.writeValue(json.toFile(), root);
        List<Problem> ps = DatasetValidator.validate(json, DatasetFormat.COCO, ReadOptions.defaults(), DatasetValidator.Options.all());
        String all = dump(ps);
        assertTrue(all.contains("000000404249.jpg: image 404249 (000000404249.jpg): image file missing"), all);
        assertTrue(all.contains("annotation " + a0.get("id").asLong() + ": polygon 1 has 2 points; at least 3 are needed"), all);
        assertTrue(all.contains("annotation " + a1.get("id").asLong() + ": unknown category 999"), all);
        assertTrue(all.contains("annotation " + a3.get("id").asLong() + ": duplicate annotation id"), all);
        assertTrue(all.contains("lies outside the"), all);
        assertTrue(all.contains("annotation 1: empty mask"), all);
        assertEquals(6, ps.size(), all);
        for (Problem p : ps) assertFalse(p.toString().contains("\n"));
    }

    @Test
    void instancePngOfAnotherSizeIsListed() throws IOException {
        Path root = tmp.resolve("lm");
        Files.createDirectories(root.resolve("images"));
        Files.createDirectories(root.resolve("labels"));
        Path src = Shared.path("data/dsb2018_sample/labelmaps");
        String[] ids = {"13c8ff1f49886e91c98ce795c93648ad8634c782ff57eb928ce29496b0425057", "16c3d5935ba94b720becc24b7a05741c26149e221e3401924080f41e2f891368"};
        for (String id : ids) {
            Files.copy(src.resolve("images/" + id + ".png"), root.resolve("images/" + id + ".png"));
            Files.copy(src.resolve("labels/" + id + ".png"), root.resolve("labels/" + id + ".png"));
        }
        PngIo.writeGray(root.resolve("labels/" + ids[1] + ".png"), 100, 80, new int[8000], true);
        List<Problem> ps = DatasetValidator.validate(root, DatasetFormat.LABELMAPS, ReadOptions.defaults().withInstanceIds(true),
                DatasetValidator.Options.all());
        String all = dump(ps);
        assertFalse(ps.isEmpty(), all);
        for (Problem p : ps) {
            assertTrue(p.toString().contains(ids[1] + ".png: label map is 100x80 but its image is 256x256"), all);
        }
    }

    @Test
    void splitsAreDeterministicAndComplete() throws IOException {
        CocoDataset d = CocoJson.read(Shared.path("data/coco_val2014_100/instances_val2014_100.json"), null);
        List<Splits.Split> a = Splits.random(d, List.of("train", "val", "test"), new double[] {0.7, 0.2, 0.1}, 42);
        List<Splits.Split> b = Splits.random(d, List.of("train", "val", "test"), new double[] {0.7, 0.2, 0.1}, 42);
        for (int s = 0; s < 3; s++) assertArrayEquals(a.get(s).indices(), b.get(s).indices());
        assertEquals(70, a.get(0).indices().length);
        assertEquals(20, a.get(1).indices().length);
        assertEquals(10, a.get(2).indices().length);
        boolean[] seen = new boolean[100];
        for (Splits.Split s : a) for (int i : s.indices()) {
            assertFalse(seen[i]);
            seen[i] = true;
        }
        List<Splits.Split> c = Splits.random(d, List.of("train", "val", "test"), new double[] {0.7, 0.2, 0.1}, 43);
        assertFalse(java.util.Arrays.equals(a.get(1).indices(), c.get(1).indices()));
        List<Splits.Split> st = Splits.stratified(d, List.of("train", "val"), new double[] {0.8, 0.2}, 1);
        assertEquals(100, st.get(0).indices().length + st.get(1).indices().length);
        List<Splits.Split> folds = Splits.kFold(d, 5, 7, true);
        int total = 0;
        for (Splits.Split f : folds) {
            assertTrue(f.indices().length == 20, "fold size " + f.indices().length);
            total += f.indices().length;
        }
        assertEquals(100, total);
        Splits.writeLists(d, a, tmp.resolve("lists"));
        assertEquals(20, Files.readAllLines(tmp.resolve("lists/val.txt")).size());
        Splits.writeCoco(d, a, tmp.resolve("coco"));
        CocoDataset val = CocoJson.read(tmp.resolve("coco/val.json"), null);
        assertEquals(20, val.size());
        long n = 0;
        for (int i : a.get(1).indices()) n += d.annotationCount(i);
        assertEquals(n, val.annotationCount());
        // ids kept
        assertEquals(d.get(a.get(1).indices()[0]).annotations(), val.get(0).annotations());
    }

    @Test
    void statistics() throws IOException {
        CocoDataset d = CocoJson.read(Shared.path("data/coco_val2017_6/annotations.json"));
        DatasetStatistics s = DatasetStatistics.of(d, false);
        assertEquals(6, s.images());
        assertEquals(5, s.annotatedImages());
        assertEquals(36, s.annotations());
        assertEquals(1, s.crowd());
        assertEquals(10L, s.instancesPerCategory().get(1));
        assertEquals(14L, s.instancesPerCategory().get(44));
        assertTrue(s.toMarkdown(d).contains("| bottle | 44 | 14 |"));
        DatasetStatistics v = DatasetStatistics.of(DatasetFormat.VOC.read(Shared.path("data/voc_1"), ReadOptions.defaults()), true);
        assertEquals(27632L, v.pixelsPerClass().get(12));
        assertEquals(8714L, v.pixelsPerClass().get(255));
    }
}
