package org.tessera.train;

import org.junit.jupiter.api.Test;
import org.tessera.core.image.Image;
import org.tessera.core.label.LabelMap;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class SegmentationDataTest {
    /** An image whose red value encodes the label (label * 40) and whose green value encodes x, blue y. */
    private static SegmentationData.Item item(int w, int h) {
        byte[] px = new byte[w * h * 3];
        short[] lab = new short[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                lab[i] = (short) ((x / 3 + y / 2) % 6);
                px[3 * i] = (byte) (lab[i] * 40);
                px[3 * i + 1] = (byte) x;
                px[3 * i + 2] = (byte) y;
            }
        }
        return new SegmentationData.Item("t", Image.of8(w, h, 3, px), new LabelMap(w, h, lab, 255, null));
    }

    @Test
    void cropAndFlipMoveImageAndLabelsTogether() {
        SegmentationData.Item it = item(40, 30);
        boolean sawFlip = false, sawPlain = false;
        java.util.Set<Integer> offsets = new java.util.HashSet<>();
        for (long seed = 0; seed < 40; seed++) {
            SegmentationData.Prepared p = SegmentationData.augment(it, 40, 30, 16, 12, true, true, new SplittableRandom(seed));
            SegmentationData.Prepared q = SegmentationData.augment(it, 40, 30, 16, 12, true, true, new SplittableRandom(seed));
            assertArrayEquals(p.chw(), q.chw());
            assertArrayEquals(p.labels(), q.labels());
            int plane = 16 * 12;
            for (int i = 0; i < plane; i++) {
                assertEquals(p.labels()[i] * 40 / 255f, p.chw()[i], 1e-6f, "seed " + seed + " pixel " + i);
            }
            // source x of output columns 0 and 1: increasing = no flip, decreasing = flip; rows keep their order
            int x0 = Math.round(p.chw()[plane] * 255), x1 = Math.round(p.chw()[plane + 1] * 255);
            int y0 = Math.round(p.chw()[2 * plane] * 255), y1 = Math.round(p.chw()[2 * plane + 16] * 255);
            assertEquals(y0 + 1, y1);
            boolean flipped = x1 == x0 - 1;
            if (x1 == x0 + 1) sawPlain = true;
            else if (flipped) sawFlip = true;
            else fail("columns not adjacent: " + x0 + ", " + x1);
            int originX = flipped ? x0 - 15 : x0; // a flipped crop shows its last source column first
            assertTrue(originX >= 0 && originX <= 40 - 16 && y0 >= 0 && y0 <= 30 - 12, originX + ", " + y0);
            offsets.add(originX * 100 + y0);
        }
        assertTrue(sawFlip && sawPlain, "both flipped and unflipped crops in 40 seeds");
        assertTrue(offsets.size() > 10, "crops at varied places");
    }

    @Test
    void centreCropWithoutFlipIsTheMiddle() {
        SegmentationData.Prepared p = SegmentationData.augment(item(40, 30), 40, 30, 16, 12, false, false, new SplittableRandom(1));
        int plane = 16 * 12;
        assertEquals(12, Math.round(p.chw()[plane] * 255)); // x0 = (40 - 16) / 2
        assertEquals(9, Math.round(p.chw()[2 * plane] * 255)); // y0 = (30 - 12) / 2
    }
}
