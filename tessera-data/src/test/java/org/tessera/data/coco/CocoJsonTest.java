package org.tessera.data.coco;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.core.mask.Rle;
import org.tessera.data.Annotation;
import org.tessera.data.DatasetException;
import org.tessera.data.Sample;
import org.tessera.data.Segmentation;
import org.tessera.data.Shared;

class CocoJsonTest {
    @TempDir
    Path tmp;

    static List<Annotation> all(CocoDataset d) throws IOException {
        List<Annotation> out = new ArrayList<>();
        for (int i = 0; i < d.size(); i++) out.addAll(d.get(i).annotations());
        return out;
    }

    /** Every annotation of the file equals the JSON tree's values (area, bbox, iscrowd, polygons, RLE counts). */
    static void assertMatchesTree(Path json, CocoDataset d) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        Map<Long, Annotation> byId = new HashMap<>();
        for (Annotation a : all(d)) byId.put(a.id(), a);
        assertEquals(root.get("annotations").size(), byId.size());
        for (JsonNode n : root.get("annotations")) {
            Annotation a = byId.get(n.get("id").asLong());
            assertNotNull(a);
            assertEquals(n.get("area").asDouble(), a.area(), 0.0);
            assertEquals(n.get("iscrowd").asInt() == 1, a.iscrowd());
            assertEquals(n.get("category_id").asInt(), a.categoryId());
            for (int k = 0; k < 4; k++) assertEquals(n.get("bbox").get(k).asDouble(), a.bbox()[k], 0.0);
            JsonNode seg = n.get("segmentation");
            if (seg.isArray()) {
                double[][] polys = ((Segmentation.OfPolygons) a.segmentation()).polygons();
                assertEquals(seg.size(), polys.length);
                for (int p = 0; p < polys.length; p++) {
                    assertEquals(seg.get(p).size(), polys[p].length);
                    for (int j = 0; j < polys[p].length; j++) {
                        assertEquals(Double.parseDouble(seg.get(p).get(j).asText()), polys[p][j], 0.0);
                    }
                }
            } else {
                Segmentation.OfRle r = (Segmentation.OfRle) a.segmentation();
                assertEquals(seg.get("size").get(0).asInt(), r.rle().height());
                assertEquals(seg.get("size").get(1).asInt(), r.rle().width());
                int[] c = r.rle().counts();
                assertFalse(r.compressed());
                assertEquals(seg.get("counts").size(), c.length);
                for (int j = 0; j < c.length; j++) assertEquals(seg.get("counts").get(j).asInt(), c[j]);
            }
        }
    }

    @Test
    void readsVal2017Six() throws IOException {
        Path json = Shared.path("data/coco_val2017_6/annotations.json");
        CocoDataset d = CocoJson.read(json);
        assertEquals(6, d.size());
        assertEquals(36, d.annotationCount());
        assertEquals(80, d.categories().size());
        List<Annotation> anns = all(d);
        assertEquals(36, anns.size());
        assertEquals(1, anns.stream().filter(Annotation::iscrowd).count());
        Map<Integer, Integer> perCat = new HashMap<>();
        for (Annotation a : anns) perCat.merge(a.categoryId(), 1, Integer::sum);
        assertEquals(10, perCat.get(1)); // person
        assertEquals(14, perCat.get(44)); // bottle
        assertEquals(5, perCat.get(31)); // handbag
        assertEquals(3, perCat.get(23)); // bear
        int withoutAnn = 0;
        for (int i = 0; i < d.size(); i++) {
            Sample s = d.get(i);
            assertTrue(Files.exists(s.imagePath()), s.imagePath().toString());
            if (s.annotations().isEmpty()) {
                withoutAnn++;
                assertEquals("000000000089.jpg", s.fileName());
            }
        }
        assertEquals(1, withoutAnn);
        assertMatchesTree(json, d);
    }

    @Test
    void roundTripKeepsAnnotations() throws IOException {
        for (String f : List.of("data/coco_val2017_6/annotations.json", "data/coco_val2014_100/instances_val2014_100.json")) {
            Path json = Shared.path(f);
            CocoDataset a = CocoJson.read(json);
            Path out = tmp.resolve("out.json");
            CocoJson.write(a, out);
            CocoDataset b = CocoJson.read(out, a.imageDir());
            assertEquals(a.size(), b.size());
            for (int i = 0; i < a.size(); i++) {
                Sample sa = a.get(i), sb = b.get(i);
                assertEquals(sa.id(), sb.id());
                assertEquals(sa.fileName(), sb.fileName());
                assertEquals(sa.width(), sb.width());
                assertEquals(sa.height(), sb.height());
                assertEquals(sa.annotations(), sb.annotations(), "image " + sa.id());
            }
            assertEquals(a.categories(), b.categories());
            assertMatchesTree(json, b);
        }
    }

    @Test
    void val2014CrowdRleAndAreas() throws IOException {
        CocoDataset d = CocoJson.read(Shared.path("data/coco_val2014_100/instances_val2014_100.json"));
        assertEquals(100, d.size());
        assertEquals(839, d.annotationCount());
        List<Annotation> anns = all(d);
        long crowd = anns.stream().filter(Annotation::iscrowd).count();
        assertEquals(9, crowd);
        // crowd 900100000764: COCO's area (5651) is not the RLE's pixel count (5400) and must be kept as given
        Annotation c = anns.stream().filter(a -> a.id() == 900100000764L).findFirst().orElseThrow();
        assertEquals(5651.0, c.area(), 0.0);
        assertEquals(5400, ((Segmentation.OfRle) c.segmentation()).rle().area());
        for (Annotation a : anns) {
            if (a.iscrowd()) {
                Segmentation.OfRle r = assertInstanceOf(Segmentation.OfRle.class, a.segmentation());
                assertFalse(r.compressed());
            }
        }
    }

    @Test
    void masksMatchPycocotoolsGolden() throws IOException {
        // golden: pycocotools annToRLE string, area and toBbox for every annotation of both COCO sets
        JsonNode g = new ObjectMapper().readTree(Shared.path("golden/rle/maskutils.json").toFile());
        Map<String, CocoDataset> sets = Map.of(
                "coco_val2017_6/annotations.json", CocoJson.read(Shared.path("data/coco_val2017_6/annotations.json")),
                "coco_val2014_100/instances_val2014_100.json", CocoJson.read(Shared.path("data/coco_val2014_100/instances_val2014_100.json")));
        Map<String, Map<Long, Annotation>> byId = new HashMap<>();
        for (var e : sets.entrySet()) {
            Map<Long, Annotation> m = new HashMap<>();
            for (Annotation a : all(e.getValue())) m.put(a.id(), a);
            byId.put(e.getKey(), m);
        }
        int checked = 0;
        for (JsonNode n : g.get("annotations")) {
            Map<Long, Annotation> m = byId.get(n.get("file").asText());
            if (m == null) continue;
            Annotation a = m.get(n.get("ann_id").asLong());
            assertNotNull(a, n.toString());
            Rle r = a.segmentation().toRle(n.get("h").asInt(), n.get("w").asInt());
            assertEquals(n.get("counts").asText(), r.toString(), "annotation " + a.id());
            assertEquals(n.get("area").asLong(), r.area());
            checked++;
        }
        assertEquals(36 + 839, checked);
    }

    static String iter(java.util.Iterator<String> it) {
        StringBuilder b = new StringBuilder();
        it.forEachRemaining(s -> b.append(s).append(' '));
        return b.toString();
    }

    @Test
    void readsResults() throws IOException {
        CocoResults segm = CocoJson.readResults(Shared.path("data/coco_val2014_100/instances_val2014_fakesegm100_results.json"));
        assertEquals(734, segm.size());
        Annotation a = segm.get(0);
        assertTrue(a.hasScore());
        Segmentation.OfRle r = assertInstanceOf(Segmentation.OfRle.class, a.segmentation());
        assertTrue(r.compressed());
        Path out = tmp.resolve("res.json");
        CocoJson.writeResults(segm, out);
        CocoResults back = CocoJson.readResults(out);
        for (int k = 0; k < segm.size(); k++) {
            assertEquals(segm.get(k), back.get(k));
            assertEquals(segm.imageId(k), back.imageId(k));
        }
        CocoResults bbox = CocoJson.readResults(Shared.path("data/coco_val2014_100/instances_val2014_fakebbox100_results.json"));
        assertEquals(734, bbox.size());
        assertNull(bbox.get(0).segmentation());
        assertNotNull(bbox.get(0).bbox());
        int[] idx = segm.indicesOf(segm.imageId(0));
        assertTrue(idx.length > 0);
        for (int k : idx) assertEquals(segm.imageId(0), segm.imageId(k));
    }

    @Test
    void truncatedJsonIsAClearError() throws IOException {
        byte[] full = Files.readAllBytes(Shared.path("data/coco_val2017_6/annotations.json"));
        Path t = tmp.resolve("trunc.json");
        Files.write(t, java.util.Arrays.copyOf(full, full.length / 2));
        DatasetException e = assertThrows(DatasetException.class, () -> CocoJson.read(t));
        assertTrue(e.getMessage().startsWith(t + ": truncated JSON"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void failedWriteLeavesNothing() throws IOException {
        CocoDataset d = CocoJson.read(Shared.path("data/coco_val2017_6/annotations.json"));
        Path out = tmp.resolve("sub/out.json");
        org.tessera.data.Dataset broken = new org.tessera.data.ListDataset(
                List.of(Sample.builder(1, "x.jpg", 10, 10).annotations(() -> {
                    throw new IOException("boom");
                }).build()), d.categories(), d.groundTruth(), null, 255);
        assertThrows(IOException.class, () -> CocoJson.write(broken, out));
        try (var s = Files.list(out.getParent())) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void parallelIterationSplitsIndexRanges() throws IOException {
        CocoDataset d = CocoJson.read(Shared.path("data/coco_val2014_100/instances_val2014_100.json"), null);
        java.util.Spliterator<Sample> all = d.spliterator();
        assertEquals(100, all.getExactSizeIfKnown());
        java.util.Spliterator<Sample> left = all.trySplit();
        assertEquals(50, left.getExactSizeIfKnown());
        assertEquals(50, all.getExactSizeIfKnown());
        long[] firstIds = new long[1];
        left.tryAdvance(s -> firstIds[0] = s.id());
        assertEquals(d.get(0).id(), firstIds[0]);
        long seq = d.stream(false).mapToLong(s -> uncheckedCount(s)).sum();
        long par = d.stream(true).mapToLong(s -> uncheckedCount(s)).sum();
        assertEquals(839, seq);
        assertEquals(seq, par);
    }

    private static long uncheckedCount(Sample s) {
        try {
            return s.annotations().size();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
