package org.tessera.eval.coco;

import org.tessera.core.instances.Instances;
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

    /**
     * The ground truth of one image from Tessera {@link Instances} (every instance needs a mask for segm / boundary;
     * boxes are used for bbox). Annotation ids are 1..n in instance order, areas are the mask areas (or box areas
     * without masks), and crowd flags come from a boolean attribute {@code iscrowd} when present.
     */
    public static ImageGroundTruth of(long imageId, Instances gt) {
        int n = gt.size();
        long[] ids = new long[n];
        double[] areas = new double[n];
        Rle[] masks = gt.hasMasks() ? new Rle[n] : null;
        boolean[] crowd = new boolean[n];
        Object c = gt.attributeNames().contains("iscrowd") ? gt.attribute("iscrowd") : null;
        for (int k = 0; k < n; k++) {
            ids[k] = k + 1;
            if (masks != null) {
                masks[k] = gt.mask(k).toRle();
                areas[k] = masks[k].area();
            } else {
                areas[k] = gt.box(k)[2] * gt.box(k)[3];
            }
            if (c instanceof boolean[] b) crowd[k] = b[k];
        }
        return new ImageGroundTruth(imageId, gt.height(), gt.width(), ids, gt.categoryIds(), crowd, null, areas, gt.boxes(), masks);
    }
}
