package org.tessera.data.formats;

import java.util.List;

/**
 * The official Cityscapes label table ({@code cityscapesscripts/helpers/labels.py}): 34 label ids 0..33 plus
 * "license plate" (id -1), with trainIds (255 = ignored in training), categories, instance and evaluation flags and
 * colours.
 */
public final class CityscapesLabels {
    private CityscapesLabels() {}

    /** One row of the table. {@code color} is 0xRRGGBB. */
    public record Label(String name, int id, int trainId, String category, int categoryId, boolean hasInstances,
                        boolean ignoreInEval, int color) {}

    /** The table in labels.py order. */
    public static final List<Label> LABELS = List.of(
            new Label("unlabeled", 0, 255, "void", 0, false, true, 0x000000),
            new Label("ego vehicle", 1, 255, "void", 0, false, true, 0x000000),
            new Label("rectification border", 2, 255, "void", 0, false, true, 0x000000),
            new Label("out of roi", 3, 255, "void", 0, false, true, 0x000000),
            new Label("static", 4, 255, "void", 0, false, true, 0x000000),
            new Label("dynamic", 5, 255, "void", 0, false, true, 0x6f4a00),
            new Label("ground", 6, 255, "void", 0, false, true, 0x510051),
            new Label("road", 7, 0, "flat", 1, false, false, 0x804080),
            new Label("sidewalk", 8, 1, "flat", 1, false, false, 0xf423e8),
            new Label("parking", 9, 255, "flat", 1, false, true, 0xfaaaa0),
            new Label("rail track", 10, 255, "flat", 1, false, true, 0xe6968c),
            new Label("building", 11, 2, "construction", 2, false, false, 0x464646),
            new Label("wall", 12, 3, "construction", 2, false, false, 0x66669c),
            new Label("fence", 13, 4, "construction", 2, false, false, 0xbe9999),
            new Label("guard rail", 14, 255, "construction", 2, false, true, 0xb4a5b4),
            new Label("bridge", 15, 255, "construction", 2, false, true, 0x966464),
            new Label("tunnel", 16, 255, "construction", 2, false, true, 0x96785a),
            new Label("pole", 17, 5, "object", 3, false, false, 0x999999),
            new Label("polegroup", 18, 255, "object", 3, false, true, 0x999999),
            new Label("traffic light", 19, 6, "object", 3, false, false, 0xfaaa1e),
            new Label("traffic sign", 20, 7, "object", 3, false, false, 0xdcdc00),
            new Label("vegetation", 21, 8, "nature", 4, false, false, 0x6b8e23),
            new Label("terrain", 22, 9, "nature", 4, false, false, 0x98fb98),
            new Label("sky", 23, 10, "sky", 5, false, false, 0x4682b4),
            new Label("person", 24, 11, "human", 6, true, false, 0xdc143c),
            new Label("rider", 25, 12, "human", 6, true, false, 0xff0000),
            new Label("car", 26, 13, "vehicle", 7, true, false, 0x00008e),
            new Label("truck", 27, 14, "vehicle", 7, true, false, 0x000046),
            new Label("bus", 28, 15, "vehicle", 7, true, false, 0x003c64),
            new Label("caravan", 29, 255, "vehicle", 7, true, true, 0x00005a),
            new Label("trailer", 30, 255, "vehicle", 7, true, true, 0x00006e),
            new Label("train", 31, 16, "vehicle", 7, true, false, 0x005064),
            new Label("motorcycle", 32, 17, "vehicle", 7, true, false, 0x0000e6),
            new Label("bicycle", 33, 18, "vehicle", 7, true, false, 0x770b20),
            new Label("license plate", -1, -1, "vehicle", 7, false, true, 0x00008e));

    /** The label with this id (0..33 or -1). */
    public static Label byId(int id) {
        if (id >= 0 && id <= 33) return LABELS.get(id);
        if (id == -1) return LABELS.get(34);
        throw new IllegalArgumentException("unknown Cityscapes label id " + id);
    }

    /** Lookup table label id (0..33) → trainId (255 for ignored labels); ids above 33 map to 255. */
    public static int[] idToTrainId() {
        int[] t = new int[256];
        java.util.Arrays.fill(t, 255);
        for (Label l : LABELS) if (l.id() >= 0) t[l.id()] = l.trainId() < 0 ? 255 : l.trainId();
        return t;
    }
}
