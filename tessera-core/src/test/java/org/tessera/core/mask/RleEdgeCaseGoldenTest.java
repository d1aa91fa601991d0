package org.tessera.core.mask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every entry of {@code edge_cases} in golden/rle/maskutils.json (pycocotools 2.0.11). */
class RleEdgeCaseGoldenTest {

    private static void assertMask(JsonNode expected, Rle r, String name) {
        assertEquals(expected.get("counts").asText(), r.toString(), name + " counts");
        assertEquals(expected.get("area").asLong(), r.area(), name + " area");
        if (expected.has("bbox")) assertArrayEquals(RleGoldens.doubles(expected.get("bbox")), r.toBbox(), 0.0, name + " bbox");
    }

    @Test
    void everyEdgeCase() {
        JsonNode cases = RleGoldens.maskutils().get("edge_cases");
        Set<String> ops = new HashSet<>();
        int n = 0;
        for (JsonNode c : cases) {
            String name = c.get("name").asText(), op = c.get("op").asText();
            JsonNode in = c.get("input");
            ops.add(op);
            switch (op) {
                case "encode" -> encode(c, in, name);
                case "frPyObjects_poly+merge" -> polyMerge(c, in, name);
                case "frPyObjects" -> frPyObjects(c, in, name);
                case "frBbox" -> {
                    int h = in.get("h").asInt(), w = in.get("w").asInt();
                    for (int i = 0; i < in.get("boxes").size(); i++) {
                        Rle r = Rle.fromBbox(RleGoldens.doubles(in.get("boxes").get(i)), h, w);
                        assertMask(c.get("results").get(i), r, name + " box " + i);
                    }
                }
                case "frPyObjects_uncompressed" -> {
                    JsonNode rle = in.get("rle");
                    Rle r = Rle.fromCounts(rle.get("size").get(0).asInt(), rle.get("size").get(1).asInt(),
                            RleGoldens.ints(rle.get("counts")));
                    assertMask(c, r, name);
                    // zero-length runs are kept as given (as pycocotools' rleInit does) and survive the string round trip
                    assertArrayEquals(RleGoldens.ints(rle.get("counts")), r.counts(), name);
                    assertArrayEquals(r.counts(), Rle.fromString(r.toString(), r.height(), r.width()).counts(), name);
                    assertArrayEquals(RleGoldens.strings(c.get("mask_rows")), RleGoldens.rowsOf(r), name);
                }
                case "iou_bbox" -> {
                    double[] dt = flat(in.get("dt")), gt = flat(in.get("gt"));
                    boolean[] crowd = flags(in.get("iscrowd"));
                    double[][] iou = Boxes.iou(dt, gt, crowd);
                    assertMatrix(c.get("iou"), iou, name);
                }
                case "iou_rle" -> iouRle(c, in, name);
                case "merge" -> {
                    int h = in.get("h").asInt(), w = in.get("w").asInt();
                    List<Rle> masks = new ArrayList<>();
                    for (JsonNode polys : in.get("polygons")) masks.add(Rle.fromPolygons(RleGoldens.polygons(polys), h, w));
                    assertMask(c.get("union"), Rle.merge(masks, false), name + " union");
                    assertMask(c.get("intersect"), Rle.merge(masks, true), name + " intersect");
                }
                default -> throw new AssertionError("unknown edge-case op " + op + " in " + name);
            }
            n++;
        }
        assertEquals(34, n);
        assertEquals(Set.of("encode", "frPyObjects_poly+merge", "frPyObjects", "frBbox", "frPyObjects_uncompressed",
                "iou_bbox", "iou_rle", "merge"), ops);
    }

    private static void encode(JsonNode c, JsonNode in, String name) {
        int h = in.get("h").asInt(), w = in.get("w").asInt();
        byte[] cm;
        if (in.has("mask_rows")) {
            cm = RleGoldens.columnMajorFromRows(in.get("mask_rows"), h, w);
        } else {
            cm = new byte[h * w];
            for (JsonNode rc : in.get("ones_rc")) cm[rc.get(1).asInt() * h + rc.get(0).asInt()] = 1;
        }
        byte[] rm = new byte[h * w];
        for (int x = 0; x < w; x++) for (int y = 0; y < h; y++) rm[y * w + x] = cm[x * h + y];
        Rle r = Rle.encodeColumnMajor(cm, h, w);
        assertMask(c, r, name);
        assertEquals(r, Rle.encodeRowMajor(rm, h, w), name + " row-major");
        assertTrue(c.get("decode_equal").asBoolean());
        assertArrayEquals(cm, r.decodeColumnMajor(), name + " decode");
        assertArrayEquals(rm, r.decodeRowMajor(), name + " decode row-major");
        assertEquals(r, Rle.fromString(c.get("counts").asText(), h, w), name + " fromString");
        // non-zero bytes other than 1 are foreground too
        byte[] cm255 = cm.clone();
        for (int i = 0; i < cm255.length; i++) if (cm255[i] != 0) cm255[i] = (byte) 255;
        assertEquals(r, Rle.encodeColumnMajor(cm255, h, w), name + " 255");
    }

