package org.tessera.infer;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tessera.core.mask.Rle;

class YoloSegModelTest {
    static Segmenter seg;

    @BeforeAll
    static void load() throws Exception {
        seg = Segmenter.builder().model(Shared.model("yolov8n-seg-int8-320")).build();
    }

    @AfterAll
    static void close() {
        seg.close();
    }

    @Test
    void readsUltralyticsMetadata() {
        ModelSpec s = seg.spec();
        assertEquals(Task.INSTANCE, s.task());
        assertEquals(ModelSpec.Family.YOLO_SEG, s.family());
        assertEquals(80, s.classes().size());
        assertEquals("person", s.classes().get(0));
        assertEquals("toothbrush", s.classes().get(79));
        assertArrayEquals(new int[] {320, 320}, seg.inputSize());
        assertEquals(ModelSpec.ResizeMode.LETTERBOX, s.input().resize());
    }

    @Test
    void busHasBusAndPersons() throws Exception {
        Pixels img = Shared.rgb("data/images/bus.jpg");
        Prediction p = seg.predict(img);
        assertEquals(810, p.width());
        assertEquals(1080, p.height());
        List<Detection> d = p.detections();
        for (Detection x : d) System.out.printf("%s %.3f [%.1f %.1f %.1f %.1f] area %d%n", x.className(), x.score(), x.x1(), x.y1(), x.x2(), x.y2(), x.mask().area());
        long persons = d.stream().filter(x -> x.className().equals("person") && x.score() > 0.25f).count();
        assertTrue(persons >= 3, "persons: " + persons);
        Detection bus = d.stream().filter(x -> x.className().equals("bus")).findFirst().orElseThrow(() -> new AssertionError("no bus in " + d));
        // the bus spans most of the width in the upper-middle of the photo
        assertTrue(bus.x2() - bus.x1() > 600, "bus width " + (bus.x2() - bus.x1()));
        assertTrue(bus.y1() > 150 && bus.y1() < 350 && bus.y2() > 650 && bus.y2() < 900, "bus rows " + bus.y1() + ".." + bus.y2());
        for (int i = 1; i < d.size(); i++) assertTrue(d.get(i - 1).score() >= d.get(i).score());
        for (Detection x : d) {
            Rle m = x.mask();
            assertEquals(1080, m.height());
            assertEquals(810, m.width());
            double boxArea = (x.x2() - x.x1()) * (x.y2() - x.y1());
            double frac = m.area() / boxArea;
            assertTrue(frac > 0.2 && frac <= 1.0001, x.className() + " mask fills " + frac + " of its box");
            double[] mb = m.toBbox(); // x, y, w, h of the mask
            assertTrue(mb[0] >= Math.floor(x.x1()) && mb[1] >= Math.floor(x.y1()), "mask starts inside its box");
            assertTrue(mb[0] + mb[2] <= Math.ceil(x.x2()) && mb[1] + mb[3] <= Math.ceil(x.y2()), "mask ends inside its box");
        }
    }
}
