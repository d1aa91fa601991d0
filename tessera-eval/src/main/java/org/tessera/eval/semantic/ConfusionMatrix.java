package org.tessera.eval.semantic;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A square pixel confusion matrix {@code count(gt = g, pred = p)} over {@code n} classes, rows = ground truth,
 * columns = prediction, with 64-bit counts, plus the number of pixels left out (GT equal to the ignore index, GT
 * outside 0..n-1). Mergeable and serializable: partial matrices from other threads or machines are added with
 * {@link #merge}.
 *
 * <p>The accumulation kernel ({@link #add(short[], short[], int, int, int[])}) reads unsigned 16-bit labels, maps GT
 * through a lookup table (so conventions such as ADE20K's reduce-zero-label cost nothing), and counts into an
 * {@code int[]} histogram split in four interleaved copies (consecutive equal pixels do not wait on each other's
 * stores; one copy above 256 classes), flushed into the {@code long[]} matrix before any {@code int} cell could
 * overflow. At most {@link #MAX_CLASSES} classes.
 */
public final class ConfusionMatrix implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Pixels counted in the int histogram before it must be flushed (no cell can exceed this). */
    private static final long FLUSH_AT = Integer.MAX_VALUE - (1L << 20);
    private final long flushAt;
    private final int copies;
    /** Classes above which the int histogram is kept in one copy (memory over store-forwarding). */
    private static final int MANY_CLASSES = 256;
    /** Largest supported class count (the long matrix alone is 128 MB at 4096). */
    public static final int MAX_CLASSES = 4096;

    private final int n;
    private final long[] counts;
    private long ignoredPixels;
    private long outOfRangeGtPixels;

    // int histogram over (n + 2) rows x (n + 1) columns: row n = ignored GT, row n+1 = GT out of range,
    // column n = prediction out of range; `copies` interleaved copies (4, or 1 above MANY_CLASSES classes)
    private transient int[] hist;
    private transient long pending;

    /** An empty n x n matrix (n &ge; 1). */
    public ConfusionMatrix(int n) {
        this(n, FLUSH_AT);
    }

    /** For tests: flushes whenever more than {@code flushAt} pixels are pending. */
    ConfusionMatrix(int n, long flushAt) {
        if (n < 1 || n > MAX_CLASSES) throw new IllegalArgumentException("number of classes must be in 1.." + MAX_CLASSES + ", got " + n);
        this.n = n;
        this.counts = new long[n * n];
        this.flushAt = Math.min(flushAt, FLUSH_AT);
        this.copies = n > MANY_CLASSES ? 1 : 4;
    }

    /** Number of classes. */
    public int size() {
        return n;
    }

    /** Table entry: the pixel is ignored. */
    public static final int IGNORE = -1;
    /** Table entry: the GT label is outside the classes (counted apart, see {@link #outOfRangeGtPixels()}). */
    public static final int OUT_OF_RANGE = -2;

    /** Converts a table of classes / {@link #IGNORE} / {@link #OUT_OF_RANGE} to the kernel's row offsets. */
    int[] rowOffsets(int[] gtTable) {
        int[] r = new int[65536];
        int w = n + 1;
        for (int v = 0; v < 65536; v++) {
            int c = gtTable[v];
            if (c == IGNORE) r[v] = n * w;
            else if (c == OUT_OF_RANGE) r[v] = (n + 1) * w;
            else if (c >= 0 && c < n) r[v] = c * w;
            else throw new IllegalArgumentException("GT table maps " + v + " to " + c + ", not a class of 0.." + (n - 1));
        }
        return r;
    }

    /**
     * Counts pixels {@code from..to-1} of two row-major label arrays (unsigned 16-bit), GT mapped by {@code rowOffsets}
     * (from {@link #rowOffsets}); prediction values &ge; n go to the extra column n.
     *
     * @return the first prediction value outside 0..n-1 found on a non-ignored, in-range GT pixel, or -1 if none
     */
    int add(short[] gt, short[] pred, int from, int to, int[] rowOffsets) {
        int stride = (n + 2) * (n + 1);
        if (hist == null) hist = new int[copies * stride];
        int len = to - from;
        if (pending + len > flushAt) flush();
        int[] h = hist;
        int i = from;
        int end4 = from + (len & ~3);
        int s1 = copies > 1 ? stride : 0, s2 = 2 * s1, s3 = 3 * s1;
        int nn = n;
        for (; i < end4; i += 4) {
            h[rowOffsets[gt[i] & 0xFFFF] + Math.min(pred[i] & 0xFFFF, nn)]++;
            h[s1 + rowOffsets[gt[i + 1] & 0xFFFF] + Math.min(pred[i + 1] & 0xFFFF, nn)]++;
            h[s2 + rowOffsets[gt[i + 2] & 0xFFFF] + Math.min(pred[i + 2] & 0xFFFF, nn)]++;
            h[s3 + rowOffsets[gt[i + 3] & 0xFFFF] + Math.min(pred[i + 3] & 0xFFFF, nn)]++;
        }
        for (; i < to; i++) h[rowOffsets[gt[i] & 0xFFFF] + Math.min(pred[i] & 0xFFFF, nn)]++;
        pending += len;
        // any count in column n on a class row means an invalid prediction value
        int w = n + 1;
        for (int copy = 0; copy < copies; copy++) {
            for (int r = 0; r < n; r++) {
                if (h[copy * stride + r * w + n] != 0) {
                    flush();
                    for (int k = from; k < to; k++) {
                        int ro = rowOffsets[gt[k] & 0xFFFF];
                        if (ro < n * w && (pred[k] & 0xFFFF) >= n) return pred[k] & 0xFFFF;
                    }
                }
            }
        }
        return -1;
    }

    /** Moves the int histogram into the long counts. */
    void flush() {
        if (hist == null || pending == 0) return;
        int stride = (n + 2) * (n + 1), w = n + 1;
        for (int copy = 0; copy < copies; copy++) {
            int base = copy * stride;
            for (int r = 0; r < n; r++) {
                for (int c = 0; c < n; c++) counts[r * n + c] += hist[base + r * w + c];
            }
            for (int c = 0; c <= n; c++) {
                ignoredPixels += hist[base + n * w + c];
                outOfRangeGtPixels += hist[base + (n + 1) * w + c];
            }
        }
        Arrays.fill(hist, 0);
        pending = 0;
    }

    /** Adds another matrix of the same size into this one. */
    public void merge(ConfusionMatrix o) {
        if (o.n != n) throw new IllegalArgumentException("cannot merge a " + o.n + "-class matrix into a " + n + "-class one");
        flush();
        o.flush();
        for (int k = 0; k < counts.length; k++) counts[k] += o.counts[k];
        ignoredPixels += o.ignoredPixels;
        outOfRangeGtPixels += o.outOfRangeGtPixels;
    }

    /** Adds {@code c} to cell (gt, pred). */
    public void add(int gt, int pred, long c) {
        flush();
        counts[gt * n + pred] += c;
    }

    /** Count of cell (gt, pred). */
    public long get(int gt, int pred) {
        flush();
        return counts[gt * n + pred];
    }

    /** The counts, row-major {@code [gt * n + pred]} (a copy). */
    public long[] toArray() {
        flush();
        return counts.clone();
    }

    /** The counts as rows (GT) of columns (prediction). */
    public long[][] toRows() {
        flush();
        long[][] r = new long[n][];
        for (int g = 0; g < n; g++) r[g] = Arrays.copyOfRange(counts, g * n, (g + 1) * n);
        return r;
    }

    /** Pixels whose GT equals the ignore index (or that a convention ignores). */
    public long ignoredPixels() {
        flush();
        return ignoredPixels;
    }

    /** Pixels whose GT is neither a class nor the ignore index (left out, as numpy's {@code gt < C} mask). */
    public long outOfRangeGtPixels() {
        flush();
        return outOfRangeGtPixels;
    }

    /** Empties the matrix. */
    public void clear() {
        Arrays.fill(counts, 0);
        if (hist != null) Arrays.fill(hist, 0);
        pending = 0;
        ignoredPixels = 0;
        outOfRangeGtPixels = 0;
    }

    public ConfusionMatrix copy() {
        ConfusionMatrix c = new ConfusionMatrix(n);
        c.merge(this);
        return c;
    }

    private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
        flush();
        out.defaultWriteObject();
    }
}
