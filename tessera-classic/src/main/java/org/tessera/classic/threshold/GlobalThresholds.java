package org.tessera.classic.threshold;

/**
 * Global gray-level thresholds, ports of scikit-image 0.19.3 {@code skimage.filters.threshold_*} for integer
 * images, computed on a {@link GrayHistogram} (one bin per integer value in [min, max]). Each method returns
 * the value skimage returns: a bin center (an image value) for the histogram methods, a float for mean and Li.
 * The arithmetic follows skimage's dtypes step by step (float64 for Otsu, triangle, minimum and Li; float32
 * where skimage casts to float32: Yen's pmf, isodata's cumulative counts, multi-Otsu's Cython kernel), so the
 * results are equal, not merely close. Ties go to the first (lowest) bin, like {@code np.argmax}.
 *
 * <p>Convention, as in skimage: foreground is {@code value > threshold}.
 */
public final class GlobalThresholds {
    private GlobalThresholds() {
    }

    /** Otsu's threshold ({@code threshold_otsu}); the image's only value if it has one. */
    public static double otsu(GrayHistogram h) {
        long[] c = h.countsRef();
        int n = c.length, min = h.min();
        if (n == 1) {
            return min;
        }
        double[] w2 = new double[n + 1];
        double[] s2 = new double[n + 1];
        for (int i = n - 1; i >= 0; i--) {
            w2[i] = w2[i + 1] + c[i];
            s2[i] = s2[i + 1] + (double) c[i] * (min + i);
        }
        double w1 = 0, s1 = 0, best = Double.NEGATIVE_INFINITY;
        int arg = 0;
        for (int i = 0; i < n - 1; i++) {
            w1 += c[i];
            s1 += (double) c[i] * (min + i);
            double m1 = s1 / w1;
            double m2 = s2[i + 1] / w2[i + 1];
            double d = m1 - m2;
            double v = w1 * w2[i + 1] * (d * d);
            if (v > best || (Double.isNaN(v) && !Double.isNaN(best))) {
                best = v;
                arg = i;
                if (Double.isNaN(v)) {
                    break;
                }
            }
        }
        return min + arg;
    }

    /** Yen's threshold ({@code threshold_yen}); skimage computes the criterion in float32, and so does this. */
    public static double yen(GrayHistogram h) {
        long[] c = h.countsRef();
        int n = c.length;
        if (n == 1) {
            return h.min();
        }
        float total = (float) h.total();
        float[] pmf = new float[n];
        for (int i = 0; i < n; i++) {
            pmf[i] = (float) c[i] / total;
        }
        float[] p2sq = new float[n];
        float acc = 0f;
        for (int i = n - 1; i >= 0; i--) {
            acc += pmf[i] * pmf[i];
            p2sq[i] = acc;
        }
        float p1 = 0f, p1sq = 0f, best = 0f;
        int arg = -1;
        for (int i = 0; i < n - 1; i++) {
            p1 += pmf[i];
            p1sq += pmf[i] * pmf[i];
            float inv = 1f / (p1sq * p2sq[i + 1]);
            float q = p1 * (1f - p1);
            float crit = (float) Math.log(inv * (q * q));
            if (Float.isNaN(crit)) {
                return h.min() + i; // np.argmax returns the first NaN
            }
            if (arg < 0 || crit > best) {
                best = crit;
                arg = i;
            }
        }
        return h.min() + arg;
    }

    /**
     * ISODATA (Ridler-Calvard) threshold ({@code threshold_isodata}, {@code return_all=False}): the lowest bin
     * t with {@code 0 <= (mean(<= t) + mean(> t)) / 2 - t < 1}.
     *
     * @throws IllegalStateException if no bin satisfies it (skimage raises IndexError)
     */
    public static double isodata(GrayHistogram h) {
        long[] c = h.countsRef();
        int n = c.length, min = h.min();
        if (n == 1) {
            return min;
        }
        float[] csuml = new float[n];
        double[] csumI = new double[n];
        float a = 0f;
        double s = 0;
        for (int i = 0; i < n; i++) {
            float cf = (float) c[i];
            a += cf;
            csuml[i] = a;
            s += (double) cf * (min + i);
            csumI[i] = s;
        }
        float last = csuml[n - 1];
        double lastI = csumI[n - 1];
        for (int i = 0; i < n - 1; i++) {
            double lower = csumI[i] / (double) csuml[i];
            double higher = (lastI - csumI[i]) / (double) (last - csuml[i]);
            double allMean = (lower + higher) / 2.0;
            double dist = allMean - (min + i);
            if (dist >= 0 && dist < 1) {
                return min + i;
            }
        }
        throw new IllegalStateException("isodata: no threshold satisfies t = (mean below + mean above) / 2");
    }

    /** Mean of the pixel values ({@code threshold_mean}). */
    public static double mean(GrayHistogram h) {
        return h.sum() / h.total();
    }

