package org.tessera.infer;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tessera.core.label.LabelMap;
import org.tessera.core.mask.Rle;

/** Hand-checked cases for NMS, letterbox geometry, YOLO decoding and dense resampling. */
class KernelTest {
    @Test
    void nmsTorchvisionSemantics() {
        float[] boxes = {
            0, 0, 10, 10,   // 0: best
            1, 0, 11, 10,   // 1: IoU with 0 = 90/110 = 0.818
            0, 0, 10, 10,   // 2: same box, other class
            20, 20, 30, 30, // 3: disjoint
            5, 0, 15, 10,   // 4: IoU with 0 = 50/150 = 0.333
        };
        float[] scores = {0.9f, 0.8f, 0.7f, 0.6f, 0.95f};
        int[] cls = {0, 0, 1, 0, 0};
        // per class, iou 0.5: order 4 (0.95), 0, 1, 2, 3; 0 vs 4 = 0.333 kept; 1 vs 0 = 0.818 dropped
        assertArrayEquals(new int[] {4, 0, 2, 3}, Nms.run(boxes, scores, cls, 5, 0.5f, 100));
        // agnostic: 2 is suppressed by 0
        assertArrayEquals(new int[] {4, 0, 3}, Nms.run(boxes, scores, null, 5, 0.5f, 100));
        // threshold is strict: IoU exactly 1/3 with threshold 1/3 is kept
        assertArrayEquals(new int[] {1, 0}, Nms.run(new float[] {0, 0, 10, 10, 5, 0, 15, 10}, new float[] {0.5f, 0.9f}, null, 2, 1f / 3f, 100));
        assertArrayEquals(new int[] {4, 0}, Nms.run(boxes, scores, cls, 5, 0.5f, 2));
        // ties keep index order
        assertArrayEquals(new int[] {0, 1, 2}, Nms.orderByScore(new float[] {0.5f, 0.5f, 0.5f}, 3));
    }

    @Test
    void letterboxGeometryAsUltralytics() {
        Geometry g = Geometry.of(810, 1080, 320, 320, ModelSpec.ResizeMode.LETTERBOX);
        assertEquals(240, g.contentW());
        assertEquals(320, g.contentH());
        assertEquals(40, g.padX());
        assertEquals(0, g.padY());
        assertEquals(0, g.toOrigX(40), 1e-9);
        assertEquals(810, g.toOrigX(280), 1e-6);
        // 1280x720 into 640: 640x360, dh = 140 -> top 140
        Geometry z = Geometry.of(1280, 720, 640, 640, ModelSpec.ResizeMode.LETTERBOX);
        assertEquals(140, z.padY());
        assertEquals(360, z.contentH());
        // odd padding: 100x51 into 64: r = 0.64, content 64x33 (32.64 rounds to 33), dh = 15.5 -> top round(15.4) = 15
        Geometry o = Geometry.of(100, 51, 64, 64, ModelSpec.ResizeMode.LETTERBOX);
        assertEquals(33, o.contentH());
        assertEquals(15, o.padY());
    }

    @Test
    void preprocessLetterboxPadsAndNormalises() {
        // 2x1 image: red, blue -> 4x4 letterbox: content 4x2 at rows 1..2
        Pixels p = new Pixels(new byte[] {(byte) 255, 0, 0, 0, 0, (byte) 255}, 2, 1, 3);
        ModelSpec.InputSpec in = ModelSpec.InputSpec.ultralytics("x", 4, 4);
        Geometry g = Geometry.of(2, 1, 4, 4, in.resize());
        assertEquals(1, g.padY());
        float[] t = new float[3 * 16];
        Preprocessor.fill(p, g, in, 3, t, 0);
        float pad = 114 / 255f;
        assertEquals(pad, t[0], 1e-6);                 // R plane, row 0
        assertEquals(1f, t[4], 1e-6);                  // R, row 1, x 0 (src x = -0.25 -> 0)
        assertEquals(0.75f, t[5], 1e-6);               // R, row 1, x 1: src 0.25 -> 0.75 red
        assertEquals(0.25f, t[6], 1e-6);
        assertEquals(0f, t[7], 1e-6);
        assertEquals(0.25f, t[32 + 5], 1e-6);          // B plane
        assertEquals(pad, t[32 + 12], 1e-6);           // B, row 3
    }

    /** 16x16 image, identity input, 4x4 prototypes, 2 classes, 1 prototype. */
    private static float[] protosHalf() {
        float[] p = new float[16];
        for (int y = 0; y < 4; y++) for (int x = 0; x < 4; x++) p[y * 4 + x] = x < 2 ? 1f : -1f;
        return p;
    }

