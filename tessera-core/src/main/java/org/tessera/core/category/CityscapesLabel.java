package org.tessera.core.category;

import java.util.List;

/**
 * One row of the official Cityscapes label table ({@code cityscapesscripts/helpers/labels.py}), all 35 rows kept in
 * their order, including "license plate" with id -1 and trainId -1.
 *
 * @param name         label name, e.g. "traffic light"
 * @param id           the labelId stored in {@code *_labelIds.png} (and, times 1000 plus an index, in instanceIds)
 * @param trainId      the suggested training id (0..18, 255 = ignored, -1 for license plate)
 * @param category     the category name, e.g. "vehicle"
 * @param categoryId   the category id 0..7
 * @param hasInstances whether instances of this label are annotated individually
 * @param ignoreInEval whether pixels of this label are ignored by the evaluation
 * @param color        display color {@code 0xRRGGBB}
 */
public record CityscapesLabel(String name, int id, int trainId, String category, int categoryId, boolean hasInstances,
        boolean ignoreInEval, int color) {

    private static final class Table {
        static final List<CityscapesLabel> ALL = Taxonomy.readRows("cityscapes_labels.tsv", 8).stream()
                .map(f -> new CityscapesLabel(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), f[3], Integer.parseInt(f[4]),
                        f[5].equals("1"), f[6].equals("1"), Integer.parseInt(f[7], 16)))
                .toList();
    }

    /** All 35 labels in the order of {@code labels.py}. */
    public static List<CityscapesLabel> all() {
        return Table.ALL;
    }

    /** The label with this labelId. @throws IllegalArgumentException when there is none */
    public static CityscapesLabel byId(int id) {
        for (CityscapesLabel l : Table.ALL) if (l.id == id) return l;
        throw new IllegalArgumentException("no Cityscapes label has id " + id);
    }

    /**
     * A 256-entry lookup table labelId → trainId as cityscapesScripts' preparation scripts apply it (255 for ids with
     * no training class and for ids not in the table).
     */
    public static int[] idToTrainId() {
        int[] lut = new int[256];
        java.util.Arrays.fill(lut, 255);
        for (CityscapesLabel l : Table.ALL) if (l.id >= 0 && l.trainId >= 0) lut[l.id] = l.trainId;
        return lut;
    }

    /** As a {@link Category}: id, name, isThing = hasInstances, color, supercategory = category. */
    public Category toCategory() {
        return new Category(id, name, hasInstances, color, category);
    }
}
