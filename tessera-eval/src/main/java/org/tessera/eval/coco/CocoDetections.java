package org.tessera.eval.coco;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.tessera.core.mask.Rle;

/**
 * A COCO results file (a JSON list of {@code {image_id, category_id, score, bbox?, segmentation?}}) read with a
 * streaming parser into columnar arrays (no object per detection; RLE strings kept as bytes, decoded per image during
 * evaluation).
 *
 * <p>Semantics of pycocotools' {@code COCO.loadRes}: results are numbered 1..N in file order; the FIRST result decides
 * the branch for all of them: if it has a non-empty {@code bbox}, every result's area is {@code w*h} of its box and a
 * result without segmentation gets the polygon of its box; otherwise every result's area is its mask area and a
 * missing box is the mask's bounding box ({@code toBbox}). Unlike pycocotools, polygon and uncompressed-RLE results
 * are also accepted in the mask branch.
 *
 * <p>Errors (each a {@link CocoFormatException} naming the file and the result): not JSON, not a list, an empty list,
 * a result whose image id is not in the ground truth (pycocotools: "Results do not correspond to current coco set"),
 * an unknown category id (pycocotools silently drops those), an RLE whose size differs from its image, a missing
 * score, a result lacking the field its branch needs.
 */
public final class CocoDetections {
    private final Path file;
    final AnnotationTable dets;
    final boolean bboxBranch;
    private final int[] byImageStart;
    private final int[] byImageOrder;

    private CocoDetections(Path file, AnnotationTable dets, boolean bboxBranch, int nImages) {
        this.file = file;
        this.dets = dets;
        this.bboxBranch = bboxBranch;
        int[][] g = dets.groupByImage(nImages);
        this.byImageStart = g[0];
        this.byImageOrder = g[1];
    }

    /** Reads a results file against its ground truth. */
    public static CocoDetections read(Path file, CocoDataset gt) throws IOException {
        return resolve(parse(file, gt.hasSegmentations()), file, gt);
    }

