package org.tessera.classic.factory;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.tessera.classic.binary.Connectivity;
import org.tessera.classic.cluster.KMeansConfig;
import org.tessera.classic.cluster.SuperpixelConfig;
import org.tessera.classic.crf.DenseCrf;
import org.tessera.classic.crf.DenseCrfConfig;
import org.tessera.classic.edge.EdgeRegionsConfig;
import org.tessera.classic.region.DistanceWatershedConfig;
import org.tessera.classic.threshold.GlobalThresholdConfig;
import org.tessera.classic.threshold.LocalThresholdConfig;
import org.tessera.core.image.Image;

/** Empty images, 16-bit where 8-bit is needed, k above the pixel count: one clear line each. */
class BadInputTest {

    static List<Consumer<Image>> all() {
        return List.of(
                i -> FactoryClassic.globalThreshold(new GlobalThresholdConfig()).segment(i),
                i -> FactoryClassic.localThreshold(new LocalThresholdConfig()).segment(i),
                i -> FactoryClassic.superpixels(new SuperpixelConfig()).segment(i),
                i -> FactoryClassic.kMeans(new KMeansConfig()).segment(i),
                i -> FactoryClassic.edgeRegions(new EdgeRegionsConfig()).segment(i),
                i -> FactoryClassic.gradientWatershed(new EdgeRegionsConfig()).segment(i),
                i -> FactoryClassic.distanceWatershed(new DistanceWatershedConfig()).label(i),
                i -> FactoryClassic.connectedComponents(new GlobalThresholdConfig(), Connectivity.EIGHT, 0).label(i),
                i -> new DenseCrf(new DenseCrfConfig()).inference(i, new float[0], 2));
    }

    @Test
    void emptyImagesAreRejectedByEverySegmenter() {
        for (Image empty : new Image[] {Image.of8(0, 0, 1, new byte[0]), Image.of8(0, 7, 3, new byte[0])}) {
            int k = 0;
            for (Consumer<Image> s : all()) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.accept(empty),
                        "segmenter " + k);
                assertTrue(e.getMessage().contains("empty image"), "segmenter " + k + ": " + e.getMessage());
                k++;
            }
        }
    }

    @Test
    void sixteenBitWhereEightBitIsNeeded() {
        Image img16 = Image.of16(4, 4, 3, new short[48]);
        List<Consumer<Image>> eightOnly = List.of(
                i -> FactoryClassic.superpixels(new SuperpixelConfig()).segment(i),
                i -> FactoryClassic.edgeRegions(new EdgeRegionsConfig()).segment(i),
                i -> FactoryClassic.gradientWatershed(new EdgeRegionsConfig()).segment(i),
                i -> new DenseCrf(new DenseCrfConfig()).inference(i, new float[32], 2));
        for (Consumer<Image> s : eightOnly) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.accept(img16));
            assertTrue(e.getMessage().contains("8-bit") && e.getMessage().contains("16-bit"), e.getMessage());
        }
    }

    @Test
    void kAbovePixelCount() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FactoryClassic.kMeans(new KMeansConfig(5, 1)).segment(Image.of8(2, 2, 1, new byte[4])));
        assertTrue(e.getMessage().contains("k = 5 exceeds the pixel count 4"), e.getMessage());
    }
}
