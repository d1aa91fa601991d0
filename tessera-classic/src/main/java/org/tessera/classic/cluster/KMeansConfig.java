package org.tessera.classic.cluster;

/** Configuration of {@link KMeansColor}. Call {@link #validate()} (the constructor of KMeansColor does). */
public final class KMeansConfig {
    /** Number of clusters, >= 1 and at most the pixel count. */
    public int k = 4;
    /** Seed of the k-means++ initialization (same seed, same result). */
    public long seed = 1;
    /** Iteration cap of Lloyd's algorithm (it also stops when no pixel changes cluster). */
    public int maxIterations = 50;
    /** Add the pixel position (x, y scaled by this weight, in sample units per pixel) to the features; 0 = color only. */
    public double spatialWeight = 0;

    public KMeansConfig() {
    }

    public KMeansConfig(int k, long seed) {
        this.k = k;
        this.seed = seed;
    }

    /**
     * Checks every field.
     *
     * @throws IllegalArgumentException naming the first invalid field
     */
    public KMeansConfig validate() {
        if (k < 1) {
            throw new IllegalArgumentException("KMeansConfig.k must be >= 1, got " + k);
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("KMeansConfig.maxIterations must be >= 1, got " + maxIterations);
        }
        if (!(spatialWeight >= 0) || !Double.isFinite(spatialWeight)) {
            throw new IllegalArgumentException("KMeansConfig.spatialWeight must be >= 0, got " + spatialWeight);
        }
        return this;
    }
}
