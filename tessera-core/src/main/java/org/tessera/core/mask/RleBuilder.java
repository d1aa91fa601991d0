package org.tessera.core.mask;

import java.util.Arrays;

/**
 * Builds an {@link Rle} from pixels pushed one at a time in column-major order, or from whole runs. Used by
 * encoders that walk another layout (row-major images, label maps, cropped bitmaps) without a temporary mask.
 */
public final class RleBuilder {
    private final int height;
    private final int width;
    private int[] counts = new int[16];
    private int m;
    private boolean value;
    private int run;
    private long pushed;

    public RleBuilder(int height, int width) {
        this.height = height;
        this.width = width;
    }

    /** Appends one pixel. */
    public void push(boolean v) {
        if (v != value) {
            flush();
            value = v;
        }
        run++;
        pushed++;
    }

    /** Appends {@code n} pixels of value {@code v}. */
    public void pushRun(boolean v, int n) {
        if (n <= 0) return;
        if (v != value) {
            flush();
            value = v;
        }
        run += n;
        pushed += n;
    }

    private void flush() {
        if (m == counts.length) counts = Arrays.copyOf(counts, m * 2);
        counts[m++] = run;
        run = 0;
    }

    /** Finishes the mask; the remaining pixels up to {@code height * width} are background. */
    public Rle build() {
        long total = (long) height * width;
        if (pushed > total) throw new IllegalStateException("pushed " + pushed + " pixels onto " + total);
        if (total == 0) return Rle.wrap(height, width, new int[0]);
        pushRun(false, (int) (total - pushed));
        flush();
        return Rle.wrap(height, width, Arrays.copyOf(counts, m));
    }
}
