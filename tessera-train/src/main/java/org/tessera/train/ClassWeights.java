package org.tessera.train;

/**
 * Class weights against class imbalance.
 */
public final class ClassWeights {
    private ClassWeights() {
    }

    /**
     * Median frequency balancing (D. Eigen, R. Fergus, "Predicting Depth, Surface Normals and Semantic Labels with a
     * Common Multi-Scale Convolutional Architecture", ICCV 2015; used by SegNet on CamVid): {@code freq_c =
     * pixels_c / imagePixels_c}, where {@code imagePixels_c} is the total pixel count of the images in which class c
     * appears, and {@code w_c = median(freq) / freq_c}, the median over classes that appear. Classes that never
     * appear get weight 0.
     *
     * @param classPixels      per class, the labelled pixels of that class (ignored pixels not counted)
     * @param imagePixelsWhereClassPresent per class, the summed size (pixels, ignored included or not, consistently)
     *                         of the images containing the class
     */
    public static float[] medianFrequency(long[] classPixels, long[] imagePixelsWhereClassPresent) {
        int c = classPixels.length;
        if (imagePixelsWhereClassPresent.length != c) throw new IllegalArgumentException("count arrays differ in length");
        double[] freq = new double[c];
        double[] present = new double[c];
        int k = 0;
        for (int i = 0; i < c; i++) {
            if (classPixels[i] < 0 || imagePixelsWhereClassPresent[i] < classPixels[i]) {
                throw new IllegalArgumentException("class " + i + ": " + classPixels[i] + " pixels in images of " + imagePixelsWhereClassPresent[i]);
            }
            if (classPixels[i] > 0) {
                freq[i] = (double) classPixels[i] / imagePixelsWhereClassPresent[i];
                present[k++] = freq[i];
            }
        }
        if (k == 0) throw new IllegalArgumentException("median frequency balancing: no class has any pixel");
        double[] s = java.util.Arrays.copyOf(present, k);
        java.util.Arrays.sort(s);
        double median = k % 2 == 1 ? s[k / 2] : (s[k / 2 - 1] + s[k / 2]) / 2; // numpy.median
        float[] w = new float[c];
        for (int i = 0; i < c; i++) w[i] = classPixels[i] > 0 ? (float) (median / freq[i]) : 0f;
        return w;
    }

    /**
     * Median frequency weights of label maps: counts per class (labels 0..numClasses-1; other values, e.g. the ignore
     * index, are not counted) and the pixel count of each map for the classes it contains.
     */
    public static float[] medianFrequency(Iterable<short[]> labelMaps, int numClasses) {
        long[] px = new long[numClasses], img = new long[numClasses];
        long[] h = new long[numClasses];
        for (short[] m : labelMaps) {
            java.util.Arrays.fill(h, 0);
            for (short v : m) {
                int l = v & 0xFFFF;
                if (l < numClasses) h[l]++;
            }
            for (int c = 0; c < numClasses; c++) {
                if (h[c] > 0) {
                    px[c] += h[c];
                    img[c] += m.length;
                }
            }
        }
        return medianFrequency(px, img);
    }

    /**
     * Median frequency weights over every label map of a training set (read at full size, before any resize).
     *
     * @throws java.io.IOException naming the file when a sample cannot be read or holds a label that is not a class
     */
    public static float[] medianFrequency(SegmentationData data) throws java.io.IOException {
        int c = data.numClasses();
        long[] px = new long[c], img = new long[c], h = new long[c];
        for (int i = 0; i < data.size(); i++) {
            short[] m = data.read(i).labels().data();
            java.util.Arrays.fill(h, 0);
            for (short v : m) {
                int l = v & 0xFFFF;
                if (l < c) h[l]++;
            }
            for (int k = 0; k < c; k++) {
                if (h[k] > 0) {
                    px[k] += h[k];
                    img[k] += m.length;
                }
            }
        }
        return medianFrequency(px, img);
    }
}
