package org.tessera.infer;

import org.tessera.core.image.FloatMap;
import org.tessera.core.mask.Mask;

/**
 * A foreground prediction at the original image size.
 *
 * @param mask  pixels whose foreground probability is strictly above the mask threshold
 * @param alpha the foreground probability per pixel in [0, 1] (one channel), or null unless probabilities were
 *              requested ({@link Segmenter.Builder#probabilities(boolean)})
 */
public record Foreground(int width, int height, Mask mask, FloatMap alpha) {}
