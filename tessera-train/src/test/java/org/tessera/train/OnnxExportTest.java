package org.tessera.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class OnnxExportTest {
    @TempDir
    Path tmp;

    @Test
    void onnxRuntimeMatchesDjl() throws Exception {
        for (boolean bn : new boolean[] {true, false}) {
            UNet.Spec spec = new UNet.Spec(3, 5, 4, 3, bn);
            try (NDManager m = NDManager.newBaseManager()) {
                UNet net = new UNet(spec);
                net.initializeParameters(m, 11);
                SplittableRandom r = new SplittableRandom(5);
                // a few training-mode passes move the BN running statistics away from 0 / 1
                for (int i = 0; i < 3; i++) net.forward(random(m, r, 2, 16, 24), true);
                float[] x = new float[2 * 3 * 16 * 24];
                for (int i = 0; i < x.length; i++) x[i] = (float) r.nextDouble();
                NDArray in = m.create(x, new Shape(2, 3, 16, 24));
                float[] djl = net.forward(in, false).toFloatArray();
                Path file = tmp.resolve("unet-" + bn + ".onnx");
                OnnxExport.write(net, file);
                OrtEnvironment env = OrtEnvironment.getEnvironment();
                try (OrtSession s = env.createSession(file.toString(), new OrtSession.SessionOptions());
                     OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {2, 3, 16, 24});
                     OrtSession.Result res = s.run(Map.of("input", t))) {
                    OnnxTensor o = (OnnxTensor) res.get("logits").orElseThrow();
                    assertArrayEquals(new long[] {2, 5, 16, 24}, o.getInfo().getShape());
                    FloatBuffer fb = o.getFloatBuffer();
                    float[] ort = new float[fb.remaining()];
                    fb.get(ort);
                    assertEquals(djl.length, ort.length);
                    double maxAbs = 0, maxDiff = 0;
                    for (int i = 0; i < ort.length; i++) {
                        maxDiff = Math.max(maxDiff, Math.abs(ort[i] - djl[i]));
                        maxAbs = Math.max(maxAbs, Math.abs(djl[i]));
                    }
                    assertTrue(maxAbs > 0.01, "non-trivial output");
                    assertTrue(maxDiff <= 1e-4, "bn=" + bn + ": ONNX Runtime differs from DJL by " + maxDiff);
                }
            }
        }
    }

    private static NDArray random(NDManager m, SplittableRandom r, int n, int h, int w) {
        float[] v = new float[n * 3 * h * w];
        for (int i = 0; i < v.length; i++) v[i] = (float) r.nextDouble();
        return m.create(v, new Shape(n, 3, h, w));
    }
}
