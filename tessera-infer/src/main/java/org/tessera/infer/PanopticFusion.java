package org.tessera.infer;

import java.util.Map;
import org.tessera.core.instances.Instances;
import org.tessera.core.label.LabelMap;

/**
 * Fuses the instances of one model (things) with the label map of another (stuff) into a panoptic segmentation —
 * e.g. YOLO-seg objects on TwinLiteNet's drivable area as the stuff category "road". The fusion itself is core's
 * {@link Instances#toPanoptic} (Detectron2's {@code combine_semantic_and_instance_outputs}: instances by decreasing
 * score down to the score threshold, dropped when more than the overlap threshold of their mask is already taken,
 * then stuff labels that keep at least the stuff area limit); this class adds the category mapping: the semantic
 * labels are first mapped to panoptic category ids and labels without a mapping (e.g. background) make no segment.
 */
public final class PanopticFusion {
    private PanopticFusion() {}

    /** Marks pixels whose label has no stuff category. */
    static final int UNMAPPED = 65535;

    /**
     * @param things          instances whose category ids are already panoptic category ids (e.g. COCO ids, as
     *                        {@link Segmenter} gives for COCO-named models)
     * @param stuff           a label map of the same size (class index per pixel)
     * @param stuffCategories label to stuff category id, e.g. {@code {1: 149}} for drivable area = COCO panoptic "road"
     * @param options         thresholds (Detectron2: {@link Instances.PanopticOptions#detectron2()}); its
     *                        {@code isStuffLabel} is replaced by "has a mapping"
     * @throws IllegalArgumentException when the sizes differ or a category id does not fit 0..65534
     */
    public static Instances.PanopticResult fuse(Instances things, LabelMap stuff, Map<Integer, Integer> stuffCategories,
                                                Instances.PanopticOptions options) {
        int[] lut = new int[65536];
        java.util.Arrays.fill(lut, UNMAPPED);
        for (var e : stuffCategories.entrySet()) {
            int cat = e.getValue();
            if (cat < 0 || cat >= UNMAPPED) throw new IllegalArgumentException("stuff category id " + cat + " does not fit 0..65534");
            lut[e.getKey() & 0xFFFF] = cat;
        }
        short[] src = stuff.data();
        short[] mapped = new short[src.length];
        for (int i = 0; i < src.length; i++) mapped[i] = (short) lut[src[i] & 0xFFFF];
        LabelMap m = new LabelMap(stuff.width(), stuff.height(), mapped, UNMAPPED, null);
        Instances.PanopticOptions o = new Instances.PanopticOptions(options.scoreThreshold(), options.overlapThreshold(),
                options.stuffAreaThreshold(), l -> l != UNMAPPED);
        return things.toPanoptic(m, o);
    }
}
