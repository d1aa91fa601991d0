package org.tessera.infer;

/**
 * Post-processing parameters (Ultralytics defaults: conf 0.25, iou 0.7, max_det 300, masks at 0.5).
 *
 * @param scoreThreshold keep detections with a score strictly above this
 * @param nmsIou         suppress boxes whose IoU with a better one is strictly above this
 * @param classAgnostic  NMS across classes
 * @param maxDetections  at most this many detections per image
 * @param maskThreshold  mask / foreground probability threshold (pixel is in when strictly above)
 */
record PostSettings(float scoreThreshold, float nmsIou, boolean classAgnostic, int maxDetections, float maskThreshold) {
    /** The mask threshold as a logit: {@code ln(t / (1 - t))}. */
    float maskLogit() {
        return (float) Math.log(maskThreshold / (1.0 - maskThreshold));
    }
}
