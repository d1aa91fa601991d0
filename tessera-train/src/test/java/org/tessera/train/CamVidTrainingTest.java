package org.tessera.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.data.Dataset;
import org.tessera.data.formats.CamVid;
import org.tessera.eval.semantic.SemanticResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** End to end on real CamVid pairs (SegNet layout, 11 classes, 11 = void) from the shared sample. */
class CamVidTrainingTest {
    @TempDir
    Path tmp;

    static Path camvid() {
        String shared = System.getProperty("tessera.shared");
        assertNotNull(shared, "system property tessera.shared is not set (run through Maven or pass -Dtessera.shared=/work/shared)");
        Path root = Path.of(shared, "data", "camvid_sample");
        assertTrue(Files.isRegularFile(root.resolve("train.txt")), "CamVid sample missing: " + root + " (see /work/shared/README.md)");
        return root;
    }

    @Test
    void trainsOnCamVidSampleWithVoidIgnored() throws IOException {
        Path root = camvid();
        Dataset train = CamVid.read(root, "train"), val = CamVid.read(root, "val");
        assertEquals(11, train.ignoreIndex());
        TrainConfig cfg = TrainConfig.builder(11, tmp).width(8).depth(2).resize(128, 96).crop(96, 64)
                .randomCrop(true).flip(true).batchSize(1).epochs(8).learningRate(1e-2).warmupSteps(1)
                .loss(TrainConfig.Loss.CROSS_ENTROPY_PLUS_DICE).patience(0).seed(3).build();
        try (SegmentationTrainer t = new SegmentationTrainer(cfg)) {
            SegmentationTrainer.Result r = t.fit(train, val);
            assertEquals(8, r.epochsDone());
            double first = r.epochs().get(0).trainLoss(), last = r.epochs().get(7).trainLoss();
            assertTrue(last < first, "loss on the single training image should fall: " + first + " -> " + last);
            // validation scores the original 480x360 label maps with void (11) left out
            SegmentationData vd = new SegmentationData(val, 11, -1);
            long voidPx = 0, all = 0;
            for (int i = 0; i < vd.size(); i++) {
                for (short v : vd.read(i).labels().data()) {
                    all++;
                    if (v == 11) voidPx++;
                }
            }
            assertEquals(2L * 480 * 360, all);
            SemanticResult s = t.evaluate(vd);
            assertEquals(voidPx, s.ignoredPixels());
            assertEquals(all - voidPx, s.totalPixels());
            assertEquals(0, s.outOfRangeGtPixels());
            assertTrue(s.miou() >= 0 && s.miou() <= 1);
            // median frequency weights of the val maps equal the definition computed here by hand
            float[] w = ClassWeights.medianFrequency(vd);
            long[] cls = new long[11], img = new long[11];
            for (int i = 0; i < vd.size(); i++) {
                long[] h = new long[11];
                short[] d = vd.read(i).labels().data();
                for (short v : d) if (v < 11) h[v]++;
                for (int k = 0; k < 11; k++) if (h[k] > 0) { cls[k] += h[k]; img[k] += d.length; }
            }
            java.util.List<Double> f = new java.util.ArrayList<>();
            for (int k = 0; k < 11; k++) if (cls[k] > 0) f.add((double) cls[k] / img[k]);
            java.util.Collections.sort(f);
            double med = f.size() % 2 == 1 ? f.get(f.size() / 2) : (f.get(f.size() / 2 - 1) + f.get(f.size() / 2)) / 2;
            for (int k = 0; k < 11; k++) assertEquals(cls[k] > 0 ? med / ((double) cls[k] / img[k]) : 0, w[k], 1e-5 * Math.max(1, w[k]));
        }
    }
}
