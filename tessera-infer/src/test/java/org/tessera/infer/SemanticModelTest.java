package org.tessera.infer;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.tessera.core.label.LabelMap;

class SemanticModelTest {
    static final String FRAME = "data/cityscapes_1/leftImg8bit/val/frankfurt/frankfurt_000000_000294_leftImg8bit.png";

    @Test
    void twinLiteNetDrivableAreaAndLanes() throws Exception {
        try (Segmenter s = Segmenter.builder().model("twinlitenet-bdd100k-640").probabilities(true).build()) {
            org.tessera.core.image.Image img = Shared.image(FRAME);
            Prediction p = s.predict(img);
            assertEquals(2, p.labelMaps().size());
            LabelMap da = p.labelMap("da"), ll = p.labelMap("ll");
            assertEquals(img.width(), da.width());
            assertEquals(img.height(), da.height());
            int w = da.width(), h = da.height();
            long upper = 0, lower = 0, lanes = 0;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    if (da.get(x, y) == 1) {
                        if (y < h / 2) upper++;
                        else lower++;
                    }
                    if (ll.get(x, y) == 1) lanes++;
                }
            }
            double half = w * (h / 2.0);
            System.out.printf("drivable: upper %.3f lower %.3f; lanes %.4f%n", upper / half, lower / half, lanes / (2 * half));
            assertTrue(lower / half > 0.15, "drivable area in the lower half: " + lower / half);
            assertTrue(lower > 4 * upper, "drivable area mostly in the lower half: " + upper + " vs " + lower);
            assertTrue(lanes > 0 && lanes < 0.1 * w * h, "lane pixels " + lanes);
            // probabilities agree with the labels and sum to 1
            org.tessera.core.image.FloatMap pr = p.probabilities().get("da");
            assertEquals(2, pr.channels());
            for (int y = 0; y < h; y += 7) {
                for (int x = 0; x < w; x += 5) {
                    assertEquals(1.0, pr.get(0, x, y) + pr.get(1, x, y), 1e-5);
                    if (Math.abs(pr.get(1, x, y) - 0.5) > 1e-6) assertEquals(pr.get(1, x, y) > 0.5 ? 1 : 0, da.get(x, y));
                }
            }
        }
    }

    @Test
    void chooseOneHead() throws Exception {
        try (Segmenter s = Segmenter.builder().model("twinlitenet-bdd100k-640").heads("ll").build()) {
            assertEquals(1, s.spec().heads().size());
            assertEquals("ll", s.spec().heads().get(0).name());
            assertEquals(java.util.List.of("background", "lane"), s.spec().heads().get(0).classes());
        }
        ModelException e = assertThrows(ModelException.class,
                () -> Segmenter.builder().model("twinlitenet-bdd100k-640").heads("lanes").build());
        assertTrue(e.getMessage().contains("no head 'lanes'") && e.getMessage().contains("[da, ll]"), e.getMessage());
    }
}
