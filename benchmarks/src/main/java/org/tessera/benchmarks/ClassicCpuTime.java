package org.tessera.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.tessera.classic.binary.ConnectedComponents;
import org.tessera.classic.binary.Connectivity;
import org.tessera.classic.threshold.GlobalThresholds;
import org.tessera.classic.threshold.GrayHistogram;

/**
 * Thread-CPU-time companion of {@link ClassicBench#otsuComponents} for a shared, overloaded machine: wall time
 * there includes waiting for a core, thread CPU time does not. Prints the median CPU time of 50 runs after 30
 * warm-up runs and the implied Mpixel/s.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar org.tessera.benchmarks.ClassicCpuTime}
 */
public final class ClassicCpuTime {
    private ClassicCpuTime() {
    }

    public static void main(String[] args) {
        int w = ClassicBench.W, h = ClassicBench.H;
        byte[] gray = ClassicBench.synthetic(w, h, 3000, 7);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long[] cpu = new long[50];
        int sink = 0;
        for (int i = 0; i < 30 + cpu.length; i++) {
            long t0 = mx.getCurrentThreadCpuTime();
            double t = GlobalThresholds.otsu(GrayHistogram.ofU8(gray));
            sink += ConnectedComponents.labelAbove(gray, w, h, t, Connectivity.EIGHT).count();
            long t1 = mx.getCurrentThreadCpuTime();
            if (i >= 30) {
                cpu[i - 30] = t1 - t0;
            }
        }
        java.util.Arrays.sort(cpu);
        double ms = cpu[cpu.length / 2] / 1e6;
        System.out.printf("otsu + connected components, 2048x2048: median thread CPU %.2f ms/op = %.0f Mpixel/s"
                + " (objects: %d)%n", ms, w * (double) h / 1e3 / ms, sink / (30 + cpu.length));
    }
}
