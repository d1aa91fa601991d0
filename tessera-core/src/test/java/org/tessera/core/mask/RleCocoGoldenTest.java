package org.tessera.core.mask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every per-annotation and per-image value of golden/rle/maskutils.json (pycocotools 2.0.11) on the real COCO data. */
class RleCocoGoldenTest {

    private static Rle maskOf(JsonNode rec) {
        JsonNode ann = RleGoldens.annotationsById(rec.get("file").asText()).get(rec.get("ann_id").asLong());
        if (ann == null) throw new AssertionError("annotation " + rec.get("ann_id") + " not found in " + rec.get("file"));
        return RleGoldens.segmentation(ann.get("segmentation"), rec.get("h").asInt(), rec.get("w").asInt());
    }

    @Test
    void everyAnnotationMatchesPycocotools() {
        JsonNode anns = RleGoldens.maskutils().get("annotations");
        assertEquals(875, anns.size());
        int polys = 0, crowd = 0;
        for (JsonNode rec : anns) {
            String id = rec.get("file").asText() + " ann " + rec.get("ann_id");
            JsonNode ann = RleGoldens.annotationsById(rec.get("file").asText()).get(rec.get("ann_id").asLong());
            Rle r = maskOf(rec);
            assertEquals(rec.get("h").asInt(), r.height(), id);
            assertEquals(rec.get("w").asInt(), r.width(), id);
            assertEquals(rec.get("counts").asText(), r.toString(), id);
            assertEquals(rec.get("area").asLong(), r.area(), id);
            assertArrayEquals(RleGoldens.doubles(rec.get("bbox")), r.toBbox(), 0.0, id);
            if (rec.get("kind").asText().equals("polygons")) {
                polys++;
                assertEquals(rec.get("n_parts").asInt(), ann.get("segmentation").size(), id);
                if (rec.has("part_areas")) {
                    JsonNode pa = rec.get("part_areas");
                    List<double[]> p = RleGoldens.polygons(ann.get("segmentation"));
                    for (int i = 0; i < p.size(); i++) {
                        Rle part = Rle.fromPolygon(p.get(i), r.height(), r.width());
                        assertEquals(pa.get(i).asLong(), part.area(), id + " part " + i);
                    }
                }
            } else {
                crowd++;
                assertEquals(1, rec.get("iscrowd").asInt(), id);
            }
        }
        assertEquals(875, polys + crowd);
        assertTrue(crowd > 0, "the goldens include crowd RLEs");
    }

    @Test
    void pairwiseIouBoxIouAndMergesMatchPycocotools() {
        JsonNode anns = RleGoldens.maskutils().get("annotations");
        JsonNode pairwise = RleGoldens.maskutils().get("pairwise");
        assertEquals(26, pairwise.size());
        int checked = 0;
        for (JsonNode img : pairwise) {
            String file = img.get("file").asText();
            String where = file + " image " + img.get("image_id");
            Map<Long, JsonNode> byId = RleGoldens.annotationsById(file);
            int n = img.get("ann_ids").size();
            Rle[] rles = new Rle[n];
            boolean[] crowd = new boolean[n];
            double[] boxes = new double[n * 4];
            for (int i = 0; i < n; i++) {
                long annId = img.get("ann_ids").get(i).asLong();
                JsonNode ann = byId.get(annId);
                rles[i] = RleGoldens.segmentation(ann.get("segmentation"), img.get("h").asInt(), img.get("w").asInt());
                crowd[i] = img.get("iscrowd").get(i).asInt() != 0;
                assertEquals(ann.get("iscrowd").asInt() != 0, crowd[i], where);
                System.arraycopy(RleGoldens.doubles(ann.get("bbox")), 0, boxes, i * 4, 4);
            }
            if (n == 0) {
                assertTrue(!img.has("iou"), where);
                assertEquals(0, Rle.iou(rles, rles, crowd).length);
                continue;
            }
            double[][] iou = Rle.iou(rles, rles, crowd);
            double[][] biou = Boxes.iou(boxes, boxes, crowd);
            for (int d = 0; d < n; d++) {
                for (int g = 0; g < n; g++) {
                    // bit-identical (stronger than the 1e-12 asked for)
                    assertEquals(img.get("iou").get(d).get(g).asDouble(), iou[d][g], 0.0, where + " iou[" + d + "][" + g + "]");
                    assertEquals(img.get("bbox_iou").get(d).get(g).asDouble(), biou[d][g], 0.0,
                            where + " bbox_iou[" + d + "][" + g + "]");
                    // the single-pair kernel (no box pre-check) agrees wherever the boxes overlap
                    if (iou[d][g] > 0) assertEquals(iou[d][g], Rle.iou(rles[d], rles[g], crowd[g]), 0.0, where);
                    checked++;
                }
            }
            if (n >= 2) {
                Rle u = Rle.merge(List.of(rles[0], rles[1]), false);
                Rle x = Rle.merge(List.of(rles[0], rles[1]), true);
                assertEquals(img.get("merge_first2_union").get("counts").asText(), u.toString(), where);
                assertEquals(img.get("merge_first2_union").get("area").asLong(), u.area(), where);
                assertEquals(img.get("merge_first2_intersect").get("counts").asText(), x.toString(), where);
                assertEquals(img.get("merge_first2_intersect").get("area").asLong(), x.area(), where);
                assertEquals(x, Rle.merge(rles[0], rles[1], true));
            } else {
                assertTrue(!img.has("merge_first2_union"), where);
            }
        }
        assertTrue(checked > 1000, "checked " + checked + " IoU entries");
        assertTrue(anns.size() > 0);
    }

