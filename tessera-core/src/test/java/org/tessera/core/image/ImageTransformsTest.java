package org.tessera.core.image;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.tessera.core.image.ImageTransforms.Nearest;
import org.tessera.core.label.LabelMap;
import org.tessera.core.label.Palette;

/** Hand-checked values; the derivations are in the comments. */
class ImageTransformsTest {
    static Image gray8(int w, int h, int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) b[i] = (byte) v[i];
        return Image.of8(w, h, 1, b);
    }

    static int[] samples(Image im) {
        int[] out = new int[im.width() * im.height() * im.channels()];
        for (int i = 0; i < out.length; i++) out[i] = im.sample(i);
        return out;
    }

    @Test
    void bilinearFloat2x2To4x4() {
        // x (and y) source positions (dst + 0.5) * 0.5 - 0.5 = -0.25, 0.25, 0.75, 1.25 -> clamped to the edges:
        // row 0 = [0, 1] -> [0, .25, .75, 1]; row 1 = [2, 3] -> [2, 2.25, 2.75, 3]; rows mix the same way.
        FloatMap m = new FloatMap(1, 2, 2, new float[] {0, 1, 2, 3});
        FloatMap r = ImageTransforms.resizeBilinear(m, 4, 4);
        assertArrayEquals(new float[] {
                0f, .25f, .75f, 1f,
                .5f, .75f, 1.25f, 1.5f,
                1.5f, 1.75f, 2.25f, 2.5f,
                2f, 2.25f, 2.75f, 3f}, r.data());
    }

    @Test
    void bilinearFloatIsPerChannelAndNonSquare() {
        // 2 channels, 3x1 -> 2x1: x = (dx + .5) * 1.5 - .5 = .25, 1.75 -> v0 + .25 (v1 - v0), v1 + .75 (v2 - v1)
        FloatMap m = new FloatMap(2, 3, 1, new float[] {0, 4, 8, 10, 20, 40});
        FloatMap r = ImageTransforms.resizeBilinear(m, 2, 1);
        assertArrayEquals(new float[] {1f, 7f, 12.5f, 35f}, r.data());
    }

    @Test
    void bilinear8BitFixedPoint2x2To4x4() {
        // cv2 INTER_LINEAR on uint8 [[0, 100], [200, 255]] -> 4x4; horizontal weights (x2048) per column:
        // (2048, 0), (1536, 512), (512, 1536), (2048, 0 at x = 1); vertical as above with rows clipped.
        // e.g. (1, 1): rows h0 = 100 * 512 = 51200, h1 = 200 * 1536 + 255 * 512 = 437760;
        // ((1536 * (51200 >> 4)) >> 16) + ((512 * (437760 >> 4)) >> 16) = 75 + 213 = 288; (288 + 2) >> 2 = 72
        // (the float formula gives 72.19).
        Image im = gray8(2, 2, 0, 100, 200, 255);
        Image r = ImageTransforms.resizeBilinear(im, 4, 4);
        assertArrayEquals(new int[] {
                0, 25, 75, 100,
                50, 72, 117, 139,
                150, 167, 200, 216,
                200, 214, 241, 255}, samples(r));
        // RGB: each channel on its own
        Image rgb = Image.of8(2, 2, 3, new byte[] {0, 10, 20, 100, 10, 20, (byte) 200, 10, 20, (byte) 255, 10, 20});
        Image rr = ImageTransforms.resizeBilinear(rgb, 4, 4);
        for (int i = 0; i < 16; i++) {
            assertEquals(samples(r)[i], rr.sample(3 * i));
            assertEquals(10, rr.sample(3 * i + 1));
            assertEquals(20, rr.sample(3 * i + 2));
        }
    }

    @Test
    void bilinearExactHalvingIsTheTwoByTwoMean() {
        // cv2 switches INTER_LINEAR to INTER_AREA for an exact 2x downscale: (a + b + c + d + 2) >> 2
        Image im = gray8(4, 2, 0, 0, 10, 11, 0, 2, 12, 13);
        assertArrayEquals(new int[] {1, 12}, samples(ImageTransforms.resizeBilinear(im, 2, 1)));
        FloatMap f = new FloatMap(1, 4, 2, new float[] {0, 0, 10, 11, 0, 2, 12, 13});
        assertArrayEquals(new float[] {0.5f, 11.5f}, ImageTransforms.resizeBilinear(f, 2, 1).data());
    }

    @Test
    void bilinear16Bit() {
        // 2x1 -> 4x1 at 16 bit: float weights, rounded half to even: 1000 + .25 * 1001 = 1250.25 -> 1250, 1750.75 -> 1751
        Image im = Image.of16(2, 1, 1, new short[] {1000, 2001});
        Image r = ImageTransforms.resizeBilinear(im, 4, 1);
        assertArrayEquals(new int[] {1000, 1250, 1751, 2001}, samples(r));
        assertTrue(r.is16Bit());
    }

    @Test
    void nearestConventions() {
        // 3 -> 2: PIL centres (x + .5) * 1.5 = .75, 2.25 -> 0, 2; OpenCV x * 1.5 = 0, 1.5 -> 0, 1
        assertArrayEquals(new int[] {0, 2}, ImageTransforms.nearestIndex(3, 2, Nearest.PIL));
        assertArrayEquals(new int[] {0, 1}, ImageTransforms.nearestIndex(3, 2, Nearest.OPENCV));
        // 2 -> 5: PIL (x + .5) * .4 = .2 .6 1.0 1.4 1.8; OpenCV x * .4 = 0 .4 .8 1.2 1.6
        assertArrayEquals(new int[] {0, 0, 1, 1, 1}, ImageTransforms.nearestIndex(2, 5, Nearest.PIL));
        assertArrayEquals(new int[] {0, 0, 0, 1, 1}, ImageTransforms.nearestIndex(2, 5, Nearest.OPENCV));
        // integer upscale: both repeat each pixel
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1}, ImageTransforms.nearestIndex(2, 6, Nearest.PIL));
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1}, ImageTransforms.nearestIndex(2, 6, Nearest.OPENCV));

        LabelMap m = new LabelMap(3, 1, new short[] {5, 6, 7}, 255, Palette.pascalVoc(8));
        LabelMap p = ImageTransforms.resizeNearest(m, 2, 1);
        assertArrayEquals(new short[] {5, 7}, p.data());
        assertEquals(m.palette(), p.palette());
        assertArrayEquals(new short[] {5, 6}, ImageTransforms.resizeNearest(m, 2, 1, Nearest.OPENCV).data());
        assertArrayEquals(new int[] {5, 5, 6, 6, 7, 7, 5, 5, 6, 6, 7, 7},
                ImageTransforms.resizeNearest(new int[] {5, 6, 7}, 3, 1, 6, 2, Nearest.PIL));
        Image rgb = Image.of8(2, 1, 3, new byte[] {1, 2, 3, 4, 5, 6});
        assertArrayEquals(new int[] {1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6}, samples(ImageTransforms.resizeNearest(rgb, 4, 1, Nearest.PIL)));
    }

    @Test
    void cropAndPad() {
        Image im = gray8(3, 2, 1, 2, 3, 4, 5, 6);
        assertArrayEquals(new int[] {2, 3, 5, 6}, samples(ImageTransforms.crop(im, 1, 0, 2, 2)));
        assertThrows(IllegalArgumentException.class, () -> ImageTransforms.crop(im, 2, 0, 2, 2));
        Image p = ImageTransforms.pad(im, 1, 0, 0, 1, 114);
        assertEquals(4, p.width());
        assertEquals(3, p.height());
        assertArrayEquals(new int[] {114, 114, 114, 114, 1, 2, 3, 114, 4, 5, 6, 114}, samples(p));
        LabelMap m = new LabelMap(2, 1, new short[] {1, 2}, 255, null);
        assertArrayEquals(new short[] {(short) 255, 1, 2, (short) 255}, ImageTransforms.pad(m, 0, 0, 1, 1, m.ignoreIndex()).data());
        assertArrayEquals(new short[] {2}, ImageTransforms.crop(m, 1, 0, 1, 1).data());
        FloatMap f = new FloatMap(2, 2, 1, new float[] {1, 2, 3, 4});
        assertArrayEquals(new float[] {-1, 1, 2, -1, 3, 4}, ImageTransforms.pad(f, 0, 0, 1, 0, -1f).data());
        assertArrayEquals(new float[] {2, 4}, ImageTransforms.crop(f, 1, 0, 1, 1).data());
    }

    @Test
    void letterboxGeometry() {
        // bus.jpg 810x1080 -> 640: r = min(640/1080, 640/810) = 0.5926; 480x640; dw = 160 -> 80 / 80
        Letterbox bus = Letterbox.of(810, 1080, 640, 640);
        assertEquals(480, bus.resizedWidth());
        assertEquals(640, bus.resizedHeight());
        assertEquals(80, bus.padLeft());
        assertEquals(80, bus.padRight());
        assertEquals(0, bus.padTop());
        assertEquals(640, bus.width());
        assertEquals(640, bus.height());
        assertArrayEquals(new double[] {0, 0, 810, 1080}, bus.toSourceBox(new double[] {80, 0, 560, 640}), 1e-9);
        assertArrayEquals(new double[] {0, 0, 810, 1080}, bus.toSourceBox(new double[] {60, -5, 600, 700}), 1e-9, "clipped");
        assertEquals(405.0, bus.toSourceX(320), 1e-9);
        assertEquals(320.0, bus.fromSourceX(405), 1e-9);
        // zidane.jpg 1280x720 -> 640: r = .5, 640x360, dh = 280 -> 140 / 140
        Letterbox z = Letterbox.of(1280, 720, 640, 640);
        assertEquals(360, z.resizedHeight());
        assertEquals(140, z.padTop());
        assertEquals(140, z.padBottom());
        // odd remainder: 100x51 -> 64: r = .64, 64x33 (32.64 rounds to 33), dh = 31 -> 15.5: top round(15.4) = 15, bottom round(15.6) = 16
        Letterbox o = Letterbox.of(100, 51, 64, 64);
        assertEquals(33, o.resizedHeight());
        assertEquals(15, o.padTop());
        assertEquals(16, o.padBottom());
        // Python's round(2.5) = 2 (half to even): 5x4 -> (100, 2): r = .5, width 2.5 -> 2
        Letterbox h = Letterbox.of(5, 4, 100, 2);
        assertEquals(2, h.resizedWidth());
        assertEquals(49, h.padLeft());
        // auto (stride 32): dw = 98 mod 32 = 2 -> 1 / 1
        Letterbox a = Letterbox.of(5, 4, 100, 2, true, 32);
        assertEquals(1, a.padLeft());
        assertEquals(1, a.padRight());
        assertEquals(4, a.width());
        // no scale-up: a small image is only padded
        Letterbox s = Letterbox.of(100, 50, 640, 640, false, 0);
        assertEquals(1.0, s.scale());
        assertEquals(100, s.resizedWidth());
        assertEquals(270, s.padLeft());
        assertEquals(295, s.padTop());
    }

    @Test
    void letterboxApplyAndBack() {
        Image im = Image.blank(4, 2, 3, 8);
        java.util.Arrays.fill(im.bytes(), (byte) 7);
        Letterbox lb = Letterbox.of(4, 2, 8, 8);
        Image out = lb.apply(im);
        assertEquals(8, out.width());
        assertEquals(8, out.height());
        // 8x4 content in rows 2..5, 114 around
        for (int y = 0; y < 8; y++) for (int x = 0; x < 8; x++) {
            assertEquals(y >= 2 && y < 6 ? 7 : 114, out.get(x, y, 1), "(" + x + ", " + y + ")");
        }
        LabelMap m = new LabelMap(4, 2, new short[] {1, 1, 2, 2, 1, 1, 2, 2}, 255, null);
        LabelMap lm = lb.apply(m);
        assertEquals(255, lm.get(0, 0));
        assertEquals(1, lm.get(0, 2));
        assertEquals(2, lm.get(7, 5));
        assertEquals(255, lm.get(7, 6));

        // a 1/4-resolution map (2x2 of 8x8) that is 1 inside the content and 0 in the padding comes back all 1
        Letterbox bus = Letterbox.of(810, 1080, 640, 640);
        FloatMap proto = FloatMap.zeros(1, 160, 160);
        for (int y = 0; y < 160; y++) for (int x = 20; x < 140; x++) proto.set(0, x, y, 1f);
        FloatMap back = bus.toSource(proto);
        assertEquals(810, back.width());
        assertEquals(1080, back.height());
        for (float v : back.data()) assertEquals(1f, v);
    }

    @Test
    void argmax() {
        // 3 channels, 2 pixels: pixel 0 = (1, 5, 5) -> 1 (first max); pixel 1 = (2, NaN, 9) -> 1 (NaN is the max, as numpy)
        FloatMap f = new FloatMap(3, 2, 1, new float[] {1, 2, 5, Float.NaN, 5, 9});
        assertArrayEquals(new short[] {1, 1}, f.argmax().data());
        FloatMap g = new FloatMap(2, 2, 1, new float[] {0, 3, 1, 2});
        assertArrayEquals(new short[] {1, 0}, g.argmax().data());
    }
}