    /**
     * Triangle threshold ({@code threshold_triangle}).
     *
     * @throws IllegalArgumentException if the image has a single value (skimage fails on it too)
     */
    public static double triangle(GrayHistogram h) {
        long[] c = h.countsRef();
        int n = c.length;
        if (n == 1) {
            throw new IllegalArgumentException("triangle threshold needs at least two distinct values, the image has only "
                    + h.min());
        }
        int peak = 0;
        for (int i = 1; i < n; i++) {
            if (c[i] > c[peak]) {
                peak = i;
            }
        }
        long peakHeight = c[peak];
        int low = 0, high = n - 1; // trimmed histogram: both ends non-empty
        boolean flip = peak - low < high - peak;
        if (flip) {
            low = n - high - 1;
            peak = n - peak - 1;
        }
        int width = peak - low;
        double norm = Math.sqrt((double) (peakHeight * peakHeight + (long) width * width));
        double ph = peakHeight / norm;
        double wd = width / norm;
        double best = Double.NEGATIVE_INFINITY;
        int arg = 0;
        for (int x = 0; x < width; x++) {
            int idx = x + low;
            long y = flip ? c[n - 1 - idx] : c[idx];
            double len = ph * x - wd * y;
            if (len > best) {
                best = len;
                arg = x;
            }
        }
        int level = arg + low;
        if (flip) {
            level = n - level - 1;
        }
        return h.min() + level;
    }

    /**
     * Li's iterative minimum cross-entropy threshold ({@code threshold_li}, integer path: tolerance 0.5, initial
     * guess the mean).
     *
     * @throws IllegalStateException if an iteration leaves one class empty
     */
    public static double li(GrayHistogram h) {
        long[] c = h.countsRef();
        int n = c.length, min = h.min();
        if (n == 1) {
            return min;
        }
        double tol = 0.5;
        long shiftedSum = 0;
        for (int i = 0; i < n; i++) {
            shiftedSum += c[i] * i;
        }
        double tNext = (double) shiftedSum / h.total();
        double tCurr = -2 * tol;
        int guard = 0;
        while (Math.abs(tNext - tCurr) > tol) {
            tCurr = tNext;
            double wf = 0, sf = 0, wb = 0, sb = 0;
            for (int i = 0; i < n; i++) {
                if (i > tCurr) {
                    wf += c[i];
                    sf += (double) i * c[i];
                } else {
                    wb += c[i];
                    sb += (double) i * c[i];
                }
            }
            if (wf == 0 || wb == 0) {
                throw new IllegalStateException("Li threshold: an iteration left one class empty at t=" + (tCurr + min));
            }
            double mf = sf / wf, mb = sb / wb;
            tNext = (mb - mf) / (Math.log(mb) - Math.log(mf));
            if (++guard > 100_000) {
                throw new IllegalStateException("Li threshold did not converge");
            }
        }
        return tNext + min;
    }

    /**
     * Minimum method ({@code threshold_minimum}, {@code max_num_iter}=10000): smooth the histogram with a
     * 3-wide running mean (scipy {@code uniform_filter1d}, mode reflect) until it has two maxima, then take
     * the lowest point between them.
     *
     * @throws IllegalStateException "Unable to find two maxima in histogram" like skimage's RuntimeError
     */
    public static double minimum(GrayHistogram h) {
        return minimum(h, 10_000);
    }

    /** {@link #minimum(GrayHistogram)} with an explicit iteration cap. */
    public static double minimum(GrayHistogram h, int maxIter) {
        if (maxIter < 1) {
            throw new IllegalArgumentException("maxIter must be >= 1, got " + maxIter);
        }
        long[] c = h.countsRef();
        int n = c.length;
        double[] cur = new double[n];
        for (int i = 0; i < n; i++) {
            cur[i] = c[i];
        }
        double[] next = new double[n];
        int counter = 0;
        int[] maxima = new int[0];
        for (counter = 0; counter < maxIter; counter++) {
            uniformFilter3(cur, next);
            double[] t = cur;
            cur = next;
            next = t;
            maxima = localMaxima(cur);
            if (maxima.length < 3) {
                break;
            }
        }
        if (maxima.length != 2) {
            throw new IllegalStateException("Unable to find two maxima in histogram");
        }
        if (counter == maxIter - 1) {
            throw new IllegalStateException("Maximum iteration reached for histogram smoothing");
        }
        int arg = maxima[0];
        for (int i = maxima[0] + 1; i <= maxima[1]; i++) {
            if (cur[i] < cur[arg]) {
                arg = i;
            }
        }
        return h.min() + arg;
    }

    /** scipy.ndimage.uniform_filter1d(x, 3, mode='reflect') with scipy's running-sum arithmetic. */
    static void uniformFilter3(double[] x, double[] out) {
        int n = x.length;
        // reflect: x[-1] = x[0], x[n] = x[n-1]
        double tmp = 0.0;
        tmp += x[0];
        tmp += x[0];
        tmp += n > 1 ? x[1] : x[0];
        tmp /= 3.0;
        out[0] = tmp;
        for (int l = 1; l < n; l++) {
            double add = l + 1 < n ? x[l + 1] : x[n - 1];
            double sub = x[l - 2 >= 0 ? l - 2 : 0];
            tmp += (add - sub) / 3.0;
            out[l] = tmp;
        }
    }

