package org.tessera.core.mask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tessera.core.testing.SharedData;

class PolygonsTest {
    static Mask rows(String... r) {
        return MaskTest.rows(r);
    }

    @Test
    void onePixel() {
        Mask m = rows("000", "010", "000");
        List<Polygons.Ring> rings = Polygons.trace(m, 0);
        assertEquals(1, rings.size());
        assertArrayEquals(new double[] {1, 1, 2, 1, 2, 2, 1, 2}, rings.get(0).xy());
        assertFalse(rings.get(0).hole());
        assertEquals(m, Polygons.toMask(Polygons.toCoco(m, 0), 3, 3));
        // simplification never collapses a ring below 3 vertices
        assertEquals(4, Polygons.trace(m, 5).get(0).size());
    }

    @Test
    void ringWithAHole() {
        Mask m = rows(
                "00000",
                "01110",
                "01010",
                "01110",
                "00000");
        List<Polygons.Ring> rings = Polygons.trace(m, 0);
        assertEquals(2, rings.size());
        assertArrayEquals(new double[] {1, 1, 4, 1, 4, 4, 1, 4}, rings.get(0).xy());
        assertTrue(rings.get(1).hole());
        assertEquals(0, rings.get(1).parent());
        assertArrayEquals(new double[] {2, 2, 2, 3, 3, 3, 3, 2}, rings.get(1).xy()); // counter-clockwise on screen
        // COCO union semantics: the outer ring alone fills the hole
        assertEquals(9, Polygons.toMask(Polygons.toCoco(m, 0), 5, 5).area());
        // the hole-keeping paths give the mask back exactly
        assertEquals(m, Polygons.ringsToMask(rings, 5, 5));
        List<double[]> coco = Polygons.toCocoWithHoles(m, 0);
        assertEquals(1, coco.size());
        assertArrayEquals(new double[] {1, 1, 2, 2, 2, 3, 3, 3, 3, 2, 2, 2, 1, 1, 4, 1, 4, 4, 1, 4}, coco.get(0));
        assertEquals(m, Polygons.toMask(coco, 5, 5));
        // the cut starts at the outer vertex nearest to the hole
        Mask r = rows("1111111", "1111101", "1111111");
        List<double[]> cut = Polygons.toCocoWithHoles(r, 0);
        assertArrayEquals(new double[] {0, 0, 7, 0, 5, 1, 5, 2, 6, 2, 6, 1, 5, 1, 7, 0, 7, 3, 0, 3}, cut.get(0));
        assertEquals(r, Polygons.toMask(cut, 3, 7));
    }

    @Test
    void diagonalPixelsMakeOneRingTouchingItself() {
        Mask m = rows(
                "100",
                "010",
                "001");
        List<Polygons.Ring> rings = Polygons.trace(m, 0);
        assertEquals(1, rings.size());
        assertArrayEquals(new double[] {0, 0, 1, 0, 1, 1, 2, 1, 2, 2, 3, 2, 3, 3, 2, 3, 2, 2, 1, 2, 1, 1, 0, 1},
                rings.get(0).xy());
        assertEquals(m, Polygons.toMask(Polygons.toCoco(m, 0), 3, 3));
        // background touching diagonally inside: the hole splits into two 4-connected holes
        Mask d = rows(
                "1111",
                "1011",
                "1101",
                "1111");
        List<Polygons.Ring> r2 = Polygons.trace(d, 0);
        assertEquals(3, r2.size());
        assertTrue(r2.get(1).hole() && r2.get(2).hole());
        assertEquals(d, Polygons.ringsToMask(r2, 4, 4));
        assertEquals(d, Polygons.toMask(Polygons.toCocoWithHoles(d, 0), 4, 4));
    }

    @Test
    void islandInsideAHole() {
        Mask m = rows(
                "11111",
                "10001",
                "10101",
                "10001",
                "11111");
        List<Polygons.Ring> rings = Polygons.trace(m, 0);
        assertEquals(3, rings.size()); // outer + hole, then the island's outer
        assertEquals(m, Polygons.ringsToMask(rings, 5, 5));
        assertEquals(m, Polygons.toMask(Polygons.toCocoWithHoles(m, 0), 5, 5));
        assertEquals(25, Polygons.toMask(Polygons.toCoco(m, 0), 5, 5).area());
    }

    @Test
    void simplificationDropsVerticesWithinTolerance() {
        double[] ring = {0, 0, 5, 0.4, 10, 0, 10, 10, 0, 10};
        assertArrayEquals(new double[] {0, 0, 10, 0, 10, 10, 0, 10}, Polygons.simplify(ring, 0.5));
        assertArrayEquals(ring, Polygons.simplify(ring, 0.3));
        // a staircase collapses to its diagonal hull within 1 px
        Mask stairs = rows("1000", "1100", "1110", "1111");
        double[] s = Polygons.trace(stairs, 1.0).get(0).xy();
        assertTrue(s.length / 2 <= 4, "kept " + s.length / 2);
        assertTrue(Polygons.toMask(List.of(s), 4, 4).iou(stairs) > 0.6);
    }

