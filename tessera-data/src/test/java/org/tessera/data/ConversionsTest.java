package org.tessera.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.core.label.LabelMap;
import org.tessera.core.mask.Rle;
import org.tessera.core.panoptic.PanopticMap;
import org.tessera.data.coco.CocoDataset;
import org.tessera.data.coco.CocoJson;
import org.tessera.data.formats.Labelme;

class ConversionsTest {
    @TempDir
    Path tmp;

    @Test
    void cocoToYoloToCocoKeepsMasks() throws IOException {
        CocoDataset coco = CocoJson.read(Shared.path("data/coco_val2017_6/annotations.json"));
        Path yolo = tmp.resolve("yolo");
        DatasetFormat.YOLO.write(coco, yolo, WriteOptions.defaults().withSplit("val"));
        Dataset back = DatasetFormat.YOLO.read(yolo.resolve("data.yaml"), ReadOptions.defaults());
        assertEquals(coco.size(), back.size());
        DatasetFormat.YOLO.write(ListDataset.subset(coco, new int[] {0, 1}), yolo, WriteOptions.defaults().withSplit("train"));
        assertEquals(2, DatasetFormat.YOLO.read(yolo, ReadOptions.defaults().withSplit("train")).size());
        assertEquals(coco.size(), DatasetFormat.YOLO.read(yolo, ReadOptions.defaults().withSplit("val")).size());
        Path json = tmp.resolve("back.json");
        DatasetFormat.COCO.write(back, json, WriteOptions.defaults());
        CocoDataset again = CocoJson.read(json, yolo.resolve("images/val"));
        Map<String, Sample> byFile = new HashMap<>();
        for (int i = 0; i < again.size(); i++) byFile.put(again.get(i).fileName(), again.get(i));
        int compared = 0;
        double worst = 1;
        for (int i = 0; i < coco.size(); i++) {
            Sample s = coco.get(i);
            List<Annotation> orig = new ArrayList<>();
            for (Annotation a : s.annotations()) if (!a.iscrowd()) orig.add(a);
            Sample t = byFile.get(s.fileName());
            assertNotNull(t, s.fileName());
            assertEquals(s.width(), t.width());
            List<Annotation> got = t.annotations();
            assertEquals(orig.size(), got.size(), s.fileName());
            for (int k = 0; k < orig.size(); k++) {
                Rle a = orig.get(k).segmentation().toRle(s.height(), s.width());
                Rle b = got.get(k).segmentation().toRle(s.height(), s.width());
                double iou = Rle.iou(b, a, false);
                worst = Math.min(worst, iou);
                assertTrue(iou >= 0.98, "annotation " + orig.get(k).id() + " IoU " + iou);
                String name = coco.category(orig.get(k).categoryId()).name();
                assertEquals(name, again.category(got.get(k).categoryId()).name());
                compared++;
            }
        }
        assertEquals(35, compared);
        assertTrue(worst > 0.98, "worst " + worst);
    }

    @Test
    void vocToCoco() throws IOException {
        Path out = tmp.resolve("voc.json");
        DatasetConverter.convert(Shared.path("data/voc_1"), DatasetFormat.VOC, ReadOptions.defaults(), out, DatasetFormat.COCO, WriteOptions.defaults());
        CocoDataset c = CocoJson.read(out, Shared.path("data/voc_1/JPEGImages"));
        assertEquals(2, c.size());
        List<Annotation> a = c.get(0).annotations();
        assertEquals(2, a.size());
        assertEquals(12, a.get(0).categoryId());
        assertEquals("dog", c.category(12).name());
        // the dog's mask area equals its SegmentationObject pixel count
        long dogPixels = ((Segmentation.OfRle) a.get(0).segmentation()).rle().area();
        assertEquals(dogPixels, (long) a.get(0).area());
    }

    static void writeLabelme(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.copy(Shared.path("data/coco_val2017_6/images/000000128372.jpg"), dir.resolve("a.jpg"));
        String json = """
                {"version": "5.2.1", "flags": {}, "imagePath": "a.jpg", "imageData": null, "imageHeight": 427, "imageWidth": 640,
                 "shapes": [
                  {"label": "dog", "points": [[10, 10], [60, 10], [60, 50], [10, 50]], "group_id": null, "shape_type": "polygon", "flags": {}},
                  {"label": "cat", "points": [[100, 100], [150, 140]], "group_id": 1, "shape_type": "rectangle", "flags": {}},
                  {"label": "cat", "points": [[200, 100], [230, 100], [230, 130]], "group_id": 1, "shape_type": "polygon", "flags": {}},
                  {"label": "dog", "points": [[300, 300], [320, 300]], "group_id": null, "shape_type": "circle", "flags": {}},
                  {"label": "__ignore__", "points": [[400, 10], [450, 10], [450, 60], [400, 60]], "group_id": null, "shape_type": "polygon", "flags": {}},
                  {"label": "dog", "points": [[5, 5], [9, 9]], "group_id": null, "shape_type": "line", "flags": {}}
                 ]}
                """;
        Files.writeString(dir.resolve("a.json"), json);
    }

