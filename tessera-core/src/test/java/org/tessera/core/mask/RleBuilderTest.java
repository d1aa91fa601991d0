package org.tessera.core.mask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RleBuilderTest {

    @Test
    void pixelsAndRunsGiveTheEncoderResult() {
        SplittableRandom r = new SplittableRandom(5);
        for (int round = 0; round < 200; round++) {
            int h = 1 + r.nextInt(20), w = 1 + r.nextInt(20);
            byte[] cm = new byte[h * w];
            int ones = r.nextInt(h * w + 1);
            for (int i = 0; i < ones; i++) cm[r.nextInt(h * w)] = 1;
            int upTo = r.nextInt(h * w + 1); // pixels after this are left to build() (must be background)
            for (int i = upTo; i < cm.length; i++) cm[i] = 0;
            RleBuilder b = new RleBuilder(h, w), runs = new RleBuilder(h, w);
            for (int i = 0; i < upTo; i++) b.push(cm[i] != 0);
            for (int i = 0; i < upTo; ) {
                int j = i;
                while (j < upTo && cm[j] == cm[i]) j++;
                runs.pushRun(cm[i] != 0, j - i);
                runs.pushRun(true, 0);
                i = j;
            }
            Rle e = Rle.encodeColumnMajor(cm, h, w);
            assertEquals(e, b.build());
            assertEquals(e, runs.build());
            assertArrayEquals(cm, e.decodeColumnMajor());
        }
    }

    @Test
    void misuseIsRefused() {
        RleBuilder b = new RleBuilder(2, 2);
        b.pushRun(true, 5);
        assertEquals("pushed 5 pixels onto a 2x2 canvas of 4",
                assertThrows(IllegalStateException.class, b::build).getMessage());
        RleBuilder c = new RleBuilder(2, 2);
        assertEquals(Rle.empty(2, 2), c.build());
        assertThrows(IllegalStateException.class, c::build);
        assertThrows(IllegalStateException.class, () -> c.push(true));
        assertEquals("bad canvas size 2x-1", assertThrows(IllegalArgumentException.class, () -> new RleBuilder(2, -1)).getMessage());
        assertEquals(0, new RleBuilder(0, 3).build().runCount());
    }
}
