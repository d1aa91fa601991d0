package org.tessera.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** Test helper: exports a network to ONNX, runs it with ONNX Runtime and compares every output with DJL's. */
final class OnnxCheck {
    private OnnxCheck() {
    }

    /** Moves BN running statistics away from 0 / 1 with a few training-mode passes. */
    static void warmUpBatchNorm(Network net, NDManager m, SplittableRandom r, int n, int h, int w) {
        for (int i = 0; i < 3; i++) {
            try (NDManager s = m.newSubManager()) {
                net.forwardAll(random(s, r, n, net.inChannels(), h, w), true);
            }
        }
    }

    static NDArray random(NDManager m, SplittableRandom r, int n, int c, int h, int w) {
        float[] v = new float[n * c * h * w];
        for (int i = 0; i < v.length; i++) v[i] = (float) r.nextDouble();
        return m.create(v, new Shape(n, c, h, w));
    }

    /** Returns the largest |ORT - DJL| over all outputs; asserts shapes and non-trivial outputs. */
    static double maxDifference(Network net, Path file, NDManager m, int n, int h, int w, long seed) throws Exception {
        SplittableRandom r = new SplittableRandom(seed);
        NDArray in = random(m, r, n, net.inChannels(), h, w);
        float[] x = in.toFloatArray();
        NDList djl = net.forwardAll(in, false);
        OnnxExport.write(net, file);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        double maxDiff = 0;
        try (OrtSession s = env.createSession(file.toString(), new OrtSession.SessionOptions());
             OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {n, net.inChannels(), h, w});
             OrtSession.Result res = s.run(Map.of("input", t))) {
            for (int k = 0; k < net.outputNames().size(); k++) {
                OnnxTensor o = (OnnxTensor) res.get(net.outputNames().get(k)).orElseThrow();
                assertArrayEquals(new long[] {n, net.outputChannels()[k], h, w}, o.getInfo().getShape());
                FloatBuffer fb = o.getFloatBuffer();
                float[] ort = new float[fb.remaining()];
                fb.get(ort);
                float[] d = djl.get(k).toFloatArray();
                assertEquals(d.length, ort.length);
                double maxAbs = 0;
                for (int i = 0; i < ort.length; i++) {
                    maxDiff = Math.max(maxDiff, Math.abs(ort[i] - d[i]));
                    maxAbs = Math.max(maxAbs, Math.abs(d[i]));
                }
                assertTrue(maxAbs > 0.01, net.describe() + ": output " + k + " is trivial");
            }
        }
        return maxDiff;
    }
}
