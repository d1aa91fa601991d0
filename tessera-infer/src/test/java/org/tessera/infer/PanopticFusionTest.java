package org.tessera.infer;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tessera.core.category.Taxonomy;
import org.tessera.core.instances.Instances;
import org.tessera.core.label.LabelMap;
import org.tessera.core.mask.Mask;
import org.tessera.core.panoptic.PanopticMap;

class PanopticFusionTest {
    @Test
    void categoryMappingAndDetectron2Rules() {
        int w = 10, h = 10;
        Instances.Builder b = Instances.builder(h, w);
        b.add(Mask.fromBox(0, 0, 4, 4, h, w), 1, 0.6);  // 16 px, second by score
        b.add(Mask.fromBox(2, 2, 4, 4, h, w), 3, 0.9);  // first
        b.add(Mask.fromBox(3, 3, 2, 2, h, w), 1, 0.8);  // inside the first: overlap 1.0 > 0.5 -> dropped
        b.add(Mask.fromBox(8, 8, 2, 2, h, w), 1, 0.4);  // below the score threshold
        short[] lab = new short[w * h];
        for (int y = 5; y < h; y++) for (int x = 0; x < w; x++) lab[y * w + x] = 1; // drivable in the lower half
        lab[9] = 2; // a 1-pixel region at (9, 0), under the area limit
        LabelMap stuff = new LabelMap(w, h, lab, 255, null);
        Instances.PanopticResult r = PanopticFusion.fuse(b.build(), stuff, Map.of(1, 149, 2, 200),
                new Instances.PanopticOptions(0.5, 0.5, 2, l -> true));
        PanopticMap p = r.map();
        assertEquals(3, p.segments().size());
        assertEquals(3, p.segment(1).categoryId());
        assertEquals(16, p.segment(1).area());
        assertEquals(1, p.segment(2).categoryId());
        assertEquals(12, p.segment(2).area()); // its overlap with the first went to the first
        assertEquals(149, p.segment(3).categoryId());
        assertEquals(46, p.segment(3).area()); // lower half minus the first instance's 4 pixels in row 5
        assertArrayEquals(new int[] {1, 0, -1}, r.instanceIndex());
        assertEquals(0, p.get(9, 0)); // under the stuff area limit: VOID
        assertEquals(0, p.get(7, 2)); // background label 0 has no mapping: VOID
        assertEquals(3, p.get(9, 9)); // the low-score instance is not placed; road takes its pixels
    }

    /** YOLO-seg things on bus.jpg with TwinLiteNet's drivable area as COCO panoptic "road". */
    @Test
    void yoloThingsOnTwinLiteNetRoad() throws Exception {
        int road = Taxonomy.cocoPanoptic().byName("road").id();
        try (Segmenter yolo = Segmenter.builder().model("yolov8n-seg-int8-320").build();
             Segmenter twin = Segmenter.builder().model("twinlitenet-bdd100k-640").heads("da").build()) {
            var img = Shared.image("data/images/bus.jpg");
            Prediction things = yolo.predict(img), stuff = twin.predict(img);
            Instances.PanopticResult r = PanopticFusion.fuse(things.instances(), stuff.labelMap("da"), Map.of(1, road),
                    Instances.PanopticOptions.detectron2());
            PanopticMap p = r.map();
            long thingsUsed = java.util.Arrays.stream(r.instanceIndex()).filter(i -> i >= 0).count();
            long over = java.util.stream.IntStream.range(0, things.instances().size()).filter(i -> things.instances().score(i) >= 0.5).count();
            System.out.println("panoptic segments: " + p.segments().size() + " (" + thingsUsed + " things of " + over + " over 0.5)");
            assertTrue(thingsUsed >= 4 && thingsUsed <= over, "things " + thingsUsed);
            PanopticMap.Segment bus = p.segments().stream().filter(s -> s.categoryId() == 6).findFirst().orElseThrow();
            assertTrue(bus.area() > 100_000, "bus area " + bus.area());
            PanopticMap.Segment rd = p.segments().stream().filter(s -> s.categoryId() == road).findFirst()
                    .orElseThrow(() -> new AssertionError("no road segment"));
            // the road is in the lower part of the photo, below the bus's top
            assertTrue(rd.bbox()[1] > 400, "road starts at row " + rd.bbox()[1]);
            long sum = 0;
            for (PanopticMap.Segment s : p.segments()) sum += s.area();
            long nonVoid = java.util.Arrays.stream(p.data()).filter(v -> v != 0).count();
            assertEquals(nonVoid, sum);
        }
    }
}
