package org.tessera.benchmarks;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.tessera.eval.semantic.SemanticEvaluator;

/**
 * Semantic confusion-matrix accumulation on decoded maps: one 2048 x 1024 (Cityscapes-size, 2 Mpixel) GT /
 * prediction pair per call, 19 or 150 classes, 5 % ignore pixels, prediction = GT with 20 % of pixels changed.
 * Throughput in calls per second; pixels per second = score x 2,097,152 (x threads for the 2-thread variant).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ConfusionBench {
    static final int W = 2048, H = 1024;

    @State(Scope.Benchmark)
    public static class Maps {
        @Param({"19", "150"})
        public int classes;
        public short[] gt, pred;

        @Setup(Level.Trial)
        public void make() {
            Random r = new Random(42);
            gt = new short[W * H];
            pred = new short[W * H];
            // blocky GT (32 x 32 regions), like real label maps with long runs
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    int block = (y / 32) * (W / 32) + x / 32;
                    int v = (int) ((block * 2654435761L) >>> 8) % classes;
                    gt[y * W + x] = (short) (r.nextInt(20) == 0 ? 255 : v);
                    pred[y * W + x] = (short) (r.nextInt(5) == 0 ? r.nextInt(classes) : v);
                }
            }
        }
    }

    @State(Scope.Thread)
    public static class Acc {
        SemanticEvaluator ev;

        @Setup(Level.Trial)
        public void make(Maps m) {
            ev = SemanticEvaluator.of(m.classes, 255);
        }
    }

    @Benchmark
    @Threads(1)
    public void oneThread(Maps m, Acc a, Blackhole bh) {
        a.ev.add("bench", m.gt, m.pred);
        bh.consume(a.ev);
    }

    @Benchmark
    @Threads(2)
    public void twoThreads(Maps m, Acc a, Blackhole bh) {
        a.ev.add("bench", m.gt, m.pred);
        bh.consume(a.ev);
    }
}