    @Test
    void badPolygonsAreRejectedByIndex() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Polygons.toMask(List.of(new double[] {0, 0, 1, 0, 1, 1}, new double[] {0, 0, 3, 3}), 5, 5));
        assertEquals("polygon 1 has 2 points; at least 3 are needed", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Polygons.toMask(List.of(new double[] {0, 0, 1, 0, 1}), 5, 5));
        assertEquals(Mask.empty(5, 5), Polygons.toMask(List.of(), 5, 5));
        assertThrows(IllegalArgumentException.class,
                () -> Polygons.toMask(List.of(new double[] {0, 0, Double.NaN, 0, 1, 1}), 5, 5));
    }

    @Test
    void masksTouchingTheCanvasBorderRoundTrip() {
        Mask full = Mask.fromRle(Rle.full(3, 4));
        assertArrayEquals(new double[] {0, 0, 4, 0, 4, 3, 0, 3}, Polygons.trace(full, 0).get(0).xy());
        assertEquals(full, Polygons.toMask(Polygons.toCoco(full, 0), 3, 4));
        Mask frame = rows("1111", "1001", "1111");
        assertEquals(frame, Polygons.toMask(Polygons.toCocoWithHoles(frame, 0), 3, 4));
    }

    @Test
    void emptyMaskHasNoRings() {
        assertEquals(0, Polygons.trace(Mask.empty(4, 4), 0).size());
        assertEquals(0, Polygons.toCocoWithHoles(Mask.empty(4, 4), 0).size());
    }

    /**
     * Every annotation of both COCO sets: mask -> polygons -> mask. The hole-keeping COCO polygons give every mask back
     * exactly (IoU 1); outer rings alone lose the holes, which costs at most a few percent on these sets (worst 0.9777,
     * a crowd region).
     */
    @Test
    void cocoAnnotationsRoundTrip() throws IOException {
        int total = 0, big = 0, withHoles = 0, belowOuterOnly = 0;
        double worstOuterOnly = 1, sumSimplified = 0;
        for (String file : new String[] {"data/coco_val2014_100/instances_val2014_100.json", "data/coco_val2017_6/annotations.json"}) {
            JsonNode root = new ObjectMapper().readTree(SharedData.path(file).toFile());
            Map<Long, int[]> size = new HashMap<>();
            for (JsonNode im : root.get("images")) size.put(im.get("id").asLong(), new int[] {im.get("height").asInt(), im.get("width").asInt()});
            for (JsonNode a : root.get("annotations")) {
                int[] hw = size.get(a.get("image_id").asLong());
                Mask m = annotationMask(a.get("segmentation"), hw[0], hw[1]);
                String id = file + " ann " + a.get("id").asLong();
                List<Polygons.Ring> rings = Polygons.trace(m, 0);
                if (rings.stream().anyMatch(Polygons.Ring::hole)) withHoles++;
                assertEquals(m, Polygons.ringsToMask(rings, hw[0], hw[1]), id);
                Mask back = Polygons.toMask(Polygons.toCocoWithHoles(rings), hw[0], hw[1]);
                assertEquals(1.0, back.iou(m), id);
                assertEquals(m, back, id);
                if (m.area() > 100) {
                    double iou = Polygons.toMask(Polygons.toCoco(rings), hw[0], hw[1]).iou(m);
                    worstOuterOnly = Math.min(worstOuterOnly, iou);
                    if (iou < 0.99) belowOuterOnly++;
                    sumSimplified += Polygons.toMask(Polygons.toCocoWithHoles(m, 1.0), hw[0], hw[1]).iou(m);
                    big++;
                }
                total++;
            }
        }
        assertEquals(839 + 36, total);
        assertTrue(big > 700, "masks over 100 px: " + big);
        assertTrue(withHoles > 0, "no annotation with holes found");
        assertTrue(sumSimplified / big > 0.9, "mean IoU after 1 px simplification: " + sumSimplified / big);
        assertTrue(worstOuterOnly > 0.97 && belowOuterOnly <= 5,
                "holes filled: worst IoU " + worstOuterOnly + ", " + belowOuterOnly + " masks below 0.99");
    }

    static Mask annotationMask(JsonNode seg, int h, int w) {
        if (seg.isArray()) {
            List<double[]> polys = new ArrayList<>();
            for (JsonNode p : seg) {
                double[] xy = new double[p.size()];
                for (int i = 0; i < xy.length; i++) xy[i] = p.get(i).asDouble();
                polys.add(xy);
            }
            return Mask.fromRle(Rle.fromPolygons(polys, h, w));
        }
        JsonNode c = seg.get("counts");
        int[] counts = new int[c.size()];
        for (int i = 0; i < counts.length; i++) counts[i] = c.get(i).asInt();
        return Mask.fromRle(Rle.fromCounts(h, w, counts));
    }
}
