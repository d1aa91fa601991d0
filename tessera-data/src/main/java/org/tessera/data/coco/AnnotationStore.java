package org.tessera.data.coco;

import java.util.Arrays;
import org.tessera.core.mask.Rle;
import org.tessera.data.Annotation;
import org.tessera.data.Segmentation;

/**
 * Columnar, compact storage of COCO annotations (ground truth or results) as they stream in: primitive columns
 * per field, polygons as scaled integers when their decimal text allows it exactly (COCO's 2-decimal coordinates
 * become {@code int}s of value x 100, so the double rebuilt by one correctly rounded division is bit-identical to
 * parsing the text), otherwise doubles; compressed RLE strings as their ASCII bytes. Masks are decoded to
 * {@link Annotation} objects only on {@link #get(int)}.
 */
final class AnnotationStore {
    static final byte SEG_NONE = 0, SEG_POLY_INT = 1, SEG_POLY_DOUBLE = 2, SEG_RLE_STRING = 3, SEG_RLE_COUNTS = 4;
    static final byte F_CROWD = 1, F_BBOX = 2, F_AREA = 4, F_SCORE = 8, F_HAS_IMAGE = 16, F_HAS_CATEGORY = 32;
    private static final double[] POW10 = {1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};

    int n;
    long[] ids;
    long[] imageIds;
    int[] categories;
    byte[] flags;
    double[] area;
    double[] bbox;
    double[] score; // only for results
    byte[] segKind;
    byte[] segScale;
    int[] segStart;

    int[] ints = new int[4096];
    int nInts;
    double[] doubles = new double[256];
    int nDoubles;
    byte[] bytes = new byte[1024];
    int nBytes;

    AnnotationStore(boolean withScore, long expectedBytes) {
        // COCO instance files spend ~450-550 bytes per annotation: size the columns near their final length so that
        // they rarely grow (each growth briefly holds the old and the new arrays)
        int cap = (int) Math.min(Integer.MAX_VALUE / 8, Math.max(1024, expectedBytes / 450));
        ids = new long[cap];
        imageIds = new long[cap];
        categories = new int[cap];
        flags = new byte[cap];
        area = new double[cap];
        bbox = new double[4 * cap];
        segKind = new byte[cap];
        segScale = new byte[cap];
        segStart = new int[cap];
        if (withScore) score = new double[cap];
        // COCO text spends ~9-10 bytes per polygon coordinate ("123.45, "): start the pool near its final size so
        // that it rarely grows (growing briefly holds the old and the new array)
        long guess = Math.min(Integer.MAX_VALUE - 16, Math.max(4096, expectedBytes / 9));
        ints = new int[(int) guess];
    }

    /** Starts a new annotation row; returns its index. */
    int begin() {
        if (n == ids.length) resizeRows(n + (n >> 1) + 16);
        int i = n++;
        ids[i] = 0;
        imageIds[i] = 0;
        categories[i] = 0;
        flags[i] = 0;
        area[i] = 0;
        Arrays.fill(bbox, 4 * i, 4 * i + 4, 0);
        if (score != null) score[i] = Double.NaN;
        segKind[i] = SEG_NONE;
        return i;
    }

    /** Sets every row column to capacity {@code c} (c >= n). */
    private void resizeRows(int c) {
        ids = Arrays.copyOf(ids, c);
        imageIds = Arrays.copyOf(imageIds, c);
        categories = Arrays.copyOf(categories, c);
        flags = Arrays.copyOf(flags, c);
        area = Arrays.copyOf(area, c);
        bbox = Arrays.copyOf(bbox, 4 * c);
        if (score != null) score = Arrays.copyOf(score, c);
        segKind = Arrays.copyOf(segKind, c);
        segScale = Arrays.copyOf(segScale, c);
        segStart = Arrays.copyOf(segStart, c);
    }

    int reserveInts(int k) {
        if (nInts + k > ints.length) {
            long c = Math.max((long) nInts + k, (long) ints.length + (ints.length >> 2) + 4096);
            if (c > Integer.MAX_VALUE - 16) c = Integer.MAX_VALUE - 16;
            if (nInts + k > c) throw new IllegalStateException("annotation store exceeds 2^31 integers");
            ints = Arrays.copyOf(ints, (int) c);
        }
        int s = nInts;
        nInts += k;
        return s;
    }

    int reserveDoubles(int k) {
        if (nDoubles + k > doubles.length) doubles = Arrays.copyOf(doubles, grown(doubles.length, nDoubles + k));
        int s = nDoubles;
        nDoubles += k;
        return s;
    }

