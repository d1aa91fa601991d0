package org.tessera.eval.coco;

/** The few numpy operations whose exact floating-point results the COCO reference depends on. */
final class NumpyCompat {
    private NumpyCompat() {}

    /**
     * {@code np.linspace(start, stop, num)} bit for bit (numpy 1.x/2.x: {@code i * ((stop - start) / (num - 1)) +
     * start}, the last value set to {@code stop}).
     */
    static double[] linspace(double start, double stop, int num) {
        double[] y = new double[num];
        if (num == 1) {
            y[0] = start;
            return y;
        }
        double step = (stop - start) / (num - 1);
        for (int i = 0; i < num; i++) y[i] = i * step + start;
        y[num - 1] = stop;
        return y;
    }

    /** numpy's pairwise summation ({@code pairwise_sum_DOUBLE}, blocks of 128, 8-way unrolled). */
    static double pairwiseSum(double[] a, int off, int n) {
        if (n < 8) {
            double res = 0.;
            for (int i = 0; i < n; i++) res += a[off + i];
            return res;
        } else if (n <= 128) {
            double r0 = a[off], r1 = a[off + 1], r2 = a[off + 2], r3 = a[off + 3];
            double r4 = a[off + 4], r5 = a[off + 5], r6 = a[off + 6], r7 = a[off + 7];
            int i;
            for (i = 8; i < n - (n % 8); i += 8) {
                r0 += a[off + i];
                r1 += a[off + i + 1];
                r2 += a[off + i + 2];
                r3 += a[off + i + 3];
                r4 += a[off + i + 4];
                r5 += a[off + i + 5];
                r6 += a[off + i + 6];
                r7 += a[off + i + 7];
            }
            double res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++) res += a[off + i];
            return res;
        } else {
            int n2 = n / 2;
            n2 -= n2 % 8;
            return pairwiseSum(a, off, n2) + pairwiseSum(a, off + n2, n - n2);
        }
    }

    /** numpy's ufunc buffer size: reductions see the data in blocks of this many elements. */
    static final int BUFSIZE = 8192;

    /**
     * {@code np.sum} of a 1-D float64 array as numpy 1.24 (the reference goldens' version) computes it: pairwise
     * within blocks of {@link #BUFSIZE} elements, the block sums added in order. (numpy 2.x sums a contiguous array
     * in one pairwise pass; the two can differ in the last bit.)
     */
    static double sum(double[] a, int n) {
        double res = 0;
        for (int off = 0; off < n; off += BUFSIZE) res += pairwiseSum(a, off, Math.min(BUFSIZE, n - off));
        return res;
    }

    /** {@code np.mean} of a 1-D float64 array ({@link #sum} divided by the count); NaN for an empty array. */
    static double mean(double[] a, int n) {
        return sum(a, n) / n;
    }
}