    /**
     * Reads a ground-truth file and a results file concurrently (two threads), then checks the results against the
     * ground truth; for {@link IouType#BBOX} segmentations are skipped as in {@link CocoDataset#read(Path, IouType)}.
     *
     * @return the dataset and the detections
     */
    public static Loaded readBoth(Path gtFile, Path resultsFile, IouType forType) throws IOException {
        boolean withSeg = forType != IouType.BBOX;
        java.util.concurrent.CompletableFuture<AnnotationTable> res = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return parse(resultsFile, withSeg);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, r -> {
            Thread th = new Thread(r, "coco-results-reader");
            th.setDaemon(true);
            th.start();
        });
        CocoDataset gt = CocoDataset.read(gtFile, forType);
        AnnotationTable tab;
        try {
            tab = res.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof java.io.UncheckedIOException u) throw u.getCause();
            throw e;
        }
        return new Loaded(gt, resolve(tab, resultsFile, gt));
    }

    /** A ground truth and its detections. */
    public record Loaded(CocoDataset groundTruth, CocoDetections detections) {}

    private static AnnotationTable parse(Path file, boolean withSeg) throws IOException {
        return CocoJson.parseFile(file, "results", p -> parse(p, file, withSeg));
    }

    private static AnnotationTable parse(JsonParser p, Path file, boolean withSeg) throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) throw new CocoFormatException(file + ": results file is empty (no JSON at all)");
        if (t != JsonToken.START_ARRAY) {
            throw new CocoFormatException(file + ": results must be a JSON list of objects, found " + CocoJson.describe(p));
        }
        AnnotationTable tab = new AnnotationTable();
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) throw new CocoFormatException(file + ": unexpected end of input after result #" + tab.size);
            int i = tab.add();
            String item = "result #" + i;
            if (t != JsonToken.START_OBJECT) throw new CocoFormatException(file + ": " + item + " is not an object (" + CocoJson.describe(p) + ")");
            boolean hasImg = false, hasCat = false;
            while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
                String f = p.currentName();
                t = p.nextToken();
                switch (f) {
                    case "image_id" -> {
                        tab.imageId[i] = CocoJson.integer(p, file, item, "image_id");
                        hasImg = true;
                    }
                    case "category_id" -> {
                        tab.categoryId[i] = CocoJson.int32(p, file, item, "category_id");
                        hasCat = true;
                    }
                    case "score" -> {
                        tab.score[i] = CocoJson.number(p, file, item, "score");
                        if (Double.isNaN(tab.score[i])) throw new CocoFormatException(file + ": " + item + ": score is NaN");
                        tab.flags[i] |= AnnotationTable.F_SCORE;
                    }
                    case "bbox" -> {
                        if (t == JsonToken.VALUE_NULL) throw new CocoFormatException(file + ": " + item + ": 'bbox' is null");
                        if (CocoJson.bbox(p, tab, i, file, item)) tab.flags[i] |= AnnotationTable.F_BBOX;
                        else if (i > 0) throw new CocoFormatException(file + ": " + item + ": 'bbox' is empty");
                        // result #0 with "bbox": [] selects loadRes' mask branch, as in pycocotools
                    }
                    case "segmentation" -> {
                        // a ground truth read for bbox only: box results never need their masks
                        if (withSeg || !tab.has(0, AnnotationTable.F_BBOX)) CocoJson.segmentation(p, tab, i, file, item);
                        else p.skipChildren();
                    }
                    default -> p.skipChildren();
                }
            }
            if (!hasImg) throw new CocoFormatException(file + ": " + item + " has no 'image_id'");
            item = item + " (image_id " + tab.imageId[i] + ")";
            if (!hasCat) throw new CocoFormatException(file + ": " + item + " has no 'category_id'");
            if (!tab.has(i, AnnotationTable.F_SCORE)) throw new CocoFormatException(file + ": " + item + " has no 'score'");
        }
        if (tab.size == 0) throw new CocoFormatException(file + ": results file is empty (the list has no results)");
        boolean bboxBranch = tab.has(0, AnnotationTable.F_BBOX);
        for (int i = 0; i < tab.size; i++) {
            String item = "result #" + i + " (image_id " + tab.imageId[i] + ")";
            if (bboxBranch) {
                if (!tab.has(i, AnnotationTable.F_BBOX)) {
                    throw new CocoFormatException(file + ": " + item + " has no 'bbox', but result #0 has one, so all results are read as box results");
                }
                tab.area[i] = tab.bbox[4 * i + 2] * tab.bbox[4 * i + 3];
            } else if (tab.segKind[i] == AnnotationTable.SEG_NONE) {
                throw new CocoFormatException(file + ": " + item + (i == 0 ? " has neither a 'bbox' nor a 'segmentation'"
                        : " has no 'segmentation', but result #0 has no 'bbox', so all results are read as mask results"));
            }
        }
        tab.trim();
        return tab;
    }

    /** Checks parsed results against the ground truth (image ids, categories, RLE sizes) and indexes them. */
    private static CocoDetections resolve(AnnotationTable tab, Path file, CocoDataset gt) throws CocoFormatException {
        Set<Integer> cats = new HashSet<>();
        for (int c : gt.categoryIds()) cats.add(c);
        for (int i = 0; i < tab.size; i++) {
            String item = "result #" + i + " (image_id " + tab.imageId[i] + ")";
            int ix = gt.imageIndex(tab.imageId[i]);
            if (ix < 0) {
                throw new CocoFormatException(file + ": " + item + ": image_id " + tab.imageId[i] + " is not in the ground truth "
                        + gt.file().getFileName() + " (results do not correspond to the ground-truth set)");
            }
            tab.imageIdx[i] = ix;
            if (!cats.contains(tab.categoryId[i])) {
                throw new CocoFormatException(file + ": " + item + ": category_id " + tab.categoryId[i] + " is not a category of the ground truth "
                        + gt.file().getFileName());
            }
            CocoJson.checkRleSize(tab, i, gt.height(ix), gt.width(ix), file, item);
        }
        return new CocoDetections(file, tab, tab.has(0, AnnotationTable.F_BBOX), gt.imageCount());
    }

    /** The file this was read from. */
    public Path file() {
        return file;
    }

    /** Number of results. */
    public int size() {
        return dets.size;
    }

    /** Whether loadRes' box branch applies (the first result has a box). */
    public boolean boxResults() {
        return bboxBranch;
    }

    /** Rows of ground-truth image index i, in file order. */
    int[] rowsOfImage(int i) {
        return java.util.Arrays.copyOfRange(byImageOrder, byImageStart[i], byImageStart[i + 1]);
    }

    /** The mask of result row r on an h x w image. */
    Rle mask(int r, long imageId, int h, int w) throws CocoFormatException {
        try {
            return dets.mask(r, h, w);
        } catch (IllegalArgumentException ex) {
            throw new CocoFormatException(file + ": result #" + r + " (image_id " + imageId + "): bad segmentation: " + ex.getMessage(), ex);
        }
    }

    /**
     * The detections of the given rows (file order kept), with masks built when {@code withMasks} or when loadRes'
     * mask branch needs the mask for area / box.
     */
    ImageDetections imageDetections(long imageId, int h, int w, int[] rows, int n, boolean withMasks, boolean withBoxes)
            throws CocoFormatException {
        long[] ids = new long[n];
        int[] cats = new int[n];
        double[] scores = new double[n];
        double[] areas = new double[n];
        double[] boxes = withBoxes ? new double[4 * n] : null;
        Rle[] masks = withMasks ? new Rle[n] : null;
        for (int k = 0; k < n; k++) {
            int r = rows[k];
            ids[k] = r + 1L;
            cats[k] = dets.categoryId[r];
            scores[k] = dets.score[r];
            boolean needMask = withMasks || !bboxBranch;
            Rle m = null;
            if (needMask) {
                m = mask(r, imageId, h, w);
                if (withMasks) masks[k] = m;
            }
            areas[k] = bboxBranch ? dets.area[r] : m.area();
            if (withBoxes) {
                if (dets.has(r, AnnotationTable.F_BBOX)) System.arraycopy(dets.bbox, 4 * r, boxes, 4 * k, 4);
                else m.toBbox(boxes, 4 * k);
            }
        }
        return new ImageDetections(imageId, ids, cats, scores, areas, boxes, masks);
    }
}
