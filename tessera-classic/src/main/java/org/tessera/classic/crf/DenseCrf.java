package org.tessera.classic.crf;

import org.tessera.core.image.FloatMap;
import org.tessera.core.image.Image;
import org.tessera.core.label.LabelMap;

/**
 * Fully connected CRF with Gaussian edge potentials (Krähenbühl and Koltun, NIPS 2011): mean-field inference
 * with a Potts model over an appearance (bilateral: position and color) and a smoothness (position) kernel,
 * each filtered on a {@link PermutohedralLattice} with symmetric normalization, as the reference
 * implementation's {@code DenseCRF2D} ({@code addPairwiseBilateral}, {@code addPairwiseGaussian}). Refines
 * per-pixel class probabilities (e.g. a network's softmax) with an 8-bit RGB or gray image.
 */
public final class DenseCrf {
    private final DenseCrfConfig config;

    public DenseCrf(DenseCrfConfig config) {
        this.config = config.validate();
    }

    /**
     * Mean-field marginals.
     *
     * @param image 8-bit, 1..4 channels (alpha ignored; gray counts as R = G = B)
     * @param prob  class probabilities, {@code prob[p * labels + l]}, p row-major pixels
     * @return refined marginals, same layout
     */
    public float[] inference(Image image, float[] prob, int labels) {
        checkInput(image, prob.length, labels);
        float[] unary = new float[prob.length];
        for (int i = 0; i < prob.length; i++) {
            float p = prob[i];
            if (Float.isNaN(p)) {
                throw new IllegalArgumentException("probability is NaN at index " + i);
            }
            unary[i] = (float) -Math.log(Math.max(p, config.minProbability));
        }
        return meanField(image, unary, labels);
    }

    /**
     * Mean-field marginals from a unary energy given directly (the reference implementation's
     * {@code setUnaryEnergy}): {@code unary[p * labels + l]} is the cost of label l at pixel p (e.g. −log p, or a
     * tempered −t·log p). The marginals start at softmax(−unary), as the reference's {@code inference}.
     *
     * @throws IllegalArgumentException when sizes disagree or a value is NaN / infinite
     */
    public float[] inferenceFromUnary(Image image, float[] unary, int labels) {
        checkInput(image, unary.length, labels);
        for (int i = 0; i < unary.length; i++) {
            if (!Float.isFinite(unary[i])) {
                throw new IllegalArgumentException("unary energy is not finite at index " + i + ": " + unary[i]);
            }
        }
        return meanField(image, unary, labels);
    }

    private static void checkInput(Image image, int values, int labels) {
        org.tessera.classic.Checks.notEmpty("dense CRF", image);
        if (image.is16Bit()) {
            throw new IllegalArgumentException("dense CRF needs an 8-bit image, got a 16-bit one (convert with"
                    + " Image.to8Bit())");
        }
        int w = image.width(), h = image.height(), n = w * h;
        if (labels < 2) {
            throw new IllegalArgumentException("dense CRF needs at least 2 labels, got " + labels);
        }
        if ((long) n * labels != values) {
            throw new IllegalArgumentException("probabilities have " + values + " values, expected " + w + "x"
                    + h + "x" + labels + " = " + (long) n * labels);
        }
    }

    private float[] meanField(Image image, float[] unary, int labels) {
        int w = image.width(), h = image.height(), n = w * h;
        Image rgb = image.toRgb();
        Kernel[] kernels = new Kernel[2];
        int nk = 0;
        // smoothness kernel first, then appearance: the order of the reference example (float sums match)
        if (config.gaussianWeight > 0) {
            float sxy = (float) config.gaussianXy;
            float[] f = new float[n * 2];
            for (int p = 0; p < n; p++) {
                f[p * 2] = (p % w) / sxy;
                f[p * 2 + 1] = (p / w) / sxy;
            }
            kernels[nk++] = new Kernel(new PermutohedralLattice(f, n, 2, config.parallel), n, (float) config.gaussianWeight);
        }
        if (config.bilateralWeight > 0) {
            // float divisions, as the reference DenseCRF2D::addPairwiseBilateral
            float sxy = (float) config.bilateralXy, srgb = (float) config.bilateralRgb;
            float[] f = new float[n * 5];
            for (int p = 0; p < n; p++) {
                f[p * 5] = (p % w) / sxy;
                f[p * 5 + 1] = (p / w) / sxy;
                for (int c = 0; c < 3; c++) {
                    f[p * 5 + 2 + c] = rgb.sample(p * 3 + c) / srgb;
                }
            }
            kernels[nk++] = new Kernel(new PermutohedralLattice(f, n, 5, config.parallel), n, (float) config.bilateralWeight);
        }
        final int nk2 = nk;
        final boolean par = config.parallel;
        float[] q = new float[unary.length];
        float[] energy = new float[unary.length];
        Parallel.blocks(n, par, (lo, hi) -> {
            for (int i = lo * labels; i < hi * labels; i++) {
                energy[i] = -unary[i];
            }
            softmax(energy, q, lo, hi, labels);
        });
        for (int it = 0; it < config.iterations; it++) {
            // energy = -unary + sum_k w_k N_k K_k (N_k q): the reference's -unary - sum_k Potts(-w_k) filter_k(q)
            Parallel.blocks(n, par, (lo, hi) -> {
                for (int i = lo * labels; i < hi * labels; i++) {
                    energy[i] = -unary[i];
                }
            });
            for (int k = 0; k < nk2; k++) {
                kernels[k].lattice.compute(q, labels, energy, kernels[k].norm, kernels[k].weight, true);
            }
            Parallel.blocks(n, par, (lo, hi) -> softmax(energy, q, lo, hi, labels));
        }
        return q;
    }

