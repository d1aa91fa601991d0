package org.tessera.classic.edge;

/**
 * Configuration of {@link EdgeRegions} (Canny edges closed into regions) and {@link GradientWatershed}.
 * Call {@link #validate()} (the constructors do).
 */
public final class EdgeRegionsConfig {
    /** Canny: Gaussian blur radius in pixels (BoofCV's sigma is derived from it). */
    public int blurRadius = 2;
    /** Canny: low hysteresis threshold, relative to the largest gradient (0..1). */
    public double low = 0.05;
    /** Canny: high hysteresis threshold, relative to the largest gradient (0..1). */
    public double high = 0.15;
    /** Edges are dilated by this radius (pixels, square) before regions are taken, to close small gaps. */
    public int closingRadius = 1;
    /** Regions smaller than this (pixels) are not seeds; their pixels go to a neighbouring region. */
    public int minRegionArea = 30;
    /** GradientWatershed: h of the h-minima markers on the Sobel magnitude (gradient units). */
    public double h = 20;
    /** GradientWatershed: Gaussian smoothing sigma (pixels) before the gradient; 0 = none. */
    public double sigma = 1.0;

    /**
     * Checks every field.
     *
     * @throws IllegalArgumentException naming the first invalid field
     */
    public EdgeRegionsConfig validate() {
        if (blurRadius < 1) {
            throw new IllegalArgumentException("EdgeRegionsConfig.blurRadius must be >= 1, got " + blurRadius);
        }
        if (!(low >= 0 && low <= 1)) {
            throw new IllegalArgumentException("EdgeRegionsConfig.low must be in [0, 1], got " + low);
        }
        if (!(high >= low && high <= 1)) {
            throw new IllegalArgumentException("EdgeRegionsConfig.high must be in [low, 1], got " + high);
        }
        if (closingRadius < 0) {
            throw new IllegalArgumentException("EdgeRegionsConfig.closingRadius must be >= 0, got " + closingRadius);
        }
        if (minRegionArea < 1) {
            throw new IllegalArgumentException("EdgeRegionsConfig.minRegionArea must be >= 1, got " + minRegionArea);
        }
        if (!(h > 0) || !Double.isFinite(h)) {
            throw new IllegalArgumentException("EdgeRegionsConfig.h must be > 0, got " + h);
        }
        if (!(sigma >= 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("EdgeRegionsConfig.sigma must be >= 0, got " + sigma);
        }
        return this;
    }
}
