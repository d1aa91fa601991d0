package org.tessera.classic.binary;

import boofcv.struct.image.GrayU8;
import org.tessera.classic.Checks;

/**
 * Binary-mask operations on row-major 0/1 {@code byte[]} masks (any non-zero byte counts as foreground on
 * input; outputs are 0/1): thresholding, hole filling, small-object removal and morphology (square, diamond and
 * disk elements; O(pixels) for square and disk).
 */
public final class BinaryOps {
    private BinaryOps() {
    }

    /** 1 where {@code (gray & 0xFF) > threshold}, else 0 (skimage's {@code image > t}). */
    public static byte[] above(byte[] gray, double threshold) {
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException("threshold is NaN");
        }
        byte[] m = new byte[gray.length];
        int t = threshold < 0 ? 0 : (int) Math.min(256, Math.floor(threshold) + 1);
        for (int i = 0; i < m.length; i++) {
            m[i] = (gray[i] & 0xFF) >= t ? (byte) 1 : 0;
        }
        return m;
    }

    /** 1 where {@code (gray & 0xFFFF) > threshold}, else 0. */
    public static byte[] above(short[] gray, double threshold) {
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException("threshold is NaN");
        }
        byte[] m = new byte[gray.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = (gray[i] & 0xFFFF) > threshold ? (byte) 1 : 0;
        }
        return m;
    }

    /** 1 where {@code mask == 0}. */
    public static byte[] invert(byte[] mask) {
        byte[] m = new byte[mask.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = mask[i] == 0 ? (byte) 1 : 0;
        }
        return m;
    }

    /**
     * Fills holes: background components (connected with {@code backgroundConnectivity}) that do not touch the
     * image border and have at most {@code maxHoleArea} pixels become foreground. {@code Integer.MAX_VALUE} fills
     * every hole, as {@code scipy.ndimage.binary_fill_holes} (which uses 4-connectivity for the background).
     */
    public static byte[] fillHoles(byte[] mask, int width, int height, Connectivity backgroundConnectivity,
                                   int maxHoleArea) {
        Checks.image("mask", width, height, 1, mask.length);
        if (maxHoleArea < 0) {
            throw new IllegalArgumentException("maxHoleArea must be >= 0, got " + maxHoleArea);
        }
        Labeling bg = ConnectedComponents.label(invert(mask), width, height, backgroundConnectivity);
        int[] l = bg.labels();
        boolean[] border = new boolean[bg.count() + 1];
        for (int x = 0; x < width; x++) {
            border[l[x]] = true;
            border[l[(height - 1) * width + x]] = true;
        }
        for (int y = 0; y < height; y++) {
            border[l[y * width]] = true;
            border[l[y * width + width - 1]] = true;
        }
        int[] a = bg.areas();
        byte[] out = new byte[mask.length];
        for (int i = 0; i < out.length; i++) {
            int id = l[i];
            out[i] = id == 0 || (!border[id] && a[id] <= maxHoleArea) ? (byte) 1 : 0;
        }
        return out;
    }

    /** Removes foreground components smaller than {@code minArea} pixels (skimage {@code remove_small_objects}). */
    public static byte[] removeSmallObjects(byte[] mask, int width, int height, Connectivity connectivity, int minArea) {
        return ConnectedComponents.label(mask, width, height, connectivity)
                .filterByArea(minArea, Integer.MAX_VALUE).foreground();
    }

    /** Structuring element shapes; radius r gives a (2r+1)-wide element. */
    public enum Element {
        /** (2r+1)x(2r+1) square. */
        SQUARE,
        /** Diamond |dx| + |dy| <= r (the 3x3 cross applied r times). */
        DIAMOND,
        /** Euclidean disk dx^2 + dy^2 <= r^2 (skimage {@code disk(r)}). */
        DISK
    }

    /**
     * Erosion by the element of radius {@code radius} (pixels). Pixels outside the image are neutral (they never
     * erode a border pixel), as {@code skimage.morphology.binary_erosion}.
     */
    public static byte[] erode(byte[] mask, int width, int height, Element element, int radius) {
        Checks.image("mask", width, height, 1, mask.length);
        checkRadius(radius);
        return switch (element) {
            case SQUARE -> squareErode(normalized(mask), width, height, radius, true);
            case DIAMOND -> diamond(normalized(mask), width, height, radius, true);
            case DISK -> disk(mask, width, height, radius, true);
        };
    }

    /** Dilation by the element of radius {@code radius} (pixels); outside pixels are background. */
    public static byte[] dilate(byte[] mask, int width, int height, Element element, int radius) {
        Checks.image("mask", width, height, 1, mask.length);
        checkRadius(radius);
        return switch (element) {
            case SQUARE -> squareErode(normalized(mask), width, height, radius, false);
            case DIAMOND -> diamond(normalized(mask), width, height, radius, false);
            case DISK -> disk(mask, width, height, radius, false);
        };
    }

    /** Opening: erosion then dilation (removes foreground parts narrower than the element). */
    public static byte[] open(byte[] mask, int width, int height, Element element, int radius) {
        return dilate(erode(mask, width, height, element, radius), width, height, element, radius);
    }

    /** Closing: dilation then erosion (fills background gaps narrower than the element). */
    public static byte[] close(byte[] mask, int width, int height, Element element, int radius) {
        return erode(dilate(mask, width, height, element, radius), width, height, element, radius);
    }

    private static void checkRadius(int radius) {
        if (radius < 0) {
            throw new IllegalArgumentException("radius must be >= 0, got " + radius);
        }
    }

    private static byte[] normalized(byte[] mask) {
        byte[] m = new byte[mask.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = mask[i] != 0 ? (byte) 1 : 0;
        }
        return m;
    }

    /** Separable square: a pixel survives erosion if no 0 lies in its window (dilation: if any 1 does). */
    private static byte[] squareErode(byte[] m, int w, int h, int r, boolean erode) {
        if (r == 0) {
            return m;
        }
        byte target = erode ? (byte) 0 : (byte) 1; // the value whose presence in the window decides
        byte[] tmp = new byte[m.length];
        int[] pre = new int[Math.max(w, h) + 1];
        for (int y = 0; y < h; y++) {
            int base = y * w;
            for (int x = 0; x < w; x++) {
                pre[x + 1] = pre[x] + (m[base + x] == target ? 1 : 0);
            }
            for (int x = 0; x < w; x++) {
                int a = Math.max(0, x - r), b = Math.min(w, x + r + 1);
                boolean hit = pre[b] - pre[a] > 0;
                tmp[base + x] = (byte) (erode ? (hit ? 0 : 1) : (hit ? 1 : 0));
            }
        }
        byte[] out = new byte[m.length];
        for (int x = 0; x < w; x++) {
            for (int y = 0; y < h; y++) {
                pre[y + 1] = pre[y] + (tmp[y * w + x] == target ? 1 : 0);
            }
            for (int y = 0; y < h; y++) {
                int a = Math.max(0, y - r), b = Math.min(h, y + r + 1);
                boolean hit = pre[b] - pre[a] > 0;
                out[y * w + x] = (byte) (erode ? (hit ? 0 : 1) : (hit ? 1 : 0));
            }
        }
        return out;
    }

    private static byte[] diamond(byte[] m, int w, int h, int r, boolean erode) {
        byte[] cur = m;
        for (int it = 0; it < r; it++) {
            byte[] next = new byte[m.length];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int i = y * w + x;
                    byte v = cur[i];
                    if (erode) {
                        if (v != 0 && ((x > 0 && cur[i - 1] == 0) || (x + 1 < w && cur[i + 1] == 0)
                                || (y > 0 && cur[i - w] == 0) || (y + 1 < h && cur[i + w] == 0))) {
                            v = 0;
                        }
                    } else if (v == 0 && ((x > 0 && cur[i - 1] != 0) || (x + 1 < w && cur[i + 1] != 0)
                            || (y > 0 && cur[i - w] != 0) || (y + 1 < h && cur[i + w] != 0))) {
                        v = 1;
                    }
                    next[i] = v;
                }
            }
            cur = next;
        }
        return cur;
    }

    /** Disk via the exact distance transform: erosion keeps pixels whose nearest 0 is farther than r. */
    private static byte[] disk(byte[] m, int w, int h, int r, boolean erode) {
        double[] d = DistanceTransform.squaredToValue(m, w, h, erode);
        double r2 = (double) r * r;
        byte[] out = new byte[m.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = erode ? (d[i] > r2 ? (byte) 1 : 0) : (d[i] <= r2 ? (byte) 1 : 0);
        }
        return out;
    }

    /** A BoofCV view of a row-major byte array (not copied). */
    public static GrayU8 wrap(byte[] data, int width, int height) {
        Checks.image("image", width, height, 1, data.length);
        GrayU8 g = new GrayU8();
        g.data = data;
        g.width = width;
        g.height = height;
        g.stride = width;
        g.startIndex = 0;
        return g;
    }
}
