package org.tessera.train;

import org.tessera.data.Dataset;
import org.tessera.data.ListDataset;
import org.tessera.data.formats.CamVid;

import java.nio.file.Files;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Benchmark driver (not a test): does data loading starve the training step? On the first N CamVid training images
 * it times (a) decoding + augmentation alone (what the loader thread does per batch), (b) one epoch of
 * {@link SegmentationTrainer#fit} without validation (steps with the loader running one batch ahead) and reports
 * the time the steps waited for data ({@link SegmentationTrainer#dataWaitSeconds()}).
 *
 * <pre>args: CAMVID_DIR N WIDTH DEPTH W H BATCH AUG_STRENGTH</pre>
 */
public final class LoaderRun {
    public static void main(String[] a) throws Exception {
        Dataset all = CamVid.read(java.nio.file.Path.of(a[0]), "train");
        int n = Integer.parseInt(a[1]);
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        Dataset train = ListDataset.subset(all, idx);
        int width = Integer.parseInt(a[2]), depth = Integer.parseInt(a[3]), w = Integer.parseInt(a[4]), h = Integer.parseInt(a[5]);
        int batch = Integer.parseInt(a[6]);
        double aug = Double.parseDouble(a[7]);
        TrainConfig cfg = TrainConfig.builder(11, Files.createTempDirectory("loader-run")).width(width).depth(depth)
                .resize(w, h).crop(w, h).randomCrop(aug > 0).flip(true).augmentation(Augmentation.ofStrength(aug))
                .batchSize(batch).epochs(1).learningRate(1e-3).seed(1).build();
        SegmentationData data = new SegmentationData(train, 11, -1);
        Augmenter augmenter = Augmenter.of(cfg);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            SegmentationData.augment(data.read(i), augmenter, data.ignoreIndex(), new SplittableRandom(i));
        }
        double load = (System.nanoTime() - t0) / 1e9;
        try (SegmentationTrainer t = new SegmentationTrainer(cfg)) {
            long e0 = System.nanoTime();
            t.fit(train, null);
            double epoch = (System.nanoTime() - e0) / 1e9;
            int steps = (n + batch - 1) / batch;
            System.out.printf(Locale.ROOT, "%d images, %dx%d, batch %d, aug %.2f: decode+augment alone %.2f s (%.0f ms per batch); "
                            + "epoch %.2f s (%.0f ms per step incl. loading); steps waited for data %.2f s (%.1f%% of the epoch)%n",
                    n, w, h, batch, aug, load, 1000 * load / steps, epoch, 1000 * epoch / steps, t.dataWaitSeconds(),
                    100 * t.dataWaitSeconds() / epoch);
        }
    }
}
