package org.tessera.eval.coco;

import org.tessera.core.instances.Instances;
import org.tessera.core.mask.Rle;

/**
 * The detections of one image, as parallel primitive arrays (one entry per detection, in results-file order: the
 * order breaks score ties exactly as pycocotools' stable mergesort does).
 *
 * @param imageId     the image id
 * @param ids         detection ids, all &gt; 0 (pycocotools' loadRes numbers results 1..N in file order)
 * @param categoryIds category id per detection
 * @param scores      confidence per detection (not NaN)
 * @param areas       area per detection in pixels, used for the area ranges (loadRes: {@code w*h} of the box for
 *                    box results, the mask area for mask-only results)
 * @param boxes       {@code [x, y, w, h]} per detection, packed 4 per detection (needed for bbox; may be null
 *                    otherwise)
 * @param masks       mask per detection on the image canvas (needed for segm / boundary; may be null for bbox)
 */
public record ImageDetections(long imageId, long[] ids, int[] categoryIds, double[] scores, double[] areas,
                              double[] boxes, Rle[] masks) {
    public ImageDetections {
        int n = ids.length;
        if (categoryIds.length != n || scores.length != n || areas.length != n || (boxes != null && boxes.length != 4 * n)
                || (masks != null && masks.length != n)) {
            throw new IllegalArgumentException("image " + imageId + ": detection arrays differ in length");
        }
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(scores[i])) throw new IllegalArgumentException("image " + imageId + ": detection " + ids[i] + " has a NaN score");
            if (ids[i] <= 0) throw new IllegalArgumentException("image " + imageId + ": detection id " + ids[i] + " is not > 0");
        }
    }

    /** Number of detections. */
    public int size() {
        return ids.length;
    }

    /** An image without detections. */
    public static ImageDetections empty(long imageId) {
        return new ImageDetections(imageId, new long[0], new int[0], new double[0], new double[0], new double[0], new Rle[0]);
    }

    /**
     * The detections of one image from Tessera {@link Instances}: ids 1..n in instance order, scores, boxes, and masks
     * (with their areas, as loadRes computes them) when the instances have masks, else box areas.
     */
    public static ImageDetections of(long imageId, Instances dt) {
        int n = dt.size();
        long[] ids = new long[n];
        double[] areas = new double[n];
        Rle[] masks = dt.hasMasks() ? new Rle[n] : null;
        for (int k = 0; k < n; k++) {
            ids[k] = k + 1;
            if (masks != null) {
                masks[k] = dt.mask(k).toRle();
                areas[k] = masks[k].area();
            } else {
                areas[k] = dt.box(k)[2] * dt.box(k)[3];
            }
        }
        return new ImageDetections(imageId, ids, dt.categoryIds(), dt.scores(), areas, dt.boxes(), masks);
    }
}
