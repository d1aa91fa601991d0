package org.tessera.core.mask;

import java.util.Arrays;

/**
 * Builds an {@link Rle} from pixels pushed one at a time in column-major order ({@code x * height + y}), or from
 * whole runs. Used by encoders that walk another layout (row-major images, label maps, cropped bitmaps) without a
 * temporary mask. Pixels not pushed before {@link #build()} are background. Single use; not thread-safe.
 */
public final class RleBuilder {
    private final int height;
    private final int width;
    private int[] counts = new int[16];
    private int m;
    private boolean value;
    private int run;
    private long pushed;
    private boolean built;

    /**
     * A builder for an {@code height x width} canvas.
     *
     * @throws IllegalArgumentException for a negative size or more than {@code 2^31 - 1} pixels
     */
    public RleBuilder(int height, int width) {
        if (height < 0 || width < 0 || (long) height * width > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("bad canvas size " + height + "x" + width);
        }
        this.height = height;
        this.width = width;
    }

    /** Appends one pixel (the next in column-major order). */
    public void push(boolean v) {
        if (built) throw new IllegalStateException("RleBuilder already built");
        if (v != value) {
            flush();
            value = v;
        }
        run++;
        pushed++;
    }

    /** Appends {@code n} pixels of value {@code v}; {@code n <= 0} appends nothing. */
    public void pushRun(boolean v, int n) {
        if (n <= 0) return;
        if (built) throw new IllegalStateException("RleBuilder already built");
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
        if (built) throw new IllegalStateException("RleBuilder already built");
        long total = (long) height * width;
        if (pushed > total) {
            throw new IllegalStateException("pushed " + pushed + " pixels onto a " + height + "x" + width + " canvas of " + total);
        }
        if (total == 0) {
            built = true;
            return Rle.wrap(height, width, new int[0]);
        }
        pushRun(false, (int) (total - pushed));
        flush();
        built = true;
        return Rle.wrap(height, width, Arrays.copyOf(counts, m));
    }
}
