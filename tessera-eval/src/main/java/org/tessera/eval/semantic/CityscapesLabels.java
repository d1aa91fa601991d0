package org.tessera.eval.semantic;

import java.util.List;
import org.tessera.core.category.CityscapesLabel;

/**
 * What the Cityscapes evaluation needs beyond the label table ({@link CityscapesLabel}, cityscapesScripts'
 * {@code labels.py}): lookups by labelId, the category order, the 19 trainId class names, trainId to labelId, and
 * cityscapesScripts' average instance sizes (iIoU weights).
 */
public final class CityscapesLabels {
    private CityscapesLabels() {}

    /** Largest labelId (33). */
    public static final int MAX_ID = 33;

    /** The category names in table order (void, flat, construction, object, nature, sky, human, vehicle). */
    public static final List<String> CATEGORIES = CityscapesLabel.all().stream().map(CityscapesLabel::category).distinct().toList();

    /** The 19 evaluated class names, by trainId (the first label of the table with each trainId 0..18). */
    public static final List<String> TRAIN_CLASSES = java.util.stream.IntStream.range(0, 19)
            .mapToObj(t -> CityscapesLabel.all().stream().filter(l -> l.trainId() == t).findFirst().orElseThrow().name())
            .toList();

    private static final CityscapesLabel[] BY_ID = new CityscapesLabel[MAX_ID + 1];

    static {
        for (CityscapesLabel l : CityscapesLabel.all()) if (l.id() >= 0 && l.id() <= MAX_ID && BY_ID[l.id()] == null) BY_ID[l.id()] = l;
    }

    /** The label with this labelId (0..33), or null. */
    public static CityscapesLabel byId(int id) {
        return id >= 0 && id <= MAX_ID ? BY_ID[id] : null;
    }

    /**
     * trainId to labelId as cityscapesScripts' {@code trainId2label} (the first label of the table with that trainId:
     * 255 -> 0 "unlabeled"); -1 for values that are no trainId.
     */
    public static int trainIdToLabelId(int trainId) {
        for (CityscapesLabel l : CityscapesLabel.all()) if (l.trainId() == trainId) return l.id();
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
