package org.tessera.eval.panoptic;

/**
 * What one image pair contributes, indexed by the evaluator's category index (position in its category list).
 * {@code matchCategory[k]} / {@code matchIou[k]} list the matched (TP) pairs in panopticapi's order (ascending GT id,
 * then prediction id), so that summing them in image order reproduces panopticapi's float sums bit for bit.
 *
 * @param imageId       the image id (as text)
 * @param tp            true positives per category index
 * @param fp            false positives per category index
 * @param fn            false negatives per category index
 * @param matchCategory category index of each match
 * @param matchIou      IoU of each match (&gt; 0.5)
 */
public record PanopticImageResult(String imageId, int[] tp, int[] fp, int[] fn, int[] matchCategory, double[] matchIou) {}
