package org.tessera.data;

/** The kinds of ground truth a {@link Dataset} carries. */
public enum GroundTruth {
    /** Per-object annotations ({@link Sample#annotations()}): polygons / RLE masks and boxes. */
    INSTANCES,
    /** A class id per pixel ({@link Sample#semantic()}). */
    SEMANTIC,
    /** A segment id per pixel plus segment records ({@link Sample#panoptic()}). */
    PANOPTIC
}
