package org.tessera.eval.coco;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import org.tessera.core.mask.Rle;
import java.util.stream.IntStream;

/**
 * Whole-file COCO evaluation: {@code COCO(gt)}, {@code gt.loadRes(results)}, {@code COCOeval(gt, dt, iouType)}
 * with optional parameter changes, {@code evaluate()}, {@code accumulate()}, {@code summarize()} — with the
 * images evaluated in parallel (one {@link CocoEvaluator} per chunk of images, merged).
 */
public final class CocoEval {
    private CocoEval() {}

    /** Reads both files and evaluates with pycocotools' default parameters for {@code iouType}. */
    public static CocoResult evaluate(Path gtFile, Path resultsFile, IouType iouType) throws IOException {
        CocoDetections.Loaded l = CocoDetections.readBoth(gtFile, resultsFile, iouType);
        return evaluate(l.groundTruth(), l.detections(), CocoParams.defaults(iouType));
    }

    /** Evaluates with one worker thread per available processor. */
    public static CocoResult evaluate(CocoDataset gt, CocoDetections dt, CocoParams params) throws CocoFormatException {
        return evaluate(gt, dt, params, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Evaluates the detections against the ground truth. Null {@code catIds} / {@code imgIds} in the parameters mean
     * all categories / images of the ground truth (pycocotools' defaults).
     *
     * @param threads number of worker threads (1 = sequential)
     * @throws CocoFormatException when a segmentation or box needed for this IoU type is missing or malformed
     */
    public static CocoResult evaluate(CocoDataset gt, CocoDetections dt, CocoParams params, int threads) throws CocoFormatException {
        CocoParams p = params;
        if (params.iouType() != IouType.BBOX && !gt.hasSegmentations()) {
            throw new IllegalArgumentException(gt.file() + " was read for bbox evaluation only; read it with CocoDataset.read(file) for "
                    + params.iouType().pycocoName());
        }
        if (p.catIds() == null) p = p.withCatIds(gt.categoryIds());
        if (p.imgIds() == null) p = p.withImgIds(gt.imageIds());
        final CocoParams fp = p;
        // images to evaluate (sorted ids), as ground-truth indices; ids missing from the ground truth have no data
        long[] ids = fp.imgIds();
        int[] imgIdx = new int[ids.length];
        for (int i = 0; i < ids.length; i++) imgIdx[i] = gt.imageIndex(ids[i]);
        Map<Integer, Integer> catPos = new HashMap<>();
        for (int i = 0; i < fp.catIds().length; i++) catPos.put(fp.catIds()[i], i);
        IntPredicate keep = catPos::containsKey;
        boolean withMasks = fp.iouType() != IouType.BBOX;
        boolean withBoxes = fp.iouType() == IouType.BBOX;
        int maxDetLast = fp.maxDets()[fp.maxDets().length - 1];

        int chunk = Math.max(1, Math.min(256, ids.length / Math.max(1, threads * 16)));
        int nChunks = (ids.length + chunk - 1) / chunk;
        java.util.function.IntFunction<CocoEvaluator> work = c -> {
            CocoEvaluator ev = new CocoEvaluator(fp);
            int end = Math.min(ids.length, (c + 1) * chunk);
            for (int j = c * chunk; j < end; j++) {
                int ix = imgIdx[j];
                try {
                    if (ix < 0) {
                        ev.process(ImageGroundTruth.empty(ids[j], 0, 0), null);
                        continue;
                    }
                    int[] gRows = gt.rowsOfImage(ix, keep);
                    ImageGroundTruth g = gt.imageGroundTruth(ix, gRows, false, withBoxes);
                    int[] rows = dt.rowsOfImage(ix);
                    int n = keepTop(rows, dt, catPos, fp.useCats(), maxDetLast);
                    // box results: masks are rasterised on demand, only for (image, category) pairs that have both
                    // ground truths and detections; mask results need their masks for area / box anyway
                    boolean eagerDtMasks = withMasks && !dt.boxResults();
                    ImageDetections d = dt.imageDetections(ids[j], gt.height(ix), gt.width(ix), rows, n, eagerDtMasks, withBoxes);
                    final long imageId = ids[j];
                    final int h = gt.height(ix), w = gt.width(ix);
                    IntFunction<Rle> gm = k -> {
                        try {
                            return gt.mask(gRows[k], ix);
                        } catch (CocoFormatException e) {
                            throw new UncheckedIOException(e);
                        }
                    };
                    IntFunction<Rle> dm = eagerDtMasks ? null : k -> {
                        try {
                            return dt.mask(rows[k], imageId, h, w);
                        } catch (CocoFormatException e) {
                            throw new UncheckedIOException(e);
                        }
                    };
                    ev.process(g, d, withMasks ? gm : null, withMasks ? dm : null);
                } catch (CocoFormatException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return ev;
        };
        CocoEvaluator total;
        try {
            if (threads <= 1 || nChunks <= 1) {
                total = new CocoEvaluator(fp);
                for (int c = 0; c < nChunks; c++) total.merge(work.apply(c));
            } else {
                ForkJoinPool pool = new ForkJoinPool(threads);
                try {
                    total = pool.submit(() -> IntStream.range(0, nChunks).parallel().mapToObj(work)
                            .reduce((a, b) -> {
                                a.merge(b);
                                return a;
                            }).orElseGet(() -> new CocoEvaluator(fp))).join();
                } finally {
                    pool.shutdown();
                }
            }
            if (nChunks == 0) total = new CocoEvaluator(fp);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof CocoFormatException cfe) throw cfe;
            throw e;
        }
        return total.evaluate();
    }

    /**
     * Keeps, per evaluation group (category with useCats, the whole image without), the {@code maxDet} best-scored
     * detections (stable order), compacting {@code rows} in place in file order; returns how many remain. Detections
     * of categories outside catIds are dropped. Those dropped here would be cut by evaluateImg anyway, so their masks
     * are never decoded.
     */
    static int keepTop(int[] rows, CocoDetections dt, Map<Integer, Integer> catPos, boolean useCats, int maxDet) {
        int n = 0;
        for (int r : rows) if (catPos.containsKey(dt.dets.categoryId[r])) rows[n++] = r;
        if (n <= maxDet) return n; // every group fits
        boolean[] kept = new boolean[n];
        // detections grouped by category in catIds order (stable): byCat[count[k] .. count[k+1]) for category k
        int nCat = catPos.size();
        int[] pos = new int[n];
        int[] count = new int[nCat + 1];
        for (int i = 0; i < n; i++) {
            pos[i] = catPos.get(dt.dets.categoryId[rows[i]]);
            count[pos[i] + 1]++;
        }
        for (int k = 0; k < nCat; k++) count[k + 1] += count[k];
        int[] fill = Arrays.copyOf(count, nCat);
        int[] byCat = new int[n];
        for (int i = 0; i < n; i++) byCat[fill[pos[i]]++] = i;
        if (useCats) {
            for (int k = 0; k < nCat; k++) {
                int s = count[k], e = count[k + 1];
                markTop(Arrays.copyOfRange(byCat, s, e), rows, dt, maxDet, kept);
            }
        } else {
            // whole image: concatenation in catIds order, then the stable sort
            markTop(byCat, rows, dt, maxDet, kept);
        }
        int m = 0;
        for (int i = 0; i < n; i++) if (kept[i]) rows[m++] = rows[i];
        return m;
    }

    private static void markTop(int[] local, int[] rows, CocoDetections dt, int maxDet, boolean[] kept) {
        if (local.length <= maxDet) {
            for (int i : local) kept[i] = true;
            return;
        }
        double[] sc = new double[local.length];
        int[] idx = new int[local.length];
        for (int i = 0; i < local.length; i++) {
            sc[i] = dt.dets.score[rows[local[i]]];
            idx[i] = i;
        }
        int[] order = CocoEvaluator.stableSortByScoreDesc(idx, sc);
        for (int i = 0; i < maxDet; i++) kept[local[order[i]]] = true;
    }
}
