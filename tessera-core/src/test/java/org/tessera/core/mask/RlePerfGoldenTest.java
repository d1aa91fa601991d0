package org.tessera.core.mask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The 1000-mask construction of golden/perf/expected.json (BASELINES.md §3): counts strings, areas, boxes and both
 * 1000x1000 IoU matrices, compared by sha256 of their C-order little-endian float64 bytes and by their statistics.
 */
class RlePerfGoldenTest {

    /** The 1000 masks of the benchmark recipe (also used by the JMH benchmark, which has its own copy of the recipe). */
    static Rle[] construct(List<List<double[]>> polysOut) {
        JsonNode gt = RleGoldens.coco(RleGoldens.COCO2014);
        List<JsonNode> anns = new ArrayList<>();
        for (JsonNode a : gt.get("annotations")) if (a.get("iscrowd").asInt() == 0) anns.add(a);
        assertEquals(830, anns.size());
        Rle[] rles = new Rle[1000];
        for (int i = 0; i < 1000; i++) {
            JsonNode a = anns.get((i * 7) % anns.size());
            int dx = (i * 37) % 101 - 50, dy = (i * 53) % 81 - 40;
            List<double[]> polys = RleGoldens.shifted(RleGoldens.polygons(a.get("segmentation")), dx, dy);
            if (polysOut != null) polysOut.add(polys);
            rles[i] = Rle.fromPolygons(polys, 480, 640);
        }
        return rles;
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private static byte[] leBytes(double[][] m) {
        ByteBuffer bb = ByteBuffer.allocate(m.length * m[0].length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double[] row : m) for (double v : row) bb.putDouble(v);
        return bb.array();
    }

    private static void assertMatrixStats(JsonNode exp, double[][] m, String name) throws Exception {
        assertEquals(exp.get("sha256").asText(), sha256(leBytes(m)), name + " sha256");
        BigDecimal exact = BigDecimal.ZERO;
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        long nz = 0;
        for (double[] row : m) {
            for (double v : row) {
                exact = exact.add(new BigDecimal(v));
                min = Math.min(min, v);
                max = Math.max(max, v);
                if (v != 0) nz++;
            }
        }
        assertEquals(exp.get("sum_fsum").asDouble(), exact.doubleValue(), 0.0, name + " sum (correctly rounded)");
        assertEquals(exp.get("sum_np").asDouble(), exact.doubleValue(), 1e-9, name + " numpy sum");
        assertEquals(exp.get("min").asDouble(), min, 0.0, name);
        assertEquals(exp.get("max").asDouble(), max, 0.0, name);
        assertEquals(exp.get("count_nonzero").asLong(), nz, name);
        for (JsonNode s : exp.get("samples")) {
            assertEquals(s.get("value").asDouble(), m[s.get("i").asInt()][s.get("j").asInt()], 0.0, name + " sample " + s);
        }
    }

    @Test
    void thousandMaskConstructionMatchesPycocotools() throws Exception {
        JsonNode exp = RleGoldens.json("golden/perf/expected.json");
        Rle[] rles = construct(null);
        StringBuilder joined = new StringBuilder();
        long areaSum = 0;
        double[] boxes = new double[4000];
        for (int i = 0; i < 1000; i++) {
            if (i > 0) joined.append('\n');
            joined.append(rles[i]);
            assertEquals(exp.get("areas").get(i).asLong(), rles[i].area(), "area " + i);
            areaSum += rles[i].area();
            rles[i].toBbox(boxes, i * 4);
            if (i < 5) assertEquals(exp.get("first5_counts").get(i).asText(), rles[i].toString());
        }
        assertEquals(exp.get("area_sum").asLong(), areaSum);
        assertEquals(exp.get("counts_sha256").asText(), sha256(joined.toString().getBytes(StandardCharsets.US_ASCII)));
        ByteBuffer bb = ByteBuffer.allocate(boxes.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : boxes) bb.putDouble(v);
        assertEquals(exp.get("bbox_sha256").asText(), sha256(bb.array()), "toBbox of the 1000 masks (1000x4 float64 LE)");

        double[][] iou = Rle.iou(rles, rles, new boolean[1000]);
        assertMatrixStats(exp.get("iou_rle"), iou, "iou_rle");
        // null iscrowd means no crowd
        assertArrayEquals(iou[123], Rle.iou(rles, rles, null)[123], 0.0);
        double[][] biou = Boxes.iou(boxes, boxes, new boolean[1000]);
        assertMatrixStats(exp.get("iou_bbox"), biou, "iou_bbox");

        // the exact single-pair walk (the reference's kernel) agrees with the windowed matrix kernel on a sample
        for (int d = 0; d < 1000; d += 37) {
            for (int g = 0; g < 1000; g++) {
                if (iou[d][g] > 0) assertEquals(iou[d][g], Rle.iou(rles[d], rles[g], false), 0.0, d + "," + g);
                if (iou[d][g] > 0) {
                    long inter = Rle.merge(rles[d], rles[g], true).area();
                    assertEquals((double) inter / rles[d].area(), Rle.iou(new Rle[] {rles[d]}, new Rle[] {rles[g]},
                            new boolean[] {true})[0][0], 0.0, "crowd " + d + "," + g);
                }
            }
        }
    }
}
