package org.tessera.eval.panoptic;

/**
 * A category of a COCO panoptic data set ({@code categories[]} of the GT JSON).
 *
 * @param id      the category id ({@code category_id} of segments)
 * @param name    its name (may be empty)
 * @param isThing {@code isthing == 1}: counted in "Things", otherwise in "Stuff"
 */
public record PanopticCategory(int id, String name, boolean isThing) {}
