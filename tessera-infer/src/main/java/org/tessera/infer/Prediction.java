package org.tessera.infer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tessera.core.image.FloatMap;
import org.tessera.core.instances.Instances;
import org.tessera.core.label.LabelMap;
import org.tessera.core.panoptic.PanopticMap;

/**
 * What a model predicted for one image, in the original image's pixel grid ({@code width x height}). Fields that
 * the model's task does not produce are empty (instances, maps) or null (foreground, panoptic). A bottom-up model
 * ({@link ModelSpec.Family#BOTTOM_UP}) fills the instances, the label map {@code "semantic"} and the panoptic map.
 *
 * @param instances     instance models: objects by decreasing score; box {@code [x, y, w, h]} in pixels, category
 *                      id (the model's class index, or the taxonomy id, see {@link Segmenter}), score, mask;
 *                      attributes {@code "class_index"} (int[]) and {@code "class_name"} (String[])
 * @param labelMaps     semantic models: one label map per head, in head order (class index per pixel)
 * @param probabilities per head: per-class probabilities (CHW {@link FloatMap}), only when requested
 *                      ({@link Segmenter.Builder#probabilities(boolean)})
 * @param foreground    foreground models: the mask and, when requested, the alpha matte
 * @param panoptic      bottom-up models: the panoptic segmentation (thing segments from the instances, then stuff
 *                      classes; category id = the instance's category id, for stuff the class's); null otherwise
 */
public record Prediction(int width, int height, Instances instances, Map<String, LabelMap> labelMaps,
                         Map<String, FloatMap> probabilities, Foreground foreground, PanopticMap panoptic) {
    public Prediction {
        labelMaps = Collections.unmodifiableMap(new LinkedHashMap<>(labelMaps));
        probabilities = Collections.unmodifiableMap(new LinkedHashMap<>(probabilities));
    }

    /** A prediction without a panoptic map. */
    public Prediction(int width, int height, Instances instances, Map<String, LabelMap> labelMaps,
                      Map<String, FloatMap> probabilities, Foreground foreground) {
        this(width, height, instances, labelMaps, probabilities, foreground, null);
    }

    /** The first (or only) head's label map, or null for a model without semantic heads. */
    public LabelMap labelMap() {
        return labelMaps.isEmpty() ? null : labelMaps.values().iterator().next();
    }

    /** The label map of the named head. */
    public LabelMap labelMap(String head) {
        LabelMap m = labelMaps.get(head);
        if (m == null) throw new IllegalArgumentException("no head '" + head + "' (heads: " + labelMaps.keySet() + ")");
        return m;
    }

    /** The class name of instance i (attribute {@code "class_name"}). */
    public String className(int i) {
        return ((String[]) instances.attribute("class_name"))[i];
    }
}
