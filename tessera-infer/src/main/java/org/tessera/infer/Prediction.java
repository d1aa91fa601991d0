package org.tessera.infer;

import java.util.List;
import java.util.Map;
import org.tessera.core.label.LabelMap;

/**
 * What a model predicted for one image, in the original image's pixel grid ({@code width x height}). Fields that
 * the model's task does not produce are empty or null.
 *
 * @param detections    instance models: objects by decreasing score
 * @param labelMaps     semantic models: one label map per head, in head order (class index per pixel)
 * @param probabilities per head, per class, row-major probabilities {@code p[c][y * width + x]}, only when requested
 *                      ({@link Segmenter.Builder#probabilities(boolean)})
 * @param foreground    foreground models: the mask and, when requested, the alpha matte
 */
public record Prediction(int width, int height, List<Detection> detections, Map<String, LabelMap> labelMaps,
                         Map<String, float[][]> probabilities, Foreground foreground) {
    public Prediction {
        detections = List.copyOf(detections);
        labelMaps = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labelMaps));
        probabilities = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(probabilities));
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
}
