package org.tessera.train;

import org.tessera.data.Dataset;
import org.tessera.data.formats.CamVid;
import org.tessera.eval.semantic.SemanticResult;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Long-run benchmark driver (not a test): trains a U-Net on the full CamVid SegNet split (367 train / 101 val / 233
 * test, 11 classes, void = 11 ignored), selects the best epoch on val mIoU, and scores val and test with that
 * checkpoint (predictions at the training size, resized nearest to 480x360). Class weights: ENet's
 * {@code 1 / ln(1.02 + p_class)} (Paszke et al. 2016) from the training label frequencies.
 *
 * <pre>
 * args: CAMVID_DIR OUT_DIR WIDTH DEPTH W H EPOCHS BATCH LR [MAX_MINUTES]
 * </pre>
 * MAX_MINUTES stops training after the epoch in which the wall-clock budget ran out (then val/test are scored).
 */
public final class CamVidRun {
    public static void main(String[] a) throws Exception {
        Path root = Path.of(a[0]), out = Path.of(a[1]);
        int width = Integer.parseInt(a[2]), depth = Integer.parseInt(a[3]);
        int w = Integer.parseInt(a[4]), h = Integer.parseInt(a[5]);
        int epochs = Integer.parseInt(a[6]), batch = Integer.parseInt(a[7]);
        double lr = Double.parseDouble(a[8]);
        double maxMinutes = a.length > 9 ? Double.parseDouble(a[9]) : Double.POSITIVE_INFINITY;
        Dataset train = CamVid.read(root, "train"), val = CamVid.read(root, "val"), test = CamVid.read(root, "test");
        SegmentationData td = new SegmentationData(train, 11, -1);
        long[] counts = new long[11];
        long total = 0;
        for (int i = 0; i < td.size(); i++) {
            for (short v : td.read(i).labels().data()) if (v < 11) { counts[v]++; total++; }
        }
        float[] cw = new float[11];
        for (int k = 0; k < 11; k++) cw[k] = (float) (1.0 / Math.log(1.02 + (double) counts[k] / total));
        System.out.println("class weights " + java.util.Arrays.toString(cw));
        TrainConfig cfg = TrainConfig.builder(11, out).width(width).depth(depth).resize(w, h).crop(w, h)
                .randomCrop(false).flip(true).batchSize(batch).epochs(epochs).learningRate(lr)
                .schedule(LrSchedule.Kind.POLY).warmupSteps(50).classWeights(cw).patience(0).seed(1).build();
        Files.createDirectories(out);
        long t0 = System.nanoTime();
        try (SegmentationTrainer t = new SegmentationTrainer(cfg)) {
            System.out.println("parameters " + t.model().trainableScalars());
            t.onEpoch(e -> {
                double min = (System.nanoTime() - t0) / 6e10;
                System.out.printf(Locale.ROOT, "epoch %d loss %.4f val mIoU %.4f pixAcc %.4f lr %.2e %.1f s (%.1f min total)%s%n",
                        e.epoch(), e.trainLoss(), e.valMiou(), e.valPixelAccuracy(), e.lr(), e.seconds(), min, e.improved() ? " best" : "");
                if (min > maxMinutes) throw new BudgetSpent();
            });
            try {
                t.fit(train, val);
            } catch (BudgetSpent ignored) {
                System.out.println("time budget spent");
            }
            double trainMin = (System.nanoTime() - t0) / 6e10;
            Checkpoint.read(out.resolve(SegmentationTrainer.BEST), t.model(), cfg.optimizer(), null);
            for (var e : new Object[][] {{"val", val}, {"test", test}}) {
                SemanticResult r = t.evaluate(new SegmentationData((Dataset) e[1], 11, -1));
                System.out.printf(Locale.ROOT, "%s (best checkpoint): mIoU %.4f global acc %.4f class-avg acc %.4f IoU %s%n",
                        e[0], r.miou(), r.pixelAccuracy(), r.meanClassAccuracy(), r.perClass().stream().map(c -> c.name() + "=" + (c.iou() == null ? "-" : String.format(Locale.ROOT, "%.3f", c.iou()))).toList());
            }
            System.out.printf(Locale.ROOT, "training wall time %.1f min%n", trainMin);
        }
    }

    private static final class BudgetSpent extends java.io.IOException {
        BudgetSpent() {
            super("budget");
        }
    }
}
