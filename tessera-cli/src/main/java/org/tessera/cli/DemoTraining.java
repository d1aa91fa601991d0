package org.tessera.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.IntFunction;
import org.tessera.core.image.Image;
import org.tessera.core.image.ImageTransforms;
import org.tessera.core.image.Images;
import org.tessera.core.label.LabelMap;
import org.tessera.core.label.Palette;
import org.tessera.data.Dataset;
import org.tessera.data.Sample;
import org.tessera.train.Augmentation;
import org.tessera.train.LrSchedule;
import org.tessera.train.SegmentationTrainer;
import org.tessera.train.TrainConfig;
import org.tessera.viz.Canvas;
import org.tessera.viz.Overlay;

/**
 * The demo's training step: trains a small U-Net (width 16, depth 3, BN; tessera-train on the CPU) on 48 synthetic
 * 64x64 scenes for {@code epochs} epochs (batch 8, AdamW 3e-3, cosine schedule, flip and light augmentation),
 * validates on 12 other scenes, prints the validation mIoU, and writes {@code train_overlay.png}: a validation scene
 * with its ground truth (left) and the model's prediction (right), both as overlays enlarged 4x. The run itself (checkpoints,
 * {@code log.jsonl}, learning curves) is in {@code OUT/training/}. About a minute with the default 16 epochs on two
 * cores; {@code epochs = 0} skips the step.
 */
final class DemoTraining {
    private DemoTraining() {}

    static final int SIZE = 64, TRAIN = 48, VAL = 12;

    static void run(Path out, PrintStream o, int epochs, long seed, Palette palette, IntFunction<String> names) throws Exception {
        if (epochs <= 0) {
            o.println("training   skipped (--train-epochs 0)");
            return;
        }
        // one PyTorch thread unless set: the tiny model gains little from more, and OpenMP spin-waiting on a busy
        // machine made steps many times slower (docs/train.md); read when the engine starts (here, its first use)
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) System.setProperty("ai.djl.pytorch.num_threads", "1");
        long t0 = System.nanoTime();
        Path dir = out.resolve("training");
        Dataset train = TrainCommand.scenes(dir.resolve("synthetic/train"), TRAIN, SIZE, SIZE, seed * 1_000_003L);
        Dataset val = TrainCommand.scenes(dir.resolve("synthetic/val"), VAL, SIZE, SIZE, seed * 1_000_003L + 500_000);
        TrainConfig cfg = TrainConfig.builder(6, dir).ignoreIndex(255).width(16).depth(3).resize(SIZE, SIZE).crop(SIZE, SIZE)
                .randomCrop(true).flip(true).augmentation(Augmentation.ofStrength(0.25)).batchSize(8).epochs(epochs)
                .learningRate(3e-3).schedule(LrSchedule.Kind.COSINE).warmupSteps(Math.min(20, epochs * TRAIN / 8 / 10))
                .patience(0).seed(seed).build();
        try (SegmentationTrainer t = new SegmentationTrainer(cfg)) {
            double[] last = {Double.NaN, Double.NaN};
            t.onEpoch(e -> {
                last[0] = e.valMiou();
                last[1] = e.valPixelAccuracy();
                TrainCurves.write(dir, "tessera demo: U-Net on synthetic scenes");
            });
            SegmentationTrainer.Result r = t.fit(train, val);
            Sample s = val.get(0);
            Image img = s.image();
            if (img.channels() != 3) img = img.toRgb();
            LabelMap truth = s.semantic();
            LabelMap pred = t.predict(img);
            int k = 4;
            Image big = ImageTransforms.resizeNearest(img, SIZE * k, SIZE * k, ImageTransforms.Nearest.PIL);
            Overlay.Options opt = new Overlay.Options(0.5, true, false, false, false);
            Image left = Overlay.labelMap(big, ImageTransforms.resizeNearest(truth, SIZE * k, SIZE * k), palette, names, opt);
            Image right = Overlay.labelMap(big, ImageTransforms.resizeNearest(pred, SIZE * k, SIZE * k), palette, names, opt);
            Canvas c = new Canvas(2 * SIZE * k + 10, SIZE * k + 24, 0xFFFFFF);
            c.text("ground truth", 4, 4, 0x000000, 12);
            c.text("prediction (val mIoU " + String.format(Locale.ROOT, "%.3f", last[0]) + ")", SIZE * k + 14, 4, 0x000000, 12);
            c.draw(Canvas.of(left), 0, 24);
            c.draw(Canvas.of(right), SIZE * k + 10, 24);
            Images.writePng(c.toImage(), out.resolve("train_overlay.png"));
            long agree = 0;
            short[] a = truth.data(), b = pred.data();
            for (int i = 0; i < a.length; i++) if (a[i] == b[i]) agree++;
            o.printf(Locale.ROOT, "training   U-Net (%,d parameters) on %d synthetic %dx%d scenes, %d epochs in %.1f s: val mIoU %.3f (best %.3f, epoch %d), pixel accuracy %.3f; scene 0 of the validation set %.1f%% pixels right%n",
                    t.model().parameterNames().stream().filter(n -> t.model().parameter(n).requiresGradient()).mapToLong(n -> t.model().parameterShape(n).size()).sum(),
                    TRAIN, SIZE, SIZE, r.epochsDone(), (System.nanoTime() - t0) / 1e9, last[0], r.bestMiou(), r.bestEpoch(),
                    last[1], 100.0 * agree / a.length);
        }
    }
}