    @Test
    void yoloDecodeChannelsFirstAndTransposed() {
        // anchors: cx, cy, w, h, s0, s1, coef
        float[][] rows = {
            {8, 8, 16, 16, 0.9f, 0.1f, 1f},   // full image, class 0: mask = columns 0..7 (logit 1 - 2 (src - 1) > 0 iff x <= 7)
            {8, 8, 15, 16, 0.8f, 0.1f, 1f},   // suppressed by the first (same class)
            {8, 8, 6, 4, 0.1f, 0.7f, -1f},    // class 1, box x 5..11, y 6..10; coef -1 flips: columns 8..10
            {3, 3, 2, 2, 0.2f, 0.1f, 1f},     // below 0.25
        };
        int n = rows.length, r = 7;
        float[] cf = new float[r * n], tr = new float[r * n];
        for (int a = 0; a < n; a++) {
            for (int k = 0; k < r; k++) {
                cf[k * n + a] = rows[a][k];
                tr[a * r + k] = rows[a][k];
            }
        }
        Geometry g = Geometry.of(16, 16, 16, 16, ModelSpec.ResizeMode.STRETCH);
        PostSettings s = new PostSettings(0.25f, 0.7f, false, 300, 0.5f);
        for (boolean first : new boolean[] {true, false}) {
            YoloSegDecoder.Layout L = first ? YoloSegDecoder.layout(r, n, 1, 4, 4, 2, null) : YoloSegDecoder.layout(n, r, 1, 4, 4, 2, null);
            assertNotNull(L);
            assertEquals(first, L.channelsFirst());
            List<Detection> d = YoloSegDecoder.decode(first ? cf : tr, 0, L, protosHalf(), 0, g, s, List.of("a", "b"));
            assertEquals(2, d.size());
            Detection a = d.get(0), b = d.get(1);
            assertEquals("a", a.className());
            assertEquals(0.9f, a.score());
            assertEquals(16 * 8, a.mask().area());
            assertArrayEquals(new double[] {0, 0, 8, 16}, a.mask().toBbox());
            assertEquals("b", b.className());
            assertArrayEquals(new double[] {5, 6, 11, 10}, new double[] {b.x1(), b.y1(), b.x2(), b.y2()});
            assertArrayEquals(new double[] {8, 6, 3, 4}, b.mask().toBbox());
            assertEquals(12, b.mask().area());
        }
    }

    @Test
    void yoloLayoutDetection() {
        YoloSegDecoder.Layout v8 = YoloSegDecoder.layout(116, 2100, 32, 80, 80, 80, null);
        assertTrue(v8.channelsFirst());
        assertFalse(v8.objectness());
        YoloSegDecoder.Layout v5 = YoloSegDecoder.layout(25200, 117, 32, 160, 160, 80, null);
        assertFalse(v5.channelsFirst());
        assertTrue(v5.objectness());
        assertEquals(80, v5.nc());
        assertEquals(79, YoloSegDecoder.layout(116, 2100, 32, 80, 80, -1, true).nc());
        assertNull(YoloSegDecoder.layout(116, 2100, 32, 80, 80, 20, null));
    }

    @Test
    void yoloObjectnessMultipliesScores() {
        // transposed v5 rows: cx, cy, w, h, obj, s0, s1, coef
        float[] out = {8, 8, 4, 4, 0.5f, 0.6f, 0.2f, 1f, /* obj 0.5 * 0.6 = 0.3 > 0.25 */
                       4, 4, 2, 2, 0.9f, 0.2f, 0.25f, 1f /* 0.9 * 0.25 = 0.225 */};
        YoloSegDecoder.Layout L = YoloSegDecoder.layout(2, 8, 1, 4, 4, 2, null);
        assertTrue(L.objectness());
        List<Detection> d = YoloSegDecoder.decode(out, 0, L, protosHalf(), 0, Geometry.of(16, 16, 16, 16, ModelSpec.ResizeMode.STRETCH),
                new PostSettings(0.25f, 0.7f, false, 300, 0.5f), List.of());
        assertEquals(1, d.size());
        assertEquals(0.3f, d.get(0).score(), 1e-6);
        assertEquals("class0", d.get(0).className());
    }

