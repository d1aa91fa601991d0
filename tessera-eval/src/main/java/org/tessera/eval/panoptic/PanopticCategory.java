package org.tessera.eval.panoptic;

/**
 * A category of a COCO panoptic data set ({@code categories[]} of the GT JSON).
 *
 * @param id      the category id ({@code category_id} of segments)
 * @param name    its name (may be empty)
 * @param isThing {@code isthing == 1}: counted in "Things", otherwise in "Stuff"
 */
public record PanopticCategory(int id, String name, boolean isThing) {

    /** The categories of a taxonomy (e.g. {@code Taxonomy.cocoPanoptic()}), in its order. */
    public static java.util.List<PanopticCategory> of(org.tessera.core.category.Taxonomy taxonomy) {
        return taxonomy.categories().stream().map(c -> new PanopticCategory(c.id(), c.name(), c.isThing())).toList();
    }
}
