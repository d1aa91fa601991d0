package org.tessera.eval.coco;

import java.util.Arrays;
import org.tessera.core.mask.Rle;

/**
 * Columnar storage of annotations or detections: primitive arrays per field and segmentations kept in their
 * compact file form (compressed RLE strings as ASCII bytes, uncompressed counts as ints, polygons as doubles), turned
 * into {@link Rle}s only when an image is evaluated. No object per annotation.
 */
final class AnnotationTable {
    static final byte SEG_NONE = 0, SEG_POLY = 1, SEG_RLE_STRING = 2, SEG_RLE_COUNTS = 3;
    static final byte F_CROWD = 1, F_IGNORE = 2, F_BBOX = 4, F_AREA = 8, F_SCORE = 16;

    int size;
    long[] id = new long[1024];
    long[] imageId = new long[1024];
    int[] imageIdx = new int[1024];
    int[] categoryId = new int[1024];
    double[] score = new double[1024];
    double[] area = new double[1024];
    double[] bbox = new double[4096];
    byte[] flags = new byte[1024];
    byte[] segKind = new byte[1024];
    int[] segH = new int[1024];
    int[] segW = new int[1024];
    long[] segOff = new long[1024];
    int[] segLen = new int[1024];

    // payloads
    byte[] chars = new byte[1 << 16];
    long charsLen;
    int[] ints = new int[1024];
    long intsLen;
    double[] doubles = new double[1 << 14];
    long doublesLen;

    /** Starts a new row; returns its index. */
    int add() {
        if (size == id.length) grow();
        int i = size++;
        flags[i] = 0;
        segKind[i] = SEG_NONE;
        return i;
    }

    private void grow() {
        resizeRows(id.length * 2);
    }

    /** Sets every row column to capacity {@code n} (n >= size). */
    private void resizeRows(int n) {
        id = Arrays.copyOf(id, n);
        imageId = Arrays.copyOf(imageId, n);
        imageIdx = Arrays.copyOf(imageIdx, n);
        categoryId = Arrays.copyOf(categoryId, n);
        score = Arrays.copyOf(score, n);
        area = Arrays.copyOf(area, n);
        bbox = Arrays.copyOf(bbox, 4 * n);
        flags = Arrays.copyOf(flags, n);
        segKind = Arrays.copyOf(segKind, n);
        segH = Arrays.copyOf(segH, n);
        segW = Arrays.copyOf(segW, n);
        segOff = Arrays.copyOf(segOff, n);
        segLen = Arrays.copyOf(segLen, n);
    }

    void pushChars(char[] src, int off, int len) {
        if (charsLen + len > chars.length) {
            long want = Math.max(chars.length * 2L, charsLen + len);
            if (want > Integer.MAX_VALUE - 16) throw new IllegalStateException("segmentation strings exceed 2 GiB");
            chars = Arrays.copyOf(chars, (int) want);
        }
        int p = (int) charsLen;
        for (int i = 0; i < len; i++) chars[p + i] = (byte) src[off + i];
        charsLen += len;
    }

    void pushInt(int v) {
        if (intsLen == ints.length) ints = Arrays.copyOf(ints, ints.length * 2);
        ints[(int) intsLen++] = v;
    }

    void pushDouble(double v) {
        if (doublesLen == doubles.length) doubles = Arrays.copyOf(doubles, doubles.length * 2);
        doubles[(int) doublesLen++] = v;
    }

    boolean has(int i, byte flag) {
        return (flags[i] & flag) != 0;
    }

    /** Releases unused capacity. */
    void trim() {
        resizeRows(Math.max(size, 1));
        chars = Arrays.copyOf(chars, (int) charsLen);
        ints = Arrays.copyOf(ints, (int) intsLen);
        doubles = Arrays.copyOf(doubles, (int) doublesLen);
    }

    /**
     * The mask of row i on an {@code h x w} image, as pycocotools' {@code annToRLE}: polygons rasterised with
     * {@code frPyObjects} and merged (a first polygon of exactly 4 numbers makes frPyObjects read the list as boxes),
     * uncompressed counts with {@code frUncompressedRLE}, compressed strings decoded.
     */
    Rle mask(int i, int h, int w) {
        switch (segKind[i]) {
            case SEG_POLY -> {
                int o = (int) segOff[i];
                int np = (int) doubles[o];
                int c = o + 1 + np;
                boolean boxes = ((int) doubles[o + 1]) == 4;
                Rle[] parts = new Rle[np];
                for (int k = 0; k < np; k++) {
                    int len = (int) doubles[o + 1 + k];
                    double[] xy = Arrays.copyOfRange(doubles, c, c + len);
                    c += len;
                    parts[k] = boxes ? Rle.fromBbox(xy, h, w) : Rle.fromPolygon(xy, h, w);
                }
                return np == 1 ? parts[0] : Rle.merge(Arrays.asList(parts), false);
            }
            case SEG_RLE_STRING -> {
                return Rle.fromAscii(chars, (int) segOff[i], segLen[i], segH[i], segW[i]);
            }
            case SEG_RLE_COUNTS -> {
                int o = (int) segOff[i];
                return Rle.fromCounts(segH[i], segW[i], Arrays.copyOfRange(ints, o, o + segLen[i]));
            }
            default -> {
                // loadRes' bbox branch: a box result without segmentation gets the polygon of its box
                double x1 = bbox[4 * i], y1 = bbox[4 * i + 1];
                double x2 = x1 + bbox[4 * i + 2], y2 = y1 + bbox[4 * i + 3];
                return Rle.fromPolygon(new double[] {x1, y1, x1, y2, x2, y2, x2, y1}, h, w);
            }
        }
    }

    /** Row indices grouped by image index (stable within an image): {@code order[start[i] .. start[i+1])}. */
    int[][] groupByImage(int nImages) {
        int[] start = new int[nImages + 1];
        for (int r = 0; r < size; r++) start[imageIdx[r] + 1]++;
        for (int i = 0; i < nImages; i++) start[i + 1] += start[i];
        int[] fill = Arrays.copyOf(start, nImages);
        int[] order = new int[size];
        for (int r = 0; r < size; r++) order[fill[imageIdx[r]]++] = r;
        return new int[][] {start, order};
    }
}
