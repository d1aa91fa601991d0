package org.tessera.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Benchmark driver (not a test): times one training step of the U-Net (forward, weighted cross-entropy with ignore
 * index, backward, AdamW update) on a fixed random batch, the Java twin of {@code benchmarks/python/unet_step_torch.py}
 * (same architecture, loss and optimizer). Prints the median and minimum step wall time and process CPU time in milliseconds.
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
        double[] ms = new double[steps], cpu = new double[steps];
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        try (SegmentationTrainer t = new SegmentationTrainer(cfg)) {
            for (int i = 0; i < warmup + steps; i++) {
                long t0 = System.nanoTime(), c0 = os.getProcessCpuTime();
                t.step(x, labels, batch, 1e-3f, classes);
                if (i >= warmup) {
                    ms[i - warmup] = (System.nanoTime() - t0) / 1e6;
                    cpu[i - warmup] = (os.getProcessCpuTime() - c0) / 1e6;
                }
            }
            // the same forward + loss + backward without the optimizer update (its share of the step)
            double[] fb = new double[steps], fbCpu = new double[steps];
            for (int i = 0; i < warmup + steps; i++) {
                long t0 = System.nanoTime(), c0 = os.getProcessCpuTime();
                try (ai.djl.ndarray.NDManager sm = ai.djl.ndarray.NDManager.newBaseManager()) {
                    ai.djl.ndarray.NDArray in = sm.create(x, new ai.djl.ndarray.types.Shape(batch, 3, h, w));
                    Targets tg = Targets.encode(sm, labels, h, w, classes, classes, weights);
                    try (ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                        gc.zeroGradients();
                        gc.backward(Losses.crossEntropy(t.model().forward(in, true), tg));
                    }
                }
                if (i >= warmup) {
                    fb[i - warmup] = (System.nanoTime() - t0) / 1e6;
                    fbCpu[i - warmup] = (os.getProcessCpuTime() - c0) / 1e6;
                }
            }
            Arrays.sort(fb);
            Arrays.sort(fbCpu);
            // the host round trip of the update: weights and gradients out of the engine, weights back in
            long rt0 = System.nanoTime(), rc0 = os.getProcessCpuTime();
            for (String n : t.model().parameterNames()) {
                ai.djl.nn.Parameter p = t.model().parameter(n);
                if (!p.requiresGradient()) continue;
                ai.djl.ndarray.NDArray wa = p.getArray();
                float[] wv = wa.toFloatArray();
                try (ai.djl.ndarray.NDArray g = wa.getGradient()) {
                    g.toFloatArray();
                }
                wa.set(java.nio.FloatBuffer.wrap(wv));
            }
            System.out.printf(Locale.ROOT, "tessera/djl host round trip of all trainable parameters: wall %.1f ms, process CPU %.1f ms%n",
                    (System.nanoTime() - rt0) / 1e6, (os.getProcessCpuTime() - rc0) / 1e6);
            System.out.printf(Locale.ROOT, "tessera/djl forward+backward only: wall median %.1f ms, process CPU median %.1f ms%n",
                    fb[steps / 2], fbCpu[steps / 2]);
            Arrays.sort(ms);
            Arrays.sort(cpu);
            System.out.printf(Locale.ROOT, "tessera/djl threads %s params %d batch %d %dx%d: wall median %.1f ms min %.1f ms, process CPU median %.1f ms min %.1f ms over %d steps%n",
                    System.getProperty("ai.djl.pytorch.num_threads", "default"), t.model().trainableScalars(), batch, h, w,
                    ms[steps / 2], ms[0], cpu[steps / 2], cpu[0], steps);
        }
    }
}
