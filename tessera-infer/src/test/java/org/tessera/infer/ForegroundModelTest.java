package org.tessera.infer;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tessera.core.mask.Rle;

class ForegroundModelTest {
    static Segmenter seg;

    @BeforeAll
    static void load() throws Exception {
        seg = Segmenter.builder().model("mediapipe-selfie-256").probabilities(true).build();
    }

    @AfterAll
    static void close() {
        seg.close();
    }

    @Test
    void zidaneIsMostlyPersons() throws Exception {
        Prediction p = seg.predict(Shared.path("data/images/zidane.jpg"));
        Foreground f = p.foreground();
        assertNotNull(f);
        assertEquals(1280, f.width());
        assertEquals(720, f.height());
        double frac = f.mask().area() / (double) (f.width() * f.height());
        System.out.printf("zidane foreground fraction %.3f%n", frac);
        assertTrue(frac > 0.3 && frac < 0.7, "foreground fraction " + frac);
        // alpha agrees with the mask
        byte[] bits = f.mask().toBitmap();
        float[] alpha = f.alpha().data();
        for (int i = 0; i < bits.length; i += 101) {
            if (Math.abs(alpha[i] - 0.5f) > 1e-6) assertEquals(alpha[i] > 0.5f, bits[i] != 0);
            assertTrue(alpha[i] >= 0 && alpha[i] <= 1);
        }
    }

    /** predict from several threads at once gives what it gives alone. */
    @Test
    void concurrentPredictions() throws Exception {
        var a = Shared.image("data/images/zidane.jpg");
        var b = Shared.image("data/coco_val2017_6/images/000000404249.jpg");
        var ma = seg.predict(a).foreground().mask();
        var mb = seg.predict(b).foreground().mask();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<org.tessera.core.mask.Mask>> fs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                var im = i % 2 == 0 ? a : b;
                fs.add(pool.submit(() -> seg.predict(im).foreground().mask()));
            }
            for (int i = 0; i < fs.size(); i++) assertEquals(i % 2 == 0 ? ma : mb, fs.get(i).get());
        } finally {
            pool.shutdown();
        }
    }

    /** Person IoU of the foreground mask against the union of COCO's person polygons, on the images with persons. */
    @Test
    void personIouOnCoco() throws Exception {
        JsonNode ann = new ObjectMapper().readTree(Shared.path("data/coco_val2017_6/annotations.json").toFile());
        double minIou = 1;
        int images = 0;
        for (JsonNode im : ann.get("images")) {
            int id = im.get("id").asInt(), w = im.get("width").asInt(), h = im.get("height").asInt();
            List<Rle> persons = new ArrayList<>();
            for (JsonNode a : ann.get("annotations")) {
                if (a.get("image_id").asInt() != id || a.get("category_id").asInt() != 1) continue;
                List<double[]> polys = new ArrayList<>();
                for (JsonNode poly : a.get("segmentation")) {
                    double[] xy = new double[poly.size()];
                    for (int i = 0; i < xy.length; i++) xy[i] = poly.get(i).asDouble();
                    polys.add(xy);
                }
                persons.add(Rle.fromPolygons(polys, h, w));
            }
            if (persons.isEmpty()) continue;
            images++;
            Rle gt = Rle.merge(persons, false);
            Prediction p = seg.predict(Shared.path("data/coco_val2017_6/images/" + im.get("file_name").asText()));
            double iou = Rle.iou(p.foreground().mask().toRle(), gt, false);
            System.out.printf("COCO %d: %d persons, GT area %d, predicted %d, IoU %.3f%n", id, persons.size(), gt.area(),
                    p.foreground().mask().area(), iou);
            minIou = Math.min(minIou, iou);
        }
        assertEquals(2, images);
        // a selfie model on full-scene photos: far from perfect, but clearly person-shaped
        assertTrue(minIou > 0.3, "person IoU " + minIou);
    }
}
