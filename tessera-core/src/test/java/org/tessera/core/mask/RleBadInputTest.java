package org.tessera.core.mask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad input gives an IllegalArgumentException with one clear line (pycocotools would crash or return garbage). */
class RleBadInputTest {

    private static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void stringWithInvalidCharacter() {
        assertEquals("RLE string has invalid character ' ' at position 2", message(() -> Rle.fromString("d0 ", 5, 4)));
        assertEquals("RLE string has invalid character 'p' at position 0", message(() -> Rle.fromString("p", 5, 4)));
        assertEquals("RLE string has invalid character '\\u00e9' at position 1", message(() -> Rle.fromString("0\u00e9", 5, 4)));
        // a character above U+00FF (the String fast path reads ISO-8859-1 bytes, where it would become '?')
        assertEquals("RLE string has invalid character '\\u20ac' at position 1", message(() -> Rle.fromString("0\u20ac", 5, 4)));
        assertEquals("RLE string has invalid character '\\u20ac' at position 1", message(() -> Rle.fromString("d\u20ac", 5, 4)));
        // the generic CharSequence path gives the same messages
        assertEquals("RLE string has invalid character ' ' at position 2", message(() -> Rle.fromString(new StringBuilder("d0 "), 5, 4)));
        assertEquals("RLE string has invalid character '\\u20ac' at position 1",
                message(() -> Rle.fromString(new StringBuilder("0\u20ac"), 5, 4)));
        // ASCII byte slices
        byte[] bytes = "xxd0 ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals("RLE string has invalid character ' ' at position 2", message(() -> Rle.fromAscii(bytes, 2, 3, 5, 4)));
        assertEquals(Rle.empty(5, 4), Rle.fromAscii(bytes, 2, 2, 5, 4));
        assertEquals("RLE string has invalid character '\\u00e9' at position 0",
                message(() -> Rle.fromAscii(new byte[] {(byte) 0xe9}, 0, 1, 5, 4)));
        assertEquals("slice [3, 3+3) outside an array of 5 bytes", message(() -> Rle.fromAscii(bytes, 3, 3, 5, 4)));
        // '?' itself is a valid character (count 15)
        assertEquals(15, Rle.fromString("?5", 4, 5).countsView()[0]);
        assertEquals(Rle.fromString("?5", 4, 5), Rle.fromString(new StringBuilder("?5"), 4, 5));
    }

    @Test
    void stringEndingInsideACount() {
        // 'd' = 52 has the continuation bit set
        assertEquals("RLE string ends inside a count (at character 1)", message(() -> Rle.fromString("d", 5, 4)));
    }

    @Test
    void countsNotSummingToCanvas() {
        assertEquals("RLE counts sum to 19 but the canvas 5x4 has 20 pixels", message(() -> Rle.fromCounts(5, 4, new int[] {10, 9})));
        assertEquals("RLE counts sum to 21 but the canvas 5x4 has 20 pixels", message(() -> Rle.fromString("e0", 5, 4)));
        assertEquals("RLE count 1 is negative (-1)", message(() -> Rle.fromCounts(5, 4, new int[] {21, -1})));
        // a difference-coded count that goes negative
        assertEquals("RLE string decodes to an invalid count -1 (run 4)", message(() -> Rle.fromString("1100O", 5, 4)));
    }

    @Test
    void polygonWithFewerThanThreePoints() {
        assertEquals("polygon has 2 points; at least 3 are needed", message(() -> Rle.fromPolygon(new double[] {1, 1, 5, 5}, 10, 10)));
        assertEquals("polygon has 0 points; at least 3 are needed", message(() -> Rle.fromPolygon(new double[0], 10, 10)));
        assertEquals("polygon has an odd number of coordinates (7)", message(() -> Rle.fromPolygon(new double[7], 10, 10)));
        assertEquals("polygon 0 has 4 coordinates; the first polygon needs at least 3 points (4 numbers would be a box: use fromBbox)",
                message(() -> Rle.fromPolygons(List.of(new double[] {1, 1, 5, 5}), 10, 10)));
        // later degenerate parts are accepted as pycocotools does: they cover nothing
        Rle tri = Rle.fromPolygon(new double[] {1, 1, 5, 1, 5, 5}, 10, 10);
        assertEquals(tri, Rle.fromPolygons(List.of(new double[] {1, 1, 5, 1, 5, 5}, new double[] {1, 1}), 10, 10));
        assertEquals(tri, Rle.fromPolygons(List.of(new double[] {1, 1, 5, 1, 5, 5}, new double[0]), 10, 10));
        assertEquals(tri, Rle.fromPolygons(List.of(new double[] {1, 1, 5, 1, 5, 5}, new double[] {1, 1, 8, 8}), 10, 10));
        assertEquals("polygon 1 has 5 coordinates; an even number is needed",
                message(() -> Rle.fromPolygons(List.of(new double[] {1, 1, 5, 1, 5, 5}, new double[5]), 10, 10)));
        assertEquals("segmentation has no polygon", message(() -> Rle.fromPolygons(List.of(), 10, 10)));
    }

    @Test
    void mergingDifferentCanvases() {
        Rle a = Rle.full(5, 4), b = Rle.full(4, 5);
        assertEquals("cannot merge masks of different canvas sizes: 5x4 and 4x5", message(() -> Rle.merge(a, b, false)));
        assertEquals("cannot merge masks of different canvas sizes: 5x4 and 4x5", message(() -> Rle.merge(List.of(a, a, b), true)));
    }

    @Test
    void otherBadShapes() {
        assertEquals("mask array of 19 values has no 5x4 canvas at offset 0", message(() -> Rle.encodeColumnMajor(new byte[19], 5, 4)));
        assertEquals("output array of 20 values has no 5x4 canvas at offset 1", message(() -> Rle.full(5, 4).decodeColumnMajor(new byte[20], 1)));
        assertEquals("a box needs 4 values [x, y, w, h], got 3", message(() -> Rle.fromBbox(new double[3], 5, 4)));
        assertEquals("bad canvas size -1x4", message(() -> Rle.empty(-1, 4)));
        assertEquals("iscrowd has 2 flags for 1 ground truths",
                message(() -> Rle.iou(new Rle[] {Rle.full(2, 2)}, new Rle[] {Rle.full(2, 2)}, new boolean[2])));
        assertEquals("box arrays must hold 4 values per box, got 3 and 4", message(() -> Boxes.iou(new double[3], new double[4], null)));
    }

    @Test
    void differentCanvasesInIouMatrixAreMinusOneAsInReference() {
        Rle a = Rle.full(5, 4), b = Rle.full(4, 5);
        assertEquals(-1.0, Rle.iou(new Rle[] {a}, new Rle[] {b}, null)[0][0]);
    }
}
