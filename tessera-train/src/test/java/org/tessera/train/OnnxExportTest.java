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

    @Test
    void servableSidecarNamesClassesAndChecksThem() throws Exception {
        assertEquals(java.util.List.of("road", "class_1", "class_2", "car"),
                OnnxExport.classNames(4, Map.of(0, "road", 2, "void", 3, "car", 7, "other"), 2));
        assertEquals(Path.of("r/model.json"), OnnxExport.sidecarPath(Path.of("r/model.onnx")));
        assertEquals(Path.of("r/m.bin.json"), OnnxExport.sidecarPath(Path.of("r/m.bin")));
        TrainConfig cfg = TrainConfig.builder(5, tmp).width(4).depth(3).resize(24, 18).crop(24, 16).build();
        try (NDManager m = NDManager.newBaseManager()) {
            UNet net = new UNet(new UNet.Spec(3, 5, 4, 3, true));
            net.initializeParameters(m, 1);
            var e = assertThrows(IllegalArgumentException.class,
                    () -> OnnxExport.sidecar(net, cfg, java.util.List.of("a", "b"), "x"));
            assertEquals("2 class names for 5 output channels", e.getMessage());
            Path model = tmp.resolve("run/model.onnx");
            java.nio.file.Files.createDirectories(model.getParent());
            Path side = OnnxExport.writeServable(net, cfg, OnnxExport.classNames(5, Map.of(), -1), model);
            var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(side.toFile());
            assertEquals("run", json.get("id").asText());
            assertEquals(8, json.get("input").get("pad_to_multiple").asInt()); // 2^3
            assertEquals(24, json.get("input").get("width").asInt());
            assertEquals(18, json.get("input").get("height").asInt());
            assertEquals(0, json.get("input").get("pad_value").asInt());
            assertEquals("class_4", json.get("heads").get(0).get("classes").get(4).asText());
            assertTrue(java.nio.file.Files.size(model) > 1000);
        }
    }
}
