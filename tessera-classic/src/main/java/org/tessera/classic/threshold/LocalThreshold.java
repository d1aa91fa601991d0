package org.tessera.classic.threshold;

import boofcv.alg.filter.binary.GThresholdImageOps;
import boofcv.struct.ConfigLength;
import boofcv.struct.image.GrayF32;
import boofcv.struct.image.GrayU8;
import org.tessera.classic.Checks;
import org.tessera.classic.abst.RegionSegmenter;
import org.tessera.core.image.Image;
import org.tessera.core.label.LabelMap;

/**
 * Local (adaptive) thresholds via BoofCV's {@link GThresholdImageOps}: Niblack, Sauvola, mean and Gaussian.
 * Output: a row-major 0/1 mask, 1 = foreground. Border pixels use BoofCV's shrunken windows.
 */
public final class LocalThreshold implements RegionSegmenter {
    private final LocalThresholdConfig config;

    /** A thresholder for this configuration (validated now). */
    public LocalThreshold(LocalThresholdConfig config) {
        this.config = config.validate();
    }

    /** Binarizes an unsigned 8-bit gray image. */
    public byte[] apply(byte[] gray, int width, int height) {
        Checks.image("gray image", width, height, 1, gray.length);
        GrayF32 f = new GrayF32(width, height);
        for (int i = 0; i < gray.length; i++) {
            f.data[i] = gray[i] & 0xFF;
        }
        return run(f);
    }

    /** Binarizes an unsigned 16-bit gray image (scaled to 0..255 floats first). */
    public byte[] apply(short[] gray, int width, int height) {
        Checks.image("gray image", width, height, 1, gray.length);
        GrayF32 f = new GrayF32(width, height);
        for (int i = 0; i < gray.length; i++) {
            f.data[i] = (gray[i] & 0xFFFF) / 257f;
        }
        return run(f);
    }

    private byte[] run(GrayF32 f) {
        GrayU8 out = new GrayU8(f.width, f.height);
        ConfigLength w = ConfigLength.fixed(config.windowSize);
        boolean down = config.darkForeground;
        switch (config.method) {
            case NIBLACK -> GThresholdImageOps.localNiblack(f, out, w, (float) -config.k, down);
            case SAUVOLA -> GThresholdImageOps.localSauvola(f, out, w, (float) config.k, down);
            // BoofCV thresholds "up" as I * s > T and "down" as I <= T * s: pass s so that T' = T * scale either way
            case MEAN -> GThresholdImageOps.localMean(f, out, w, down ? config.scale : 1 / config.scale, down,
                    null, null, null);
            case GAUSSIAN -> GThresholdImageOps.localGaussian(f, out, w, down ? config.scale : 1 / config.scale, down,
                    null, null);
        }
        return out.data;
    }

    /** Labels 1 = foreground, 0 = background (multi-channel images through {@link Image#toGray()}). */
    @Override
    public LabelMap segment(Image image) {
        Checks.notEmpty("local threshold", image);
        Image g = image.toGray();
        byte[] m = g.is16Bit() ? apply(g.shorts(), g.width(), g.height()) : apply(g.bytes(), g.width(), g.height());
        short[] out = new short[m.length];
        for (int i = 0; i < m.length; i++) {
            out[i] = m[i];
        }
        return new LabelMap(g.width(), g.height(), out, LabelMap.DEFAULT_IGNORE, null);
    }

    /** The configuration. */
    public LocalThresholdConfig config() {
        return config;
    }

}
