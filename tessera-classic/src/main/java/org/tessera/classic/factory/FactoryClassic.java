package org.tessera.classic.factory;

import org.tessera.classic.abst.InstanceSegmenter;
import org.tessera.classic.abst.RegionSegmenter;
import org.tessera.classic.binary.ConnectedComponents;
import org.tessera.classic.binary.Connectivity;
import org.tessera.classic.binary.Labeling;
import org.tessera.classic.cluster.KMeansColor;
import org.tessera.classic.cluster.KMeansConfig;
import org.tessera.classic.cluster.SuperpixelConfig;
import org.tessera.classic.cluster.Superpixels;
import org.tessera.classic.edge.EdgeRegions;
import org.tessera.classic.edge.EdgeRegionsConfig;
import org.tessera.classic.edge.GradientWatershed;
import org.tessera.classic.region.DistanceWatershed;
import org.tessera.classic.region.DistanceWatershedConfig;
import org.tessera.classic.threshold.GlobalThresholdConfig;
import org.tessera.classic.threshold.GlobalThresholdSegmenter;
import org.tessera.classic.threshold.LocalThreshold;
import org.tessera.classic.threshold.LocalThresholdConfig;
import org.tessera.core.image.Image;

/**
 * Creates the classical segmenters from validated configurations (BoofCV's factory style). Every method
 * validates its configuration and throws {@link IllegalArgumentException} naming the bad field.
 */
public final class FactoryClassic {
    private FactoryClassic() {
    }

    /** Global threshold (skimage-exact methods), labels 0/1 or multi-Otsu classes. */
    public static RegionSegmenter globalThreshold(GlobalThresholdConfig config) {
        return new GlobalThresholdSegmenter(config);
    }

    /** Local threshold (Niblack, Sauvola, mean, Gaussian via BoofCV), labels 0/1. */
    public static RegionSegmenter localThreshold(LocalThresholdConfig config) {
        return new LocalThreshold(config);
    }

    /** SLIC (own CIELAB kernel), Felzenszwalb-Huttenlocher or mean shift (BoofCV), region ids 0..n-1; 8-bit input. */
    public static RegionSegmenter superpixels(SuperpixelConfig config) {
        return new Superpixels(config);
    }

    /** Seeded k-means on colors, labels 0..k-1. */
    public static RegionSegmenter kMeans(KMeansConfig config) {
        return new KMeansColor(config);
    }

    /** Canny edges closed into regions (BoofCV Canny, watershed on the Sobel magnitude), region ids 0..n-1. */
    public static RegionSegmenter edgeRegions(EdgeRegionsConfig config) {
        return new EdgeRegions(config);
    }

    /** Watershed of the Sobel magnitude from its h-minima, region ids 0..n-1. */
    public static RegionSegmenter gradientWatershed(EdgeRegionsConfig config) {
        return new GradientWatershed(config);
    }

    /** Global threshold then distance-transform watershed split into instances. */
    public static InstanceSegmenter distanceWatershed(DistanceWatershedConfig config) {
        return new DistanceWatershed(config);
    }

    /**
     * Global threshold (two classes) then connected components, dropping components under {@code minArea} pixels.
     */
    public static InstanceSegmenter connectedComponents(GlobalThresholdConfig config, Connectivity connectivity,
                                                        int minArea) {
        GlobalThresholdSegmenter t = new GlobalThresholdSegmenter(config);
        if (config.classes != 2) {
            throw new IllegalArgumentException("GlobalThresholdConfig.classes must be 2 for connected components, got "
                    + config.classes);
        }
        if (connectivity == null) {
            throw new IllegalArgumentException("connectivity must not be null");
        }
        if (minArea < 0) {
            throw new IllegalArgumentException("minArea must be >= 0, got " + minArea);
        }
        return new InstanceSegmenter() {
            @Override
            public Labeling label(Image image) {
                org.tessera.classic.Checks.notEmpty("connected components", image);
                Image g = image.toGray();
                short[] lm = t.segment(g).data();
                byte[] m = new byte[lm.length];
                for (int i = 0; i < m.length; i++) {
                    m[i] = (byte) lm[i];
                }
                Labeling l = ConnectedComponents.label(m, g.width(), g.height(), connectivity);
                return minArea > 0 ? l.filterByArea(minArea, Integer.MAX_VALUE) : l;
            }
        };
    }
}
