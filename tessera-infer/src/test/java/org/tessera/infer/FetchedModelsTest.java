package org.tessera.infer;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.tessera.core.image.Image;
import org.tessera.core.instances.Instances;
import org.tessera.core.label.LabelMap;
import org.tessera.core.mask.Mask;
import org.tessera.core.mask.Rle;

/**
 * The models fetched from public repositories (docs/infer-fetched-models.md) on real images. Opt-in, never in the
 * default run (tag {@code fetched}, excluded by the module's surefire configuration):
 * {@code mvn -pl tessera-infer test -Dgroups=fetched -Dtessera.excludedGroups=none -Dtessera.shared=/work/shared}.
 * The models are looked up by the registry (TESSERA_MODELS / -Dtessera.models, then ~/.cache/tessera/models); a
 * missing one FAILS with the registry's message saying how to get it. Bounds are hand-checked sanity bounds on
 * what the overlays show, not reference values.
 */
@Tag("fetched")
class FetchedModelsTest {
    private static Segmenter open(String id) throws Exception {
        try {
            return Segmenter.builder().model(id).threads(2).build();
        } catch (ModelException e) {
            throw new AssertionError("fetched model missing — " + e.getMessage(), e);
        }
    }

    /** Union of COCO's person masks (category 1) of one image of shared/data/coco_val2017_6. */
    private static Mask cocoPersons(String file) throws Exception {
        JsonNode root = new ObjectMapper().readTree(Shared.path("data/coco_val2017_6/annotations.json").toFile());
        int id = -1, h = 0, w = 0;
        for (JsonNode im : root.get("images")) {
            if (im.get("file_name").asText().equals(file)) {
                id = im.get("id").asInt();
                h = im.get("height").asInt();
                w = im.get("width").asInt();
            }
        }
        Mask m = Mask.empty(h, w);
        for (JsonNode a : root.get("annotations")) {
            if (a.get("image_id").asInt() != id || a.get("category_id").asInt() != 1) continue;
            List<double[]> polys = new ArrayList<>();
            for (JsonNode poly : a.get("segmentation")) {
                double[] xy = new double[poly.size()];
                for (int i = 0; i < xy.length; i++) xy[i] = poly.get(i).asDouble();
                polys.add(xy);
            }
            m = m.union(Mask.fromRle(Rle.fromPolygons(polys, h, w)));
        }
        return m;
    }

    private static final String BOY = "000000404249.jpg", STREET = "000000128372.jpg";

    private static Image coco(String file) throws Exception {
        return Shared.image("data/coco_val2017_6/images/" + file);
    }

    private static Mask persons(Prediction p) {
        Mask m = Mask.empty(p.height(), p.width());
        Instances inst = p.instances();
        for (int i = 0; i < inst.size(); i++) if ("person".equals(p.className(i))) m = m.union(inst.mask(i));
        return m;
    }

    private static long count(Prediction p, String name) {
        long n = 0;
        for (int i = 0; i < p.instances().size(); i++) if (name.equals(p.className(i))) n++;
        return n;
    }

    @Test
    void yoloNonSquare480x640() throws Exception {
        for (String id : List.of("yolov8n-seg-uint8-480x640", "yolo11n-seg-uint8-480x640")) {
            try (Segmenter s = open(id)) {
                assertEquals(640, s.spec().input().width());
                assertEquals(480, s.spec().input().height());
                Prediction bus = s.predict(Shared.path("data/images/bus.jpg"));
                assertEquals(1, count(bus, "bus"), id);
                assertTrue(count(bus, "person") >= 3, id + ": persons on bus.jpg " + count(bus, "person"));
                assertEquals(2, count(s.predict(Shared.path("data/images/zidane.jpg")), "person"), id);
                double iouBoy = persons(s.predict(coco(BOY))).iou(cocoPersons(BOY));
                double iouStreet = persons(s.predict(coco(STREET))).iou(cocoPersons(STREET));
                assertTrue(iouBoy > 0.8, id + ": person IoU " + iouBoy);
                assertTrue(iouStreet > 0.7, id + ": person IoU " + iouStreet);
            }
        }
    }

    @Test
    void skinClothesHairThreeSigmoidChannels() throws Exception {
        try (Segmenter s = open("skin-clothes-hair-pan-512")) {
            LabelMap z = s.predict(Shared.path("data/images/zidane.jpg")).labelMap();
            long[] n = new long[4];
            for (int y = 0; y < z.height(); y++) for (int x = 0; x < z.width(); x++) n[z.get(x, y)]++;
            double all = (double) z.width() * z.height();
            assertTrue(n[0] / all > 0.4 && n[1] / all > 0.05 && n[2] / all > 0.2, java.util.Arrays.toString(n));
            LabelMap b = s.predict(coco(BOY)).labelMap();
            byte[] in = new byte[b.width() * b.height()];
            for (int y = 0; y < b.height(); y++) for (int x = 0; x < b.width(); x++) in[y * b.width() + x] = (byte) (b.get(x, y) != 0 ? 1 : 0);
            double iou = Mask.fromBitmap(in, b.height(), b.width()).iou(cocoPersons(BOY));
            assertTrue(iou > 0.6, "skin+clothes+hair vs person IoU " + iou);
        }
    }

    @Test
    void portraitAndMattingModels() throws Exception {
        // SINet: 235 listed graph inputs (234 initializers); MediaPipe meet: NHWC logits; IS-Net at 1024 x 1024
        for (String id : List.of("sinet-portrait-320", "mediapipe-meet-144x256", "isnet-small")) {
            try (Segmenter s = open(id)) {
                double iou = s.predict(coco(BOY)).foreground().mask().iou(cocoPersons(BOY));
                assertTrue(iou > 0.6, id + ": person IoU " + iou);
                if (id.equals("isnet-small")) assertEquals(1024, s.spec().input().width());
            }
        }
    }
}
