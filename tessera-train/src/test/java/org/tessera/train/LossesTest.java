package org.tessera.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class LossesTest {
    // one image, 3 classes, 1x3 pixels; logits per pixel (c0, c1, c2)
    private static final float[][] PIX = {{1f, 2f, 0f}, {0.5f, -1f, 3f}, {2f, 2f, 2f}};

    private static NDArray logits(NDManager m) {
        float[] v = new float[9];
        for (int p = 0; p < 3; p++) for (int c = 0; c < 3; c++) v[c * 3 + p] = PIX[p][c];
        return m.create(v, new Shape(1, 3, 1, 3));
    }

    private static double logSoftmax(float[] z, int k) {
        double s = 0;
        for (float v : z) s += Math.exp(v);
        return z[k] - Math.log(s);
    }

    @Test
    void crossEntropyMatchesHandComputation() {
        try (NDManager m = NDManager.newBaseManager()) {
            short[][] lab = {{1, 2, 255}};
            Targets t = Targets.encode(m, lab, 1, 3, 3, 255, null);
            double want = -(logSoftmax(PIX[0], 1) + logSoftmax(PIX[1], 2)) / 2;
            assertEquals(want, Losses.crossEntropy(logits(m), t).getFloat(), 1e-6);
            // weights: sum w_y * nll / sum w_y (PyTorch weighted mean)
            float[] w = {1f, 3f, 0.5f};
            Targets tw = Targets.encode(m, lab, 1, 3, 3, 255, w);
            double wantW = -(3 * logSoftmax(PIX[0], 1) + 0.5 * logSoftmax(PIX[1], 2)) / 3.5;
            assertEquals(wantW, Losses.crossEntropy(logits(m), tw).getFloat(), 1e-6);
            // everything ignored -> 0, not NaN
            Targets none = Targets.encode(m, new short[][] {{255, 255, 255}}, 1, 3, 3, 255, null);
            assertEquals(0.0, Losses.crossEntropy(logits(m), none).getFloat(), 0.0);
        }
    }

    @Test
    void focalMatchesHandComputation() {
        try (NDManager m = NDManager.newBaseManager()) {
            short[][] lab = {{1, 2, 255}};
            Targets t = Targets.encode(m, lab, 1, 3, 3, 255, null);
            double p0 = Math.exp(logSoftmax(PIX[0], 1)), p1 = Math.exp(logSoftmax(PIX[1], 2));
            // gamma 2: -(1-p)^2 log p, mean over the 2 valid pixels
            double want = -(Math.pow(1 - p0, 2) * Math.log(p0) + Math.pow(1 - p1, 2) * Math.log(p1)) / 2;
            assertEquals(want, Losses.focal(logits(m), t, 2f).getFloat(), 1e-6);
            // gamma 0 without weights = cross-entropy
            assertEquals(Losses.crossEntropy(logits(m), t).getFloat(), Losses.focal(logits(m), t, 0f).getFloat(), 1e-6);
            // alpha = class weights, still divided by the number of valid pixels
            float[] a = {1f, 0.25f, 0.75f};
            Targets ta = Targets.encode(m, lab, 1, 3, 3, 255, a);
            double wantA = -(0.25 * Math.pow(1 - p0, 0.5) * Math.log(p0) + 0.75 * Math.pow(1 - p1, 0.5) * Math.log(p1)) / 2;
            assertEquals(wantA, Losses.focal(logits(m), ta, 0.5f).getFloat(), 1e-6);
            // everything ignored -> 0
            Targets none = Targets.encode(m, new short[][] {{255, 255, 255}}, 1, 3, 3, 255, null);
            assertEquals(0.0, Losses.focal(logits(m), none, 2f).getFloat(), 0.0);
            assertThrows(IllegalArgumentException.class, () -> Losses.focal(logits(m), t, -1f));
            // the easy pixel (p1 ~ 0.9) is down-weighted far more than the hard one (p0 ~ 0.67): ratio of the
            // per-pixel focal to CE terms is (1-p)^2
            assertTrue(Math.pow(1 - p1, 2) < Math.pow(1 - p0, 2) / 3);
        }
    }

    @Test
    void lossNamesParse() {
        assertEquals(TrainConfig.Loss.FOCAL, TrainConfig.Loss.parse("focal"));
        assertEquals(TrainConfig.Loss.CROSS_ENTROPY_PLUS_DICE, TrainConfig.Loss.parse("ce+dice"));
        assertEquals(TrainConfig.Loss.CROSS_ENTROPY, TrainConfig.Loss.parse("CE"));
        assertEquals(TrainConfig.Loss.DICE, TrainConfig.Loss.parse("dice"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainConfig.Loss.parse("hinge"));
        assertTrue(e.getMessage().contains("hinge"));
    }

    @Test
    void diceMatchesHandComputation() {
        try (NDManager m = NDManager.newBaseManager()) {
            short[][] lab = {{1, 2, 255}};
            Targets t = Targets.encode(m, lab, 1, 3, 3, 255, null);
            double[][] p = new double[2][3];
            for (int px = 0; px < 2; px++) for (int c = 0; c < 3; c++) p[px][c] = Math.exp(logSoftmax(PIX[px], c));
            int[] y = {1, 2};
            double sum = 0;
            for (int c = 0; c < 3; c++) {
                double inter = 0, ps = 0, ys = 0;
                for (int px = 0; px < 2; px++) {
                    ps += p[px][c];
                    if (y[px] == c) { inter += p[px][c]; ys++; }
                }
                sum += (2 * inter + 1) / (ps + ys + 1);
            }
            assertEquals(1 - sum / 3, Losses.dice(logits(m), t).getFloat(), 1e-6);
        }
    }

    @Test
    void upConvMatchesDefinition() {
        try (NDManager m = NDManager.newBaseManager()) {
            java.util.SplittableRandom r = new java.util.SplittableRandom(3);
            int n = 2, in = 3, out = 2, h = 2, w = 3;
            float[] xv = new float[n * in * h * w], wv = new float[in * out * 4], bv = {0.5f, -1f};
            for (int i = 0; i < xv.length; i++) xv[i] = (float) r.nextDouble(-1, 1);
            for (int i = 0; i < wv.length; i++) wv[i] = (float) r.nextDouble(-1, 1);
            float[] y = UNet.upConv2x2(m.create(xv, new Shape(n, in, h, w)), m.create(wv, new Shape(in, out, 2, 2)),
                    m.create(bv)).toFloatArray();
            assertEquals(n * out * 4 * h * w, y.length);
            for (int b = 0; b < n; b++) for (int o = 0; o < out; o++) for (int yy = 0; yy < 2 * h; yy++) for (int xx = 0; xx < 2 * w; xx++) {
                double s = bv[o];
                for (int c = 0; c < in; c++) s += xv[((b * in + c) * h + yy / 2) * w + xx / 2] * wv[((c * out + o) * 2 + yy % 2) * 2 + xx % 2];
                assertEquals(s, y[((b * out + o) * 2 * h + yy) * 2 * w + xx], 1e-5);
            }
        }
    }

    @Test
    void labelAboveClassesIsRejected() {
        try (NDManager m = NDManager.newBaseManager()) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> Targets.encode(m, new short[][] {{0, 7, 1}}, 1, 3, 3, 255, null));
            assertTrue(e.getMessage().contains("label 7 at (1, 0)"), e.getMessage());
        }
    }

    @Test
    void medianFrequencyBalancing() {
        // class 0: 60 px in images totalling 100 -> 0.6 ; class 1: 10 of 50 -> 0.2 ; class 2: 30 of 100 -> 0.3 ; class 3 absent
        float[] w = ClassWeights.medianFrequency(new long[] {60, 10, 30, 0}, new long[] {100, 50, 100, 0});
        assertArrayEquals(new float[] {0.5f, 1.5f, 1f, 0f}, w, 1e-6f);
        // from maps: map A (4 px) = {0,0,0,1}, map B (4 px) = {0,2,2,255}
        float[] w2 = ClassWeights.medianFrequency(java.util.List.of(new short[] {0, 0, 0, 1}, new short[] {0, 2, 2, 255}), 3);
        // freq0 = 4/8 = .5, freq1 = 1/4 = .25, freq2 = 2/4 = .5 ; median .5
        assertArrayEquals(new float[] {1f, 2f, 1f}, w2, 1e-6f);
    }

    @Test
    void lrSchedule() {
        LrSchedule poly = new LrSchedule(LrSchedule.Kind.POLY, 0.1, 0.0, 10, 110, 0.9);
        assertEquals(0.1 * 0.001, poly.at(0), 1e-9);
        assertEquals(0.1 * (0.001 + 0.999 * 0.5), poly.at(5), 1e-8);
        assertEquals(0.1, poly.at(10), 1e-8);
        assertEquals(0.1 * Math.pow(0.5, 0.9), poly.at(60), 1e-8);
        assertEquals(0.0, poly.at(110), 1e-9);
        LrSchedule cos = new LrSchedule(LrSchedule.Kind.COSINE, 0.1, 0.01, 0, 100, 0);
        assertEquals(0.1, cos.at(0), 1e-8);
        assertEquals(0.055, cos.at(50), 1e-8);
        assertEquals(0.01, cos.at(100), 1e-8);
    }
}
