package org.tessera.infer;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.tessera.core.instances.Instances;

class TilingTest {
    @Test
    void sahiOrigins() {
        // 1000 px, tiles of 400, overlap 0.2: step 320 -> 0, 320, then 640 would end at 1040: moved back to 600
        assertArrayEquals(new int[] {0, 320, 600}, Tiling.origins(1000, 400, 0.2));
        assertArrayEquals(new int[] {0}, Tiling.origins(300, 400, 0.2));
        assertArrayEquals(new int[] {0, 100}, Tiling.origins(500, 400, 0.0));
        assertArrayEquals(new int[] {0, 400}, Tiling.origins(800, 400, 0.0));
    }

    @Test
    void tiledBusKeepsTheBusAndPersons() throws Exception {
        try (Segmenter seg = Segmenter.builder().model("yolov8n-seg-int8-320").build()) {
            // 2 tiles (rows 0 and 480) + the whole image
            Prediction p = Tiling.predict(seg, Shared.image("data/images/bus.jpg"), new Tiling.Settings(810, 600, 0.2, true, 0.5, 300));
            Instances in = p.instances();
            assertEquals(810, in.width());
            assertEquals(1080, in.height());
            int persons = 0, buses = 0;
            for (int i = 0; i < in.size(); i++) {
                if (p.className(i).equals("person") && in.score(i) > 0.25) persons++;
                if (p.className(i).equals("bus")) buses++;
                // masks were moved with their boxes: the mask lies inside the box
                int[] mb = in.mask(i).box();
                double[] b = in.box(i);
                if (in.mask(i).area() > 0) {
                    assertTrue(mb[0] >= Math.floor(b[0]) && mb[0] + mb[2] <= Math.ceil(b[0] + b[2]), p.className(i) + " mask outside its box");
                }
            }
            assertTrue(persons >= 3, "persons " + persons);
            assertTrue(buses >= 1, "buses " + buses);
            for (int i = 1; i < in.size(); i++) assertTrue(in.score(i - 1) >= in.score(i));
        }
    }
}
