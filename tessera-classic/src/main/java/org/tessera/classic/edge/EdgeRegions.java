package org.tessera.classic.edge;

import boofcv.alg.feature.detect.edge.CannyEdge;
import boofcv.factory.feature.detect.edge.FactoryEdgeDetectors;
import boofcv.struct.image.GrayS16;
import boofcv.struct.image.GrayU8;
import org.tessera.classic.abst.RegionSegmenter;
import org.tessera.classic.binary.BinaryOps;
import org.tessera.classic.binary.ConnectedComponents;
import org.tessera.classic.binary.Connectivity;
import org.tessera.classic.binary.Labeling;
import org.tessera.classic.region.Watershed;
import org.tessera.core.image.Image;
import org.tessera.core.label.LabelMap;

/**
 * Edge-based regions: BoofCV Canny edges → edges dilated by {@code closingRadius} → the 4-connected non-edge
 * areas of at least {@code minRegionArea} pixels become seeds → every remaining pixel (edges, small areas) joins
 * a seed by a watershed on the Sobel magnitude. Output: region ids 0..n-1 (raster order) in a LabelMap with
 * ignore index 65535. Input: 8-bit (multi-channel through {@link Image#toGray()}).
 */
public final class EdgeRegions implements RegionSegmenter {
    private final EdgeRegionsConfig config;

    public EdgeRegions(EdgeRegionsConfig config) {
        this.config = config.validate();
    }

    /** The Canny edge map (1 = edge) of an 8-bit gray image. */
    public byte[] edges(byte[] gray, int width, int height) {
        GrayU8 in = BinaryOps.wrap(gray.clone(), width, height);
        GrayU8 out = new GrayU8(width, height);
        CannyEdge<GrayU8, GrayS16> canny = FactoryEdgeDetectors.canny(config.blurRadius, false, true, GrayU8.class,
                GrayS16.class);
        canny.process(in, (float) config.low, (float) config.high, out);
        return out.data;
    }

    @Override
    public LabelMap segment(Image image) {
        org.tessera.classic.Checks.notEmpty("edge regions", image);
        if (image.is16Bit()) {
            throw new IllegalArgumentException("edge regions need an 8-bit image, got a 16-bit one (convert with"
                    + " Image.to8Bit())");
        }
        Image g = image.toGray();
        int w = g.width(), h = g.height();
        byte[] gray = g.bytes();
        byte[] e = edges(gray, w, h);
        if (config.closingRadius > 0) {
            e = BinaryOps.dilate(e, w, h, BinaryOps.Element.SQUARE, config.closingRadius);
        }
        Labeling areas = ConnectedComponents.label(BinaryOps.invert(e), w, h, Connectivity.FOUR)
                .filterByArea(config.minRegionArea, Integer.MAX_VALUE);
        return flood(gray, w, h, areas);
    }

    static LabelMap flood(byte[] gray, int w, int h, Labeling seeds) {
        float[] grad = Gradient.sobelMagnitude(gray, w, h);
        int[] lab;
        if (seeds.count() == 0) {
            lab = new int[w * h];
            java.util.Arrays.fill(lab, 1);
        } else {
            lab = Watershed.flood(grad, seeds.labels(), null, w, h, Connectivity.FOUR);
        }
        Labeling r = Labeling.fromIds(w, h, lab);
        if (r.count() > 65535) {
            throw new IllegalStateException(r.count() + " regions do not fit a 16-bit LabelMap");
        }
        short[] out = new short[w * h];
        int[] rl = r.labels();
        for (int i = 0; i < out.length; i++) {
            out[i] = (short) (rl[i] - 1);
        }
        return new LabelMap(w, h, out, 65535, null);
    }
}
