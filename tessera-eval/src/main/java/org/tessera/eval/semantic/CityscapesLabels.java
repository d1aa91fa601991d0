package org.tessera.eval.semantic;

import java.util.List;

/**
 * The Cityscapes label table of cityscapesScripts ({@code cityscapesscripts/helpers/labels.py}): 34 labelIds (0..33)
 * plus the license plate (-1), their trainIds (19 evaluated classes 0..18, 255 = not trained), categories,
 * hasInstances and ignoreInEval flags.
 */
public final class CityscapesLabels {
    private CityscapesLabels() {}

    /** One label of the table. */
    public record Label(String name, int id, int trainId, String category, int categoryId, boolean hasInstances,
                        boolean ignoreInEval) {}

    /** The table in cityscapesScripts' order. */
    public static final List<Label> LABELS = List.of(
            new Label("unlabeled", 0, 255, "void", 0, false, true),
            new Label("ego vehicle", 1, 255, "void", 0, false, true),
            new Label("rectification border", 2, 255, "void", 0, false, true),
            new Label("out of roi", 3, 255, "void", 0, false, true),
            new Label("static", 4, 255, "void", 0, false, true),
            new Label("dynamic", 5, 255, "void", 0, false, true),
            new Label("ground", 6, 255, "void", 0, false, true),
            new Label("road", 7, 0, "flat", 1, false, false),
            new Label("sidewalk", 8, 1, "flat", 1, false, false),
            new Label("parking", 9, 255, "flat", 1, false, true),
            new Label("rail track", 10, 255, "flat", 1, false, true),
            new Label("building", 11, 2, "construction", 2, false, false),
            new Label("wall", 12, 3, "construction", 2, false, false),
            new Label("fence", 13, 4, "construction", 2, false, false),
            new Label("guard rail", 14, 255, "construction", 2, false, true),
            new Label("bridge", 15, 255, "construction", 2, false, true),
            new Label("tunnel", 16, 255, "construction", 2, false, true),
            new Label("pole", 17, 5, "object", 3, false, false),
            new Label("polegroup", 18, 255, "object", 3, false, true),
            new Label("traffic light", 19, 6, "object", 3, false, false),
            new Label("traffic sign", 20, 7, "object", 3, false, false),
            new Label("vegetation", 21, 8, "nature", 4, false, false),
            new Label("terrain", 22, 9, "nature", 4, false, false),
            new Label("sky", 23, 10, "sky", 5, false, false),
            new Label("person", 24, 11, "human", 6, true, false),
            new Label("rider", 25, 12, "human", 6, true, false),
            new Label("car", 26, 13, "vehicle", 7, true, false),
            new Label("truck", 27, 14, "vehicle", 7, true, false),
            new Label("bus", 28, 15, "vehicle", 7, true, false),
            new Label("caravan", 29, 255, "vehicle", 7, true, true),
            new Label("trailer", 30, 255, "vehicle", 7, true, true),
            new Label("train", 31, 16, "vehicle", 7, true, false),
            new Label("motorcycle", 32, 17, "vehicle", 7, true, false),
            new Label("bicycle", 33, 18, "vehicle", 7, true, false),
            new Label("license plate", -1, -1, "vehicle", 7, false, true));

    /** Largest labelId (33). */
    public static final int MAX_ID = 33;

    /** The category names in table order: void, flat, construction, object, nature, sky, human, vehicle. */
    public static final List<String> CATEGORIES = List.of("void", "flat", "construction", "object", "nature", "sky", "human", "vehicle");

    /** The 19 evaluated class names, by trainId. */
    public static final List<String> TRAIN_CLASSES = List.of("road", "sidewalk", "building", "wall", "fence", "pole",
            "traffic light", "traffic sign", "vegetation", "terrain", "sky", "person", "rider", "car", "truck", "bus",
            "train", "motorcycle", "bicycle");

    /** The label with this labelId (0..33), or null. */
    public static Label byId(int id) {
        return id >= 0 && id <= MAX_ID ? LABELS.get(id) : null;
    }

    /**
     * trainId to labelId as cityscapesScripts' {@code trainId2label} (the first label of the table with that trainId:
     * 255 -> 0 "unlabeled"); -1 for values that are no trainId.
     */
    public static int trainIdToLabelId(int trainId) {
        for (Label l : LABELS) if (l.trainId() == trainId) return l.id();
        return -1;
    }

    /**
     * cityscapesScripts' {@code avgClassSize}: mean instance size in pixels per class, the iIoU weights' numerator.
     */
    public static double avgClassSize(String name) {
        return switch (name) {
            case "bicycle" -> 4672.3249222261;
            case "caravan" -> 36771.8241758242;
            case "motorcycle" -> 6298.7200839748;
            case "rider" -> 3930.4788056518;
            case "bus" -> 35732.1511111111;
            case "train" -> 67583.7075812274;
            case "car" -> 12794.0202738185;
            case "person" -> 3462.4756337644;
            case "truck" -> 27855.1264367816;
            case "trailer" -> 16926.9763313609;
            default -> throw new IllegalArgumentException("no average instance size for class '" + name + "'");
        };
    }
}
