package org.tessera.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.tessera.core.mask.Boxes;
import org.tessera.core.mask.Rle;

/**
 * RLE kernels on the 1000-mask workload of BASELINES.md §3 (one batch per invocation, like the pycocotools timings).
 * Methods without a suffix work on Tessera's native {@link Rle} objects; {@code *Strings} variants also convert from /
 * to compressed COCO strings, as pycocotools' Python API always does.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar RleBench -f 1 -wi 2 -i 3}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class RleBench {
    static final int N = RleWorkload.N, H = RleWorkload.H, W = RleWorkload.W, A = H * W;

    RleWorkload work;
    Rle[] rles;
    String[] strings;
    Rle[][] parts;
    double[] boxes;
    boolean[] crowd;
    /** The 1000 masks as one Fortran-order 480x640x1000 uint8 array (pycocotools' encode input / decode output). */
    byte[] stack;
    byte[] decodeOut;

    @Setup(Level.Trial)
    public void setup() {
        work = RleWorkload.load();
        rles = work.masks();
        strings = new String[N];
        parts = new Rle[N][];
        boxes = new double[N * 4];
        stack = new byte[N * A];
        decodeOut = new byte[N * A];
        for (int i = 0; i < N; i++) {
            strings[i] = rles[i].toString();
            List<double[]> p = work.polygons.get(i);
            parts[i] = new Rle[p.size()];
            for (int k = 0; k < p.size(); k++) parts[i][k] = Rle.fromPolygon(p.get(k), H, W);
            rles[i].toBbox(boxes, i * 4);
            rles[i].decodeColumnMajor(stack, i * A);
        }
        crowd = new boolean[N];
    }

    /** pycocotools {@code encode} of the F-order stack (which also builds the compressed strings: see encodeStrings). */
    @Benchmark
    public Rle[] encode() {
        Rle[] out = new Rle[N];
        for (int i = 0; i < N; i++) out[i] = Rle.encodeColumnMajor(stack, i * A, H, W);
        return out;
    }

    @Benchmark
    public String[] encodeStrings() {
        String[] out = new String[N];
        for (int i = 0; i < N; i++) out[i] = Rle.encodeColumnMajor(stack, i * A, H, W).toString();
        return out;
    }

    /** pycocotools {@code decode} into a Fortran-order 480x640x1000 array (every byte written). */
    @Benchmark
    public byte[] decode() {
        for (int i = 0; i < N; i++) rles[i].decodeColumnMajor(decodeOut, i * A);
        return decodeOut;
    }

    @Benchmark
    public byte[] decodeStrings() {
        for (int i = 0; i < N; i++) Rle.fromString(strings[i], H, W).decodeColumnMajor(decodeOut, i * A);
        return decodeOut;
    }

    /** pycocotools {@code frPyObjects(polys, h, w)} per annotation: one RLE per polygon. */
    @Benchmark
    public void frPoly(Blackhole bh) {
        for (int i = 0; i < N; i++) {
            List<double[]> p = work.polygons.get(i);
            Rle[] out = new Rle[p.size()];
            for (int k = 0; k < out.length; k++) out[k] = Rle.fromPolygon(p.get(k), H, W);
            bh.consume(out);
        }
    }

    @Benchmark
    public void frPolyStrings(Blackhole bh) {
        for (int i = 0; i < N; i++) {
            List<double[]> p = work.polygons.get(i);
            String[] out = new String[p.size()];
            for (int k = 0; k < out.length; k++) out[k] = Rle.fromPolygon(p.get(k), H, W).toString();
            bh.consume(out);
        }
    }

    /** pycocotools {@code merge(parts)} per annotation (union). */
    @Benchmark
    public void mergeParts(Blackhole bh) {
        for (int i = 0; i < N; i++) bh.consume(Rle.merge(List.of(parts[i]), false));
    }

    @Benchmark
    public void mergePairsUnion(Blackhole bh) {
        for (int i = 0; i + 1 < N; i++) bh.consume(Rle.merge(rles[i], rles[i + 1], false));
    }

    @Benchmark
    public void mergePairsIntersect(Blackhole bh) {
        for (int i = 0; i + 1 < N; i++) bh.consume(Rle.merge(rles[i], rles[i + 1], true));
    }

    /** Union of pairs starting and ending with compressed strings, as pycocotools' merge does. */
    @Benchmark
    public void mergePairsUnionStrings(Blackhole bh) {
        for (int i = 0; i + 1 < N; i++) {
            bh.consume(Rle.merge(Rle.fromString(strings[i], H, W), Rle.fromString(strings[i + 1], H, W), false).toString());
        }
    }

    @Benchmark
    public long[] area() {
        long[] out = new long[N];
        for (int i = 0; i < N; i++) out[i] = rles[i].area();
        return out;
    }

    @Benchmark
    public long[] areaStrings() {
        long[] out = new long[N];
        for (int i = 0; i < N; i++) out[i] = Rle.fromString(strings[i], H, W).area();
        return out;
    }

    @Benchmark
    public double[] toBbox() {
        double[] out = new double[N * 4];
        for (int i = 0; i < N; i++) rles[i].toBbox(out, i * 4);
        return out;
    }

    @Benchmark
    public double[] toBboxStrings() {
        double[] out = new double[N * 4];
        for (int i = 0; i < N; i++) Rle.fromString(strings[i], H, W).toBbox(out, i * 4);
        return out;
    }

    /** 1000x1000 mask IoU matrix, iscrowd all 0. */
    @Benchmark
    public double[][] iouMatrix() {
        return Rle.iou(rles, rles, crowd);
    }

    /** The same matrix on one thread (for comparison with the parallel default). */
    @Benchmark
    public double[][] iouMatrixSequential() {
        return Rle.iouSequential(rles, rles, crowd);
    }

    @Benchmark
    public double[][] iouMatrixStrings() {
        Rle[] r = new Rle[N];
        for (int i = 0; i < N; i++) r[i] = Rle.fromString(strings[i], H, W);
        return Rle.iou(r, r, crowd);
    }

    /** 1000x1000 box IoU of the masks' boxes, iscrowd all 0. */
    @Benchmark
    public double[][] boxIou() {
        return Boxes.iou(boxes, boxes, crowd);
    }
}