    /** polygon → RLE → string → RLE → bits → RLE gives the same mask, for every annotation of both COCO sets. */
    @Test
    void roundTripEveryAnnotation() {
        int n = 0;
        for (String file : new String[] {RleGoldens.COCO2017, RleGoldens.COCO2014}) {
            Map<Long, JsonNode> images = RleGoldens.imagesById(file);
            for (JsonNode ann : RleGoldens.coco(file).get("annotations")) {
                JsonNode img = images.get(ann.get("image_id").asLong());
                int h = img.get("height").asInt(), w = img.get("width").asInt();
                String id = file + " ann " + ann.get("id");
                Rle r = RleGoldens.segmentation(ann.get("segmentation"), h, w);
                String s = r.toString();
                assertEquals(s, new String(r.toAsciiBytes(), java.nio.charset.StandardCharsets.US_ASCII), id);
                Rle back = Rle.fromString(s, h, w);
                assertEquals(r, back, id);
                assertEquals(r, Rle.fromString(new StringBuilder(s), h, w), id + " (CharSequence path)");
                byte[] padded = ("[\"" + s + "\"]").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                assertEquals(r, Rle.fromAscii(padded, 2, s.length(), h, w), id + " (byte slice)");
                byte[] cm = back.decodeColumnMajor();
                Rle fromCm = Rle.encodeColumnMajor(cm, h, w);
                byte[] rm = back.decodeRowMajor();
                Rle fromRm = Rle.encodeRowMajor(rm, h, w);
                // a merged or rasterised RLE is canonical (no empty runs after the first), so bits give it back exactly
                assertEquals(r, fromCm, id);
                assertEquals(r, fromRm, id);
                assertEquals(s, fromCm.toString(), id);
                long ones = 0;
                for (byte b : cm) ones += b;
                assertEquals(r.area(), ones, id);
                if (n % 25 != 0) {
                    n++;
                    continue;
                }
                // decoding at an offset writes only that slot (checked on a sample to keep the test quick)
                byte[] big = new byte[cm.length + 7];
                java.util.Arrays.fill(big, (byte) 9);
                back.decodeColumnMajor(big, 3);
                assertArrayEquals(cm, java.util.Arrays.copyOfRange(big, 3, 3 + cm.length), id);
                assertEquals(9, big[2]);
                assertEquals(9, big[3 + cm.length]);
                assertEquals(r, Rle.encodeColumnMajor(big, 3, h, w), id);
                n++;
            }
        }
        assertEquals(36 + 839, n);
    }

    @Test
    void multiPartPolygonsEqualUnionOfParts() {
        // fromPolygons == merge of the individual parts for every multi-part annotation
        int n = 0;
        for (JsonNode rec : RleGoldens.maskutils().get("annotations")) {
            if (!rec.has("part_areas")) continue;
            JsonNode ann = RleGoldens.annotationsById(rec.get("file").asText()).get(rec.get("ann_id").asLong());
            int h = rec.get("h").asInt(), w = rec.get("w").asInt();
            List<Rle> parts = new ArrayList<>();
            for (double[] p : RleGoldens.polygons(ann.get("segmentation"))) parts.add(Rle.fromPolygon(p, h, w));
            assertEquals(Rle.merge(parts, false), Rle.fromPolygons(RleGoldens.polygons(ann.get("segmentation")), h, w));
            n++;
        }
        assertTrue(n > 10, "multi-part annotations: " + n);
    }
}