    @Test
    void yoloMaskLetterboxedToOriginal() {
        // 32x16 image letterboxed into 16x16 (content 16x8 at rows 4..11), prototypes 4x4 (crop rows 1..2 of 4)
        Geometry g = Geometry.of(32, 16, 16, 16, ModelSpec.ResizeMode.LETTERBOX);
        assertEquals(4, g.padY());
        float[] protos = new float[16];
        for (int y = 0; y < 4; y++) for (int x = 0; x < 4; x++) protos[y * 4 + x] = y == 1 ? 1f : -1f; // row 1 on, row 2 off
        // one full-content box
        float[] out = {8, 8, 16, 8, 0.9f, 1f};
        YoloSegDecoder.Layout L = YoloSegDecoder.layout(6, 1, 1, 4, 4, 1, null);
        List<Detection> d = YoloSegDecoder.decode(out, 0, L, protos, 0, g, new PostSettings(0.25f, 0.7f, false, 300, 0.5f), List.of("x"));
        Detection det = d.get(0);
        assertArrayEquals(new double[] {0, 0, 32, 16}, new double[] {det.x1(), det.y1(), det.x2(), det.y2()});
        // crop rows 1..2 resized to 16 rows: src = 1 + (y + 0.5) * 2 / 16 - 0.5 -> logit 1 - 2 (src - 1) > 0 iff y < 8
        assertEquals(32 * 8, det.mask().area());
        assertArrayEquals(new double[] {0, 0, 32, 8}, det.mask().toBbox());
    }

    @Test
    void semanticResizesLogitsThenArgmax() {
        // 2 classes on a 2x2 grid, upsampled to 4x4 (stretch): class 1 - class 0 = [[-1, 1], [-1, 1]] per row
        float[] logits = {0, 1, 0, 1, /* class 1 */ -1, 2, -1, 2};
        // difference (c1 - c0): [-1, 1] along x -> at x = 0..3: -1, -0.5, 0.5, 1 -> labels 0 0 1 1
        Geometry g = Geometry.of(4, 4, 2, 2, ModelSpec.ResizeMode.STRETCH);
        float[] probs = new float[2 * 16];
        LabelMap m = DenseDecoder.semantic(DenseDecoder.Grid.nchw(logits, 0, 2, 2, 2), g, ModelSpec.Activation.SOFTMAX, 0.5f, probs);
        for (int y = 0; y < 4; y++) {
            assertEquals(0, m.get(0, y));
            assertEquals(0, m.get(1, y));
            assertEquals(1, m.get(2, y));
            assertEquals(1, m.get(3, y));
        }
        // x = 1: c0 = 0.25, c1 = -1 + 3 * 0.25 = -0.25 -> p1 = sigmoid(-0.5)
        assertEquals(1 / (1 + Math.exp(0.5)), probs[16 + 1], 1e-6);
        // NHWC layout gives the same labels
        float[] nhwc = {0, -1, 1, 2, 0, -1, 1, 2};
        assertEquals(m, DenseDecoder.semantic(DenseDecoder.Grid.nhwc(nhwc, 0, 2, 2, 2), g, ModelSpec.Activation.SOFTMAX, 0.5f, null));
    }

    @Test
    void argmaxLabelsNearest() {
        long[] lab = {1, 2, 3, 4};
        LabelMap m = DenseDecoder.labels(lab, 0, 2, 2, Geometry.of(4, 2, 2, 2, ModelSpec.ResizeMode.STRETCH));
        assertArrayEquals(new short[] {1, 1, 2, 2, 3, 3, 4, 4}, m.data());
    }

    @Test
    void foregroundTwoChannelSoftmaxAndLetterbox() {
        // 4x2 image letterboxed into 4x4 (rows 1..2 content); 2-channel NCHW logits, fg = channel 1
        Geometry g = Geometry.of(4, 2, 4, 4, ModelSpec.ResizeMode.LETTERBOX);
        float[] t = new float[32];
        for (int y = 0; y < 4; y++) for (int x = 0; x < 4; x++) t[16 + y * 4 + x] = (y == 1 && x < 2) ? 3f : -3f;
        Foreground f = DenseDecoder.foreground(DenseDecoder.Grid.nchw(t, 0, 2, 4, 4), g, ModelSpec.Activation.SOFTMAX, 1, 0.5f, true);
        Rle expect = Rle.encodeRowMajor(new byte[] {1, 1, 0, 0, 0, 0, 0, 0}, 2, 4);
        assertEquals(expect, f.mask().toRle());
        assertEquals(1 / (1 + Math.exp(-3)), f.alpha().get(0, 0, 0), 1e-6); // fg 3 - bg 0
    }
}
