package org.tessera.classic.cluster;

import boofcv.abst.segmentation.ImageSuperpixels;
import boofcv.factory.segmentation.ConfigFh04;
import boofcv.factory.segmentation.ConfigSegmentMeanShift;
import boofcv.factory.segmentation.FactoryImageSegmentation;
import boofcv.struct.ConnectRule;
import boofcv.struct.image.GrayS32;
import boofcv.struct.image.GrayU8;
import boofcv.struct.image.ImageType;
import boofcv.struct.image.Planar;
import org.tessera.classic.abst.RegionSegmenter;
import org.tessera.core.image.Image;
import org.tessera.core.label.LabelMap;

/**
 * SLIC (our own primitive-array kernel in CIELAB, Achanta et al. TPAMI 2012; see {@code Slic}),
 * Felzenszwalb-Huttenlocher and mean-shift (BoofCV's {@link FactoryImageSegmentation}) over-segmentation. Input: an 8-bit image, gray or color (alpha is ignored). Output: region ids
 * 0..n-1 in a {@link LabelMap} whose ignore index is 65535 (never produced). Deterministic (no randomness).
 */
public final class Superpixels implements RegionSegmenter {
    private final SuperpixelConfig config;

    public Superpixels(SuperpixelConfig config) {
        this.config = config.validate();
    }

    @Override
    public LabelMap segment(Image image) {
        org.tessera.classic.Checks.notEmpty(config.method + " superpixels", image);
        if (image.is16Bit()) {
            throw new IllegalArgumentException(config.method + " superpixels need an 8-bit image, got a 16-bit one"
                    + " (convert with Image.to8Bit())");
        }
        int w = image.width(), h = image.height();
        GrayS32 out = new GrayS32(w, h);
        int n;
        if (config.method == SuperpixelConfig.Method.SLIC) {
            n = Slic.segment(image.bytes(), w, h, image.channels(), config.regions, config.spatialWeight / 20,
                    config.iterations, config.eightConnected, out.data);
        } else if (image.channels() >= 3) {
            Planar<GrayU8> pl = new Planar<>(GrayU8.class, w, h, 3);
            byte[] s = image.bytes();
            int ch = image.channels();
            for (int c = 0; c < 3; c++) {
                byte[] d = pl.getBand(c).data;
                for (int i = 0, j = c; i < w * h; i++, j += ch) {
                    d[i] = s[j];
                }
            }
            ImageSuperpixels<Planar<GrayU8>> alg = create(ImageType.pl(3, GrayU8.class));
            alg.segment(pl, out);
            n = alg.getTotalSuperpixels();
        } else {
            Image g = image.toGray();
            GrayU8 gray = new GrayU8(w, h);
            System.arraycopy(g.bytes(), 0, gray.data, 0, w * h);
            ImageSuperpixels<GrayU8> alg = create(ImageType.single(GrayU8.class));
            alg.segment(gray, out);
            n = alg.getTotalSuperpixels();
        }
        if (n > 65535) {
            throw new IllegalStateException(n + " regions do not fit a 16-bit LabelMap");
        }
        short[] labels = new short[w * h];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (short) out.data[i];
        }
        return new LabelMap(w, h, labels, 65535, null);
    }

    private <T extends boofcv.struct.image.ImageBase<T>> ImageSuperpixels<T> create(ImageType<T> type) {
        ConnectRule rule = config.eightConnected ? ConnectRule.EIGHT : ConnectRule.FOUR;
        return switch (config.method) {
            case SLIC -> throw new AssertionError("SLIC is Slic's own kernel");
            case FELZENSZWALB -> {
                ConfigFh04 c = new ConfigFh04((float) config.k, config.minimumSize);
                c.connectRule = rule;
                yield FactoryImageSegmentation.fh04(c, type);
            }
            case MEAN_SHIFT -> {
                ConfigSegmentMeanShift c = new ConfigSegmentMeanShift(config.spatialRadius, (float) config.colorRadius,
                        config.minimumSize, true);
                c.connectRule = rule;
                yield FactoryImageSegmentation.meanShift(c, type);
            }
        };
    }

    /** The configuration. */
    public SuperpixelConfig config() {
        return config;
    }
}
