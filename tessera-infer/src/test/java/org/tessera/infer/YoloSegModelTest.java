package org.tessera.infer;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tessera.core.image.Image;
import org.tessera.core.instances.Instances;
import org.tessera.core.mask.Mask;

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
        Prediction p = seg.predict(Shared.path("data/images/bus.jpg"));
        assertEquals(810, p.width());
        assertEquals(1080, p.height());
        Instances d = p.instances();
        int persons = 0, bus = -1;
        for (int i = 0; i < d.size(); i++) {
            double[] b = d.box(i);
            System.out.printf("%s %.3f [%.1f %.1f %.1f %.1f] area %d%n", p.className(i), d.score(i), b[0], b[1], b[2], b[3], d.mask(i).area());
            if (p.className(i).equals("person") && d.score(i) > 0.25) persons++;
            if (p.className(i).equals("bus") && bus < 0) bus = i;
        }
        assertTrue(persons >= 3, "persons: " + persons);
        assertTrue(bus >= 0, "no bus");
        // COCO category ids (the class names are COCO's 80): person 1, bus 6
        assertEquals(6, d.categoryId(bus));
        assertEquals(5, ((int[]) d.attribute("class_index"))[bus]);
        // the bus spans most of the width in the upper-middle of the photo
        double[] bb = d.box(bus);
        assertTrue(bb[2] > 600, "bus width " + bb[2]);
        assertTrue(bb[1] > 150 && bb[1] < 350 && bb[1] + bb[3] > 650 && bb[1] + bb[3] < 900, "bus rows " + bb[1] + " + " + bb[3]);
        for (int i = 1; i < d.size(); i++) assertTrue(d.score(i - 1) >= d.score(i));
        for (int i = 0; i < d.size(); i++) {
            Mask m = d.mask(i);
            assertEquals(1080, m.height());
            assertEquals(810, m.width());
            double[] b = d.box(i);
            double frac = m.area() / (b[2] * b[3]);
            assertTrue(frac > 0.2 && frac <= 1.0001, p.className(i) + " mask fills " + frac + " of its box");
            int[] mb = m.box(); // x, y, w, h of the mask
            assertTrue(mb[0] >= Math.floor(b[0]) && mb[1] >= Math.floor(b[1]), "mask starts inside its box");
            assertTrue(mb[0] + mb[2] <= Math.ceil(b[0] + b[2]) && mb[1] + mb[3] <= Math.ceil(b[1] + b[3]), "mask ends inside its box");
        }
    }

    @Test
    void batchEqualsSingle() throws Exception {
        Image bus = Shared.image("data/images/bus.jpg"), zidane = Shared.image("data/images/zidane.jpg");
        List<Prediction> b = seg.predictBatch(List.of(bus, zidane));
        assertEquals(2, b.size());
        Prediction z = seg.predict(zidane);
        assertEquals(1280, b.get(1).width());
        assertEquals(z.instances().size(), b.get(1).instances().size());
        for (int i = 0; i < z.instances().size(); i++) {
            assertEquals(z.instances().score(i), b.get(1).instances().score(i));
            assertEquals(z.instances().mask(i), b.get(1).instances().mask(i));
        }
    }

    @Test
    void undecodableImage() throws Exception {
        java.nio.file.Path f = java.nio.file.Files.createTempFile("broken", ".jpg");
        try {
            java.nio.file.Files.write(f, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0, 1, 2, 3});
            java.io.IOException e = assertThrows(java.io.IOException.class, () -> seg.predict(f));
            assertTrue(e instanceof org.tessera.core.image.ImageFormatException, e.toString());
            assertTrue(e.getMessage().contains(f.getFileName().toString()), e.getMessage());
        } finally {
            java.nio.file.Files.delete(f);
        }
    }
}
