package org.tessera.classic.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.tessera.classic.TestData;
import org.tessera.core.image.Image;
import org.tessera.core.image.Images;
import org.tessera.core.label.LabelMap;

class SuperpixelsAndKMeansTest {

    static Image bus() throws IOException {
        return bus(8);
    }

    static Image bus(int f) throws IOException {
        // a color photo, downsized by f to keep the test fast
        Image img = Images.read(TestData.file("data/images/bus.jpg"));
        int w = img.width() / f, h = img.height() / f;
        byte[] out = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    out[(y * w + x) * 3 + c] = (byte) img.get(x * f, y * f, c);
                }
            }
        }
        return Image.of8(w, h, 3, out);
    }

    static int regions(LabelMap m) {
        int max = -1;
        for (short s : m.data()) {
            max = Math.max(max, s & 0xFFFF);
        }
        return max + 1;
    }

    @Test
    void slicRegionCountIsCloseToRequestedAndDeterministic() throws IOException {
        Image img = bus(4);
        SuperpixelConfig c = new SuperpixelConfig(SuperpixelConfig.Method.SLIC);
        c.regions = 100;
        LabelMap a = new Superpixels(c).segment(img);
        LabelMap b = new Superpixels(c).segment(img);
        assertEquals(a, b);
        int n = regions(a);
        assertTrue(n >= 70 && n <= 130, "SLIC regions " + n + " for 100 requested");
    }

    @Test
    void felzenszwalbAndMeanShiftSegment() throws IOException {
        Image img = bus();
        for (SuperpixelConfig.Method m : new SuperpixelConfig.Method[] {SuperpixelConfig.Method.FELZENSZWALB,
                SuperpixelConfig.Method.MEAN_SHIFT}) {
            SuperpixelConfig c = new SuperpixelConfig(m);
            LabelMap a = new Superpixels(c).segment(img);
            assertEquals(a, new Superpixels(c).segment(img), m + " is deterministic");
            int n = regions(a);
            assertTrue(n > 5 && n < img.pixelCount() / 20, m + " regions " + n);
        }
        // larger k: fewer Felzenszwalb regions
        SuperpixelConfig small = new SuperpixelConfig(SuperpixelConfig.Method.FELZENSZWALB);
        small.k = 100;
        SuperpixelConfig large = new SuperpixelConfig(SuperpixelConfig.Method.FELZENSZWALB);
        large.k = 1000;
        assertTrue(regions(new Superpixels(large).segment(img)) < regions(new Superpixels(small).segment(img)));
    }

    @Test
    void sixteenBitIsRejectedWithAClearMessage() {
        Image img = Image.of16(4, 4, 1, new short[16]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Superpixels(new SuperpixelConfig()).segment(img));
        assertTrue(e.getMessage().contains("8-bit"), e.getMessage());
        SuperpixelConfig bad = new SuperpixelConfig();
        bad.regions = 0;
        e = assertThrows(IllegalArgumentException.class, () -> new Superpixels(bad));
        assertTrue(e.getMessage().contains("SuperpixelConfig.regions"), e.getMessage());
    }

    @Test
    void kMeansSeparatesTwoColorsAndIsSeeded() throws IOException {
        byte[] px = new byte[10 * 3];
        for (int i = 0; i < 10; i++) {
            int v = i < 4 ? 200 : 20;
            px[i * 3] = (byte) v;
            px[i * 3 + 1] = (byte) (v / 2);
            px[i * 3 + 2] = (byte) (i % 2); // tiny noise
        }
        LabelMap m = new KMeansColor(new KMeansConfig(2, 7)).segment(Image.of8(10, 1, 3, px));
        for (int i = 0; i < 10; i++) {
            assertEquals(i < 4 ? 1 : 0, m.get(i, 0), "pixel " + i); // darkest cluster first
        }
        Image img = bus();
        KMeansConfig c = new KMeansConfig(5, 42);
        LabelMap a = new KMeansColor(c).segment(img);
        assertEquals(a, new KMeansColor(c).segment(img));
        assertEquals(5, regions(a));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new KMeansColor(new KMeansConfig(11, 1)).segment(Image.of8(10, 1, 3, px)));
        assertTrue(e.getMessage().contains("exceeds the pixel count 10"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new KMeansColor(new KMeansConfig(0, 1)));
        assertTrue(e.getMessage().contains("KMeansConfig.k"), e.getMessage());
    }
}
