package org.tessera.classic.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.tessera.classic.TestData;
import org.tessera.classic.edge.EdgeRegions;
import org.tessera.classic.edge.EdgeRegionsConfig;
import org.tessera.classic.edge.Gradient;
import org.tessera.classic.edge.GradientWatershed;
import org.tessera.core.image.Image;
import org.tessera.core.image.Images;
import org.tessera.core.label.LabelMap;

class EdgeRegionsTest {

    /** Three flat vertical bands 40 / 120 / 220 on a 60x30 image. */
    static Image bands() {
        byte[] g = new byte[60 * 30];
        for (int i = 0; i < g.length; i++) {
            int x = i % 60;
            g[i] = (byte) (x < 20 ? 40 : x < 40 ? 120 : 220);
        }
        return Image.of8(60, 30, 1, g);
    }

    @Test
    void bandsGiveThreeRegionsSplitAtTheSteps() {
        for (var seg : new org.tessera.classic.abst.RegionSegmenter[] {new EdgeRegions(new EdgeRegionsConfig()),
                new GradientWatershed(new EdgeRegionsConfig())}) {
            LabelMap m = seg.segment(bands());
            assertEquals(3, SuperpixelsAndKMeansTest.regions(m), seg.getClass().getSimpleName());
            assertEquals(0, m.get(5, 15));
            assertEquals(1, m.get(30, 15));
            assertEquals(2, m.get(55, 15));
            // the boundary lies within one pixel of the true step
            assertTrue(m.get(18, 10) == 0 && m.get(21, 10) == 1, seg.getClass().getSimpleName());
        }
    }

    @Test
    void sobelOfAStep() {
        byte[] g = {0, 0, 10, 10};
        float[] s = Gradient.sobelMagnitude(g, 4, 1);
        assertEquals(40f, s[1]); // 4 * step: (10 + 2*10 + 10) - 0
        assertEquals(0f, s[0]);
    }

    @Test
    void realImageAndBadInput() throws IOException {
        Image coins = Images.read(TestData.file("data/images/coins.png"));
        int n = SuperpixelsAndKMeansTest.regions(new EdgeRegions(new EdgeRegionsConfig()).segment(coins));
        assertTrue(n > 10 && n < 2000, "coins regions " + n);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new EdgeRegions(new EdgeRegionsConfig()).segment(Image.of16(3, 3, 1, new short[9])));
        assertTrue(e.getMessage().contains("8-bit"), e.getMessage());
        EdgeRegionsConfig bad = new EdgeRegionsConfig();
        bad.high = 0.01;
        e = assertThrows(IllegalArgumentException.class, () -> new EdgeRegions(bad));
        assertTrue(e.getMessage().contains("EdgeRegionsConfig.high"), e.getMessage());
    }
}
