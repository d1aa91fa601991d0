package org.tessera.classic.crf;

/**
 * Parameters of {@link DenseCrf}; defaults are those of Krähenbühl and Koltun's reference example (and
 * pydensecrf's README): appearance kernel θα = 80 px, θβ = 13 (color units), w1 = 10; smoothness kernel θγ = 3 px,
 * w2 = 3; 5 mean-field iterations. Call {@link #validate()} (the constructor of DenseCrf does).
 */
public final class DenseCrfConfig {
    /** Mean-field iterations. */
    public int iterations = 5;
    /** Bilateral (appearance) kernel: spatial standard deviation θα in pixels. */
    public double bilateralXy = 80;
    /** Bilateral kernel: color standard deviation θβ in 8-bit sample units. */
    public double bilateralRgb = 13;
    /** Bilateral kernel weight w1 (Potts compatibility); 0 disables it. */
    public double bilateralWeight = 10;
    /** Gaussian (smoothness) kernel: spatial standard deviation θγ in pixels. */
    public double gaussianXy = 3;
    /** Gaussian kernel weight w2 (Potts compatibility); 0 disables it. */
    public double gaussianWeight = 3;
    /** Probabilities are clipped to at least this before the unary -log(p) (pydensecrf's unary_from_softmax). */
    public double minProbability = 1e-5;
    /**
     * Run the lattice passes, the message update and the softmax on the common fork-join pool. Every value is
     * computed in the same order either way, so the output is bit-identical to the sequential run.
     */
    public boolean parallel = true;

    /**
     * Checks every field.
     *
     * @throws IllegalArgumentException naming the first invalid field
     */
    public DenseCrfConfig validate() {
        if (iterations < 0) {
            throw new IllegalArgumentException("DenseCrfConfig.iterations must be >= 0, got " + iterations);
        }
        positive("bilateralXy", bilateralXy);
        positive("bilateralRgb", bilateralRgb);
        positive("gaussianXy", gaussianXy);
        if (!(bilateralWeight >= 0) || !Double.isFinite(bilateralWeight)) {
            throw new IllegalArgumentException("DenseCrfConfig.bilateralWeight must be >= 0, got " + bilateralWeight);
        }
        if (!(gaussianWeight >= 0) || !Double.isFinite(gaussianWeight)) {
            throw new IllegalArgumentException("DenseCrfConfig.gaussianWeight must be >= 0, got " + gaussianWeight);
        }
        if (!(minProbability > 0 && minProbability < 1)) {
            throw new IllegalArgumentException("DenseCrfConfig.minProbability must be in (0, 1), got " + minProbability);
        }
        return this;
    }

    private static void positive(String name, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException("DenseCrfConfig." + name + " must be > 0, got " + v);
        }
    }
}