    private static int[] localMaxima(double[] h) {
        int[] idx = new int[8];
        int k = 0;
        int direction = 1;
        for (int i = 0; i < h.length - 1; i++) {
            if (direction > 0) {
                if (h[i + 1] < h[i]) {
                    direction = -1;
                    if (k == idx.length) {
                        idx = java.util.Arrays.copyOf(idx, k * 2);
                    }
                    idx[k++] = i;
                }
            } else if (h[i + 1] > h[i]) {
                direction = 1;
            }
        }
        return java.util.Arrays.copyOf(idx, k);
    }

    /**
     * Multi-Otsu thresholds ({@code threshold_multiotsu}): {@code classes - 1} values maximizing the between-class
     * variance, computed in float32 as skimage's Cython kernel (including its quirks: the first moment starts at
     * {@code prob[0]} and the single-class term for the first bin alone is 0). Brute force over all threshold
     * combinations: O(bins^(classes-1)).
     *
     * @throws IllegalArgumentException if classes < 2 or the image has fewer distinct values than classes
     */
    public static double[] multiOtsu(GrayHistogram h, int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("classes must be >= 2, got " + classes);
        }
        long[] c = h.countsRef();
        int n = c.length;
        double total = h.total();
        float[] prob = new float[n];
        int nvalues = 0;
        for (int i = 0; i < n; i++) {
            prob[i] = (float) (c[i] / total);
            if (prob[i] != 0f) {
                nvalues++;
            }
        }
        if (nvalues < classes) {
            throw new IllegalArgumentException("The input image has only " + nvalues
                    + " different values. It cannot be thresholded in " + classes + " classes.");
        }
        double[] out = new double[classes - 1];
        if (nvalues == classes) {
            int k = 0;
            for (int i = 0; i < n && k < out.length; i++) {
                if (prob[i] > 0) {
                    out[k++] = h.min() + i;
                }
            }
            return out;
        }
        float[] zm = new float[n];
        float[] fm = new float[n];
        zm[0] = prob[0];
        fm[0] = prob[0];
        for (int i = 1; i < n; i++) {
            zm[i] = zm[i - 1] + prob[i];
            fm[i] = fm[i - 1] + (float) i * prob[i];
        }
        int tc = classes - 1;
        int[] cur = new int[tc];
        int[] best = new int[tc];
        float[] sigmaMax = {0f};
        // the first and last class terms depend on one threshold each: tabulate them (same float values)
        float[] first = new float[n], last = new float[n];
        for (int t = 0; t < n; t++) {
            first[t] = var(zm, fm, 0, t);
            last[t] = t + 1 <= n - 1 ? var(zm, fm, t + 1, n - 1) : 0f;
        }
        search(zm, fm, first, last, n, 0, 0, tc, cur, best, sigmaMax);
        for (int i = 0; i < tc; i++) {
            out[i] = h.min() + best[i];
        }
        return out;
    }

    /** Between-class term of skimage's LUT, {@code var_btwcls[i, j]}. */
    private static float var(float[] zm, float[] fm, int i, int j) {
        if (i == 0) {
            if (j == 0) {
                return 0f; // never written in skimage's LUT
            }
            float z = zm[j];
            return z > 0 ? (fm[j] * fm[j]) / z : 0f;
        }
        float z = zm[j] - zm[i - 1];
        if (z > 0) {
            float f = fm[j] - fm[i - 1];
            return (f * f) / z;
        }
        return 0f;
    }

    private static void search(float[] zm, float[] fm, float[] first, float[] last, int n, int histIdx,
                               int threshIdx, int tc, int[] cur, int[] best, float[] sigmaMax) {
        if (threshIdx < tc) {
            if (threshIdx == tc - 1) {
                // innermost level inlined: the loop over the last threshold
                for (int idx = histIdx; idx < n - tc + threshIdx; idx++) {
                    cur[threshIdx] = idx;
                    float sigma = first[cur[0]] + last[cur[tc - 1]];
                    for (int k = 0; k < tc - 1; k++) {
                        sigma += var(zm, fm, cur[k] + 1, cur[k + 1]);
                    }
                    if (sigma > sigmaMax[0]) {
                        sigmaMax[0] = sigma;
                        System.arraycopy(cur, 0, best, 0, tc);
                    }
                }
                return;
            }
            for (int idx = histIdx; idx < n - tc + threshIdx; idx++) {
                cur[threshIdx] = idx;
                search(zm, fm, first, last, n, idx + 1, threshIdx + 1, tc, cur, best, sigmaMax);
            }
        }
    }
}
