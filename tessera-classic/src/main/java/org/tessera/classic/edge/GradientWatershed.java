package org.tessera.classic.edge;

import org.tessera.classic.abst.RegionSegmenter;
import org.tessera.classic.binary.Connectivity;
import org.tessera.classic.binary.Labeling;
import org.tessera.classic.filter.Smoothing;
import org.tessera.classic.region.Markers;
import org.tessera.core.image.Image;
import org.tessera.core.label.LabelMap;

/**
 * Marker-controlled watershed on the gradient: Gaussian smoothing (sigma) → Sobel magnitude → markers = the
 * h-minima of the magnitude (minima at least {@code h} deep) → watershed flood. Uses {@link EdgeRegionsConfig}'s
 * {@code sigma} and {@code h}. Output: region ids 0..n-1 (raster order); 8-bit input.
 */
public final class GradientWatershed implements RegionSegmenter {
    private final EdgeRegionsConfig config;

    public GradientWatershed(EdgeRegionsConfig config) {
        this.config = config.validate();
    }

    @Override
    public LabelMap segment(Image image) {
        org.tessera.classic.Checks.notEmpty("gradient watershed", image);
        if (image.is16Bit()) {
            throw new IllegalArgumentException("gradient watershed needs an 8-bit image, got a 16-bit one (convert"
                    + " with Image.to8Bit())");
        }
        Image g = image.toGray();
        int w = g.width(), h = g.height();
        byte[] gray = config.sigma > 0 ? Smoothing.gaussian(g.bytes(), w, h, config.sigma) : g.bytes();
        float[] grad = Gradient.sobelMagnitude(gray, w, h);
        float[] neg = new float[grad.length];
        for (int i = 0; i < neg.length; i++) {
            neg[i] = -grad[i];
        }
        int[] markers = Markers.hMaxima(neg, w, h, config.h, Connectivity.EIGHT);
        return EdgeRegions.flood(gray, w, h, Labeling.fromIds(w, h, markers));
    }
}
