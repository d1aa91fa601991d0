package org.tessera.core.mask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tessera.core.mask.Mask.Representation;
import org.tessera.core.testing.SharedData;

/** Mask against pycocotools goldens (shared/golden/rle/maskutils.json), in both representations. */
class MaskGoldenTest {
    static JsonNode golden;

    @BeforeAll
    static void load() throws IOException {
        golden = new ObjectMapper().readTree(SharedData.path("golden/rle/maskutils.json").toFile());
    }

    @Test
    void everyAnnotationRoundTripsThroughTheCroppedBitmap() {
        int count = 0;
        for (JsonNode a : golden.get("annotations")) {
            int h = a.get("h").asInt(), w = a.get("w").asInt();
            String counts = a.get("counts").asText();
            Mask m = Mask.fromRle(Rle.fromString(counts, h, w));
            Mask c = m.withRepresentation(Representation.CROPPED_BITMAP);
            assertTrue(c.holds(Representation.CROPPED_BITMAP) && !c.holds(Representation.RLE));
            String id = "ann " + a.get("ann_id").asLong();
            assertEquals(a.get("area").asLong(), c.area(), id);
            assertEquals(a.get("area").asLong(), m.area(), id);
            int[] box = c.box();
            for (int k = 0; k < 4; k++) assertEquals(a.get("bbox").get(k).asDouble(), box[k], id);
            assertArrayEquals(m.box(), box, id);
            assertEquals(counts, c.toRle().toString(), id);
            assertEquals(m, c, id);
            assertEquals(m.hashCode(), c.hashCode(), id);
            count++;
        }
        assertEquals(875, count);
    }

    @Test
    void pairwiseIouAndMergeMatchPycocotoolsInBothRepresentations() {
        Map<String, String> countsById = new HashMap<>();
        for (JsonNode a : golden.get("annotations")) {
            countsById.put(a.get("file").asText() + "#" + a.get("ann_id").asLong(), a.get("counts").asText());
        }
        int pairs = 0;
        for (JsonNode img : golden.get("pairwise")) {
            int h = img.get("h").asInt(), w = img.get("w").asInt();
            JsonNode ids = img.get("ann_ids");
            int n = ids.size();
            if (n == 0) continue;
            Mask[] rle = new Mask[n], crop = new Mask[n];
            for (int i = 0; i < n; i++) {
                Rle r = Rle.fromString(countsById.get(img.get("file").asText() + "#" + ids.get(i).asLong()), h, w);
                rle[i] = Mask.fromRle(r);
                crop[i] = rle[i].withRepresentation(Representation.CROPPED_BITMAP);
            }
            for (int d = 0; d < n; d++) {
                for (int g = 0; g < n; g++) {
                    boolean crowd = img.get("iscrowd").get(g).asInt() == 1;
                    double want = img.get("iou").get(d).get(g).asDouble();
                    assertEquals(want, rle[d].iou(rle[g], crowd), 0.0, "rle " + d + "," + g);
                    assertEquals(want, crop[d].iou(crop[g], crowd), 0.0, "crop " + d + "," + g);
                    assertEquals(want, rle[d].iou(crop[g], crowd), 0.0, "mixed " + d + "," + g);
                    pairs++;
                }
            }
            if (img.has("merge_first2_union")) {
                JsonNode u = img.get("merge_first2_union"), x = img.get("merge_first2_intersect");
                assertEquals(u.get("counts").asText(), rle[0].union(rle[1]).toRle().toString());
                assertEquals(u.get("counts").asText(), crop[0].union(crop[1]).toRle().toString());
                assertEquals(x.get("counts").asText(), rle[0].intersection(rle[1]).toRle().toString());
                assertEquals(x.get("counts").asText(), crop[0].intersection(crop[1]).toRle().toString());
                assertEquals(u.get("area").asLong(), crop[0].union(crop[1]).area());
                // |a \ b| = |a| - |a ∩ b| in both paths
                long diff = rle[0].area() - x.get("area").asLong();
                assertEquals(diff, rle[0].difference(rle[1]).area());
                assertEquals(diff, crop[0].difference(crop[1]).area());
                assertEquals(rle[0].difference(rle[1]), crop[0].difference(crop[1]));
            }
        }
        assertTrue(pairs > 1000, "pairs compared: " + pairs);
    }
}
