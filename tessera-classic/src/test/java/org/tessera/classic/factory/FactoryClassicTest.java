package org.tessera.classic.factory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.tessera.classic.TestData;
import org.tessera.classic.binary.Connectivity;
import org.tessera.classic.binary.Labeling;
import org.tessera.classic.region.DistanceWatershedConfig;
import org.tessera.classic.threshold.GlobalThresholdConfig;
import org.tessera.classic.threshold.GlobalThresholdSegmenter;
import org.tessera.classic.threshold.LocalThresholdConfig;
import org.tessera.classic.threshold.ThresholdMethod;
import org.tessera.core.image.Image;
import org.tessera.core.image.Images;
import org.tessera.core.instances.Instances;
import org.tessera.core.label.LabelMap;

class FactoryClassicTest {

    @Test
    void globalThresholdOnCoreImage() throws IOException {
        Image cam = Images.read(TestData.file("data/images/camera.png"));
        GlobalThresholdSegmenter s = new GlobalThresholdSegmenter(new GlobalThresholdConfig(ThresholdMethod.OTSU));
        assertArrayEquals(new double[] {102.0}, s.thresholds(cam));
        LabelMap m = FactoryClassic.globalThreshold(new GlobalThresholdConfig()).segment(cam);
        for (int i = 0; i < 1000; i += 37) {
            assertEquals(cam.sample(i) > 102 ? 1 : 0, m.data()[i]);
        }
        GlobalThresholdConfig three = new GlobalThresholdConfig();
        three.classes = 3;
        LabelMap m3 = FactoryClassic.globalThreshold(three).segment(cam);
        for (int i = 0; i < 5000; i += 7) {
            int v = cam.sample(i);
            assertEquals(v < 87 ? 0 : v < 176 ? 1 : 2, m3.data()[i]); // np.digitize(image, [87, 176])
        }
        GlobalThresholdConfig bad = new GlobalThresholdConfig();
        bad.classes = 1;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FactoryClassic.globalThreshold(bad));
        assertTrue(e.getMessage().contains("GlobalThresholdConfig.classes"), e.getMessage());
    }

    @Test
    void sixteenBitImageGivesTheSameThresholdsScaled() {
        // 8-bit and 16-bit images with the same values give the same skimage thresholds
        byte[] b = new byte[64];
        short[] s = new short[64];
        for (int i = 0; i < 64; i++) {
            int v = (i * 37) % 200 + (i < 20 ? 50 : 0);
            b[i] = (byte) v;
            s[i] = (short) v;
        }
        GlobalThresholdSegmenter g = new GlobalThresholdSegmenter(new GlobalThresholdConfig(ThresholdMethod.YEN));
        assertArrayEquals(g.thresholds(Image.of8(8, 8, 1, b)), g.thresholds(Image.of16(8, 8, 1, s)));
    }

    @Test
    void instanceSegmentersGiveCoreInstances() throws IOException {
        Image img = Images.read(TestData.file(
                "data/dsb2018_sample/labelmaps/images/13c8ff1f49886e91c98ce795c93648ad8634c782ff57eb928ce29496b0425057.png"));
        Labeling ws = FactoryClassic.distanceWatershed(new DistanceWatershedConfig()).label(img);
        Labeling cc = FactoryClassic.connectedComponents(new GlobalThresholdConfig(), Connectivity.EIGHT, 10).label(img);
        assertTrue(ws.count() >= cc.count(), ws.count() + " vs " + cc.count());
        Instances inst = FactoryClassic.distanceWatershed(new DistanceWatershedConfig()).segment(img, 1);
        assertEquals(ws.count(), inst.size());
        long total = 0;
        for (int i = 0; i < inst.size(); i++) {
            assertEquals(ws.areas()[i + 1], inst.mask(i).area());
            assertEquals(i + 1, inst.id(i));
            total += inst.mask(i).area();
        }
        assertTrue(total > 1000);
        LabelMap local = FactoryClassic.localThreshold(new LocalThresholdConfig()).segment(img);
        assertEquals(img.width(), local.width());
    }
}
