package org.tessera.data.formats;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tessera.core.label.LabelMap;
import org.tessera.core.panoptic.PanopticMap;
import org.tessera.data.Annotation;
import org.tessera.data.Dataset;
import org.tessera.data.DatasetFormat;
import org.tessera.data.ReadOptions;
import org.tessera.data.Sample;
import org.tessera.data.Segmentation;
import org.tessera.data.Shared;
import org.tessera.data.coco.CocoPanoptic;

class FormatsTest {

    static Map<Integer, Long> nonZeroHistogram(LabelMap m) {
        Map<Integer, Long> h = new HashMap<>();
        for (short s : m.data()) h.merge(s & 0xFFFF, 1L, Long::sum);
        return h;
    }

    @Test
    void cocoPanopticCounts() throws IOException {
        Path json = Shared.path("data/coco_panoptic_2/panoptic_examples.json");
        Dataset d = CocoPanoptic.read(json, null, Shared.path("data/coco_panoptic_2/input_images"));
        assertEquals(2, d.size());
        assertEquals(133, d.categories().size());
        int[][] want = {{18, 15, 3, 1}, {32, 28, 4, 2}}; // segments, things, stuff, crowd
        for (int i = 0; i < 2; i++) {
            Sample s = d.get(i);
            assertTrue(s.imagePath().toFile().isFile());
            PanopticMap m = s.panoptic();
            assertEquals(want[i][0], m.segments().size());
            long things = m.segments().stream().filter(g -> d.category(g.categoryId()).isThing()).count();
            assertEquals(want[i][1], things);
            assertEquals(want[i][2], m.segments().size() - things);
            assertEquals(want[i][3], m.segments().stream().filter(PanopticMap.Segment::iscrowd).count());
            Map<Integer, Long> px = new HashMap<>();
            for (int v : m.data()) px.merge(v, 1L, Long::sum);
            for (PanopticMap.Segment g : m.segments()) assertEquals(g.area(), px.get(g.id()), "segment " + g.id());
            List<Annotation> anns = s.annotations();
            assertEquals(want[i][0], anns.size());
            for (Annotation a : anns) assertEquals((long) a.area(), ((Segmentation.OfRle) a.segmentation()).rle().area());
        }
        assertEquals(DatasetFormat.COCO_PANOPTIC, DatasetFormat.detect(json));
    }

    @Test
    void vocCounts() throws IOException {
        Path root = Shared.path("data/voc_1");
        assertEquals(DatasetFormat.VOC, DatasetFormat.detect(root));
        Dataset d = DatasetFormat.VOC.read(root, ReadOptions.defaults());
        assertEquals(2, d.size());
        Sample s = d.get(0);
        assertEquals("2007_000063", s.idText());
        assertEquals(500, s.width());
        assertEquals(375, s.height());
        Map<Integer, Long> h = nonZeroHistogram(s.semantic());
        assertEquals(Map.of(0, 72224L, 9, 78930L, 12, 27632L, 255, 8714L), h);
        List<Annotation> inst = s.annotations();
        assertEquals(2, inst.size());
        assertEquals(12, inst.get(0).categoryId()); // object 1: the dog
        assertEquals(9, inst.get(1).categoryId()); // object 2: the chair
        Sample boxes = d.get(1);
        assertEquals("2011_003353", boxes.idText());
        assertFalse(boxes.hasSemantic());
        assertFalse(boxes.annotations().isEmpty());
        for (Annotation a : boxes.annotations()) {
            assertNull(a.segmentation());
            assertNotNull(a.bbox());
            assertTrue(a.categoryId() >= 1 && a.categoryId() <= 20);
        }
    }

    @Test
    void camvidCounts() throws IOException {
        Path root = Shared.path("data/camvid_sample");
        assertEquals(DatasetFormat.CAMVID, DatasetFormat.detect(root));
        Dataset all = CamVid.read(root, null);
        assertEquals(5, all.size());
        assertEquals(1, CamVid.read(root, "train").size());
        assertEquals(2, CamVid.read(root, "val").size());
        assertEquals(2, CamVid.read(root, "test").size());
        assertEquals(11, all.categories().size());
        assertEquals(11, all.ignoreIndex());
        for (int i = 0; i < all.size(); i++) {
            Sample s = all.get(i);
            assertEquals(480, s.width());
            assertEquals(360, s.height());
            for (int v : nonZeroHistogram(s.semantic()).keySet()) assertTrue(v >= 0 && v <= 11, "value " + v);
        }
    }

    @Test
    void isbiMembraneCounts() throws IOException {
        Path root = Shared.path("data/isbi_membrane_sample");
        assertEquals(DatasetFormat.LABELMAPS, DatasetFormat.detect(root));
        Dataset d = DatasetFormat.LABELMAPS.read(root, ReadOptions.defaults().withIgnoreIndex(-1));
        assertEquals(4, d.size());
        assertEquals(List.of(0, 255), d.categories().stream().map(c -> c.id()).toList());
        for (int i = 0; i < d.size(); i++) {
            assertEquals(512, d.get(i).width());
            assertEquals(java.util.Set.of(0, 255), nonZeroHistogram(d.get(i).semantic()).keySet());
        }
    }

    @Test
    void dsbBothLayoutsAgree() throws IOException {
        Dataset lm = DatasetFormat.LABELMAPS.read(Shared.path("data/dsb2018_sample/labelmaps"), ReadOptions.defaults().withInstanceIds(true));
        assertEquals(16, lm.size());
        int total = 0;
        Map<String, List<Annotation>> byId = new HashMap<>();
        for (int i = 0; i < lm.size(); i++) {
            List<Annotation> a = lm.get(i).annotations();
            total += a.size();
            byId.put(lm.get(i).idText(), a);
        }
        assertEquals(309, total);
        assertEquals(17, byId.get("13c8ff1f49886e91c98ce795c93648ad8634c782ff57eb928ce29496b0425057").size());
        assertEquals(36, byId.get("91cc2e0d4d6e2c1ad59a8d63bcbe3e2ea8bc7f8e642e942a0113450181e73379").size());
        Path kaggle = Shared.path("data/dsb2018_sample/kaggle");
        assertEquals(DatasetFormat.DSB_KAGGLE, DatasetFormat.detect(kaggle));
        Dataset kg = DatasetFormat.DSB_KAGGLE.read(kaggle, ReadOptions.defaults());
        assertEquals(3, kg.size());
        int[] counts = new int[3];
        for (int i = 0; i < 3; i++) {
            Sample s = kg.get(i);
            List<Annotation> a = s.annotations();
            counts[i] = a.size();
            List<Annotation> b = byId.get(s.idText());
            assertEquals(b.size(), a.size());
            for (int k = 0; k < a.size(); k++) {
                // instance k of the label map is the k-th mask file
                assertEquals(((Segmentation.OfRle) b.get(k).segmentation()).rle(), ((Segmentation.OfRle) a.get(k).segmentation()).rle());
                assertArrayEquals(b.get(k).bbox(), a.get(k).bbox());
            }
        }
        assertEquals(17 + 11 + 15, counts[0] + counts[1] + counts[2]);
    }
}
