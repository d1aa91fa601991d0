package org.tessera.eval.coco;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.tessera.core.mask.Rle;

/**
 * A COCO instances ground-truth file ({@code images}, {@code annotations}, {@code categories}), read with a streaming
 * JSON parser into columnar primitive arrays. Segmentations stay in their file form until an image is evaluated.
 *
 * <p>Semantics follow pycocotools' {@code COCO}: annotations keep file order per image; the {@code area} field (not the
 * mask area) decides the area range; {@code iscrowd} may be a number or boolean (missing = 0); an {@code ignore}
 * field is kept (only boundary-iou-api's evaluation honours it).
 */
public final class CocoDataset {
    private final Path file;
    private final boolean withSegmentations;
    private final long[] imageIds; // file order
    private final int[] heights;
    private final int[] widths;
    private final Map<Long, Integer> imageIndex;
    private final int[] categoryIds; // file order
    private final String[] categoryNames;
    final AnnotationTable anns;
    private int[] byImageStart;
    private int[] byImageOrder;

    private CocoDataset(Path file, long[] imageIds, int[] heights, int[] widths, Map<Long, Integer> imageIndex,
                        int[] categoryIds, String[] categoryNames, AnnotationTable anns, boolean withSegmentations) {
        this.file = file;
        this.withSegmentations = withSegmentations;
        this.imageIds = imageIds;
        this.heights = heights;
        this.widths = widths;
        this.imageIndex = imageIndex;
        this.categoryIds = categoryIds;
        this.categoryNames = categoryNames;
        this.anns = anns;
        int[][] g = anns.groupByImage(imageIds.length);
        this.byImageStart = g[0];
        this.byImageOrder = g[1];
    }

    /**
     * Reads a ground-truth file.
     *
     * @throws CocoFormatException naming the file and item when it is not JSON, not an object, or an item is malformed
     *                             (e.g. an annotation on an image id that is not among the images)
     */
    public static CocoDataset read(Path file) throws IOException {
        return read(file, true);
    }

    /**
     * Reads a ground-truth file for one IoU type: for {@link IouType#BBOX} the segmentations are skipped (not parsed
     * or stored), which makes loading faster; such a dataset (and results read against it) can then only be
     * evaluated with bbox.
     */
    public static CocoDataset read(Path file, IouType forType) throws IOException {
        return read(file, forType != IouType.BBOX);
    }

    private static CocoDataset read(Path file, boolean withSegmentations) throws IOException {
        return CocoJson.parseFile(file, "ground-truth", p -> parse(p, file, withSegmentations));
    }

