package org.tessera.classic.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tessera.classic.TestData;
import org.tessera.classic.abst.RegionSegmenter;
import org.tessera.core.image.Image;
import org.tessera.core.image.Images;
import org.tessera.core.label.LabelMap;
import org.tessera.core.mask.Mask;
import org.tessera.core.mask.Rle;

/**
 * Boundary recall (2 px) of the superpixel methods against COCO instance boundaries (coco_val2017_6, image 194216
 * at half resolution to keep the test fast: the image is subsampled by 2 and the polygons scaled by 0.5).
 */
class BoundaryRecallTest {

    @Test
    void handCheckedRecall() {
        // truth boundary: column 2; prediction: column 3 -> within 1 px, not within 0.5
        byte[] t = new byte[25], p = new byte[25];
        for (int y = 0; y < 5; y++) {
            t[y * 5 + 2] = 1;
            p[y * 5 + 3] = 1;
        }
        assertEquals(1.0, BoundaryRecall.recall(t, p, 5, 5, 1.0));
        assertEquals(0.0, BoundaryRecall.recall(t, p, 5, 5, 0.5));
        LabelMap two = new LabelMap(3, 1, new short[] {0, 0, 1}, 65535, null);
        assertEquals(List.of((byte) 0, (byte) 1, (byte) 0), toList(BoundaryRecall.boundaries(two)));
    }

    private static List<Byte> toList(byte[] b) {
        List<Byte> l = new ArrayList<>();
        for (byte x : b) {
            l.add(x);
        }
        return l;
    }

    @Test
    void superpixelsRecallCocoBoundaries() throws IOException {
        JsonNode root = new ObjectMapper().readTree(TestData.file("data/coco_val2017_6/annotations.json").toFile());
        long[] ids = {194216};
        SuperpixelConfig slic100 = new SuperpixelConfig(SuperpixelConfig.Method.SLIC);
        slic100.regions = 100;
        SuperpixelConfig slic400 = new SuperpixelConfig(SuperpixelConfig.Method.SLIC);
        slic400.regions = 400;
        RegionSegmenter[] methods = {new Superpixels(slic100), new Superpixels(slic400),
                new Superpixels(new SuperpixelConfig(SuperpixelConfig.Method.FELZENSZWALB))};
        double[] sum = new double[methods.length];
        for (long id : ids) {
            String file = null;
            int w = 0, h = 0;
            for (JsonNode im : root.get("images")) {
                if (im.get("id").asLong() == id) {
                    file = im.get("file_name").asText();
                    w = im.get("width").asInt();
                    h = im.get("height").asInt();
                }
            }
            int fw = w, fh = h;
            w /= 2;
            h /= 2;
            byte[] truth = new byte[w * h];
            for (JsonNode a : root.get("annotations")) {
                if (a.get("image_id").asLong() != id || !a.get("segmentation").isArray()) {
                    continue;
                }
                List<double[]> polys = new ArrayList<>();
                for (JsonNode poly : a.get("segmentation")) {
                    double[] xy = new double[poly.size()];
                    for (int k = 0; k < xy.length; k++) {
                        xy[k] = poly.get(k).asDouble() / 2;
                    }
                    polys.add(xy);
                }
                byte[] m = Mask.fromRle(Rle.fromPolygons(polys, h, w)).toBitmap();
                BoundaryRecall.addMaskBoundary(m, w, h, truth);
            }
            Image full = Images.read(TestData.file("data/coco_val2017_6/images/" + file));
            assertEquals(fw, full.width());
            assertEquals(fh, full.height());
            byte[] half = new byte[w * h * 3];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int c = 0; c < 3; c++) {
                        half[(y * w + x) * 3 + c] = (byte) full.get(2 * x, 2 * y, c);
                    }
                }
            }
            Image img = Image.of8(w, h, 3, half);
            for (int k = 0; k < methods.length; k++) {
                LabelMap seg = methods[k].segment(img);
                sum[k] += BoundaryRecall.recall(truth, BoundaryRecall.boundaries(seg), w, h, 2.0);
            }
        }
        System.out.printf("COCO boundary recall @2px (image 194216): SLIC100 %.4f, SLIC400 %.4f, FH04 %.4f%n",
                sum[0] / ids.length, sum[1] / ids.length, sum[2] / ids.length);
        assertTrue(sum[1] > sum[0], "more SLIC regions recall more boundary");
        for (double s : sum) {
            assertTrue(s / ids.length > 0.2 && s / ids.length <= 1.0, "recall " + s / ids.length);
        }
    }
}
