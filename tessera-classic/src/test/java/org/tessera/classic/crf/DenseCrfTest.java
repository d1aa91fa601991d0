package org.tessera.classic.crf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tessera.core.image.FloatMap;
import org.tessera.core.image.Image;
import org.tessera.core.label.LabelMap;

class DenseCrfTest {

    @Test
    void latticeBlurIsAGaussianBump() {
        // 1-D line of 41 points, impulse at 20, unit-variance features: response symmetric and decreasing
        int n = 41;
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = i / 2f; // sigma = 2 px
        }
        PermutohedralLattice lat = new PermutohedralLattice(f, n, 1);
        float[] in = new float[n], out = new float[n];
        in[20] = 1;
        lat.compute(in, 1, out);
        assertTrue(out[20] > out[21] && out[21] > out[23] && out[23] > out[26], java.util.Arrays.toString(out));
        assertEquals(out[18], out[22], 0.05 * out[20]);
        assertEquals(0f, out[0], 1e-3f);
    }

    @Test
    void cleansSaltAndPepperLabelNoiseAlongColorEdges() {
        // left half dark, right half bright; probabilities 0.7 for the right class, flipped on 15 % of pixels
        int w = 40, h = 30, n = w * h;
        byte[] g = new byte[n * 3];
        int[] truth = new int[n];
        for (int p = 0; p < n; p++) {
            int v = p % w < 20 ? 30 : 220;
            truth[p] = p % w < 20 ? 0 : 1;
            g[p * 3] = (byte) v;
            g[p * 3 + 1] = (byte) v;
            g[p * 3 + 2] = (byte) v;
        }
        Random r = new Random(1);
        float[] prob = new float[n * 2];
        int noisyCorrect = 0;
        for (int p = 0; p < n; p++) {
            int l = r.nextDouble() < 0.15 ? 1 - truth[p] : truth[p];
            prob[p * 2 + l] = 0.7f;
            prob[p * 2 + 1 - l] = 0.3f;
            noisyCorrect += l == truth[p] ? 1 : 0;
        }
        Image img = Image.of8(w, h, 3, g);
        DenseCrf crf = new DenseCrf(new DenseCrfConfig());
        LabelMap out = crf.segment(img, prob, 2);
        int correct = 0;
        for (int p = 0; p < n; p++) {
            correct += out.data()[p] == truth[p] ? 1 : 0;
        }
        assertTrue(noisyCorrect < 0.9 * n, "noise level " + noisyCorrect);
        assertTrue(correct > 0.99 * n, "CRF accuracy " + correct + " / " + n + " (input " + noisyCorrect + ")");
        // deterministic, and marginals sum to 1
        float[] q1 = crf.inference(img, prob, 2), q2 = crf.inference(img, prob, 2);
        assertArrayEquals(q1, q2);
        assertEquals(1f, q1[0] + q1[1], 1e-5f);
        // zero iterations = softmax of -unary = the clipped input
        DenseCrfConfig none = new DenseCrfConfig();
        none.iterations = 0;
        assertEquals(0.7f, new DenseCrf(none).inference(img, prob, 2)[2 * 25 + truthLabelAt(prob, 25)], 1e-5f);
    }

    private static int truthLabelAt(float[] prob, int p) {
        return prob[p * 2] > prob[p * 2 + 1] ? 0 : 1;
    }

    @Test
    void badInput() {
        Image img = Image.of8(2, 2, 1, new byte[4]);
        DenseCrf crf = new DenseCrf(new DenseCrfConfig());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> crf.inference(img, new float[7], 2));
        assertTrue(e.getMessage().contains("expected 2x2x2 = 8"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> crf.inference(Image.of16(2, 2, 1, new short[4]), new float[8], 2));
        assertTrue(e.getMessage().contains("8-bit"), e.getMessage());
        DenseCrfConfig bad = new DenseCrfConfig();
        bad.bilateralRgb = 0;
        e = assertThrows(IllegalArgumentException.class, () -> new DenseCrf(bad));
        assertTrue(e.getMessage().contains("DenseCrfConfig.bilateralRgb"), e.getMessage());
    }

    @Test
    void refineFromFloatMapMatchesInterleavedInference() {
        int w = 24, h = 16, n = w * h;
        byte[] g = new byte[n * 3];
        Random r = new Random(7);
        float[] fg = new float[n];
        for (int p = 0; p < n; p++) {
            boolean right = p % w >= 12;
            int v = right ? 200 : 40;
            g[p * 3] = (byte) v;
            g[p * 3 + 1] = (byte) (v / 2);
            g[p * 3 + 2] = (byte) (255 - v);
            float pr = right ? 0.7f : 0.3f;
            fg[p] = r.nextDouble() < 0.15 ? 1f - pr : pr;
        }
        Image img = Image.of8(w, h, 3, g);
        DenseCrf crf = new DenseCrf(new DenseCrfConfig());
        // one channel = foreground probability: background 1 - p, foreground p; returns the foreground marginal
        float[] inter = new float[n * 2];
        for (int p = 0; p < n; p++) {
            inter[p * 2] = 1f - fg[p];
            inter[p * 2 + 1] = fg[p];
        }
        float[] q = crf.inference(img, inter, 2);
        FloatMap refined = crf.refine(img, new FloatMap(1, w, h, fg.clone()));
        assertEquals(1, refined.channels());
        for (int p = 0; p < n; p++) {
            assertEquals(q[p * 2 + 1], refined.data()[p], 0f);
            // the noise is cleaned: right half foreground, left half background
            assertEquals(p % w >= 12, refined.data()[p] > 0.5f, "pixel " + p);
        }
        // C channels, planar CHW in and out
        float[] chw = new float[2 * n];
        for (int p = 0; p < n; p++) {
            chw[p] = 1f - fg[p];
            chw[n + p] = fg[p];
        }
        FloatMap two = crf.refine(img, new FloatMap(2, w, h, chw));
        assertEquals(2, two.channels());
        for (int p = 0; p < n; p++) {
            assertEquals(q[p * 2], two.get(0, p % w, p / w), 0f);
            assertEquals(q[p * 2 + 1], two.get(1, p % w, p / w), 0f);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> crf.refine(img, new FloatMap(1, w, h - 1, new float[w * (h - 1)])));
        assertEquals("dense CRF: probabilities are 24x15 but the image is 24x16", e.getMessage());
    }

    @Test
    void parallelRunIsBitIdenticalToTheSequentialOne() {
        // 96x64 = 6144 pixels: above Parallel.MIN_ITEMS, so the passes are split over the pool
        int w = 96, h = 64, n = w * h, labels = 21;
        Random r = new Random(3);
        byte[] g = new byte[n * 3];
        r.nextBytes(g);
        float[] prob = new float[n * labels];
        for (int i = 0; i < prob.length; i++) {
            prob[i] = r.nextFloat();
        }
        Image img = Image.of8(w, h, 3, g);
        DenseCrfConfig seq = new DenseCrfConfig();
        seq.parallel = false;
        DenseCrfConfig par = new DenseCrfConfig();
        par.parallel = true;
        assertArrayEquals(new DenseCrf(seq).inference(img, prob, labels), new DenseCrf(par).inference(img, prob, labels));
    }

    @Test
    void fastExpMatchesMathExp() {
        double worst = 0;
        for (int i = 0; i <= 870_000; i++) {
            float x = -i * 1e-4f;
            double ref = Math.exp(x);
            worst = Math.max(worst, Math.abs(DenseCrf.expNonPositive(x) - ref) / ref);
        }
        assertTrue(worst < 5e-7, "max relative error " + worst);
        assertEquals(1f, DenseCrf.expNonPositive(0f), 0f);
        assertEquals(0f, DenseCrf.expNonPositive(-100f), 0f);
        assertEquals(0f, DenseCrf.expNonPositive(Float.NEGATIVE_INFINITY), 0f);
    }
}
