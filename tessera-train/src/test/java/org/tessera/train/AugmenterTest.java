package org.tessera.train;

import org.junit.jupiter.api.Test;
import org.tessera.core.image.Image;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class AugmenterTest {
    private static final int BLOCK = 16;

    /** Colour of block id b (never black, distinct per id). */
    private static int[] colour(int b) {
        return new int[] {40 + 50 * (b % 4), 30 + 40 * ((b / 4) % 5), 200 - 30 * (b % 3)};
    }

    private static int blockId(int x, int y) {
        return (y / BLOCK) * 8 + x / BLOCK;
    }

    /** An image of 16x16 blocks of constant colour. */
    private static Image blocks(int w, int h) {
        byte[] px = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int[] c = colour(blockId(x, y));
                for (int k = 0; k < 3; k++) px[3 * (y * w + x) + k] = (byte) c[k];
            }
        }
        return Image.of8(w, h, 3, px);
    }

    /** Planes x, y and block id of every pixel. */
    private static int[][] coordinatePlanes(int w, int h) {
        int[][] p = new int[3][w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                p[0][y * w + x] = x;
                p[1][y * w + x] = y;
                p[2][y * w + x] = blockId(x, y);
            }
        }
        return p;
    }

    private static final int[] FILLS = {-1, -2, 99};

    private static Augmentation geometric() {
        return Augmentation.NONE.withScale(0.8, 1.25).withRotation(30);
    }

    @Test
    void planesAreReplayedTogetherAndMatchTheImage() {
        int w = 64, h = 64;
        Image im = blocks(w, h);
        int[][] planes = coordinatePlanes(w, h);
        Augmenter a = new Augmenter(w, h, 48, 48, true, true, geometric());
        int checked = 0, filled = 0;
        for (long seed = 0; seed < 30; seed++) {
            Augmenter.Output o = a.apply(im, planes, FILLS, new SplittableRandom(seed));
            int[] px = o.planes()[0], py = o.planes()[1], id = o.planes()[2];
            int cw = o.width(), ch = o.height(), plane = cw * ch;
            for (int i = 0; i < plane; i++) {
                boolean fill = px[i] == -1;
                assertEquals(fill, py[i] == -2, "seed " + seed + " pixel " + i);
                assertEquals(fill, id[i] == 99, "seed " + seed + " pixel " + i);
                if (fill) filled++;
                else assertEquals(blockId(px[i], py[i]), id[i], "planes come from the same source pixel");
            }
            // where the label is constant over a 11x11 neighbourhood, the bilinear image shows exactly that block's
            // colour (black for the fill): the interpolation support of resize + rotation stays inside it
            for (int y = 5; y < ch - 5; y++) {
                for (int x = 5; x < cw - 5; x++) {
                    int v = id[y * cw + x];
                    boolean uniform = true;
                    for (int dy = -5; dy <= 5 && uniform; dy++) {
                        for (int dx = -5; dx <= 5; dx++) {
                            if (id[(y + dy) * cw + x + dx] != v) { uniform = false; break; }
                        }
                    }
                    if (!uniform) continue;
                    int[] c = v == 99 ? new int[3] : colour(v);
                    for (int k = 0; k < 3; k++) {
                        assertEquals(c[k], Math.round(o.chw()[k * plane + y * cw + x] * 255), "seed " + seed + " (" + x + "," + y + ") channel " + k);
                    }
                    checked++;
                }
            }
        }
        assertTrue(checked > 2000, "enough interior pixels checked: " + checked);
        assertTrue(filled > 0, "rotation / down-scaling produced fill pixels");
    }

    @Test
    void sameSeedSameOutputOtherSeedOther() {
        Image im = blocks(64, 48);
        int[][] planes = coordinatePlanes(64, 48);
        Augmenter a = new Augmenter(64, 48, 32, 32, true, true, Augmentation.ofStrength(1));
        Augmenter.Output p = a.apply(im, planes, FILLS, new SplittableRandom(7));
        Augmenter.Output q = a.apply(im, planes, FILLS, new SplittableRandom(7));
        Augmenter.Output r = a.apply(im, planes, FILLS, new SplittableRandom(8));
        assertArrayEquals(p.chw(), q.chw());
        for (int k = 0; k < 3; k++) assertArrayEquals(p.planes()[k], q.planes()[k]);
        assertEquals(a.draw(new SplittableRandom(7)), a.draw(new SplittableRandom(7)));
        assertNotEquals(a.draw(new SplittableRandom(7)), a.draw(new SplittableRandom(8)));
        assertFalse(Arrays.equals(p.chw(), r.chw()));
        // the input arrays are not modified
        assertArrayEquals(coordinatePlanes(64, 48)[2], planes[2]);
    }

    private static Augmenter.Params rotation(int size, double angle) {
        return new Augmenter.Params(1, size, size, angle, 0, 0, false, 1, 1, 1, 0, 0);
    }

    @Test
    void rotationByMultiplesOf90IsAnExactPermutation() {
        for (int n : new int[] {4, 5}) {
            byte[] px = new byte[n * n * 3];
            int[] plane = new int[n * n];
            for (int i = 0; i < n * n; i++) {
                px[3 * i] = (byte) (10 * i);
                px[3 * i + 1] = (byte) (i + 1);
                px[3 * i + 2] = (byte) (250 - i);
                plane[i] = 1000 + i;
            }
            Image im = Image.of8(n, n, 3, px);
            Augmenter a = new Augmenter(n, n, n, n, false, false, Augmentation.NONE);
            for (int angle : new int[] {90, 180, 270, -90}) {
                Augmenter.Output o = a.apply(im, new int[][] {plane}, new int[] {-1}, rotation(n, angle));
                for (int y = 0; y < n; y++) {
                    for (int x = 0; x < n; x++) {
                        // counter-clockwise on screen: 90 -> out(x, y) = in(n-1-y, x), as numpy's rot90
                        int sx, sy;
                        switch (Math.floorMod(angle, 360)) {
                            case 90 -> { sx = n - 1 - y; sy = x; }
                            case 180 -> { sx = n - 1 - x; sy = n - 1 - y; }
                            default -> { sx = y; sy = n - 1 - x; }
                        }
                        int si = sy * n + sx, di = y * n + x;
                        String at = "n " + n + " angle " + angle + " (" + x + "," + y + ")";
                        assertEquals(1000 + si, o.planes()[0][di], at);
                        assertEquals((10 * si) & 0xFF, Math.round(o.chw()[di] * 255), at);
                        assertEquals(si + 1, Math.round(o.chw()[n * n + di] * 255), at);
                        assertEquals(250 - si, Math.round(o.chw()[2 * n * n + di] * 255), at);
                    }
                }
            }
        }
    }

    @Test
    void rotationBy45CornersAreFilled() {
        int n = 8;
        Image im = blocks(n, n);
        int[] plane = new int[n * n];
        Arrays.fill(plane, 3);
        Augmenter a = new Augmenter(n, n, n, n, false, false, Augmentation.NONE);
        Augmenter.Output o = a.apply(im, new int[][] {plane}, new int[] {255}, rotation(n, 45));
        // corner pixel centre (0.5, 0.5) is at distance 3.5*sqrt2 = 4.95 from the centre along a diagonal; rotated by
        // 45 degrees it lies on an axis, 4.95 - 4 = 0.95 outside the image: filled
        assertEquals(255, o.planes()[0][0]);
        assertEquals(0f, o.chw()[0]);
        assertEquals(3, o.planes()[0][3 * n + 3]); // near the centre: inside
    }

    @Test
    void smallerScaledImageIsPaddedWithTheFill() {
        Image im = blocks(32, 32);
        int[][] planes = coordinatePlanes(32, 32);
        Augmenter a = new Augmenter(32, 32, 32, 32, false, false, Augmentation.NONE.withScale(0.5, 0.5));
        Augmenter.Params p = a.draw(new SplittableRandom(1));
        assertEquals(16, p.scaledWidth());
        assertEquals(-8, p.cropX()); // centred: floor((16 - 32) / 2)
        Augmenter.Output o = a.apply(im, planes, FILLS, p);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                boolean inside = x >= 8 && x < 24 && y >= 8 && y < 24;
                int i = y * 32 + x;
                assertEquals(!inside, o.planes()[2][i] == 99, x + "," + y);
                if (inside) assertEquals(2 * (x - 8), o.planes()[0][i], 1, "nearest source column");
                else assertEquals(0f, o.chw()[i]);
            }
        }
        // random placement keeps the whole scaled image inside the crop
        Augmenter r = new Augmenter(32, 32, 32, 32, true, false, Augmentation.NONE.withScale(0.5, 0.5));
        for (long s = 0; s < 20; s++) {
            Augmenter.Params q = r.draw(new SplittableRandom(s));
            assertTrue(q.cropX() <= 0 && q.cropX() >= -16 && q.cropY() <= 0 && q.cropY() >= -16, q.toString());
        }
    }

    @Test
    void noneEqualsResizeCropFlip() {
        SplittableRandom r1 = new SplittableRandom(3), r2 = new SplittableRandom(3);
        Image im = blocks(40, 30);
        Augmenter.Params p = new Augmenter(40, 30, 16, 12, true, true, Augmentation.NONE).draw(r1);
        // the former draws: crop x, crop y, flip, nothing else
        assertEquals(new Augmenter.Params(1, 40, 30, 0, r2.nextInt(40 - 16 + 1), r2.nextInt(30 - 12 + 1), r2.nextBoolean(),
                1, 1, 1, 0, 0), p);
        assertEquals(r2.nextLong(), r1.nextLong());
        assertNotNull(im);
    }

    @Test
    void colourJitterByHand() {
        // pixels: red, mid grey, (0.2, 0.4, 0.8)
        float[] base = {1f, 0.5f, 0.2f, 0f, 0.5f, 0.4f, 0f, 0.5f, 0.8f};
        float[] b = base.clone();
        Augmenter.jitter(b, 3, 1.5, 1, 1, 0);
        assertArrayEquals(new float[] {1f, 0.75f, 0.3f, 0f, 0.75f, 0.6f, 0f, 0.75f, 1f}, b, 1e-6f);
        float[] s = base.clone();
        Augmenter.jitter(s, 3, 1, 1, 0, 0); // saturation 0: grey = 0.299 R + 0.587 G + 0.114 B
        float[] g = {0.299f, 0.5f, 0.299f * 0.2f + 0.587f * 0.4f + 0.114f * 0.8f};
        for (int i = 0; i < 3; i++) for (int c = 0; c < 3; c++) assertEquals(g[i], s[c * 3 + i], 1e-6f);
        float[] c0 = base.clone();
        Augmenter.jitter(c0, 3, 1, 0, 1, 0); // contrast 0: every value is the mean grey
        float m = (g[0] + g[1] + g[2]) / 3;
        for (float v : c0) assertEquals(m, v, 1e-6f);
        float[] h = base.clone();
        Augmenter.jitter(h, 3, 1, 1, 1, 1.0 / 3); // a third of a turn: red -> green, grey stays grey
        assertArrayEquals(new float[] {0f, 0.5f, 0.8f, 1f, 0.5f, 0.2f, 0f, 0.5f, 0.4f}, h, 1e-6f);
    }

    @Test
    void drawnFactorsStayInTheirRangesAndOutputIn01() {
        Augmentation aug = Augmentation.ofStrength(1);
        Augmenter a = new Augmenter(32, 32, 32, 32, true, true, aug);
        int blurred = 0, flips = 0;
        for (long s = 0; s < 2000; s++) {
            Augmenter.Params p = a.draw(new SplittableRandom(s));
            assertTrue(p.scale() >= 0.5 && p.scale() <= 2, p.toString());
            assertTrue(Math.abs(p.angle()) <= 10, p.toString());
            for (double f : new double[] {p.brightness(), p.contrast(), p.saturation()}) assertTrue(f >= 0.7 && f <= 1.3, p.toString());
            assertTrue(Math.abs(p.hue()) <= 0.05, p.toString());
            if (p.sigma() > 0) {
                blurred++;
                assertTrue(p.sigma() >= 0.1 && p.sigma() <= 1.5, p.toString());
            }
            if (p.flip()) flips++;
        }
        assertTrue(blurred > 400 && blurred < 600, "blur probability 0.25: " + blurred + " of 2000");
        assertTrue(flips > 900 && flips < 1100, "flip probability 0.5: " + flips);
        Image im = blocks(32, 32);
        for (long s = 0; s < 20; s++) {
            for (float v : a.apply(im, new int[0][], new int[0], new SplittableRandom(s)).chw()) assertTrue(v >= 0 && v <= 1);
        }
    }

    @Test
    void gaussianBlurByHand() {
        assertEquals(1, Augmenter.reflect(-1, 5));
        assertEquals(3, Augmenter.reflect(5, 5));
        assertEquals(4, Augmenter.reflect(-4, 5));
        assertEquals(0, Augmenter.reflect(7, 1));
        int w = 11, h = 9, plane = w * h;
        float[] x = new float[3 * plane];
        Arrays.fill(x, 0, plane, 0.3f); // constant channel stays constant
        x[plane + 4 * w + 5] = 1f; // impulse in channel 1
        Augmenter.gaussianBlur(x, w, h, 1.0);
        for (int i = 0; i < plane; i++) assertEquals(0.3f, x[i], 1e-6f);
        // radius 3; kernel k(d) = exp(-d^2/2) / sum_{-3..3}; the impulse becomes k(dx) k(dy), mass 1, symmetric
        double sum = 0;
        for (int d = -3; d <= 3; d++) sum += Math.exp(-d * d / 2.0);
        double k0 = 1 / sum, k1 = Math.exp(-0.5) / sum;
        assertEquals(k0 * k0, x[plane + 4 * w + 5], 1e-6);
        assertEquals(k0 * k1, x[plane + 4 * w + 6], 1e-6);
        assertEquals(k1 * k1, x[plane + 3 * w + 4], 1e-6);
        double mass = 0, max = 0;
        for (int i = 0; i < plane; i++) {
            mass += x[plane + i];
            max = Math.max(max, x[plane + i]);
            assertTrue(x[plane + i] >= 0);
        }
        assertEquals(1, mass, 1e-5);
        assertEquals(k0 * k0, max, 1e-7);
        for (int i = 2 * plane; i < 3 * plane; i++) assertEquals(0f, x[i]);
    }

    @Test
    void configIsValidatedAndStrengthMaps() {
        assertEquals(Augmentation.NONE, Augmentation.ofStrength(0));
        Augmentation one = Augmentation.ofStrength(1);
        assertEquals(new Augmentation(0.5, 2, 10, 0.3, 0.3, 0.3, 0.05, 0.25, 0.1, 1.5), one);
        Augmentation half = Augmentation.ofStrength(0.5);
        assertEquals(0.75, half.minScale(), 1e-12);
        assertEquals(1.5, half.maxScale(), 1e-12);
        assertEquals(5, half.maxRotation(), 1e-12);
        assertTrue(Augmentation.NONE.isNone());
        assertFalse(half.isNone());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Augmentation.ofStrength(1.5));
        assertTrue(e.getMessage().contains("strength"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Augmentation.NONE.withScale(2, 1));
        assertThrows(IllegalArgumentException.class, () -> Augmentation.NONE.withRotation(-1));
        assertThrows(IllegalArgumentException.class, () -> Augmentation.NONE.withColor(0, 0, 0, 0.6));
        assertThrows(IllegalArgumentException.class, () -> Augmentation.NONE.withBlur(0.5, 0, 1));
        Augmenter a = new Augmenter(8, 8, 8, 8, false, false, Augmentation.NONE);
        Image im = blocks(8, 8);
        assertThrows(IllegalArgumentException.class, () -> a.apply(im, new int[][] {new int[63]}, new int[] {0}, new SplittableRandom(0)));
        assertThrows(IllegalArgumentException.class, () -> a.apply(im, new int[][] {new int[64]}, new int[0], new SplittableRandom(0)));
        assertThrows(IllegalArgumentException.class, () -> new Augmenter(0, 8, 8, 8, false, false, Augmentation.NONE));
    }

    @Test
    void verticalFlipAndTranspositionGiveTheEightSymmetriesOfTheSquare() {
        // 3x3 plane of source indices; every symmetry by hand: out(x, y) = crop(u, v), (u, v) = transposed ? (y, x) :
        // (x, y), then u -> 2 - u (left-right), v -> 2 - v (up-down)
        int n = 3;
        byte[] px = new byte[n * n * 3];
        int[] plane = new int[n * n];
        for (int i = 0; i < n * n; i++) { px[3 * i + 1] = (byte) (20 * i); plane[i] = i; }
        Image im = Image.of8(n, n, 3, px);
        Augmenter a = new Augmenter(n, n, n, n, false, false, Augmentation.NONE);
        java.util.Set<String> distinct = new java.util.HashSet<>();
        for (int m = 0; m < 8; m++) {
            boolean lr = (m & 1) != 0, ud = (m & 2) != 0, tr = (m & 4) != 0;
            Augmenter.Params p = new Augmenter.Params(1, n, n, 0, 0, 0, lr, 1, 1, 1, 0, 0, ud, tr);
            Augmenter.Output o = a.apply(im, new int[][] {plane}, new int[] {-1}, p);
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    int u = tr ? y : x, v = tr ? x : y;
                    if (lr) u = n - 1 - u;
                    if (ud) v = n - 1 - v;
                    assertEquals(v * n + u, o.planes()[0][y * n + x], "symmetry " + m + " (" + x + "," + y + ")");
                    assertEquals(20 * (v * n + u), Math.round(o.chw()[n * n + y * n + x] * 255));
                }
            }
            distinct.add(Arrays.toString(o.planes()[0]));
        }
        assertEquals(8, distinct.size(), "8 different symmetries");
        // transposition + left-right = the rotation by 90 degrees counter-clockwise on screen: out(x, y) =
        // in(n - 1 - y, x), as numpy's rot90 and a 90-degree rotation of this augmenter
        int[] rot = a.apply(im, new int[][] {plane}, new int[] {-1}, new Augmenter.Params(1, n, n, 0, 0, 0, true, 1, 1, 1, 0, 0, false, true)).planes()[0];
        assertArrayEquals(new int[] {2, 5, 8, 1, 4, 7, 0, 3, 6}, rot);
        assertArrayEquals(rot, a.apply(im, new int[][] {plane}, new int[] {-1}, rotation(n, 90)).planes()[0]);
        // a transposition of a non-square crop is refused
        Augmenter wide = new Augmenter(4, 3, 4, 3, false, false, Augmentation.NONE);
        assertThrows(IllegalArgumentException.class, () -> wide.apply(blocks(4, 3), new int[0][], new int[0],
                new Augmenter.Params(1, 4, 3, 0, 0, 0, false, 1, 1, 1, 0, 0, false, true)));
    }

    @Test
    void symmetriesAreDrawnAfterTheFlipAndReplayedOnThePlanes() {
        Augmentation sym = Augmentation.NONE.withSymmetries(true, true);
        assertFalse(sym.isNone());
        assertEquals("scale[1.0,1.0],rot=0.0,bcsh=0.0/0.0/0.0/0.0,blur=0.0@[1.0,1.0],vflip,transpose", sym.toString());
        assertEquals(Augmentation.NONE.toString() + ",vflip", Augmentation.NONE.withSymmetries(true, false).toString());
        // draws: crop x, crop y, flip, vertical flip, transposition (square crops only)
        SplittableRandom r1 = new SplittableRandom(5), r2 = new SplittableRandom(5);
        Augmenter.Params p = new Augmenter(40, 30, 16, 16, true, true, sym).draw(r1);
        assertEquals(new Augmenter.Params(1, 40, 30, 0, r2.nextInt(40 - 16 + 1), r2.nextInt(30 - 16 + 1), r2.nextBoolean(),
                1, 1, 1, 0, 0, r2.nextBoolean(), r2.nextBoolean()), p);
        assertEquals(r2.nextLong(), r1.nextLong());
        SplittableRandom r3 = new SplittableRandom(5), r4 = new SplittableRandom(5);
        Augmenter.Params q = new Augmenter(40, 30, 16, 12, true, true, sym).draw(r3);
        assertEquals(new Augmenter.Params(1, 40, 30, 0, r4.nextInt(40 - 16 + 1), r4.nextInt(30 - 12 + 1), r4.nextBoolean(),
                1, 1, 1, 0, 0, r4.nextBoolean(), false), q);
        assertEquals(r4.nextLong(), r3.nextLong());
        // each of the 8 symmetries about 1/8 of the time; the planes follow the image
        Image im = blocks(64, 64);
        int[][] planes = coordinatePlanes(64, 64);
        Augmenter a = new Augmenter(64, 64, 32, 32, true, true, sym);
        int[] counts = new int[8];
        for (long s = 0; s < 1600; s++) {
            Augmenter.Params d = a.draw(new SplittableRandom(s));
            counts[(d.flip() ? 1 : 0) + (d.flipVertical() ? 2 : 0) + (d.transpose() ? 4 : 0)]++;
        }
        for (int c : counts) assertTrue(c > 150 && c < 250, "each symmetry ~200 of 1600: " + Arrays.toString(counts));
        for (long s = 0; s < 16; s++) {
            Augmenter.Output o = a.apply(im, planes, FILLS, new SplittableRandom(s));
            for (int i = 0; i < 32 * 32; i++) {
                int[] c = colour(blockId(o.planes()[0][i], o.planes()[1][i]));
                assertEquals(blockId(o.planes()[0][i], o.planes()[1][i]), o.planes()[2][i]);
                for (int k = 0; k < 3; k++) assertEquals(c[k], Math.round(o.chw()[k * 32 * 32 + i] * 255));
            }
        }
    }

    @Test
    void nativeResolutionScalesEachImageAndPadsAtTheBottomRight() {
        Augmenter a = Augmenter.atNativeResolution(16, 16, false, Augmentation.NONE.withScale(0.5, 0.5));
        assertThrows(IllegalStateException.class, () -> a.draw(new SplittableRandom(0)));
        // 40x24 at scale 0.5 = 20x12: random x origin in 0..4 (one draw), y 0 (no draw: the image is smaller)
        SplittableRandom r1 = new SplittableRandom(9), r2 = new SplittableRandom(9);
        Augmenter.Params p = a.draw(40, 24, r1);
        assertEquals(new Augmenter.Params(0.5, 20, 12, 0, r2.nextInt(5), 0, false, 1, 1, 1, 0, 0), p);
        assertEquals(r2.nextLong(), r1.nextLong());
        Image im = blocks(40, 24);
        int[][] planes = coordinatePlanes(40, 24);
        Augmenter.Output o = a.apply(im, planes, FILLS, p);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                int i = y * 16 + x;
                if (y >= 12) {
                    assertEquals(-1, o.planes()[0][i]);
                    assertEquals(99, o.planes()[2][i]);
                    assertEquals(0f, o.chw()[i]);
                } else {
                    assertEquals(2 * (p.cropX() + x) + 1, o.planes()[0][i], "nearest source column (PIL centres)");
                    assertEquals(2 * y + 1, o.planes()[1][i]);
                }
            }
        }
        // the scale follows each image's own size
        assertEquals(50, a.draw(100, 60, new SplittableRandom(0)).scaledWidth());
        assertEquals(30, a.draw(100, 60, new SplittableRandom(0)).scaledHeight());
        assertThrows(IllegalArgumentException.class, () -> Augmenter.atNativeResolution(0, 16, false, Augmentation.NONE));
    }
}
