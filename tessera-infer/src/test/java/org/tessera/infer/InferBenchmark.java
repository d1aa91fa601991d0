package org.tessera.infer;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Benchmark (not a test): end-to-end time per image (decode the file, preprocess, ONNX Runtime, post-process, RLE)
 * against {@code session.run} alone on an equivalent tensor, interleaved in the same process; and YOLO
 * post-processing of 100 detections at 1080p. Prints medians. Run: see docs/benchmarks/infer.md.
 */
public final class InferBenchmark {
    public static void main(String[] args) throws Exception {
        Path shared = Path.of(args.length > 0 ? args[0] : "/work/shared");
        int iters = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        System.setProperty("tessera.shared", shared.toString());
        if (args.length > 3 && args[3].equals("post")) {
            yoloPost(iters * 5);
            semanticPost(iters * 2);
            return;
        }
        endToEnd(shared, "yolov8n-seg-int8-320", "data/images/bus.jpg", iters, threads);
        endToEnd(shared, "twinlitenet-bdd100k-640", "data/images/bus.jpg", iters, threads);
        endToEnd(shared, "mediapipe-selfie-256", "data/images/zidane.jpg", iters, threads);
        yoloPost(iters * 5);
        semanticPost(iters * 2);
    }

    /** TwinLiteNet-like output (2 heads x 2 classes at 360x640) decoded to 1920x1080. */
    static void semanticPost(int iters) {
        Random rnd = new Random(7);
        float[] logits = new float[2 * 360 * 640];
        for (int i = 0; i < logits.length; i++) logits[i] = (float) Math.sin(i * 0.001) + rnd.nextFloat() * 0.1f;
        Geometry g = Geometry.of(1920, 1080, 640, 360, ModelSpec.ResizeMode.STRETCH);
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (boolean probs : new boolean[] {false, true}) {
            double[] t = new double[iters], cpu = new double[iters];
            for (int i = -5; i < iters; i++) {
                long c0 = mx.getCurrentThreadCpuTime(), a = System.nanoTime();
                float[] p = probs ? new float[2 * 1920 * 1080] : null;
                var m = DenseDecoder.semantic(DenseDecoder.Grid.nchw(logits, 0, 2, 360, 640), g, ModelSpec.Activation.SOFTMAX, 0.5f, p);
                long b = System.nanoTime(), c1 = mx.getCurrentThreadCpuTime();
                if (m.width() != 1920) throw new AssertionError();
                if (i >= 0) {
                    t[i] = (b - a) / 1e6;
                    cpu[i] = (c1 - c0) / 1e6;
                }
            }
            System.out.printf("Semantic post-processing, 2-class logits 640x360 -> 1920x1080 label map%s: wall %.2f ms, thread CPU %.2f ms (medians of %d)%n",
                    probs ? " + softmax probabilities" : "", median(t), median(cpu), iters);
        }
    }

