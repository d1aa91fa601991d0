package org.tessera.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.IntSupplier;
import org.tessera.classic.binary.ConnectedComponents;
import org.tessera.classic.binary.Connectivity;
import org.tessera.classic.cluster.Superpixels;
import org.tessera.classic.cluster.SuperpixelConfig;
import org.tessera.classic.crf.DenseCrf;
import org.tessera.classic.crf.DenseCrfConfig;
import org.tessera.classic.threshold.GlobalThresholds;
import org.tessera.classic.threshold.GrayHistogram;
import org.tessera.core.image.Image;
import org.tessera.core.image.ImageTransforms;
import org.tessera.core.image.Images;

/**
 * Whole-process timing of three classical kernels against scikit-image / OpenCV
 * ({@code benchmarks/python/classic_reference_perf.py} reads the same files):
 *
 * <ol>
 *   <li>Otsu + 8-connected components on a 2048x2048 8-bit gray image ({@link ClassicBench#synthetic}),</li>
 *   <li>SLIC with 400 requested regions on a 1 Mpixel RGB photo (COCO 000000128372 resized bilinearly to
 *       1224x817),</li>
 *   <li>dense CRF, 5 mean-field iterations, 21 classes, on the same photo resized to 500x375 (reference
 *       defaults: θα 80, θβ 13, w1 10; θγ 3, w2 3), with synthetic blocky class probabilities.</li>
 * </ol>
 *
 * <p>Writes the inputs to {@code dir} (PNG), then runs each kernel {@code reps} times after warm-up and prints the
 * minimum and median wall time and the minimum thread CPU time.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar org.tessera.benchmarks.ClassicReferencePerf
 * /work/shared /tmp/classic-perf [reps [name-filter]]}
 */
public final class ClassicReferencePerf {
    private ClassicReferencePerf() {
    }

    public static void main(String[] args) throws Exception {
        Path shared = Path.of(args[0]);
        Path dir = Path.of(args[1]);
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        only = args.length > 3 ? args[3] : "";
        Files.createDirectories(dir);
        int w = ClassicBench.W, h = ClassicBench.H;
        byte[] gray = ClassicBench.synthetic(w, h, 3000, 7);
        Images.writePng(Image.of8(w, h, 1, gray), dir.resolve("otsu_2048.png"));
        Image photo = Images.read(shared.resolve("data/coco_val2017_6/images/000000128372.jpg"));
        Image big = ImageTransforms.resizeBilinear(photo, 1224, 817);
        Images.writePng(big, dir.resolve("slic_1mp.png"));
        Image small = ImageTransforms.resizeBilinear(photo, 500, 375);
        Images.writePng(small, dir.resolve("crf_500x375.png"));

        time("otsu + 8-connected components, 2048x2048", w * (double) h, reps, 10, () -> {
            double t = GlobalThresholds.otsu(GrayHistogram.ofU8(gray));
            return ConnectedComponents.labelAbove(gray, w, h, t, Connectivity.EIGHT).count();
        });
        SuperpixelConfig sc = new SuperpixelConfig(SuperpixelConfig.Method.SLIC);
        sc.regions = 400;
        Superpixels slic = new Superpixels(sc);
        time("SLIC 400 regions, 1224x817 RGB", big.pixelCount(), reps, 2, () -> {
            var lm = slic.segment(big);
            int mx = 0;
            for (short s : lm.data()) {
                mx = Math.max(mx, s & 0xffff);
            }
            return mx + 1;
        });
        int labels = 21, n = small.pixelCount();
        float[] prob = blockyProbabilities(small.width(), small.height(), labels);
        DenseCrfConfig crfConfig = new DenseCrfConfig();
        float[] unary = new float[prob.length];
        for (int i = 0; i < prob.length; i++) {
            unary[i] = (float) -Math.log(Math.max(prob[i], crfConfig.minProbability));
        }
        writeCrfInput(dir.resolve("crf_500x375_21.in"), small, unary, labels, crfConfig);
        DenseCrf crf = new DenseCrf(crfConfig);
        float[] q = crf.inferenceFromUnary(small, unary, labels);
        writeFloats(dir.resolve("crf_500x375_21.tessera.q"), q);
        time("dense CRF 5 it., 21 classes, 500x375, parallel", n, reps, 2, () -> {
            float[] r = crf.inferenceFromUnary(small, unary, labels);
            return (int) (r[0] * 1000);
        });
        DenseCrfConfig seqConfig = new DenseCrfConfig();
        seqConfig.parallel = false;
        DenseCrf seq = new DenseCrf(seqConfig);
        time("dense CRF 5 it., 21 classes, 500x375, 1 thread", n, reps, 2, () -> {
            float[] r = seq.inferenceFromUnary(small, unary, labels);
            return (int) (r[0] * 1000);
        });
    }

    /**
     * The CRF input in the format of {@code benchmarks/cpp/densecrf_reference_driver.cpp} (the reference
     * implementation's driver, see docs/benchmarks/classic-crf.md): int32 W, H, M, iterations; float32 θα, θβ, w1,
     * θγ, w2; RGB bytes; float32 unary, pixel-major. Little-endian.
     */
    static void writeCrfInput(Path file, Image img, float[] unary, int labels, DenseCrfConfig c)
            throws java.io.IOException {
        Image rgb = img.toRgb();
        int n = rgb.pixelCount();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(36 + n * 3 + unary.length * 4)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(rgb.width()).putInt(rgb.height()).putInt(labels).putInt(c.iterations);
        b.putFloat((float) c.bilateralXy).putFloat((float) c.bilateralRgb).putFloat((float) c.bilateralWeight);
        b.putFloat((float) c.gaussianXy).putFloat((float) c.gaussianWeight);
        for (int i = 0; i < n * 3; i++) {
            b.put((byte) rgb.sample(i));
        }
        for (float u : unary) {
            b.putFloat(u);
        }
        org.tessera.core.io.AtomicFiles.write(file, b.array());
    }

    static void writeFloats(Path file, float[] v) throws java.io.IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(v.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        org.tessera.core.io.AtomicFiles.write(file, b.array());
    }

    /** 21 classes on a 7x3 grid of blocks: p = 0.5 for the block's class, the rest spread evenly. */
    static float[] blockyProbabilities(int w, int h, int labels) {
        float[] p = new float[w * h * labels];
        float rest = 0.5f / (labels - 1);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int cls = (y * 3 / h) * 7 + (x * 7 / w);
                int b = (y * w + x) * labels;
                Arrays.fill(p, b, b + labels, rest);
                p[b + cls] = 0.5f;
            }
        }
        return p;
    }

    private static String only = "";

    static void time(String name, double pixels, int reps, int warmup, IntSupplier job) {
        if (!name.contains(only)) {
            return;
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int out = 0;
        for (int i = 0; i < warmup; i++) {
            out = job.getAsInt();
        }
        long[] wall = new long[reps];
        long cpuMin = Long.MAX_VALUE;
        for (int i = 0; i < reps; i++) {
            long c0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            out = job.getAsInt();
            wall[i] = System.nanoTime() - t0;
            cpuMin = Math.min(cpuMin, mx.getCurrentThreadCpuTime() - c0);
        }
        Arrays.sort(wall);
        double min = wall[0] / 1e6, med = wall[reps / 2] / 1e6;
        System.out.printf("%-45s wall min %8.1f ms  median %8.1f ms  thread-CPU min %8.1f ms  %8.2f Mpixel/s (min)"
                + "  [output %d]%n", name, min, med, cpuMin / 1e6, pixels / 1e3 / min, out);
    }
}
