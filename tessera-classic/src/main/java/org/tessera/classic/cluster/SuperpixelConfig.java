package org.tessera.classic.cluster;

/**
 * Configuration of the superpixel / over-segmentation algorithms wrapped by {@link Superpixels}.
 * Color distances are in 8-bit sample units, sizes in pixels. Call {@link #validate()} (the constructor of
 * {@link Superpixels} does).
 */
public final class SuperpixelConfig {
    /** The algorithm. */
    public enum Method {
        /** SLIC (Achanta et al. 2012): {@link #regions}, {@link #spatialWeight}, {@link #iterations}. */
        SLIC,
        /** Felzenszwalb-Huttenlocher 2004 graph segmentation: {@link #k}, {@link #minimumSize}. */
        FELZENSZWALB,
        /** Mean shift (Comaniciu and Meer 2002): {@link #spatialRadius}, {@link #colorRadius}, {@link #minimumSize}. */
        MEAN_SHIFT
    }

    public Method method = Method.SLIC;
    /** SLIC: requested number of regions (the result is close to it). */
    public int regions = 200;
    /**
     * SLIC: weight of the spatial distance against color. SLIC runs in CIELAB (L 0..100) with compactness
     * m = spatialWeight / 20 in {@code d = dLab^2 + (m/S)^2 dXY^2}, S the grid step in pixels; the default 200
     * gives m = 10, the paper's and scikit-image's default. Larger = more compact, grid-like regions.
     */
    public double spatialWeight = 200;
    /** SLIC: iterations. */
    public int iterations = 10;
    /** Felzenszwalb: the scale parameter k (larger = larger regions). */
    public double k = 300;
    /** Felzenszwalb and mean shift: regions smaller than this (pixels) are merged into a neighbour. */
    public int minimumSize = 20;
    /** Mean shift: spatial radius (pixels). */
    public int spatialRadius = 6;
    /** Mean shift: color radius (sample units). */
    public double colorRadius = 15;
    /** 8-connected regions (else 4). */
    public boolean eightConnected = true;

    public SuperpixelConfig() {
    }

    public SuperpixelConfig(Method method) {
        this.method = method;
    }

    /**
     * Checks the fields the chosen method uses.
     *
     * @throws IllegalArgumentException naming the first invalid field
     */
    public SuperpixelConfig validate() {
        if (method == null) {
            throw new IllegalArgumentException("SuperpixelConfig.method must not be null");
        }
        switch (method) {
            case SLIC -> {
                if (regions < 1) {
                    throw new IllegalArgumentException("SuperpixelConfig.regions must be >= 1, got " + regions);
                }
                if (!(spatialWeight > 0)) {
                    throw new IllegalArgumentException("SuperpixelConfig.spatialWeight must be > 0, got " + spatialWeight);
                }
                if (iterations < 1) {
                    throw new IllegalArgumentException("SuperpixelConfig.iterations must be >= 1, got " + iterations);
                }
            }
            case FELZENSZWALB -> {
                if (!(k > 0)) {
                    throw new IllegalArgumentException("SuperpixelConfig.k must be > 0, got " + k);
                }
                checkMinimumSize();
            }
            case MEAN_SHIFT -> {
                if (spatialRadius < 1) {
                    throw new IllegalArgumentException("SuperpixelConfig.spatialRadius must be >= 1, got " + spatialRadius);
                }
                if (!(colorRadius > 0)) {
                    throw new IllegalArgumentException("SuperpixelConfig.colorRadius must be > 0, got " + colorRadius);
                }
                checkMinimumSize();
            }
        }
        return this;
    }

    private void checkMinimumSize() {
        if (minimumSize < 0) {
            throw new IllegalArgumentException("SuperpixelConfig.minimumSize must be >= 0, got " + minimumSize);
        }
    }
}
