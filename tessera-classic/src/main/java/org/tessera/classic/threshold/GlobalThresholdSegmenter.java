package org.tessera.classic.threshold;

import org.tessera.classic.abst.RegionSegmenter;
import org.tessera.core.image.Image;
import org.tessera.core.label.LabelMap;

/**
 * Global threshold as a {@link RegionSegmenter}. Two classes: label 1 where {@code value > t} (or {@code <= t} for
 * dark foreground), else 0. More classes: multi-Otsu thresholds t1 < t2 < ..., label = the number of thresholds
 * {@code <= value} ({@code np.digitize(image, thresholds)}, the scikit-image example). Multi-channel images are
 * converted with {@link Image#toGray()}; the label map's ignore index is 255 (never produced).
 */
public final class GlobalThresholdSegmenter implements RegionSegmenter {
    private final GlobalThresholdConfig config;

    public GlobalThresholdSegmenter(GlobalThresholdConfig config) {
        this.config = config.validate();
    }

    /** The thresholds this configuration picks for an image (one value, or classes - 1 values). */
    public double[] thresholds(Image image) {
        org.tessera.classic.Checks.notEmpty("global threshold", image);
        GrayHistogram h = GrayHistogram.of(image);
        return config.classes == 2 ? new double[] {config.method.compute(h)}
                : GlobalThresholds.multiOtsu(h, config.classes);
    }

    @Override
    public LabelMap segment(Image image) {
        org.tessera.classic.Checks.notEmpty("global threshold", image);
        Image g = image.toGray();
        double[] t = thresholds(g);
        int n = g.pixelCount();
        short[] out = new short[n];
        if (config.classes == 2) {
            short fg = 1, bg = 0;
            if (config.darkForeground) {
                fg = 0;
                bg = 1;
            }
            for (int i = 0; i < n; i++) {
                out[i] = g.sample(i) > t[0] ? fg : bg;
            }
        } else {
            for (int i = 0; i < n; i++) {
                int v = g.sample(i), k = 0;
                while (k < t.length && t[k] <= v) {
                    k++;
                }
                out[i] = (short) k;
            }
        }
        return new LabelMap(g.width(), g.height(), out, LabelMap.DEFAULT_IGNORE, null);
    }
}
