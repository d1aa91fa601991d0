package org.tessera.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.tessera.data.coco.CocoDataset;
import org.tessera.data.coco.CocoJson;

/**
 * Loads a COCO instances JSON with {@link CocoJson#read} (streaming parse into the compact columnar store) and prints
 * wall time per run, the peak heap during the load (sum of the heap pools' peak usage, an upper bound), the heap the
 * loaded data set retains after a full GC, and the process peak RSS.
 *
 * <p>Usage: {@code java -Xmx<limit> -cp ... org.tessera.benchmarks.CocoLoadJob FILE.json [repeats=3] [OUT.json]};
 * with OUT.json the last loaded data set is also written there ({@link CocoJson#write}) and timed. Running with
 * {@code -Xmx} set to 1.5 x the file size shows the load fits in that heap.
 */
public final class CocoLoadJob {
    private CocoLoadJob() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: CocoLoadJob FILE.json [repeats]");
            System.exit(2);
        }
        Path json = Path.of(args[0]);
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        long fileBytes = Files.size(json);
        List<Double> times = new ArrayList<>();
        CocoDataset last = null;
        long peakHeap = 0, retained = 0;
        int images = 0, anns = 0;
        for (int r = 0; r < repeats; r++) {
            System.gc();
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) p.resetPeakUsage();
            long t0 = System.nanoTime();
            CocoDataset d = CocoJson.read(json, null);
            double s = (System.nanoTime() - t0) / 1e9;
            long peak = 0;
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                if (p.getType() == MemoryType.HEAP) peak += p.getPeakUsage().getUsed();
            }
            System.gc();
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            images = d.size();
            anns = d.annotationCount();
            times.add(s);
            peakHeap = Math.max(peakHeap, peak);
            retained = Math.max(retained, used);
            System.out.printf("run %d: %.3f s, peak heap %.1f MiB, retained after GC %.1f MiB%n", r + 1, s, peak / 1048576.0, used / 1048576.0);
            last = d;
        }
        Collections.sort(times);
        System.out.printf("file %s: %,d bytes, %,d images, %,d annotations%n", json.getFileName(), fileBytes, images, anns);
        System.out.printf("load min %.3f s, median %.3f s (%d runs); peak heap %.1f MiB = %.2fx file; retained %.1f MiB = %.2fx file; max heap %.0f MiB%n",
                times.get(0), times.get(times.size() / 2), times.size(), peakHeap / 1048576.0, (double) peakHeap / fileBytes,
                retained / 1048576.0, (double) retained / fileBytes, Runtime.getRuntime().maxMemory() / 1048576.0);
        if (args.length > 2) {
            long t0 = System.nanoTime();
            CocoJson.write(last, Path.of(args[2]));
            System.out.printf("write %s: %.3f s, %,d bytes%n", args[2], (System.nanoTime() - t0) / 1e9, Files.size(Path.of(args[2])));
        }
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM")) System.out.println("process peak RSS: " + line.substring(6).strip());
        }
    }
}
