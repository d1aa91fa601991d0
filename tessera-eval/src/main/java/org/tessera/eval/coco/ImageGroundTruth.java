package org.tessera.eval.coco;

import org.tessera.core.mask.Rle;

/**
 * The ground truth of one image, as parallel primitive arrays (one entry per annotation, in annotation-file order).
 * This is what {@link CocoEvaluator#process} consumes; {@link CocoEval} builds it from a {@link CocoDataset}, and
 * callers with in-memory data (e.g. Tessera's instances) build it directly.
 *
 * @param imageId     the image id
 * @param height      image height in pixels
 * @param width       image width in pixels
 * @param ids         annotation ids (a detection matched to a ground truth whose id is 0 counts as unmatched, as
 *                    in pycocotools)
 * @param categoryIds category id per annotation
 * @param iscrowd     crowd flag per annotation (crowd regions are ignored and may match many detections)
 * @param ignore      the annotation's own {@code ignore} flag, or null; pycocotools' segm/bbox evaluation overwrites
 *                    it with {@code iscrowd} (so it has no effect there), boundary-iou-api honours it
 * @param areas       the {@code area} field per annotation (pixels), used for the area ranges
 * @param boxes       {@code [x, y, w, h]} per annotation, packed 4 per annotation (needed for {@link IouType#BBOX};
 *                    may be null otherwise)
 * @param masks       the mask per annotation on the image canvas (needed for segm / boundary; may be null for bbox)
 */
public record ImageGroundTruth(long imageId, int height, int width, long[] ids, int[] categoryIds, boolean[] iscrowd,
                               boolean[] ignore, double[] areas, double[] boxes, Rle[] masks) {
    public ImageGroundTruth {
        int n = ids.length;
        if (categoryIds.length != n || iscrowd.length != n || areas.length != n || (ignore != null && ignore.length != n)
                || (boxes != null && boxes.length != 4 * n) || (masks != null && masks.length != n)) {
            throw new IllegalArgumentException("image " + imageId + ": ground-truth arrays differ in length");
        }
    }

    /** Number of annotations. */
    public int size() {
        return ids.length;
    }

    /** An image without ground truth. */
    public static ImageGroundTruth empty(long imageId, int height, int width) {
        return new ImageGroundTruth(imageId, height, width, new long[0], new int[0], new boolean[0], null,
                new double[0], new double[0], new Rle[0]);
    }
}