    private static CocoDataset parse(JsonParser p, Path file, boolean withSeg) throws IOException {
        JsonToken t = p.nextToken();
        if (t != JsonToken.START_OBJECT) {
            throw new CocoFormatException(file + ": a COCO ground-truth file must be a JSON object, found " + CocoJson.describe(p));
        }
        long[] imgIds = new long[256];
        int[] hs = new int[256], ws = new int[256];
        int nImg = 0;
        int[] cats = new int[128];
        String[] catNames = new String[128];
        int nCat = 0;
        AnnotationTable tab = new AnnotationTable();
        boolean sawImages = false, sawAnns = false;
        while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
            String name = p.currentName();
            t = p.nextToken();
            switch (name) {
                case "images" -> {
                    sawImages = true;
                    expectArray(p, file, "images");
                    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                        String item = "image #" + nImg;
                        if (t != JsonToken.START_OBJECT) throw new CocoFormatException(file + ": " + item + " is not an object");
                        long id = Long.MIN_VALUE;
                        int h = -1, w = -1;
                        while (p.nextToken() != JsonToken.END_OBJECT) {
                            String f = p.currentName();
                            p.nextToken();
                            switch (f) {
                                case "id" -> id = CocoJson.integer(p, file, item, "id");
                                case "height" -> h = CocoJson.int32(p, file, item, "height");
                                case "width" -> w = CocoJson.int32(p, file, item, "width");
                                default -> p.skipChildren();
                            }
                        }
                        if (id == Long.MIN_VALUE) throw new CocoFormatException(file + ": " + item + " has no 'id'");
                        if (h < 0 || w < 0) throw new CocoFormatException(file + ": " + item + " (id " + id + ") has no 'height'/'width'");
                        if (nImg == imgIds.length) {
                            imgIds = Arrays.copyOf(imgIds, nImg * 2);
                            hs = Arrays.copyOf(hs, nImg * 2);
                            ws = Arrays.copyOf(ws, nImg * 2);
                        }
                        imgIds[nImg] = id;
                        hs[nImg] = h;
                        ws[nImg] = w;
                        nImg++;
                    }
                }
                case "categories" -> {
                    expectArray(p, file, "categories");
                    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                        String item = "category #" + nCat;
                        if (t != JsonToken.START_OBJECT) throw new CocoFormatException(file + ": " + item + " is not an object");
                        Integer id = null;
                        String nm = "";
                        while (p.nextToken() != JsonToken.END_OBJECT) {
                            String f = p.currentName();
                            p.nextToken();
                            switch (f) {
                                case "id" -> id = CocoJson.int32(p, file, item, "id");
                                case "name" -> nm = p.getValueAsString("");
                                default -> p.skipChildren();
                            }
                        }
                        if (id == null) throw new CocoFormatException(file + ": " + item + " has no 'id'");
                        if (nCat == cats.length) {
                            cats = Arrays.copyOf(cats, nCat * 2);
                            catNames = Arrays.copyOf(catNames, nCat * 2);
                        }
                        cats[nCat] = id;
                        catNames[nCat] = nm;
                        nCat++;
                    }
                }
                case "annotations" -> {
                    sawAnns = true;
                    expectArray(p, file, "annotations");
                    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                        int i = tab.add();
                        readAnnotation(p, tab, i, file, withSeg);
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (!sawImages) throw new CocoFormatException(file + ": ground-truth file has no 'images' list");
        if (!sawAnns) throw new CocoFormatException(file + ": ground-truth file has no 'annotations' list");
        Map<Long, Integer> index = new HashMap<>(nImg * 2);
        for (int i = 0; i < nImg; i++) {
            if (index.put(imgIds[i], i) != null) throw new CocoFormatException(file + ": image id " + imgIds[i] + " appears twice");
        }
        for (int i = 0; i < tab.size; i++) {
            Integer ix = index.get(tab.imageId[i]);
            if (ix == null) {
                throw new CocoFormatException(file + ": annotation #" + i + " (id " + tab.id[i] + ") refers to image_id "
                        + tab.imageId[i] + ", which is not among the images");
            }
            tab.imageIdx[i] = ix;
            CocoJson.checkRleSize(tab, i, hs[ix], ws[ix], file, "annotation #" + i + " (id " + tab.id[i] + ", image_id " + tab.imageId[i] + ")");
        }
        tab.trim();
        return new CocoDataset(file, Arrays.copyOf(imgIds, nImg), Arrays.copyOf(hs, nImg), Arrays.copyOf(ws, nImg), index,
                Arrays.copyOf(cats, nCat), Arrays.copyOf(catNames, nCat), tab, withSeg);
    }

