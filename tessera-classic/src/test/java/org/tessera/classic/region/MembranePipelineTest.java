package org.tessera.classic.region;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tessera.classic.TestData;
import org.tessera.classic.binary.BinaryOps;
import org.tessera.classic.binary.Connectivity;
import org.tessera.classic.filter.Smoothing;
import org.tessera.classic.threshold.GlobalThresholds;
import org.tessera.classic.threshold.GrayHistogram;
import org.tessera.classic.threshold.LocalThreshold;
import org.tessera.classic.threshold.LocalThresholdConfig;

/**
 * ISBI 2012 membrane sample (4 slices, 512x512; label 255 = cell interior, 0 = membrane): the best classical
 * pipeline found (Gaussian sigma 1 → Sauvola window 25, k 0.2 → fill interior holes up to 100 px) against the
 * plain Otsu baseline. IoUs are means over the 4 slices; goldens measured (see docs/classic.md).
 */
class MembranePipelineTest {

    static byte[] sauvolaPipeline(byte[] g, int w, int h) {
        LocalThreshold lt = new LocalThreshold(new LocalThresholdConfig(LocalThresholdConfig.Method.SAUVOLA, 25));
        byte[] interior = lt.apply(Smoothing.gaussian(g, w, h, 1.0), w, h);
        return BinaryOps.fillHoles(interior, w, h, Connectivity.FOUR, 100);
    }

    @Test
    void sauvolaPipelineBeatsOtsu() {
        int w = 512, h = 512;
        double[] best = new double[2], otsu = new double[2];
        for (int i = 0; i < 4; i++) {
            TestData.Raw img = TestData.read(TestData.file("data/isbi_membrane_sample/image/" + i + ".png"));
            TestData.Raw lab = TestData.read(TestData.file("data/isbi_membrane_sample/label/" + i + ".png"));
            assertEquals(w, img.width());
            byte[] g = img.channelU8(0), truth = lab.channelU8(0);
            add(best, iou(sauvolaPipeline(g, w, h), truth));
            add(otsu, iou(BinaryOps.above(g, GlobalThresholds.otsu(GrayHistogram.ofU8(g))), truth));
        }
        System.out.printf("ISBI sample IoU interior/membrane: Sauvola pipeline %.4f / %.4f, Otsu %.4f / %.4f%n",
                best[0] / 4, best[1] / 4, otsu[0] / 4, otsu[1] / 4);
        assertTrue(best[0] > otsu[0] + 0.1 && best[1] > otsu[1] + 0.05);
        assertEquals(0.8197, best[0] / 4, 0.003);
        assertEquals(0.5576, best[1] / 4, 0.003);
        assertEquals(0.6809, otsu[0] / 4, 0.003);
        assertEquals(0.4549, otsu[1] / 4, 0.003);
    }

    private static void add(double[] acc, double[] v) {
        acc[0] += v[0];
        acc[1] += v[1];
    }

    /** {interior IoU, membrane IoU}; truth > 127 = interior. */
    static double[] iou(byte[] pred, byte[] truth) {
        long ii = 0, ui = 0, im = 0, um = 0;
        for (int k = 0; k < pred.length; k++) {
            boolean t = (truth[k] & 0xFF) > 127, q = pred[k] != 0;
            ii += t && q ? 1 : 0;
            ui += t || q ? 1 : 0;
            im += !t && !q ? 1 : 0;
            um += !t || !q ? 1 : 0;
        }
        return new double[] {ii / (double) ui, im / (double) um};
    }
}
