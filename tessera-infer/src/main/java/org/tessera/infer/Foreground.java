package org.tessera.infer;

import org.tessera.core.mask.Rle;

/**
 * A foreground prediction at the original image size.
 *
 * @param mask  pixels whose foreground probability is strictly above the mask threshold (COCO RLE)
 * @param alpha the foreground probability per pixel, row-major {@code alpha[y * width + x]} in [0, 1], or null
 *              unless probabilities were requested
 */
public record Foreground(int width, int height, Rle mask, float[] alpha) {}
