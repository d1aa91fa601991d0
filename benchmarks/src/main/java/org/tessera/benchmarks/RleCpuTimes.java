package org.tessera.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Companion to {@link RleBench} for a loaded machine: runs each kernel of the same workload repeatedly in this thread
 * and prints the minimum wall time and the minimum thread CPU time per batch (CPU time excludes time spent waiting
 * for a core, so it estimates the unloaded figure; it is not meaningful for the parallel IoU matrix).
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar org.tessera.benchmarks.RleCpuTimes [repeats]}
 */
public final class RleCpuTimes {
    private RleCpuTimes() {}

    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        RleBench b = new RleBench();
        b.setup();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Object[] sink = new Object[1];
        String[] names = {"encode", "encodeStrings", "decode", "decodeStrings", "frPoly", "frPolyStrings", "mergeParts",
            "mergePairsUnion", "mergePairsUnionStrings", "mergePairsIntersect", "area", "areaStrings", "toBbox",
            "toBboxStrings", "iouMatrix", "iouMatrixSequential", "iouMatrixStrings", "boxIou"};
        org.openjdk.jmh.infra.Blackhole bh = new org.openjdk.jmh.infra.Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        for (String n : names) {
            Supplier<Object> f = switch (n) {
                case "encode" -> b::encode;
                case "encodeStrings" -> b::encodeStrings;
                case "decode" -> b::decode;
                case "decodeStrings" -> b::decodeStrings;
                case "frPoly" -> () -> { b.frPoly(bh); return null; };
                case "frPolyStrings" -> () -> { b.frPolyStrings(bh); return null; };
                case "mergePairsUnionStrings" -> () -> { b.mergePairsUnionStrings(bh); return null; };
                case "areaStrings" -> b::areaStrings;
                case "toBboxStrings" -> b::toBboxStrings;
                case "iouMatrixStrings" -> b::iouMatrixStrings;
                case "mergeParts" -> () -> { b.mergeParts(bh); return null; };
                case "mergePairsUnion" -> () -> { b.mergePairsUnion(bh); return null; };
                case "mergePairsIntersect" -> () -> { b.mergePairsIntersect(bh); return null; };
                case "area" -> b::area;
                case "toBbox" -> b::toBbox;
                case "iouMatrix" -> b::iouMatrix;
                case "iouMatrixSequential" -> b::iouMatrixSequential;
                case "boxIou" -> b::boxIou;
                default -> throw new IllegalArgumentException(n);
            };
            long minWall = Long.MAX_VALUE, minCpu = Long.MAX_VALUE;
            int r = n.startsWith("encode") || n.startsWith("decode") || n.startsWith("iou") ? reps : reps * 10;
            for (int i = 0; i < r + 5; i++) {
                long c0 = mx.getCurrentThreadCpuTime(), t0 = System.nanoTime();
                sink[0] = f.get();
                long t1 = System.nanoTime(), c1 = mx.getCurrentThreadCpuTime();
                if (i >= 5) { // first runs warm up the JIT
                    minWall = Math.min(minWall, t1 - t0);
                    minCpu = Math.min(minCpu, c1 - c0);
                }
            }
            System.out.printf(Locale.ROOT, "%-24s runs %4d   min wall %9.3f ms   min thread CPU %9.3f ms%n", n, r, minWall / 1e6,
                    minCpu / 1e6);
        }
    }
}
