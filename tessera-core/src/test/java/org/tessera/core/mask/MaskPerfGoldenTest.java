package org.tessera.core.mask;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The 1000-mask IoU matrix of golden/perf/expected.json (pycocotools {@code iou}, BASELINES.md §3) computed by
 * {@link Mask#iou(Mask[], Mask[], boolean[])} from masks held as cropped bitmaps: same sha256 as pycocotools' float64
 * bytes; and the single-pair cropped-bitmap path agrees bit for bit on the first 100 rows.
 */
class MaskPerfGoldenTest {
    @Test
    void croppedBitmapIouMatrixEqualsPycocotools() throws Exception {
        JsonNode exp = RleGoldens.json("golden/perf/expected.json").get("iou_rle");
        Rle[] rles = RlePerfGoldenTest.construct(null);
        Mask[] masks = new Mask[rles.length];
        for (int i = 0; i < rles.length; i++) masks[i] = Mask.fromRle(rles[i]).withRepresentation(Mask.Representation.CROPPED_BITMAP);
        double[][] iou = Mask.iou(masks, masks, null);
        ByteBuffer bb = ByteBuffer.allocate(1000 * 1000 * 8).order(ByteOrder.LITTLE_ENDIAN);
        long nz = 0;
        for (double[] row : iou) {
            for (double v : row) {
                bb.putDouble(v);
                if (v != 0) nz++;
            }
        }
        assertEquals(exp.get("count_nonzero").asLong(), nz);
        assertEquals(exp.get("sha256").asText(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bb.array())));
        Mask[] cropOnly = new Mask[rles.length];
        for (int i = 0; i < rles.length; i++) cropOnly[i] = Mask.fromRle(rles[i]).withRepresentation(Mask.Representation.CROPPED_BITMAP);
        for (int d = 0; d < 100; d++) {
            for (int g = 0; g < 1000; g++) assertEquals(iou[d][g], cropOnly[d].iou(cropOnly[g]), 0.0, d + "," + g);
        }
    }
}