    @Test
    void labelmeToCocoAndVoc() throws IOException {
        Path dir = tmp.resolve("lm");
        writeLabelme(dir);
        Dataset d = Labelme.read(dir);
        assertEquals(DatasetFormat.LABELME, DatasetFormat.detect(dir));
        List<Annotation> a = d.get(0).annotations();
        assertEquals(4, a.size()); // dog polygon, cat (2 parts joined by group_id), dog circle, ignore region
        assertEquals(2, ((Segmentation.OfPolygons) a.get(1).segmentation()).polygons().length);
        assertEquals(51 * 41, (long) a.get(0).area(), 150); // a 50x40 polygon rasterised COCO-style
        double circle = a.get(2).area();
        assertEquals(Math.PI * 400, circle, 40);
        assertTrue(a.get(3).iscrowd());
        Path json = tmp.resolve("lm.json");
        DatasetFormat.COCO.write(d, json, WriteOptions.defaults());
        CocoDataset c = CocoJson.read(json, dir);
        assertEquals(3, c.annotationCount()); // the ignore region is not written
        Path voc = tmp.resolve("voc");
        DatasetFormat.VOC.write(d, voc, WriteOptions.defaults().withSplit("train"));
        Dataset v = DatasetFormat.VOC.read(voc, ReadOptions.defaults().withSplit("train"));
        assertEquals(1, v.size());
        LabelMap m = v.get(0).semantic();
        int dog = d.categories().stream().filter(x -> x.name().equals("dog")).findFirst().orElseThrow().id();
        assertEquals(dog, m.get(30, 30));
        assertEquals(0, m.get(300, 10));
        assertEquals(255, m.get(420, 30)); // __ignore__ → 255
    }

    @Test
    void cityscapesToCocoInstancesAndPanoptic() throws IOException {
        Path json = tmp.resolve("cs.json");
        DatasetConverter.convert(Shared.path("data/cityscapes_1"), DatasetFormat.CITYSCAPES, ReadOptions.defaults(), json,
                DatasetFormat.COCO, WriteOptions.defaults());
        CocoDataset c = CocoJson.read(json);
        List<Annotation> a = c.get(0).annotations();
        assertEquals(4, a.stream().filter(x -> x.categoryId() == 24 && !x.iscrowd()).count());
        assertEquals(3, a.stream().filter(x -> x.categoryId() == 26 && !x.iscrowd()).count());
        Path pan = tmp.resolve("cs_panoptic.json");
        DatasetFormat.COCO_PANOPTIC.write(DatasetFormat.CITYSCAPES.read(Shared.path("data/cityscapes_1"), ReadOptions.defaults()), pan, WriteOptions.defaults());
        Dataset p = DatasetFormat.COCO_PANOPTIC.read(pan, ReadOptions.defaults());
        assertEquals(1, p.size());
        PanopticMap m = p.get(0).panoptic();
        assertTrue(m.segments().stream().anyMatch(s -> s.id() == 24001));
    }

    @Test
    void cocoToSemanticLabelMapsAndBack() throws IOException {
        CocoDataset coco = CocoJson.read(Shared.path("data/coco_val2017_6/annotations.json"));
        Path lm = tmp.resolve("lm");
        DatasetFormat.LABELMAPS.write(coco, lm, WriteOptions.defaults());
        Dataset d = DatasetFormat.LABELMAPS.read(lm, ReadOptions.defaults());
        assertEquals(6, d.size());
        // every class id in the maps is a COCO category present in the annotations (or 0 / 255 crowd)
        for (int i = 0; i < d.size(); i++) {
            LabelMap m = d.get(i).semantic();
            Sample s = coco.get(coco.indexOfImage(Long.parseLong(d.get(i).idText())));
            java.util.Set<Integer> cats = new java.util.HashSet<>(List.of(0, 255));
            for (Annotation a : s.annotations()) cats.add(a.categoryId());
            for (short v : m.data()) assertTrue(cats.contains(v & 0xFFFF), "class " + (v & 0xFFFF));
        }
        // overlap rule: the smaller object wins
        Sample s = coco.get(0);
        LabelMap sem = Conversions.toSemantic(s, 255);
        List<Annotation> objs = new ArrayList<>();
        for (Annotation a : s.annotations()) if (!a.iscrowd()) objs.add(a);
        objs.sort((x, y) -> Long.compare(x.segmentation().toRle(s.height(), s.width()).area(), y.segmentation().toRle(s.height(), s.width()).area()));
        Annotation smallest = objs.get(0);
        byte[] bits = smallest.segmentation().toRle(s.height(), s.width()).decodeRowMajor();
        for (int k = 0; k < bits.length; k++) if (bits[k] != 0) assertEquals(smallest.categoryId(), sem.data()[k] & 0xFFFF);
        // label maps (instance ids) → COCO
        Path inst = tmp.resolve("inst");
        DatasetFormat.LABELMAPS.write(coco, inst, WriteOptions.defaults().withInstanceIds(true));
        Path json = tmp.resolve("inst.json");
        DatasetFormat.COCO.write(DatasetFormat.LABELMAPS.read(inst, ReadOptions.defaults().withInstanceIds(true)), json, WriteOptions.defaults());
        assertEquals(35, CocoJson.read(json).annotationCount());
    }

