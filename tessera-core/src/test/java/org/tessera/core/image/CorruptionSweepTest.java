package org.tessera.core.image;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every truncation of real files, and every flipped byte of a PNG (CRC), must end in an ImageFormatException —
 * never a partial image, never another exception type.
 */
class CorruptionSweepTest {
    static final String[] FILES = {
            "data/voc_1/SegmentationClass/2007_000063.png",
            "data/coco_panoptic_2/panoptic_examples/000000142238.png",
            "data/dsb2018_sample/labelmaps/labels/13c8ff1f49886e91c98ce795c93648ad8634c782ff57eb928ce29496b0425057.png",
            "data/images/horse.png",
            "data/images/bus.jpg",
            "data/voc_1/JPEGImages/2007_000063.jpg"};

    @Test
    void truncationsAndPngByteFlipsAreAlwaysReported() throws Exception {
        Random rnd = new Random(20261125);
        int checked = 0;
        for (String f : FILES) {
            byte[] d = Files.readAllBytes(SharedData.path(f));
            boolean png = Png.isPng(d);
            for (int k = 0; k < 25; k++) {
                int cut = k < 5 ? d.length - 1 - k : 1 + rnd.nextInt(d.length - 1);
                byte[] t = Arrays.copyOf(d, cut);
                ImageFormatException e = assertThrows(ImageFormatException.class, () -> Images.decode(t, f, ImageReadOptions.DEFAULT),
                        f + " cut to " + cut + " of " + d.length + " bytes");
                assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
                if (png) {
                    assertThrows(ImageFormatException.class, () -> LabelMaps.decode(t, f, 1L << 28));
                    byte[] flipped = d.clone();
                    int pos = 8 + rnd.nextInt(d.length - 8);
                    flipped[pos] ^= (byte) (1 + rnd.nextInt(255));
                    assertThrows(ImageFormatException.class, () -> Images.decode(flipped, f, ImageReadOptions.DEFAULT),
                            f + " with byte " + pos + " changed");
                }
                checked++;
            }
        }
        assertEquals(FILES.length * 25, checked);
    }
}
