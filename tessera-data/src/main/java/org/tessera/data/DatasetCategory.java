package org.tessera.data;

/**
 * One class of a data set as its files declare it.
 *
 * @param id            the id used in the files (COCO {@code category_id}, a label-map value, a YOLO index ...)
 * @param name          display name
 * @param supercategory COCO supercategory, or "" when the format has none
 * @param isThing       true for countable classes (COCO panoptic {@code isthing}; true for plain instance sets)
 * @param color         0xRRGGBB display / palette colour, or -1 when the format gives none
 */
public record DatasetCategory(int id, String name, String supercategory, boolean isThing, int color) {
    public DatasetCategory {
        if (name == null) throw new IllegalArgumentException("category " + id + " has no name");
        if (supercategory == null) supercategory = "";
    }

    /** A thing category without supercategory or colour. */
    public static DatasetCategory of(int id, String name) {
        return new DatasetCategory(id, name, "", true, -1);
    }
}