    @Test
    void instancesPlusSemanticToPanoptic() {
        int w = 4, h = 3;
        short[] sem = {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 3, 255};
        LabelMap m = new LabelMap(w, h, sem, 255, null);
        List<DatasetCategory> cats = List.of(new DatasetCategory(1, "sky", "", false, -1), new DatasetCategory(2, "road", "", false, -1),
                new DatasetCategory(3, "car", "", true, -1));
        byte[] bits = new byte[w * h];
        bits[8] = bits[9] = 1; // one car covering (0,2),(1,2)
        Rle car = Rle.encodeRowMajor(bits, h, w);
        List<Annotation> inst = List.of(Annotation.of(7, 3, false, 2, null, new Segmentation.OfRle(car, true)));
        PanopticMap p = Conversions.toPanoptic(inst, m, w, h, cats);
        assertEquals(3, p.segments().size()); // car, sky, road; pixel (2,2) of class car without instance is VOID
        assertArrayEquals(new int[] {2, 2, 3, 3, 2, 2, 3, 3, 1, 1, 0, 0}, p.data());
        assertEquals(3, p.segment(1).categoryId());
        assertEquals(4, p.segment(2).area());
        assertArrayEquals(new double[] {0, 0, 2, 2}, p.segment(2).bbox());
    }

    @Test
    void rleMasksGoToYoloThroughTracing() throws IOException {
        Dataset lm = DatasetFormat.LABELMAPS.read(Shared.path("data/dsb2018_sample/labelmaps"), ReadOptions.defaults().withInstanceIds(true));
        Dataset two = ListDataset.subset(lm, new int[] {0, 1});
        Path yolo = tmp.resolve("dsb_yolo");
        DatasetFormat.YOLO.write(two, yolo, WriteOptions.defaults());
        Dataset back = DatasetFormat.YOLO.read(yolo, ReadOptions.defaults());
        for (int i = 0; i < 2; i++) {
            List<Annotation> a = two.get(i).annotations(), b = back.get(i).annotations();
            assertEquals(a.size(), b.size());
            int h = two.get(i).height(), w = two.get(i).width();
            for (int k = 0; k < a.size(); k++) {
                double iou = Rle.iou(b.get(k).segmentation().toRle(h, w), a.get(k).segmentation().toRle(h, w), false);
                assertTrue(iou >= 0.98, "instance " + k + " IoU " + iou);
            }
        }
    }

    @Test
    void sampleGivesCoreImageInstancesAndTaxonomy() throws IOException {
        CocoDataset coco = CocoJson.read(Shared.path("data/coco_val2017_6/annotations.json"));
        Sample s = coco.get(0);
        org.tessera.core.image.Image img = s.image();
        assertEquals(s.width(), img.width());
        assertEquals(s.height(), img.height());
        org.tessera.core.instances.Instances inst = s.instances();
        List<Annotation> anns = s.annotations();
        assertEquals(anns.size(), inst.size());
        for (int k = 0; k < anns.size(); k++) {
            assertEquals(anns.get(k).id(), inst.id(k));
            assertEquals(anns.get(k).categoryId(), inst.categoryId(k));
            assertArrayEquals(anns.get(k).bbox(), inst.box(k));
            assertEquals(anns.get(k).segmentation().toRle(s.height(), s.width()), inst.mask(k).toRle());
        }
        org.tessera.core.category.Taxonomy t = coco.taxonomy();
        assertEquals(80, t.size());
        assertEquals("person", t.byId(1).name());
    }

    @Test
    void semanticFoldersToCocoKeepClassZeroWhenItIsAClass() throws IOException {
        Path json = tmp.resolve("camvid.json");
        DatasetConverter.convert(Shared.path("data/camvid_sample"), DatasetFormat.CAMVID, ReadOptions.defaults().withSplit("val"),
                json, DatasetFormat.COCO, WriteOptions.defaults());
        CocoDataset c = CocoJson.read(json, Shared.path("data/camvid_sample"));
        Dataset cam = DatasetFormat.CAMVID.read(Shared.path("data/camvid_sample"), ReadOptions.defaults().withSplit("val"));
        for (int i = 0; i < c.size(); i++) {
            long[] h = cam.get(i).semantic().histogram();
            Map<Integer, Long> area = new HashMap<>();
            for (Annotation a : c.get(i).annotations()) area.put(a.categoryId(), (long) a.area());
            for (int v = 0; v < h.length; v++) {
                if (v == 11 || h[v] == 0) assertNull(area.get(v), "class " + v);
                else assertEquals(h[v], area.get(v), "class " + v); // Sky (0) is a class here, not background
            }
        }
        assertEquals("Sky", c.category(0).name());
    }
}
