package org.tessera.classic.binary;

import java.util.Arrays;
import org.tessera.core.instances.Instances;
import org.tessera.core.label.LabelMap;
import org.tessera.core.mask.Mask;

/**
 * An instance labeling: {@code labels[y * width + x]} is 0 for background or the instance id 1..count. Ids are
 * consecutive. {@link #areas()} is indexed by id (index 0 = background pixel count).
 */
public final class Labeling {
    private final int width;
    private final int height;
    private final int[] labels;
    private final int count;
    private int[] areas;

    /**
     * Wraps a label array (not copied).
     *
     * @throws IllegalArgumentException if sizes disagree or a label is outside 0..count
     */
    public Labeling(int width, int height, int[] labels, int count) {
        if (width <= 0 || height <= 0 || (long) width * height != labels.length) {
            throw new IllegalArgumentException("labeling " + width + "x" + height + " does not match " + labels.length
                    + " labels");
        }
        if (count < 0) {
            throw new IllegalArgumentException("negative label count " + count);
        }
        this.width = width;
        this.height = height;
        this.labels = labels;
        this.count = count;
    }

    /** Relabels an arbitrary non-negative id map to consecutive ids 1..n in raster order of first appearance. */
    public static Labeling fromIds(int width, int height, int[] ids) {
        int max = 0;
        for (int i = 0; i < ids.length; i++) {
            int v = ids[i];
            if (v < 0) {
                throw new IllegalArgumentException("negative id " + v + " at pixel " + i);
            }
            max = Math.max(max, v);
        }
        int[] map = new int[max + 1];
        int[] out = new int[ids.length];
        int n = 0;
        for (int i = 0; i < ids.length; i++) {
            int v = ids[i];
            if (v != 0) {
                int m = map[v];
                if (m == 0) {
                    m = ++n;
                    map[v] = m;
                }
                out[i] = m;
            }
        }
        return new Labeling(width, height, out, n);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Number of instances (the largest id). */
    public int count() {
        return count;
    }

    /** The backing row-major label array. */
    public int[] labels() {
        return labels;
    }

    /** Pixel count per id, index 0 = background; computed once. */
    public int[] areas() {
        if (areas == null) {
            int[] a = new int[count + 1];
            for (int v : labels) {
                a[v]++;
            }
            areas = a;
        }
        return areas;
    }

    /**
     * Keeps the instances whose area is in {@code [minArea, maxArea]} (pixels) and renumbers them consecutively,
     * keeping their order.
     */
    public Labeling filterByArea(int minArea, int maxArea) {
        if (minArea < 0 || maxArea < minArea) {
            throw new IllegalArgumentException("area range [" + minArea + ", " + maxArea + "] is invalid");
        }
        int[] a = areas();
        int[] map = new int[count + 1];
        int n = 0;
        for (int id = 1; id <= count; id++) {
            map[id] = a[id] >= minArea && a[id] <= maxArea ? ++n : 0;
        }
        int[] out = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = map[labels[i]];
        }
        return new Labeling(width, height, out, n);
    }

    /** The foreground (label != 0) as a 0/1 mask. */
    public byte[] foreground() {
        byte[] m = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            m[i] = labels[i] != 0 ? (byte) 1 : 0;
        }
        return m;
    }

    /**
     * As a Tessera {@link LabelMap} of instance ids (no ignore index: -1 is not used, so ignoreIndex is set to
     * 65535 only if fewer ids exist).
     *
     * @throws IllegalStateException if there are more than 65534 instances (LabelMap holds 16-bit ids)
     */
    public LabelMap toLabelMap() {
        if (count > 65534) {
            throw new IllegalStateException("too many instances for a 16-bit LabelMap: " + count + " > 65534");
        }
        short[] s = new short[labels.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) labels[i];
        }
        return new LabelMap(width, height, s, 65535, null);
    }

    /**
     * As Tessera {@link Instances}: instance k (1..count) becomes entry k-1 with a mask cropped to its box, score 1,
     * id k and a category from {@code categoryIds}.
     *
     * @param categoryIds per-instance categories indexed by id (length count + 1, index 0 unused), or a single
     *                    element array giving every instance the same category
     */
    public Instances toInstances(int[] categoryIds) {
        if (categoryIds.length != 1 && categoryIds.length != count + 1) {
            throw new IllegalArgumentException("categoryIds must have 1 or " + (count + 1) + " entries, got "
                    + categoryIds.length);
        }
        int[] minX = new int[count + 1], minY = new int[count + 1], maxX = new int[count + 1], maxY = new int[count + 1];
        Arrays.fill(minX, Integer.MAX_VALUE);
        Arrays.fill(minY, Integer.MAX_VALUE);
        Arrays.fill(maxX, -1);
        Arrays.fill(maxY, -1);
        for (int y = 0, i = 0; y < height; y++) {
            for (int x = 0; x < width; x++, i++) {
                int v = labels[i];
                if (v == 0) {
                    continue;
                }
                if (x < minX[v]) {
                    minX[v] = x;
                }
                if (x > maxX[v]) {
                    maxX[v] = x;
                }
                if (y < minY[v]) {
                    minY[v] = y;
                }
                maxY[v] = y;
            }
        }
        Instances.Builder b = Instances.builder(height, width);
        long[] ids = new long[count];
        for (int v = 1; v <= count; v++) {
            int cat = categoryIds.length == 1 ? categoryIds[0] : categoryIds[v];
            if (maxX[v] < 0) {
                b.add(Mask.empty(height, width), new double[] {0, 0, 0, 0}, cat, 1.0);
            } else {
                int bw = maxX[v] - minX[v] + 1, bh = maxY[v] - minY[v] + 1;
                byte[] bits = new byte[bw * bh];
                for (int r = 0; r < bh; r++) {
                    int src = (minY[v] + r) * width + minX[v], dst = r * bw;
                    for (int c = 0; c < bw; c++) {
                        if (labels[src + c] == v) {
                            bits[dst + c] = 1;
                        }
                    }
                }
                b.add(Mask.fromBitmap(bits, minX[v], minY[v], bw, bh, height, width), cat, 1.0);
            }
            ids[v - 1] = v;
        }
        return b.ids(ids).build();
    }

    /** Reads instance ids from a LabelMap (0 = background), renumbered consecutively in raster order. */
    public static Labeling fromLabelMap(LabelMap m) {
        short[] s = m.data();
        int[] ids = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            ids[i] = s[i] & 0xFFFF;
        }
        return fromIds(m.width(), m.height(), ids);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Labeling l && l.width == width && l.height == height && l.count == count
                && Arrays.equals(l.labels, labels);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(labels) * 31 + count;
    }

    @Override
    public String toString() {
        return "Labeling[" + width + "x" + height + ", " + count + " instances]";
    }
}
