package org.tessera.core.image;

import java.util.Arrays;
import org.tessera.core.label.LabelMap;

/**
 * A stack of float planes, e.g. per-class logits or probabilities of a segmentation model: {@code channels x
 * height x width}, planar (CHW, as an NCHW model output without N): value of channel c at (x, y) is at index
 * {@code (c * height + y) * width + x}. The array is wrapped, not copied.
 */
public final class FloatMap {
    private final int channels;
    private final int width;
    private final int height;
    private final float[] data;

    public FloatMap(int channels, int width, int height, float[] data) {
        if (channels < 1 || width < 0 || height < 0 || (long) channels * width * height != data.length) {
            throw new IllegalArgumentException("float array of " + data.length + " values does not fit " + channels + "x" + height + "x" + width + " (CHW)");
        }
        this.channels = channels;
        this.width = width;
        this.height = height;
        this.data = data;
    }

    /** A zero-filled map. */
    public static FloatMap zeros(int channels, int width, int height) {
        return new FloatMap(channels, width, height, new float[Math.multiplyExact(Math.multiplyExact(channels, width), height)]);
    }

    public int channels() {
        return channels;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The backing CHW array. */
    public float[] data() {
        return data;
    }

    public float get(int c, int x, int y) {
        return data[(c * height + y) * width + x];
    }

    public void set(int c, int x, int y, float v) {
        data[(c * height + y) * width + x] = v;
    }

    /** Offset of channel c's plane in {@link #data()}. */
    public int planeOffset(int c) {
        return c * width * height;
    }

    /**
     * The channel with the largest value per pixel, as a label map (the first channel wins ties, as
     * {@code numpy.argmax} / {@code torch.argmax}); like them, a NaN counts as the maximum (the first NaN wins).
     * At most 65536 channels.
     */
    public LabelMap argmax() {
        if (channels > 65536) throw new IllegalStateException("argmax of " + channels + " channels does not fit 16-bit labels");
        int n = width * height;
        short[] out = new short[n];
        float[] best = Arrays.copyOf(data, n);
        for (int c = 1; c < channels; c++) {
            int off = c * n;
            for (int i = 0; i < n; i++) {
                float v = data[off + i];
                if (!Float.isNaN(best[i]) && (v > best[i] || Float.isNaN(v))) {
                    best[i] = v;
                    out[i] = (short) c;
                }
            }
        }
        return new LabelMap(width, height, out, LabelMap.DEFAULT_IGNORE, null);
    }

    /** A deep copy. */
    public FloatMap copy() {
        return new FloatMap(channels, width, height, data.clone());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FloatMap f && f.channels == channels && f.width == width && f.height == height && Arrays.equals(f.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * channels + width) + height) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "FloatMap[" + channels + "x" + height + "x" + width + "]";
    }
}
