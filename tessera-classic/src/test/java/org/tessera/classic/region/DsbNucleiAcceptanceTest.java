package org.tessera.classic.region;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.tessera.eval.instance.DsbScore;
import org.tessera.classic.TestData;
import org.tessera.classic.binary.BinaryOps;
import org.tessera.classic.binary.ConnectedComponents;
import org.tessera.classic.binary.Connectivity;
import org.tessera.classic.binary.Labeling;
import org.tessera.classic.threshold.GlobalThresholds;
import org.tessera.classic.threshold.GrayHistogram;

/**
 * DSB 2018 sample (16 images, 309 nuclei): Otsu + distance-transform watershed vs Otsu + connected components,
 * scored with the Kaggle DSB metric (mean over images). Goldens measured on this sample (see docs/classic.md).
 */
class DsbNucleiAcceptanceTest {

    /** PIL's RGB to 'L' conversion (ITU-R 601-2 luma, fixed point). */
    static byte[] luma(TestData.Raw img) {
        int n = img.width() * img.height(), b = img.bands();
        byte[] g = new byte[n];
        int[] s = img.samples();
        for (int i = 0; i < n; i++) {
            g[i] = b < 3 ? (byte) s[i * b]
                    : (byte) ((s[i * b] * 19595 + s[i * b + 1] * 38470 + s[i * b + 2] * 7471 + 0x8000) >> 16);
        }
        return g;
    }

    @Test
    void watershedSplitBeatsConnectedComponents() throws IOException {
        Path dir = TestData.shared().resolve("data/dsb2018_sample/labelmaps");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir.resolve("images"))) {
            files = s.filter(p -> p.toString().endsWith(".png")).sorted().toList();
        }
        assertEquals(16, files.size(), "dsb2018_sample/labelmaps/images should hold 16 PNGs");
        DistanceWatershed splitter = new DistanceWatershed(new DistanceWatershedConfig());
        double ccSum = 0, wsSum = 0;
        int wsCount = 0, ccCount = 0, gtCount = 0;
        for (Path f : files) {
            TestData.Raw img = TestData.read(f);
            int[] truth = TestData.read(TestData.file("data/dsb2018_sample/labelmaps/labels/" + f.getFileName()))
                    .channelInt(0);
            int w = img.width(), h = img.height();
            byte[] gray = luma(img);
            // baseline: Otsu, the minority side as foreground, 8-connected components
            byte[] m = BinaryOps.above(gray, GlobalThresholds.otsu(GrayHistogram.ofU8(gray)));
            long n = 0;
            for (byte x : m) {
                n += x;
            }
            if (n * 2 > m.length) {
                m = BinaryOps.invert(m);
            }
            Labeling cc = ConnectedComponents.label(m, w, h, Connectivity.EIGHT);
            Labeling ws = splitter.segment(gray, w, h);
            ccSum += DsbScore.score(truth, cc.labels());
            wsSum += DsbScore.score(truth, ws.labels());
            ccCount += cc.count();
            wsCount += ws.count();
            gtCount += Labeling.fromIds(w, h, truth).count();
        }
        double ccScore = ccSum / files.size(), wsScore = wsSum / files.size();
        System.out.printf("DSB sample: connected components %.6f (%d objects), distance watershed %.6f (%d objects),"
                + " truth %d objects%n", ccScore, ccCount, wsScore, wsCount, gtCount);
        assertEquals(309, gtCount);
        assertTrue(wsScore > ccScore + 0.03, "watershed " + wsScore + " should beat connected components " + ccScore);
        assertTrue(wsCount > ccCount, "the split should produce more instances");
        // regression goldens (measured, hand-checked: see docs/classic.md)
        assertEquals(0.2321, ccScore, 0.002);
        assertEquals(0.2840, wsScore, 0.002);
    }

    @Test
    void dsbMetricOnHandCheckedCase() {
        // truth: two 2x2 squares; prediction: the first exact, the second shifted by one column (IoU 2/6), plus a
        // false positive
        int[] truth = {
            1, 1, 0, 0, 0, 0,
            1, 1, 0, 2, 2, 0,
            0, 0, 0, 2, 2, 0,
        };
        int[] pred = {
            5, 5, 0, 0, 0, 9,
            5, 5, 0, 0, 7, 7,
            0, 0, 0, 0, 7, 7,
        };
        // every threshold: TP 1 (IoU 1), FN 1, FP 2 -> 1/4
        assertEquals(0.25, DsbScore.score(truth, pred), 1e-12);
        assertEquals(1.0, DsbScore.score(truth, truth), 1e-12);
    }
}
