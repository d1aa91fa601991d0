package org.tessera.eval.coco;

/** What is compared between a detection and a ground truth. */
public enum IouType {
    /** Mask IoU on COCO RLEs (pycocotools {@code iouType='segm'}). */
    SEGM,
    /** Box IoU on {@code [x, y, w, h]} boxes (pycocotools {@code iouType='bbox'}). */
    BBOX,
    /**
     * Boundary IoU (Cheng et al., CVPR 2021) as boundary-iou-api's {@code iouType='boundary'}: min(mask IoU,
     * boundary IoU) against non-crowd ground truths, mask IoU against crowd ones.
     */
    BOUNDARY;

    /** The name pycocotools uses ({@code segm}, {@code bbox}, {@code boundary}). */
    public String pycocoName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses {@code segm}, {@code bbox} or {@code boundary} (case-insensitive). */
    public static IouType parse(String s) {
        for (IouType t : values()) if (t.pycocoName().equalsIgnoreCase(s)) return t;
        throw new IllegalArgumentException("unknown iouType '" + s + "' (expected segm, bbox or boundary)");
    }
}
