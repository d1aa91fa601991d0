package org.tessera.classic.threshold;

/**
 * Configuration of a local (adaptive) threshold. Call {@link #validate()} before use (the factories do).
 * Window sizes are in pixels (odd, the full window width). Foreground is {@code value >= local threshold}
 * (BoofCV's convention) unless {@link #darkForeground} ({@code value <= threshold}).
 */
public final class LocalThresholdConfig {
    /** The local statistic. */
    public enum Method {
        /** Niblack: T = mean - k * std, skimage's sign convention (BoofCV's {@code localNiblack} is given -k). */
        NIBLACK,
        /** Sauvola: T = mean * (1 + k * (std / R - 1)) with BoofCV's R = the largest local std of the image. */
        SAUVOLA,
        /** T = box mean * scale (foreground {@code value > T}, or {@code <= T} for dark foreground). */
        MEAN,
        /** T = Gaussian-weighted mean * scale (sigma = (window - 1) / 6 as skimage's threshold_local). */
        GAUSSIAN
    }

    /** The statistic. */
    public Method method = Method.SAUVOLA;
    /** Window width in pixels, odd and >= 3. */
    public int windowSize = 15;
    /** Weight of the standard deviation for Niblack and Sauvola. */
    public double k = 0.2;
    /** Multiplier of the local mean for MEAN and GAUSSIAN (1 = the mean itself). */
    public double scale = 1.0;
    /** True when objects are darker than their surroundings (foreground = value <= threshold). */
    public boolean darkForeground = false;

    public LocalThresholdConfig() {
    }

    public LocalThresholdConfig(Method method, int windowSize) {
        this.method = method;
        this.windowSize = windowSize;
    }

    /**
     * Checks every field.
     *
     * @throws IllegalArgumentException naming the first invalid field
     */
    public LocalThresholdConfig validate() {
        if (method == null) {
            throw new IllegalArgumentException("LocalThresholdConfig.method must not be null");
        }
        if (windowSize < 3 || windowSize % 2 == 0) {
            throw new IllegalArgumentException("LocalThresholdConfig.windowSize must be odd and >= 3, got " + windowSize);
        }
        if (!Double.isFinite(k)) {
            throw new IllegalArgumentException("LocalThresholdConfig.k must be finite, got " + k);
        }
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("LocalThresholdConfig.scale must be > 0, got " + scale);
        }
        return this;
    }
}
