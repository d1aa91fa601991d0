package org.tessera.data;

import java.util.Arrays;

/**
 * One object instance (or, for a crowd, a group) of one image, as in a COCO {@code annotations} entry.
 *
 * @param id           annotation id (unique in its data set; formats without ids number them from 1)
 * @param categoryId   the {@link DatasetCategory#id()}
 * @param iscrowd      COCO's crowd flag (crowd regions match any number of detections and are ignored when missed)
 * @param area         area in pixels as the file gives it (kept verbatim: evaluation uses it for area ranges);
 *                     formats without one use the mask area
 * @param bbox         {@code [x, y, width, height]} in pixels, top-left corner first, as the file gives it, or null
 * @param segmentation the mask, or null for box-only annotations
 * @param score        detection confidence for results files, {@code NaN} for ground truth
 */
public record Annotation(long id, int categoryId, boolean iscrowd, double area, double[] bbox,
                         Segmentation segmentation, double score) {
    public Annotation {
        if (bbox != null && bbox.length != 4) {
            throw new IllegalArgumentException("annotation " + id + ": bbox has " + bbox.length + " values, 4 expected");
        }
    }

    /** A ground-truth annotation (no score). */
    public static Annotation of(long id, int categoryId, boolean iscrowd, double area, double[] bbox, Segmentation seg) {
        return new Annotation(id, categoryId, iscrowd, area, bbox, seg, Double.NaN);
    }

    /** True when this is a detection result (it has a score). */
    public boolean hasScore() {
        return !Double.isNaN(score);
    }

    public Annotation withId(long newId) {
        return new Annotation(newId, categoryId, iscrowd, area, bbox, segmentation, score);
    }

    public Annotation withCategory(int newCategory) {
        return new Annotation(id, newCategory, iscrowd, area, bbox, segmentation, score);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Annotation a && a.id == id && a.categoryId == categoryId && a.iscrowd == iscrowd
                && Double.compare(a.area, area) == 0 && Arrays.equals(a.bbox, bbox)
                && java.util.Objects.equals(a.segmentation, segmentation) && Double.compare(a.score, score) == 0;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id) * 31 + categoryId;
    }

    @Override
    public String toString() {
        return "Annotation[id=" + id + ", category=" + categoryId + ", iscrowd=" + iscrowd + ", area=" + area
                + ", bbox=" + Arrays.toString(bbox) + ", segmentation=" + segmentation
                + (hasScore() ? ", score=" + score : "") + "]";
    }
}
