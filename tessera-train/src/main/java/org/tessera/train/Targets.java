package org.tessera.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Per-pixel training targets of a batch, encoded for the losses: a one-hot tensor {@code (N, C, H, W)} (all zeros
 * at ignored pixels) and a per-pixel weight {@code (N, 1, H, W)} = the class weight of the pixel's label (1 without
 * class weights), 0 at ignored pixels.
 *
 * @param oneHot      float32 {@code (N, C, H, W)}
 * @param pixelWeight float32 {@code (N, 1, H, W)}
 */
public record Targets(NDArray oneHot, NDArray pixelWeight) implements AutoCloseable {

    /**
     * Encodes labels.
     *
     * @param manager      owner of the new arrays
     * @param labels       per image, row-major {@code H x W} unsigned 16-bit labels
     * @param height       rows
     * @param width        columns
     * @param numClasses   C; labels 0..C-1 are classes
     * @param ignoreIndex  this label is ignored (no loss, no gradient); -1 for none
     * @param classWeights one weight per class, or null for all 1
     * @throws IllegalArgumentException if a label is neither a class nor the ignore index
     */
    public static Targets encode(NDManager manager, short[][] labels, int height, int width, int numClasses,
                                 int ignoreIndex, float[] classWeights) {
        if (classWeights != null && classWeights.length != numClasses) {
            throw new IllegalArgumentException("class weights: " + classWeights.length + " values for " + numClasses + " classes");
        }
        int n = labels.length, hw = height * width;
        float[] oh = new float[n * numClasses * hw];
        float[] pw = new float[n * hw];
        for (int b = 0; b < n; b++) {
            short[] l = labels[b];
            if (l.length != hw) throw new IllegalArgumentException("labels of image " + b + ": " + l.length + " values for " + width + "x" + height);
            for (int i = 0; i < hw; i++) {
                int v = l[i] & 0xFFFF;
                if (v == ignoreIndex) continue;
                if (v >= numClasses) {
                    throw new IllegalArgumentException("label " + v + " at (" + (i % width) + ", " + (i / width)
                            + ") of batch image " + b + " is not a class 0.." + (numClasses - 1) + " nor the ignore index " + ignoreIndex);
                }
                oh[(b * numClasses + v) * hw + i] = 1f;
                pw[b * hw + i] = classWeights == null ? 1f : classWeights[v];
            }
        }
        return new Targets(manager.create(oh, new Shape(n, numClasses, height, width)),
                manager.create(pw, new Shape(n, 1, height, width)));
    }

    @Override
    public void close() {
        oneHot.close();
        pixelWeight.close();
    }
}
