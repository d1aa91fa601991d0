package org.tessera.infer;

import org.tessera.core.mask.Rle;

/**
 * One detected object, in original image coordinates: the decoders' output, turned into
 * {@link org.tessera.core.instances.Instances} by {@link Segmenter}.
 *
 * @param x1        left edge of the box, in pixels (continuous coordinates: pixel i covers [i, i+1))
 * @param y1        top edge
 * @param x2        right edge (exclusive, {@code x2 - x1} is the width)
 * @param y2        bottom edge
 * @param score     confidence in [0, 1]
 * @param classId   0-based class index of the model
 * @param className the class name, or {@code "class<N>"} when the model names none
 * @param mask      the object's mask on the full image canvas (COCO RLE, column-major), never outside the box
 */
record Detection(double x1, double y1, double x2, double y2, float score, int classId, String className, Rle mask) {
    /** The box as COCO {@code [x, y, w, h]}. */
    double[] xywh() {
        return new double[] {x1, y1, x2 - x1, y2 - y1};
    }
}