    private static void polyMerge(JsonNode c, JsonNode in, String name) {
        int h = in.get("h").asInt(), w = in.get("w").asInt();
        List<double[]> polys = RleGoldens.polygons(in.get("polygons"));
        Rle merged = Rle.fromPolygons(polys, h, w);
        assertMask(c, merged, name);
        assertArrayEquals(RleGoldens.strings(c.get("mask_rows")), RleGoldens.rowsOf(merged), name + " rows");
        List<Rle> parts = new ArrayList<>();
        for (int i = 0; i < polys.size(); i++) {
            double[] p = polys.get(i);
            Rle part;
            if (p.length >= 6) {
                part = Rle.fromPolygon(p, h, w);
            } else {
                // Tessera's single-polygon API refuses < 3 points; inside a segmentation a later 2-point part is
                // rasterised as pycocotools does (checked through fromPolygons below)
                double[] pp = p;
                assertThrows(IllegalArgumentException.class, () -> Rle.fromPolygon(pp, h, w));
                part = Rle.frPoly(p, p.length / 2, h, w);
                assertEquals(Rle.merge(List.of(Rle.fromPolygon(polys.get(0), h, w), part), false),
                        Rle.fromPolygons(List.of(polys.get(0), p), h, w), name);
            }
            assertMask(c.get("parts").get(i), part, name + " part " + i);
            parts.add(part);
        }
        assertEquals(merged, Rle.merge(parts, false), name);
    }

    private static void frPyObjects(JsonNode c, JsonNode in, String name) {
        int h = in.get("h").asInt(), w = in.get("w").asInt();
        if (in.has("ndarray_float64")) {
            // pycocotools routes an Nx4 float64 array to frBbox: Tessera's equivalent is fromBbox per row
            JsonNode boxes = in.get("ndarray_float64");
            for (int i = 0; i < boxes.size(); i++) {
                assertMask(c.get("results").get(i), Rle.fromBbox(RleGoldens.doubles(boxes.get(i)), h, w), name);
            }
            return;
        }
        // pycocotools raises a TypeError for a Python list whose first element has 4 numbers (it tries frBbox);
        // Tessera rejects a 4-number first polygon with an IllegalArgumentException pointing to fromBbox
        assertTrue(c.get("error").asText().startsWith("TypeError"), name);
        JsonNode obj = in.get("pyobj");
        List<double[]> polys = new ArrayList<>();
        if (obj.get(0).isArray()) polys = RleGoldens.polygons(obj);
        else polys.add(RleGoldens.doubles(obj));
        List<double[]> pp = polys;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Rle.fromPolygons(pp, h, w));
        assertTrue(e.getMessage().contains("fromBbox"), e.getMessage());
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> Rle.fromPolygon(pp.get(0), h, w));
        assertEquals("polygon has 2 points; at least 3 are needed", e2.getMessage());
    }

    private static void iouRle(JsonNode c, JsonNode in, String name) {
        int h = in.get("h").asInt(), w = in.get("w").asInt();
        boolean[] crowd = flags(in.get("iscrowd"));
        if (in.has("dt")) {
            assertEquals("empty", in.get("dt").asText());
            Rle[] e = {Rle.empty(h, w)};
            assertMatrix(c.get("iou"), Rle.iou(e, e, new boolean[] {false}), name);
            assertMatrix(c.get("iou_crowd"), Rle.iou(e, e, new boolean[] {true}), name + " crowd");
            assertEquals(0.0, Rle.iou(e[0], e[0], false));
            assertEquals(0.0, Rle.iou(e[0], e[0], true));
            return;
        }
        Rle[] dt = masks(in.get("dt_polygons"), h, w), gt = masks(in.get("gt_polygons"), h, w);
        double[][] iou = Rle.iou(dt, gt, crowd);
        assertMatrix(c.get("iou"), iou, name);
        for (int d = 0; d < dt.length; d++) {
            for (int g = 0; g < gt.length; g++) assertEquals(iou[d][g], Rle.iou(dt[d], gt[g], crowd[g]), 0.0, name);
        }
    }

    private static Rle[] masks(JsonNode list, int h, int w) {
        Rle[] r = new Rle[list.size()];
        for (int i = 0; i < r.length; i++) r[i] = Rle.fromPolygons(RleGoldens.polygons(list.get(i)), h, w);
        return r;
    }

    private static void assertMatrix(JsonNode expected, double[][] actual, String name) {
        assertEquals(expected.size(), actual.length, name);
        for (int i = 0; i < actual.length; i++) {
            assertArrayEquals(RleGoldens.doubles(expected.get(i)), actual[i], 0.0, name + " row " + i);
        }
    }

    private static double[] flat(JsonNode boxes) {
        double[] d = new double[boxes.size() * 4];
        for (int i = 0; i < boxes.size(); i++) System.arraycopy(RleGoldens.doubles(boxes.get(i)), 0, d, i * 4, 4);
        return d;
    }

    private static boolean[] flags(JsonNode a) {
        boolean[] b = new boolean[a.size()];
        for (int i = 0; i < b.length; i++) b[i] = a.get(i).asInt() != 0;
        return b;
    }
}
