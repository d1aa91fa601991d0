package org.tessera.classic.region;

import org.tessera.classic.binary.Connectivity;
import org.tessera.classic.threshold.ThresholdMethod;

/**
 * Configuration of {@link DistanceWatershed}: global threshold, then split touching objects by a watershed of
 * the negated Euclidean distance transform from distance-map markers. Distances and areas are in pixels.
 * Call {@link #validate()} (the constructor of {@link DistanceWatershed} does).
 */
public final class DistanceWatershedConfig {
    /** Which side of the threshold is foreground. */
    public enum Polarity {
        /** Objects brighter than the threshold ({@code value > t}). */
        BRIGHT,
        /** Objects darker than the threshold ({@code value <= t}). */
        DARK,
        /** The side with fewer pixels (objects are assumed to cover less than half of the image). */
        AUTO
    }

    /** How markers are found on the distance map. */
    public enum MarkerMethod {
        /** {@link Markers#hMaxima}: maxima of dynamic >= {@link #h}. */
        H_MAXIMA,
        /** {@link Markers#peakLocalMax}: peaks at least {@link #minDistance} apart (per connected object). */
        PEAKS
    }

    /** Global threshold for the foreground. */
    public ThresholdMethod threshold = ThresholdMethod.OTSU;
    /** Foreground side. */
    public Polarity polarity = Polarity.AUTO;
    /** Fill holes of the foreground (4-connected background not touching the border). */
    public boolean fillHoles = true;
    /** Foreground components smaller than this (pixels) are dropped before splitting. */
    public int minObjectArea = 10;
    /** Marker detection. */
    public MarkerMethod markers = MarkerMethod.H_MAXIMA;
    /** h of h-maxima, in pixels of distance. */
    public double h = 1.0;
    /** Minimal marker spacing for PEAKS, in pixels (Chebyshev). */
    public int minDistance = 5;
    /** Object connectivity (foreground labeling and watershed flooding). */
    public Connectivity connectivity = Connectivity.EIGHT;
    /** Instances smaller than this (pixels) after the split are dropped. */
    public int minInstanceArea = 0;

    /**
     * Checks every field.
     *
     * @throws IllegalArgumentException naming the first invalid field
     */
    public DistanceWatershedConfig validate() {
        if (threshold == null) {
            throw new IllegalArgumentException("DistanceWatershedConfig.threshold must not be null");
        }
        if (polarity == null) {
            throw new IllegalArgumentException("DistanceWatershedConfig.polarity must not be null");
        }
        if (markers == null) {
            throw new IllegalArgumentException("DistanceWatershedConfig.markers must not be null");
        }
        if (connectivity == null) {
            throw new IllegalArgumentException("DistanceWatershedConfig.connectivity must not be null");
        }
        if (minObjectArea < 0) {
            throw new IllegalArgumentException("DistanceWatershedConfig.minObjectArea must be >= 0, got " + minObjectArea);
        }
        if (minInstanceArea < 0) {
            throw new IllegalArgumentException("DistanceWatershedConfig.minInstanceArea must be >= 0, got " + minInstanceArea);
        }
        if (!(h > 0) || !Double.isFinite(h)) {
            throw new IllegalArgumentException("DistanceWatershedConfig.h must be > 0, got " + h);
        }
        if (minDistance < 1) {
            throw new IllegalArgumentException("DistanceWatershedConfig.minDistance must be >= 1, got " + minDistance);
        }
        return this;
    }
}