    static void endToEnd(Path shared, String id, String image, int iters, int threads) throws Exception {
        Path model = shared.resolve("models/" + id + "/model.onnx");
        Path sidecar = Path.of(InferBenchmark.class.getResource("/org/tessera/infer/models/" + id + ".json").toURI());
        try (Segmenter seg = Segmenter.builder().model(model).sidecar(sidecar).threads(threads).build();
             OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            if (threads > 0) o.setIntraOpNumThreads(threads);
            o.setInterOpNumThreads(1);
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession raw = env.createSession(model.toString(), o)) {
                ModelSpec.InputSpec in = seg.spec().input();
                long[] shape = in.layout() == ModelSpec.Layout.NCHW ? new long[] {1, 3, in.height(), in.width()}
                        : new long[] {1, in.height(), in.width(), 3};
                float[] zeros = new float[3 * in.width() * in.height()];
                Arrays.fill(zeros, 0.5f);
                double[] tRun = new double[iters], tAll = new double[iters], tRead = new double[iters];
                Path img = shared.resolve(image);
                for (int i = -2; i < iters; i++) { // 2 warm-up rounds
                    long a = System.nanoTime();
                    try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(zeros), shape);
                         OrtSession.Result r = raw.run(Map.of(in.name(), t))) {
                        if (r.size() == 0) throw new AssertionError();
                    }
                    long b = System.nanoTime();
                    org.tessera.core.image.Image im = org.tessera.core.image.Images.read(img); // core JPEG/PNG decode
                    long b2 = System.nanoTime();
                    Prediction p = seg.predict(im); // preprocessing, ORT run, post-processing, RLE
                    long c = System.nanoTime();
                    if (p.width() == 0) throw new AssertionError();
                    if (i >= 0) {
                        tRun[i] = (b - a) / 1e6;
                        tAll[i] = (c - b) / 1e6;
                        tRead[i] = (b2 - b) / 1e6;
                    }
                }
                double mr = median(tRun), ma = median(tAll), md = median(tRead);
                System.out.printf("%-26s %-10s session.run %8.1f ms | end to end %8.1f ms (of which image decode %6.1f ms) | ratio %.2f, without decode %.2f (medians of %d)%n",
                        id, img.getFileName(), mr, ma, md, ma / mr, (ma - md) / mr, iters);
            }
        }
    }

    /** 100 detections on a 1920x1080 image through a 640x640 letterbox, 80 classes, 32 prototypes at 160x160. */
    static void yoloPost(int iters) {
        int nc = 80, nm = 32, n = 8400, rows = 4 + nc + nm;
        Random rnd = new Random(42);
        float[] out = new float[rows * n];
        for (int i = 0; i < out.length; i++) out[i] = rnd.nextFloat() * 0.1f; // class scores all under 0.25
        for (int a = 0; a < n; a++) {
            out[a] = rnd.nextFloat() * 640;
            out[n + a] = 140 + rnd.nextFloat() * 360;
            out[2 * n + a] = 10 + rnd.nextFloat() * 100;
            out[3 * n + a] = 10 + rnd.nextFloat() * 100;
        }
        // 100 confident anchors on a 10 x 10 grid (non-overlapping boxes of 40..60 input pixels = 120..180 px at 1080p)
        for (int k = 0; k < 100; k++) {
            int a = k * 83;
            out[a] = 32 + (k % 10) * 64;
            out[n + a] = 140 + 18 + (k / 10) * 36;
            out[2 * n + a] = 40 + rnd.nextFloat() * 20;
            out[3 * n + a] = 30 + rnd.nextFloat() * 5;
            out[(4 + (k % nc)) * n + a] = 0.5f + rnd.nextFloat() * 0.4f;
        }
        for (int k = 0; k < nm; k++) for (int a = 0; a < n; a++) out[(4 + nc + k) * n + a] = (float) rnd.nextGaussian();
        // smooth prototypes (random low-frequency waves), like trained ones: masks are blobs, not noise
        float[] protos = new float[nm * 160 * 160];
        for (int k = 0; k < nm; k++) {
            double fx = 0.02 + rnd.nextDouble() * 0.2, fy = 0.02 + rnd.nextDouble() * 0.2, ph = rnd.nextDouble() * 6;
            for (int y = 0; y < 160; y++) for (int x = 0; x < 160; x++) protos[(k * 160 + y) * 160 + x] = (float) Math.sin(fx * x + fy * y + ph);
        }
        Geometry g = Geometry.of(1920, 1080, 640, 640, ModelSpec.ResizeMode.LETTERBOX);
        YoloSegDecoder.Layout L = YoloSegDecoder.layout(rows, n, nm, 160, 160, nc, null);
        PostSettings s = new PostSettings(0.25f, 0.7f, false, 300, 0.5f);
        double[] t = new double[iters], cpu = new double[iters];
        long pixels = 0, runs = 0;
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = -20; i < iters; i++) {
            long c0 = mx.getCurrentThreadCpuTime();
            long a = System.nanoTime();
            List<Detection> d = YoloSegDecoder.decode(out, 0, L, protos, 0, g, s, List.of());
            long b = System.nanoTime();
            long c1 = mx.getCurrentThreadCpuTime();
            if (d.size() != 100) throw new AssertionError("expected 100 detections, got " + d.size());
            if (i >= 0) {
                t[i] = (b - a) / 1e6;
                cpu[i] = (c1 - c0) / 1e6;
            }
            if (i == 0) {
                for (Detection x : d) {
                    pixels += (long) ((x.x2() - x.x1()) * (x.y2() - x.y1()));
                    runs += x.mask().runCount();
                }
            }
        }
        System.out.printf("YOLO post-processing, 100 detections at 1920x1080 (8400 anchors, %d box pixels sampled, %d RLE runs):"
                + " wall %.2f ms, thread CPU %.2f ms (medians of %d)%n", pixels, runs, median(t), median(cpu), iters);
    }

    static double median(double[] a) {
        double[] c = a.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }
}
