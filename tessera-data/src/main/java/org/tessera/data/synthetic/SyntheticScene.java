package org.tessera.data.synthetic;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic synthetic segmentation scene: a textured two-part background (stuff "sky" over stuff
 * "ground") with discs, squares and triangles (things) of varied size, some touching and some overlapping (the
 * later object occludes the earlier one). Everything is exact by construction, so it serves as ground truth for
 * demos, tests and quick training runs without any download.
 *
 * <p>Layout: all arrays are row-major ({@code i = y * width + x}). {@link #rgb()} is interleaved RGB bytes;
 * {@link #instanceIds()} holds 0 for stuff pixels and {@code 1..n} for the visible pixels of thing {@code k};
 * {@link #semantic()} holds a category id per pixel (see {@link #CATEGORY_NAMES}). An object hidden entirely by
 * later ones is dropped, so every instance id present has at least one pixel.
 */
public final class SyntheticScene {
    /** Category ids 1..5: names, in id order. Ids 1-3 are things, 4-5 stuff. */
    public static final List<String> CATEGORY_NAMES = List.of("disc", "square", "triangle", "sky", "ground");
    /** Display colors (0xRRGGBB) per category id 1..5. */
    public static final int[] CATEGORY_COLORS = {0xE6194B, 0x3CB44B, 0x4363D8, 0x87CEEB, 0x8B5A2B};
    public static final int DISC = 1, SQUARE = 2, TRIANGLE = 3, SKY = 4, GROUND = 5;

    private final int width;
    private final int height;
    private final byte[] rgb;
    private final int[] instanceIds;
    private final int[] instanceCategory;
    private final short[] semantic;

    private SyntheticScene(int width, int height, byte[] rgb, int[] instanceIds, int[] instanceCategory, short[] semantic) {
        this.width = width;
        this.height = height;
        this.rgb = rgb;
        this.instanceIds = instanceIds;
        this.instanceCategory = instanceCategory;
        this.semantic = semantic;
    }

    /** True for the thing categories (disc, square, triangle). */
    public static boolean isThing(int categoryId) {
        return categoryId >= DISC && categoryId <= TRIANGLE;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Interleaved RGB, row-major, 3 bytes per pixel. */
    public byte[] rgb() {
        return rgb;
    }

    /** Instance id per pixel (0 = stuff), row-major. */
    public int[] instanceIds() {
        return instanceIds;
    }

    /** Number of instances (ids 1..n). */
    public int instanceCount() {
        return instanceCategory.length;
    }

    /** The category id of instance {@code id} (1-based). */
    public int instanceCategory(int id) {
        return instanceCategory[id - 1];
    }

    /** Category id per pixel, row-major. */
    public short[] semantic() {
        return semantic;
    }

    /**
     * Renders a scene.
     *
     * @param width   canvas width in pixels (at least 32)
     * @param height  canvas height in pixels (at least 32)
     * @param objects number of things to place before occlusion (1..500)
     * @param seed    the scene is a pure function of (width, height, objects, seed)
     */
    public static SyntheticScene render(int width, int height, int objects, long seed) {
        if (width < 32 || height < 32) throw new IllegalArgumentException("scene must be at least 32x32, got " + width + "x" + height);
        if (objects < 1 || objects > 500) throw new IllegalArgumentException("objects must be in 1..500, got " + objects);
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = width * height;
        byte[] rgb = new byte[n * 3];
        int[] ids = new int[n];
        short[] sem = new short[n];
        // background: sky above a wavy horizon, ground below, both textured
        double horizon = height * (0.45 + 0.15 * rnd.nextDouble());
        double amp = height * 0.04, freq = 2 * Math.PI / (width * (0.3 + 0.4 * rnd.nextDouble()));
        long texSeed = rnd.nextLong();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                boolean ground = y >= horizon + amp * Math.sin(x * freq);
                sem[i] = (short) (ground ? GROUND : SKY);
                int noise = hashNoise(x, y, texSeed);
                int r, g, b;
                if (ground) {
                    int stripe = ((x + 2 * y) / 6) % 2 == 0 ? 12 : -12;
                    r = 120 + stripe + noise;
                    g = 90 + stripe + noise;
                    b = 50 + noise / 2;
                } else {
                    double t = (double) y / height;
                    r = (int) (110 + 60 * t) + noise / 3;
                    g = (int) (170 + 40 * t) + noise / 3;
                    b = 235 + noise / 4;
                }
                put(rgb, i, r, g, b);
            }
        }
        // things: placed in order; every third one is pushed against the previous (touching or overlapping)
        List<int[]> params = new ArrayList<>();
        int minDim = Math.min(width, height);
        double pcx = width / 2.0, pcy = height / 2.0, prad = minDim / 10.0;
        int[] categories = new int[objects];
        for (int k = 0; k < objects; k++) {
            int cat = DISC + rnd.nextInt(3);
            double rad = minDim * (0.04 + 0.08 * rnd.nextDouble());
            double cx, cy;
            if (k > 0 && k % 3 == 0) {
                double ang = rnd.nextDouble() * 2 * Math.PI;
                double dist = (prad + rad) * (0.75 + 0.3 * rnd.nextDouble()); // from overlapping to just touching
                cx = pcx + Math.cos(ang) * dist;
                cy = pcy + Math.sin(ang) * dist;
            } else {
                cx = rad + rnd.nextDouble() * (width - 2 * rad);
                cy = rad + rnd.nextDouble() * (height - 2 * rad);
            }
            double rot = rnd.nextDouble() * Math.PI;
            int base = CATEGORY_COLORS[cat - 1];
            int shade = rnd.nextInt(60) - 30;
            categories[k] = cat;
            paint(rgb, ids, sem, width, height, k + 1, cat, cx, cy, rad, rot, base, shade, texSeed ^ (k * 0x9E3779B97F4A7C15L));
            pcx = cx;
            pcy = cy;
            prad = rad;
        }
        // renumber the visible instances 1..m in paint order
        int[] remap = new int[objects + 1];
        for (int v : ids) if (v > 0) remap[v] = 1;
        int m = 0;
        List<Integer> cats = new ArrayList<>();
        for (int k = 1; k <= objects; k++) {
            if (remap[k] != 0) {
                remap[k] = ++m;
                cats.add(categories[k - 1]);
            }
        }
        for (int i = 0; i < n; i++) ids[i] = remap[ids[i]];
        int[] instCat = cats.stream().mapToInt(Integer::intValue).toArray();
        return new SyntheticScene(width, height, rgb, ids, instCat, sem);
    }

    private static void paint(byte[] rgb, int[] ids, short[] sem, int w, int h, int id, int cat, double cx, double cy,
                              double rad, double rot, int base, int shade, long seed) {
        int x0 = Math.max(0, (int) Math.floor(cx - rad * 1.5)), x1 = Math.min(w - 1, (int) Math.ceil(cx + rad * 1.5));
        int y0 = Math.max(0, (int) Math.floor(cy - rad * 1.5)), y1 = Math.min(h - 1, (int) Math.ceil(cy + rad * 1.5));
        double cos = Math.cos(rot), sin = Math.sin(rot);
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                // pixel centers at (x + 0.5, y + 0.5), in the object's rotated frame
                double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
                double u = dx * cos + dy * sin, v = -dx * sin + dy * cos;
                if (!inside(cat, u, v, rad)) continue;
                int i = y * w + x;
                ids[i] = id;
                sem[i] = (short) cat;
                int noise = hashNoise(x, y, seed) / 2;
                // a soft radial shading makes objects look solid and gives edges a gradient
                int light = (int) (25 * (1 - Math.min(1.0, Math.hypot(u, v) / rad)));
                put(rgb, i, ((base >> 16) & 0xFF) + shade + noise + light, ((base >> 8) & 0xFF) + shade + noise + light,
                        (base & 0xFF) + shade + noise + light);
            }
        }
    }

    private static boolean inside(int cat, double u, double v, double r) {
        switch (cat) {
            case DISC:
                return u * u + v * v <= r * r;
            case SQUARE: {
                double s = r * 0.85;
                return Math.abs(u) <= s && Math.abs(v) <= s;
            }
            default: {
                // equilateral triangle with circumradius r, apex up in the object frame
                double k = Math.sqrt(3);
                return v <= r / 2 && k * u - v <= r && -k * u - v <= r;
            }
        }
    }

    private static int hashNoise(int x, int y, long seed) {
        long z = seed + x * 0x9E3779B97F4A7C15L + y * 0xC2B2AE3D27D4EB4FL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (int) (z & 31) - 16;
    }

    private static void put(byte[] rgb, int i, int r, int g, int b) {
        rgb[3 * i] = (byte) clamp(r);
        rgb[3 * i + 1] = (byte) clamp(g);
        rgb[3 * i + 2] = (byte) clamp(b);
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(255, v);
    }
}
