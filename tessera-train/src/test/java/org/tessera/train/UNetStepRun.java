package org.tessera.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Benchmark driver (not a test): times one training step of the U-Net (forward, weighted cross-entropy with ignore
 * index, backward, AdamW update) on a fixed random batch, the Java twin of {@code benchmarks/python/unet_step_torch.py}
 * (same architecture, loss and optimizer). Prints the median and minimum step time in milliseconds.
 *
 * <pre>args: WIDTH DEPTH BATCH H W CLASSES WARMUP STEPS</pre>
 * PyTorch threads come from {@code -Dai.djl.pytorch.num_threads}.
 */
public final class UNetStepRun {
    public static void main(String[] a) throws Exception {
        int width = Integer.parseInt(a[0]), depth = Integer.parseInt(a[1]), batch = Integer.parseInt(a[2]);
        int h = Integer.parseInt(a[3]), w = Integer.parseInt(a[4]), classes = Integer.parseInt(a[5]);
        int warmup = Integer.parseInt(a[6]), steps = Integer.parseInt(a[7]);
        float[] weights = new float[classes];
        for (int k = 0; k < classes; k++) weights[k] = 0.5f + 1.5f * k / Math.max(1, classes - 1);
        Path out = Files.createTempDirectory("unet-step");
        TrainConfig cfg = TrainConfig.builder(classes, out).ignoreIndex(classes).width(width).depth(depth)
                .resize(w, h).crop(w, h).batchSize(batch).epochs(1).learningRate(1e-3).weightDecay(1e-4)
                .classWeights(weights).seed(0).build();
        SplittableRandom r = new SplittableRandom(1);
        float[] x = new float[batch * 3 * h * w];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextDouble();
        short[][] labels = new short[batch][h * w];
        for (short[] l : labels) for (int i = 0; i < l.length; i++) l[i] = (short) r.nextInt(classes + 1);
        double[] ms = new double[steps];
        try (SegmentationTrainer t = new SegmentationTrainer(cfg)) {
            for (int i = 0; i < warmup + steps; i++) {
                long t0 = System.nanoTime();
                t.step(x, labels, batch, 1e-3f, classes);
                if (i >= warmup) ms[i - warmup] = (System.nanoTime() - t0) / 1e6;
            }
            Arrays.sort(ms);
            System.out.printf(Locale.ROOT, "tessera/djl threads %s params %d batch %d %dx%d: median %.1f ms min %.1f ms over %d steps%n",
                    System.getProperty("ai.djl.pytorch.num_threads", "default"), t.model().trainableScalars(), batch, h, w,
                    ms[steps / 2], ms[0], steps);
        }
    }
}
