package org.tessera.classic.threshold;

import java.util.Arrays;
import org.tessera.core.image.Image;

/**
 * Histogram of an integer gray image with one bin per integer value in {@code [min, max]} of the image, the way
 * scikit-image 0.19 bins integer images ({@code exposure.histogram(..., source_range='image')}, which uses
 * {@code np.bincount}; its {@code nbins} is ignored for integer input). Bin {@code i} holds the count of value
 * {@code min + i}; its "bin center" is that value. The first and last bins are never empty.
 *
 * <p>8-bit samples are read unsigned (0..255) and 16-bit samples unsigned (0..65535).
 */
public final class GrayHistogram {
    private final int min;
    private final long[] counts;
    private final long total;
    private final double sum;

    private GrayHistogram(int min, long[] counts) {
        this.min = min;
        this.counts = counts;
        long t = 0;
        double s = 0;
        for (int i = 0; i < counts.length; i++) {
            t += counts[i];
            s += (double) counts[i] * (min + i);
        }
        this.total = t;
        this.sum = s;
    }

    /**
     * Histogram of unsigned 8-bit samples.
     *
     * @throws IllegalArgumentException if {@code pixels} is empty
     */
    public static GrayHistogram ofU8(byte[] pixels) {
        if (pixels.length == 0) {
            throw new IllegalArgumentException("empty image: a histogram needs at least one pixel");
        }
        long[] c = new long[256];
        int[] c0 = new int[256], c1 = new int[256];
        int n = pixels.length, i = 0;
        for (; i + 1 < n; i += 2) {
            c0[pixels[i] & 0xFF]++;
            c1[pixels[i + 1] & 0xFF]++;
        }
        if (i < n) {
            c0[pixels[i] & 0xFF]++;
        }
        for (int v = 0; v < 256; v++) {
            c[v] = (long) c0[v] + c1[v];
        }
        return trimmed(c);
    }

    /**
     * Histogram of unsigned 16-bit samples (one bin per integer value between the image's min and max).
     *
     * @throws IllegalArgumentException if {@code pixels} is empty
     */
    public static GrayHistogram ofU16(short[] pixels) {
        if (pixels.length == 0) {
            throw new IllegalArgumentException("empty image: a histogram needs at least one pixel");
        }
        long[] c = new long[65536];
        for (short p : pixels) {
            c[p & 0xFFFF]++;
        }
        return trimmed(c);
    }

    /**
     * Histogram of an image: 1-channel images as they are, others through {@link Image#toGray()} (PIL's luma,
     * alpha dropped); 8- or 16-bit.
     */
    public static GrayHistogram of(Image image) {
        Image g = image.toGray();
        return g.is16Bit() ? ofU16(g.shorts()) : ofU8(g.bytes());
    }

    /**
     * Histogram from counts indexed by value ({@code counts[v]} = number of pixels of value v); leading and
     * trailing empty bins are trimmed as scikit-image does.
     *
     * @throws IllegalArgumentException if all counts are zero or one is negative
     */
    public static GrayHistogram ofCounts(long[] countsByValue) {
        for (long v : countsByValue) {
            if (v < 0) {
                throw new IllegalArgumentException("negative histogram count " + v);
            }
        }
        return trimmed(countsByValue);
    }

    private static GrayHistogram trimmed(long[] c) {
        int lo = 0, hi = c.length - 1;
        while (lo < c.length && c[lo] == 0) {
            lo++;
        }
        if (lo == c.length) {
            throw new IllegalArgumentException("empty histogram: all counts are zero");
        }
        while (c[hi] == 0) {
            hi--;
        }
        return new GrayHistogram(lo, Arrays.copyOfRange(c, lo, hi + 1));
    }

    /** The smallest value present (the value of bin 0). */
    public int min() {
        return min;
    }

    /** The largest value present. */
    public int max() {
        return min + counts.length - 1;
    }

    /** Number of bins, {@code max - min + 1}. */
    public int bins() {
        return counts.length;
    }

    /** Count of bin i (value {@code min + i}). */
    public long count(int i) {
        return counts[i];
    }

    /** A copy of the counts, bin 0 = value {@link #min()}. */
    public long[] counts() {
        return counts.clone();
    }

    long[] countsRef() {
        return counts;
    }

    /** Number of pixels. */
    public long total() {
        return total;
    }

    /** Sum of all pixel values (exact below 2^53). */
    public double sum() {
        return sum;
    }

    /** Number of distinct values (non-empty bins). */
    public int distinctValues() {
        int n = 0;
        for (long v : counts) {
            if (v != 0) {
                n++;
            }
        }
        return n;
    }
}
