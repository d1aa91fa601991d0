package org.tessera.classic.abst;

import org.tessera.core.image.Image;
import org.tessera.core.label.LabelMap;

/**
 * Partitions an image into regions: a {@link LabelMap} of region ids (0-based or class-like ids, documented by
 * each implementation) with the image's width and height.
 */
public interface RegionSegmenter {
    /**
     * Segments one image.
     *
     * @throws IllegalArgumentException if the image is unsuitable (e.g. 16-bit where 8-bit is required), with
     *                                  a one-line reason
     */
    LabelMap segment(Image image);
}