    /**
     * Refines a model's probabilities given as a core {@link FloatMap} (planar CHW, the layout of
     * {@code Prediction.probabilities()} and {@code Foreground.alpha()} in tessera-infer).
     *
     * <ul>
     *   <li>{@code C >= 2} channels: per-class probabilities (e.g. a softmax); the unary of class c is
     *       {@code -log(max(p_c, minProbability))}. Returns the C mean-field marginals, CHW.</li>
     *   <li>{@code C == 1}: a foreground probability p (e.g. a person / alpha matte); it becomes two labels,
     *       background {@code 1 - p} and foreground {@code p}. Returns the refined foreground marginal, one
     *       channel (threshold it at 0.5 for the CRF's MAP mask).</li>
     * </ul>
     *
     * @param image         8-bit image, same width and height as the map, pixel (x, y) = map (x, y)
     * @param probabilities values in [0, 1] (not checked beyond NaN; they are clipped below by minProbability)
     * @throws IllegalArgumentException when the sizes differ or a value is NaN
     */
    public FloatMap refine(Image image, FloatMap probabilities) {
        if (image.width() != probabilities.width() || image.height() != probabilities.height()) {
            throw new IllegalArgumentException("dense CRF: probabilities are " + probabilities.width() + "x"
                    + probabilities.height() + " but the image is " + image.width() + "x" + image.height());
        }
        int n = image.width() * image.height();
        int c = probabilities.channels();
        float[] src = probabilities.data();
        int labels = c == 1 ? 2 : c;
        float[] prob = new float[n * labels];
        if (c == 1) {
            for (int p = 0; p < n; p++) {
                prob[p * 2] = 1f - src[p];
                prob[p * 2 + 1] = src[p];
            }
        } else {
            for (int l = 0; l < c; l++) {
                int off = l * n;
                for (int p = 0; p < n; p++) {
                    prob[p * c + l] = src[off + p];
                }
            }
        }
        float[] q = inference(image, prob, labels);
        if (c == 1) {
            float[] fg = new float[n];
            for (int p = 0; p < n; p++) {
                fg[p] = q[p * 2 + 1];
            }
            return new FloatMap(1, image.width(), image.height(), fg);
        }
        float[] out = new float[n * c];
        for (int l = 0; l < c; l++) {
            int off = l * n;
            for (int p = 0; p < n; p++) {
                out[off + p] = q[p * c + l];
            }
        }
        return new FloatMap(c, image.width(), image.height(), out);
    }

    /** The most probable label per pixel after inference, as a LabelMap (ignore index 65535). */
    public LabelMap segment(Image image, float[] prob, int labels) {
        float[] q = inference(image, prob, labels);
        int n = image.width() * image.height();
        short[] out = new short[n];
        for (int p = 0; p < n; p++) {
            int best = 0;
            for (int l = 1; l < labels; l++) {
                if (q[p * labels + l] > q[p * labels + best]) {
                    best = l;
                }
            }
            out[p] = (short) best;
        }
        return new LabelMap(image.width(), image.height(), out, 65535, null);
    }

    /** q = softmax(e) per pixel for pixels [lo, hi), as the reference's expAndNormalize (max subtracted). */
    private static void softmax(float[] e, float[] q, int lo, int hi, int labels) {
        for (int p = lo; p < hi; p++) {
            int b = p * labels;
            float mx = e[b];
            for (int l = 1; l < labels; l++) {
                mx = Math.max(mx, e[b + l]);
            }
            float s = 0;
            for (int l = 0; l < labels; l++) {
                float v = expNonPositive(e[b + l] - mx);
                q[b + l] = v;
                s += v;
            }
            float inv = 1f / s;
            for (int l = 0; l < labels; l++) {
                q[b + l] *= inv;
            }
        }
    }

    /**
     * e^x for x &lt;= 0 in float precision (relative error &lt; 2e-7; 0 below −87): Cody–Waite reduction
     * x = k ln 2 + r, |r| &lt;= ln 2 / 2, and Cephes' degree-6 minimax polynomial for e^r (the method of Eigen's
     * vectorized exp used by the reference's softmax). Several times cheaper than {@code (float) Math.exp}.
     */
    static float expNonPositive(float x) {
        if (x < -87f) {
            return 0f;
        }
        // round to nearest by adding 1.5 * 2^23: the integer lands in the low mantissa bits
        float t = x * 1.44269504088896341f + 12582912f;
        int k = Float.floatToRawIntBits(t) - 0x4B400000;
        float kf = t - 12582912f;
        float r = x - kf * 0.693359375f;
        r = r - kf * -2.12194440e-4f;
        float y = ((((1.9875691500e-4f * r + 1.3981999507e-3f) * r + 8.3334519073e-3f) * r + 4.1665795894e-2f) * r
                + 1.6666665459e-1f) * r + 5.0000001201e-1f;
        y = y * (r * r) + r + 1f;
        return y * Float.intBitsToFloat((k + 127) << 23);
    }

    /** One pairwise kernel with symmetric normalization: message = w · N · K(N · q), N = 1 / sqrt(K·1). */
    private static final class Kernel {
        final PermutohedralLattice lattice;
        final float[] norm;
        final float weight;

        Kernel(PermutohedralLattice lattice, int n, float weight) {
            this.lattice = lattice;
            this.weight = weight;
            float[] ones = new float[n];
            java.util.Arrays.fill(ones, 1f);
            norm = new float[n];
            lattice.compute(ones, 1, norm);
            for (int i = 0; i < n; i++) {
                norm[i] = (float) (1.0 / Math.sqrt(norm[i] + 1e-20));
            }
        }

    }
}
