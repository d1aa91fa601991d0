package org.tessera.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class OpsTest {
    @TempDir
    Path tmp;

    /** A network using every operation of {@link Ops}. */
    static final class AllOps extends Network {
        AllOps() {
            declareConv("c1", 3, 4, 3, 3, 1, false);
            declareBatchNorm("c1.bn", 4);
            declareConv("c2", 4, 4, 3, 3, 2, true);
            declareConv("c3", 4, 4, 3, 1, 1, true);
            declareConv("c4", 8, 4, 1, 1, 1, true);
            declareConvTranspose("t1", 4, 4, 3, 2, true);
            declareConvTranspose("t2", 4, 4, 2, 2, false);
            declareConv("head", 32, 3, 1, 1, 1, true);
        }

        @Override public String describe() { return "allops"; }
        @Override public int inChannels() { return 3; }
        @Override public int sizeMultiple() { return 4; }
        @Override public int[] outputChannels() { return new int[] {3, 4}; }
        @Override public List<String> outputNames() { return List.of("logits", "aux"); }

        @Override
        protected <T> List<T> graph(Ops<T> o, T x) {
            T a = o.convBnRelu(x, "c1", Ops.Conv.same(3), true);                         // (4, H, W)
            T b = o.conv(a, "c2", new Ops.Conv(2, 2, 1, 1, 1, 1, 2));                    // (4, H/2, W/2), 2 groups
            T d = o.conv(b, "c3", new Ops.Conv(1, 1, 2, 0, 2, 1, 1));                    // 3x1 dilated 2
            T e = o.conv(o.concat(List.of(o.maxPool(a, 2, 2), o.avgPool(a, 2, 2))), "c4", Ops.Conv.same(1));
            T f = o.add(e, d);
            T g = o.mul(f, o.sigmoid(f));
            T up1 = o.convTranspose(g, "t1", 2, 1, 1);
            T up2 = o.convTranspose(g, "t2", 2, 0, 0);
            T gp = o.resizeBilinear(o.globalAvgPool(g), a);
            T r = o.resizeBilinear(g, a);
            T ub = o.upsampleBilinear(o.avgPool(g, 2, 2), 4);
            T un = o.upsampleNearest(g, 2);
            T mask = o.equal(a, o.upsampleNearest(o.maxPool(a, 2, 2), 2));
            T cat = o.concat(List.of(up1, up2, gp, r, ub, un, o.mul(a, mask), a));
            return List.of(o.conv(cat, "head", Ops.Conv.same(1)), o.relu(up1));
        }
    }

    @Test
    void everyOperationExportsToOnnxWithinTolerance() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            AllOps net = new AllOps();
            net.initializeParameters(m, 4);
            OnnxCheck.warmUpBatchNorm(net, m, new SplittableRandom(1), 2, 16, 12);
            double d = OnnxCheck.maxDifference(net, tmp.resolve("allops.onnx"), m, 2, 16, 12, 9);
            assertTrue(d <= 1e-4, "ONNX Runtime differs from DJL by " + d);
        }
    }

    private static DjlOps ops(NDManager m, java.util.Map<String, NDArray> p) {
        return new DjlOps(p::get, p::containsKey, false);
    }

    @Test
    void bilinearResizeIsHalfPixelWithEdgeClamping() {
        try (NDManager m = NDManager.newBaseManager()) {
            int h = 3, w = 5, oh = 7, ow = 8;
            SplittableRandom r = new SplittableRandom(2);
            float[] v = new float[h * w];
            for (int i = 0; i < v.length; i++) v[i] = (float) r.nextDouble(-1, 1);
            NDArray x = m.create(v, new Shape(1, 1, h, w));
            float[] y = ops(m, java.util.Map.of()).resizeBilinear(x, m.zeros(new Shape(1, 1, oh, ow))).toFloatArray();
            for (int i = 0; i < oh; i++) for (int j = 0; j < ow; j++) {
                double sy = Math.max(0, (i + 0.5) * h / oh - 0.5), sx = Math.max(0, (j + 0.5) * w / ow - 0.5);
                int y0 = (int) sy, x0 = (int) sx, y1 = Math.min(y0 + 1, h - 1), x1 = Math.min(x0 + 1, w - 1);
                double fy = sy - y0, fx = sx - x0;
                double want = (1 - fy) * ((1 - fx) * v[y0 * w + x0] + fx * v[y0 * w + x1])
                        + fy * ((1 - fx) * v[y1 * w + x0] + fx * v[y1 * w + x1]);
                assertEquals(want, y[i * ow + j], 1e-5, "(" + i + "," + j + ")");
            }
            assertThrows(IllegalArgumentException.class, () -> ops(m, java.util.Map.of()).resizeBilinear(x, m.zeros(new Shape(1, 1, 7, 4))));
            float[] n = ops(m, java.util.Map.of()).upsampleNearest(x, 3).toFloatArray();
            for (int i = 0; i < 3 * h; i++) for (int j = 0; j < 3 * w; j++) assertEquals(v[(i / 3) * w + j / 3], n[i * 3 * w + j]);
        }
    }

    @Test
    void transposedConvolutionMatchesDefinition() {
        try (NDManager m = NDManager.newBaseManager()) {
            SplittableRandom r = new SplittableRandom(3);
            int n = 2, in = 3, out = 2, h = 3, w = 4, k = 3, s = 2, pad = 1, op = 1;
            float[] xv = new float[n * in * h * w], wv = new float[in * out * k * k], bv = {0.25f, -0.5f};
            for (int i = 0; i < xv.length; i++) xv[i] = (float) r.nextDouble(-1, 1);
            for (int i = 0; i < wv.length; i++) wv[i] = (float) r.nextDouble(-1, 1);
            var p = java.util.Map.of("t.weight", m.create(wv, new Shape(in, out, k, k)), "t.bias", m.create(bv));
            NDArray y = ops(m, p).convTranspose(m.create(xv, new Shape(n, in, h, w)), "t", s, pad, op);
            int oh = (h - 1) * s - 2 * pad + k + op, ow = (w - 1) * s - 2 * pad + k + op;
            assertEquals(new Shape(n, out, oh, ow), y.getShape());
            double[] want = new double[n * out * oh * ow];
            for (int b = 0; b < n; b++) for (int o = 0; o < out; o++) for (int i = 0; i < oh * ow; i++) want[(b * out + o) * oh * ow + i] = bv[o];
            // definition: input (i, j) adds x * W[c, o, a, bb] at output (i s - pad + a, j s - pad + bb)
            for (int b = 0; b < n; b++) for (int c = 0; c < in; c++) for (int i = 0; i < h; i++) for (int j = 0; j < w; j++)
                for (int o = 0; o < out; o++) for (int a = 0; a < k; a++) for (int bb = 0; bb < k; bb++) {
                    int yy = i * s - pad + a, xx = j * s - pad + bb;
                    if (yy < 0 || yy >= oh || xx < 0 || xx >= ow) continue;
                    want[((b * out + o) * oh + yy) * ow + xx] += xv[((b * in + c) * h + i) * w + j] * wv[((c * out + o) * k + a) * k + bb];
                }
            float[] got = y.toFloatArray();
            for (int i = 0; i < got.length; i++) assertEquals(want[i], got[i], 1e-5, "index " + i);
            assertThrows(IllegalArgumentException.class, () -> ops(m, p).convTranspose(m.zeros(new Shape(1, in, 2, 2)), "t", 2, 0, 0));
        }
    }
}