    int reserveBytes(int k) {
        if (nBytes + k > bytes.length) bytes = Arrays.copyOf(bytes, grown(bytes.length, nBytes + k));
        int s = nBytes;
        nBytes += k;
        return s;
    }

    /** New capacity of a pool of {@code length} that must hold {@code need}: x1.5 + 16, at least {@code need}. */
    private static int grown(int length, int need) {
        return Math.max(need, length + (length >> 1) + 16);
    }

    /** Trims the pools to their used length (after loading). */
    void trim() {
        if (ints.length > nInts + (nInts >> 2) + 4096) ints = Arrays.copyOf(ints, nInts); // trim only a large waste
        if (ids.length <= n + (n >> 2) + 1024) {
            doubles = Arrays.copyOf(doubles, nDoubles);
            bytes = Arrays.copyOf(bytes, nBytes);
            return;
        }
        resizeRows(Math.max(n, 1));
        doubles = Arrays.copyOf(doubles, nDoubles);
        bytes = Arrays.copyOf(bytes, nBytes);
    }

    boolean crowd(int i) {
        return (flags[i] & F_CROWD) != 0;
    }

    /** Number of polygon parts (0 for RLE or none). */
    int polygonCount(int i) {
        byte k = segKind[i];
        return k == SEG_POLY_INT || k == SEG_POLY_DOUBLE ? ints[segStart[i]] : 0;
    }

    /** Smallest number of points among the polygon parts (Integer.MAX_VALUE when not polygons). */
    int minPolygonPoints(int i) {
        int np = polygonCount(i);
        int s = segStart[i];
        int m = Integer.MAX_VALUE;
        for (int p = 0; p < np; p++) m = Math.min(m, ints[s + 1 + p] / 2);
        return np == 0 && (segKind[i] == SEG_POLY_INT || segKind[i] == SEG_POLY_DOUBLE) ? 0 : m;
    }

    /** RLE canvas {height, width}, or null when the segmentation is not RLE. */
    int[] rleSize(int i) {
        byte k = segKind[i];
        if (k != SEG_RLE_STRING && k != SEG_RLE_COUNTS) return null;
        int s = segStart[i];
        return new int[] {ints[s], ints[s + 1]};
    }

    double[][] polygons(int i) {
        int s = segStart[i];
        int np = ints[s];
        double[][] out = new double[np][];
        if (segKind[i] == SEG_POLY_INT) {
            double div = POW10[segScale[i]];
            int p0 = s + 1 + np;
            for (int p = 0; p < np; p++) {
                int len = ints[s + 1 + p];
                double[] a = new double[len];
                for (int j = 0; j < len; j++) a[j] = ints[p0 + j] / div;
                p0 += len;
                out[p] = a;
            }
        } else {
            int d0 = ints[s + 1 + np];
            for (int p = 0; p < np; p++) {
                int len = ints[s + 1 + p];
                out[p] = Arrays.copyOfRange(doubles, d0, d0 + len);
                d0 += len;
            }
        }
        return out;
    }

    /** The segmentation, decoded now. */
    Segmentation segmentation(int i) {
        int s = segStart[i];
        switch (segKind[i]) {
            case SEG_POLY_INT, SEG_POLY_DOUBLE:
                return new Segmentation.OfPolygons(polygons(i));
            case SEG_RLE_STRING, SEG_RLE_COUNTS: {
                // ints: h, w, then (offset, length) into the byte pool, or (length, counts...)
                int h = ints[s], w = ints[s + 1];
                boolean compressed = segKind[i] == SEG_RLE_STRING;
                try {
                    Rle rle = compressed ? Rle.fromAscii(bytes, ints[s + 2], ints[s + 3], h, w)
                            : Rle.fromCounts(h, w, Arrays.copyOfRange(ints, s + 3, s + 3 + ints[s + 2]));
                    return new Segmentation.OfRle(rle, compressed);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("annotation " + ids[i] + ": " + e.getMessage(), e);
                }
            }
            default:
                return null;
        }
    }

    /** Row {@code i} as an {@link Annotation} (masks decoded now). */
    Annotation get(int i) {
        byte f = flags[i];
        double[] bb = (f & F_BBOX) != 0 ? Arrays.copyOfRange(bbox, 4 * i, 4 * i + 4) : null;
        // a detection without "area" gets NaN (pycocotools' loadRes computes it); ground truth keeps 0 as the file's absence
        double a = (f & F_AREA) == 0 && score != null ? Double.NaN : area[i];
        return new Annotation(ids[i], categories[i], (f & F_CROWD) != 0, a, bb, segmentation(i),
                score == null ? Double.NaN : score[i]);
    }
}
