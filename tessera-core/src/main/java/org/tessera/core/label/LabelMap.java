package org.tessera.core.label;

import java.util.Arrays;
import java.util.Objects;

/**
 * A semantic segmentation: one class id per pixel, row-major ({@code labels[y * width + x]}), stored as unsigned
 * 16-bit values (0..65535) in a {@code short[]}; read them with {@code labels[i] & 0xFFFF}. The {@code ignoreIndex}
 * marks pixels that take part in no metric (255 by default, Pascal VOC's border and Cityscapes' trainId void).
 */
public final class LabelMap {
    /** The default ignore index, 255. */
    public static final int DEFAULT_IGNORE = 255;

    private final int width;
    private final int height;
    private final short[] labels;
    private final int ignoreIndex;
    private final Palette palette;

    /**
     * Wraps a row-major label array (not copied).
     *
     * @param palette colors for display and palette PNGs, or null
     */
    public LabelMap(int width, int height, short[] labels, int ignoreIndex, Palette palette) {
        if (width < 0 || height < 0 || (long) width * height != labels.length) {
            throw new IllegalArgumentException("label array of " + labels.length + " values does not fit " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.labels = labels;
        this.ignoreIndex = ignoreIndex;
        this.palette = palette;
    }

    /** An all-{@code fill} map. */
    public static LabelMap filled(int width, int height, int fill) {
        short[] a = new short[Math.multiplyExact(width, height)];
        Arrays.fill(a, (short) fill);
        return new LabelMap(width, height, a, DEFAULT_IGNORE, null);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The class id at column x, row y. */
    public int get(int x, int y) {
        return labels[y * width + x] & 0xFFFF;
    }

    public void set(int x, int y, int label) {
        labels[y * width + x] = (short) label;
    }

    /** The backing row-major array (unsigned 16-bit values); writes go through to this map. */
    public short[] data() {
        return labels;
    }

    public int ignoreIndex() {
        return ignoreIndex;
    }

    /** The palette, or null. */
    public Palette palette() {
        return palette;
    }

    public LabelMap withPalette(Palette p) {
        return new LabelMap(width, height, labels, ignoreIndex, p);
    }

    public LabelMap withIgnoreIndex(int ignore) {
        return new LabelMap(width, height, labels, ignore, palette);
    }

    /** Pixel count per class id, indexed by id, of length max id + 1. */
    public long[] histogram() {
        int max = 0;
        for (short s : labels) max = Math.max(max, s & 0xFFFF);
        long[] h = new long[max + 1];
        for (short s : labels) h[s & 0xFFFF]++;
        return h;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelMap l && l.width == width && l.height == height && l.ignoreIndex == ignoreIndex
                && Arrays.equals(l.labels, labels) && Objects.equals(l.palette, palette);
    }

    @Override
    public int hashCode() {
        return Objects.hash(width, height, ignoreIndex, Arrays.hashCode(labels));
    }
}
