import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.tessera.train.*;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Forward + backward time of one training step (cross-entropy on random labels, BN in training mode) per architecture.
 * Usage: ArchStep <batch> <height> <width> <classes> <timedSteps> arch:width[:depth] ...
 * Prints parameters, the median and minimum wall time and the median process CPU time of the timed steps (after one
 * warm-up step), and how many steps (warm-up included) produced a non-finite gradient anywhere.
 */
public class ArchStep {
    public static void main(String[] a) throws Exception {
        int n = Integer.parseInt(a[0]), h = Integer.parseInt(a[1]), w = Integer.parseInt(a[2]);
        int classes = Integer.parseInt(a[3]), steps = Integer.parseInt(a[4]);
        System.out.println("ONEDNN_MAX_CPU_ISA=" + System.getenv("ONEDNN_MAX_CPU_ISA") + ", threads="
                + System.getProperty("ai.djl.pytorch.num_threads") + ", batch " + n + ", " + h + "x" + w + ", " + classes + " classes");
        for (int i = 5; i < a.length; i++) {
            String[] p = a[i].split(":");
            Network net = Architectures.create(p[0], 3, classes, Integer.parseInt(p[1]), p.length > 2 ? Integer.parseInt(p[2]) : 4, true);
            SplittableRandom r = new SplittableRandom(1);
            float[] x = new float[n * 3 * h * w];
            for (int k = 0; k < x.length; k++) x[k] = (float) r.nextDouble();
            short[][] labels = new short[n][h * w];
            for (short[] l : labels) for (int k = 0; k < l.length; k++) l[k] = (short) r.nextInt(classes);
            double[] t = new double[steps], cpu = new double[steps];
            var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            int nonFinite = 0;
            try (NDManager m = NDManager.newBaseManager()) {
                net.initializeParameters(m, 1);
                for (int s = -1; s < steps; s++) {
                    long t0 = System.nanoTime(), c0 = os.getProcessCpuTime();
                    try (NDManager sm = m.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray in = sm.create(x, new Shape(n, 3, h, w));
                        NDArray logits = net.forward(in, true);
                        NDArray target = sm.create(flatten(labels), new Shape(n, h, w)).toType(ai.djl.ndarray.types.DataType.INT64, false);
                        NDArray loss = logits.logSoftmax(1).mul(target.oneHot(classes).transpose(0, 3, 1, 2)).sum().neg().div((double) n * h * w);
                        gc.backward(loss);
                    }
                    double sec = (System.nanoTime() - t0) / 1e9;
                    if (s >= 0) {
                        t[s] = sec;
                        cpu[s] = (os.getProcessCpuTime() - c0) / 1e9;
                    }
                    boolean bad = false;
                    for (String name : net.parameterNames()) {
                        if (!net.parameter(name).requiresGradient()) continue;
                        try (NDArray g = net.parameter(name).getArray().getGradient()) {
                            for (float f : g.toFloatArray()) if (!Float.isFinite(f)) { bad = true; break; }
                        }
                    }
                    if (bad) nonFinite++;
                    for (String name : net.parameterNames()) {
                        if (!net.parameter(name).requiresGradient()) continue;
                        try (NDArray g = net.parameter(name).getArray().getGradient()) {
                            g.muli(0);
                        }
                    }
                }
            }
            double[] sorted = t.clone(), cs = cpu.clone();
            Arrays.sort(sorted);
            Arrays.sort(cs);
            System.out.printf("%-46s %,10d params  wall median %.2f s (min %.2f)  process CPU median %.2f s  non-finite gradients in %d/%d steps%n",
                    net.describe(), net.trainableScalars(), sorted[steps / 2], sorted[0], cs[steps / 2], nonFinite, steps + 1);
        }
    }

    private static int[] flatten(short[][] l) {
        int[] v = new int[l.length * l[0].length];
        for (int i = 0; i < l.length; i++) for (int k = 0; k < l[i].length; k++) v[i * l[0].length + k] = l[i][k];
        return v;
    }
}
