package org.tessera.core.category;

import java.util.Objects;

/**
 * One class of a label set.
 *
 * @param id            the id stored in annotations and label maps (e.g. COCO's 1..90, Cityscapes' labelId)
 * @param name          the official name, exactly as the data set spells it
 * @param isThing       a countable object class that has instances (COCO "isthing", Cityscapes "hasInstances")
 * @param color         display color packed {@code 0xRRGGBB}
 * @param supercategory the parent group (COCO supercategory, Cityscapes category), or "" when the set has none
 */
public record Category(int id, String name, boolean isThing, int color, String supercategory) {
    public Category {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(supercategory, "supercategory");
        if ((color & 0xFF000000) != 0) {
            throw new IllegalArgumentException("color of category " + id + " '" + name + "' is not 0xRRGGBB: 0x" + Integer.toHexString(color));
        }
    }

    /** Red component 0..255. */
    public int red() {
        return (color >> 16) & 0xFF;
    }

    /** Green component 0..255. */
    public int green() {
        return (color >> 8) & 0xFF;
    }

    /** Blue component 0..255. */
    public int blue() {
        return color & 0xFF;
    }
}
