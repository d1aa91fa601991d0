package org.tessera.classic.abst;

import org.tessera.classic.binary.Labeling;
import org.tessera.core.image.Image;
import org.tessera.core.instances.Instances;

/** Finds object instances in an image. */
public interface InstanceSegmenter {
    /**
     * Instance labels: 0 = background, 1..n = instances in raster order of their first pixel.
     *
     * @throws IllegalArgumentException if the image is unsuitable, with a one-line reason
     */
    Labeling label(Image image);

    /** The instances as Tessera {@link Instances} (score 1, the given category, id = label). */
    default Instances segment(Image image, int categoryId) {
        return label(image).toInstances(new int[] {categoryId});
    }
}