    private static void expectArray(JsonParser p, Path file, String field) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new CocoFormatException(file + ": '" + field + "' is not a list (" + CocoJson.describe(p) + ")");
        }
    }

    private static void readAnnotation(JsonParser p, AnnotationTable tab, int i, Path file, boolean withSeg) throws IOException {
        String item = "annotation #" + i;
        if (p.currentToken() != JsonToken.START_OBJECT) throw new CocoFormatException(file + ": " + item + " is not an object");
        boolean hasId = false, hasImg = false, hasCat = false;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
            String f = p.currentName();
            t = p.nextToken();
            switch (f) {
                case "id" -> {
                    tab.id[i] = CocoJson.integer(p, file, item, "id");
                    hasId = true;
                }
                case "image_id" -> {
                    tab.imageId[i] = CocoJson.integer(p, file, item, "image_id");
                    hasImg = true;
                }
                case "category_id" -> {
                    tab.categoryId[i] = CocoJson.int32(p, file, item, "category_id");
                    hasCat = true;
                }
                case "area" -> {
                    tab.area[i] = CocoJson.number(p, file, item, "area");
                    tab.flags[i] |= AnnotationTable.F_AREA;
                }
                case "iscrowd" -> {
                    if (t != JsonToken.VALUE_NULL && CocoJson.number(p, file, item, "iscrowd") != 0) tab.flags[i] |= AnnotationTable.F_CROWD;
                }
                case "ignore" -> {
                    if (t != JsonToken.VALUE_NULL && CocoJson.number(p, file, item, "ignore") != 0) tab.flags[i] |= AnnotationTable.F_IGNORE;
                }
                case "bbox" -> {
                    if (CocoJson.bbox(p, tab, i, file, item)) tab.flags[i] |= AnnotationTable.F_BBOX;
                }
                case "segmentation" -> {
                    if (withSeg) CocoJson.segmentation(p, tab, i, file, item);
                    else p.skipChildren();
                }
                default -> p.skipChildren();
            }
        }
        if (!hasId) throw new CocoFormatException(file + ": " + item + " has no 'id'");
        item = item + " (id " + tab.id[i] + ")";
        if (!hasImg) throw new CocoFormatException(file + ": " + item + " has no 'image_id'");
        if (!hasCat) throw new CocoFormatException(file + ": " + item + " has no 'category_id'");
        if (!tab.has(i, AnnotationTable.F_AREA)) throw new CocoFormatException(file + ": " + item + " has no 'area' (needed for the area ranges)");
    }

    /** False when read for bbox evaluation only (segmentations skipped). */
    public boolean hasSegmentations() {
        return withSegmentations;
    }

    /** The file this was read from. */
    public Path file() {
        return file;
    }

    /** Image ids in file order. */
    public long[] imageIds() {
        return imageIds.clone();
    }

    /** Category ids in file order (pycocotools' {@code getCatIds()}). */
    public int[] categoryIds() {
        return categoryIds.clone();
    }

    /** Category names in file order. */
    public String[] categoryNames() {
        return categoryNames.clone();
    }

    /** Number of images. */
    public int imageCount() {
        return imageIds.length;
    }

    /** Number of annotations. */
    public int annotationCount() {
        return anns.size;
    }

    /** Index of an image id (file order), or -1. */
    public int imageIndex(long imageId) {
        Integer i = imageIndex.get(imageId);
        return i == null ? -1 : i;
    }

    /** Image height (pixels) of image index i. */
    public int height(int i) {
        return heights[i];
    }

    /** Image width (pixels) of image index i. */
    public int width(int i) {
        return widths[i];
    }

    /** The image id of image index i. */
    public long imageId(int i) {
        return imageIds[i];
    }

    /**
     * The ground truth of image index {@code i} in annotation-file order, restricted to categories accepted by
     * {@code keepCategory}; masks are built only when {@code withMasks}.
     *
     * @throws CocoFormatException when an annotation lacks the box needed by bbox evaluation
     */
    ImageGroundTruth imageGroundTruth(int i, java.util.function.IntPredicate keepCategory, boolean withMasks,
                                      boolean withBoxes) throws CocoFormatException {
        int[] rows = rowsOfImage(i, keepCategory);
        return imageGroundTruth(i, rows, withMasks, withBoxes);
    }

    /** Annotation rows of image index i (file order) whose category is accepted. */
    int[] rowsOfImage(int i, java.util.function.IntPredicate keepCategory) {
        int s = byImageStart[i], e = byImageStart[i + 1];
        int n = 0;
        int[] rows = new int[e - s];
        for (int j = s; j < e; j++) {
            int r = byImageOrder[j];
            if (keepCategory.test(anns.categoryId[r])) rows[n++] = r;
        }
        return n == rows.length ? rows : Arrays.copyOf(rows, n);
    }

    /** The mask of annotation row r on image index i. */
    Rle mask(int r, int i) throws CocoFormatException {
        if (anns.segKind[r] == AnnotationTable.SEG_NONE) {
            throw new CocoFormatException(file + ": annotation #" + r + " (id " + anns.id[r] + ") has no 'segmentation'");
        }
        try {
            return anns.mask(r, heights[i], widths[i]);
        } catch (IllegalArgumentException ex) {
            throw new CocoFormatException(file + ": annotation #" + r + " (id " + anns.id[r] + "): bad segmentation: " + ex.getMessage(), ex);
        }
    }

    ImageGroundTruth imageGroundTruth(int i, int[] rows, boolean withMasks, boolean withBoxes) throws CocoFormatException {
        int n = rows.length;
        long[] ids = new long[n];
        int[] cats = new int[n];
        boolean[] crowd = new boolean[n];
        boolean[] ignore = new boolean[n];
        double[] areas = new double[n];
        double[] boxes = withBoxes ? new double[4 * n] : null;
        Rle[] masks = withMasks ? new Rle[n] : null;
        int h = heights[i], w = widths[i];
        for (int k = 0; k < n; k++) {
            int r = rows[k];
            ids[k] = anns.id[r];
            cats[k] = anns.categoryId[r];
            crowd[k] = anns.has(r, AnnotationTable.F_CROWD);
            ignore[k] = anns.has(r, AnnotationTable.F_IGNORE);
            areas[k] = anns.area[r];
            if (withBoxes) {
                if (!anns.has(r, AnnotationTable.F_BBOX)) {
                    throw new CocoFormatException(file + ": annotation #" + r + " (id " + anns.id[r] + ") has no 'bbox' (needed for bbox evaluation)");
                }
                System.arraycopy(anns.bbox, 4 * r, boxes, 4 * k, 4);
            }
            if (withMasks) masks[k] = mask(r, i);
        }
        return new ImageGroundTruth(imageIds[i], h, w, ids, cats, crowd, ignore, areas, boxes, masks);
    }
}
