package org.tessera.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.tessera.eval.semantic.SemanticEvaluator;

/**
 * The {@link ConfusionBench} workload timed in thread CPU time as well as wall time, for a shared (oversubscribed)
 * host where wall-clock JMH scores mostly measure the other processes: prints Gpixel per CPU-second of one thread.
 * {@code java -cp ... org.tessera.benchmarks.ConfusionCpuTime [rounds]}.
 */
public final class ConfusionCpuTime {
    private ConfusionCpuTime() {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int classes : new int[] {19, 150}) {
            ConfusionBench.Maps m = new ConfusionBench.Maps();
            m.classes = classes;
            m.make();
            SemanticEvaluator ev = SemanticEvaluator.of(classes, 255);
            for (int r = 0; r < rounds; r++) {
                long c0 = mx.getCurrentThreadCpuTime(), w0 = System.nanoTime();
                for (int k = 0; k < 50; k++) ev.add("bench", m.gt, m.pred);
                long c1 = mx.getCurrentThreadCpuTime(), w1 = System.nanoTime();
                double px = 50.0 * m.gt.length;
                System.out.printf("classes %3d round %d: %.3f Gpixel per CPU-second, %.3f Gpixel/s wall%n",
                        classes, r, px / (c1 - c0), px / (w1 - w0));
            }
        }
    }
}
