package org.tessera.classic.region;

import org.tessera.classic.Checks;
import org.tessera.classic.abst.InstanceSegmenter;
import org.tessera.core.image.Image;
import org.tessera.classic.binary.BinaryOps;
import org.tessera.classic.binary.ConnectedComponents;
import org.tessera.classic.binary.Connectivity;
import org.tessera.classic.binary.DistanceTransform;
import org.tessera.classic.binary.Labeling;
import org.tessera.classic.threshold.GrayHistogram;

/**
 * Splits touching objects: global threshold → (hole filling, small-object removal) → Euclidean distance
 * transform → markers on the distance map (h-maxima or spaced peaks) → watershed of the negated distance,
 * restricted to the foreground. The classic nuclei pipeline (e.g. scikit-image's "watershed segmentation"
 * example). Output: instance labels, ids consecutive in raster order of each instance's first pixel.
 */
public final class DistanceWatershed implements InstanceSegmenter {
    private final DistanceWatershedConfig config;

    /** A splitter for this configuration (validated now). */
    public DistanceWatershed(DistanceWatershedConfig config) {
        this.config = config.validate();
    }

    /** Instances of an image (multi-channel images through {@link Image#toGray()}; 8- or 16-bit). */
    @Override
    public Labeling label(Image image) {
        Checks.notEmpty("distance watershed", image);
        Image g = image.toGray();
        return g.is16Bit() ? segment(g.shorts(), g.width(), g.height()) : segment(g.bytes(), g.width(), g.height());
    }

    /** Instances of an unsigned 8-bit gray image. */
    public Labeling segment(byte[] gray, int width, int height) {
        Checks.image("gray image", width, height, 1, gray.length);
        double t = config.threshold.compute(GrayHistogram.ofU8(gray));
        return splitMask(foreground(BinaryOps.above(gray, t)), width, height);
    }

    /** Instances of an unsigned 16-bit gray image. */
    public Labeling segment(short[] gray, int width, int height) {
        Checks.image("gray image", width, height, 1, gray.length);
        double t = config.threshold.compute(GrayHistogram.ofU16(gray));
        return splitMask(foreground(BinaryOps.above(gray, t)), width, height);
    }

    private byte[] foreground(byte[] above) {
        boolean invert = switch (config.polarity) {
            case BRIGHT -> false;
            case DARK -> true;
            case AUTO -> {
                long n = 0;
                for (byte b : above) {
                    n += b;
                }
                yield n * 2 > above.length;
            }
        };
        return invert ? BinaryOps.invert(above) : above;
    }

    /**
     * Splits the foreground of a binary mask (e.g. a thresholded probability map) into instances; the threshold
     * and polarity settings are not used.
     */
    public Labeling splitMask(byte[] mask, int width, int height) {
        Checks.image("mask", width, height, 1, mask.length);
        Connectivity c = config.connectivity;
        byte[] m = mask;
        if (config.fillHoles) {
            m = BinaryOps.fillHoles(m, width, height, Connectivity.FOUR, Integer.MAX_VALUE);
        }
        Labeling objects = ConnectedComponents.label(m, width, height, c);
        if (config.minObjectArea > 0) {
            objects = objects.filterByArea(config.minObjectArea, Integer.MAX_VALUE);
            m = objects.foreground();
        }
        float[] dist = DistanceTransform.edt(m, width, height);
        int[] markers = switch (config.markers) {
            case H_MAXIMA -> {
                int[] hm = Markers.hMaxima(dist, width, height, config.h, c);
                for (int i = 0; i < hm.length; i++) {
                    if (m[i] == 0) {
                        hm[i] = 0;
                    }
                }
                yield hm;
            }
            case PEAKS -> Markers.peakLocalMax(dist, width, height, config.minDistance, 0.0, objects.labels());
        };
        float[] surface = new float[dist.length];
        for (int i = 0; i < dist.length; i++) {
            surface[i] = -dist[i];
        }
        Labeling inst = Watershed.instances(surface, markers, m, width, height, c);
        if (config.minInstanceArea > 0) {
            inst = inst.filterByArea(config.minInstanceArea, Integer.MAX_VALUE);
        }
        return inst;
    }

    /** The configuration. */
    public DistanceWatershedConfig config() {
        return config;
    }
}
