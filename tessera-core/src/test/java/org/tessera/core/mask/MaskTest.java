package org.tessera.core.mask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tessera.core.mask.Mask.Representation;

class MaskTest {
    /** A mask from rows of '0'/'1'. */
    static Mask rows(String... rows) {
        int h = rows.length, w = rows[0].length();
        byte[] b = new byte[h * w];
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) b[y * w + x] = (byte) (rows[y].charAt(x) == '1' ? 1 : 0);
        return Mask.fromBitmap(b, h, w);
    }

    static String[] toRows(Mask m) {
        byte[] b = m.toBitmap();
        String[] out = new String[m.height()];
        for (int y = 0; y < m.height(); y++) {
            StringBuilder s = new StringBuilder();
            for (int x = 0; x < m.width(); x++) s.append(b[y * m.width() + x]);
            out[y] = s.toString();
        }
        return out;
    }

    static Mask asRle(Mask m) {
        return m.withRepresentation(Representation.RLE);
    }

    @Test
    void areaBoxContainsAndBitmapsOfAHandDrawnMask() {
        Mask m = rows(
                "00000",
                "01100",
                "01000",
                "00000");
        assertEquals(3, m.area());
        assertArrayEquals(new int[] {1, 1, 2, 2}, m.box());
        assertTrue(m.contains(1, 1) && m.contains(2, 1) && m.contains(1, 2));
        assertFalse(m.contains(2, 2) || m.contains(0, 0) || m.contains(-1, 0) || m.contains(5, 1));
        Mask.Bitmap c = m.toCroppedBitmap();
        assertEquals(1, c.x());
        assertEquals(1, c.y());
        assertArrayEquals(new byte[] {1, 1, 1, 0}, c.bits());
        // the RLE form (column-major runs): col0: 4 zeros, col1: 1 zero, 2 ones, 1 zero... -> counts [5,2,2,1,12]
        assertArrayEquals(new int[] {5, 2, 2, 1, 10}, m.toRle().counts());
        Mask r = asRle(m);
        assertTrue(r.contains(1, 2) && !r.contains(2, 2));
        assertEquals(m, r);
        assertArrayEquals(m.toBitmap(), r.toBitmap());
    }

    @Test
    void emptyAndFullMasks() {
        Mask e = Mask.empty(3, 4);
        assertEquals(0, e.area());
        assertTrue(e.isEmpty());
        assertArrayEquals(new int[] {0, 0, 0, 0}, e.box());
        assertEquals(Rle.empty(3, 4), e.toRle());
        Mask f = Mask.fromRle(Rle.full(3, 4));
        assertEquals(12, f.area());
        assertArrayEquals(new int[] {0, 0, 4, 3}, f.box());
        assertEquals(Mask.fromBox(0, 0, 4, 3, 3, 4), f);
        assertEquals(0, e.iou(f));
        assertEquals(0, e.iou(e));
        assertEquals(1.0, f.iou(f));
    }

    @Test
    void setAlgebraOnHandCases() {
        Mask a = rows("1100", "1100", "0000");
        Mask b = rows("0110", "0110", "0110");
        String[] union = {"1110", "1110", "0110"};
        String[] inter = {"0100", "0100", "0000"};
        String[] diff = {"1000", "1000", "0000"};
        String[] xor = {"1010", "1010", "0110"};
        for (Mask x : new Mask[] {a, asRle(a)}) {
            for (Mask y : new Mask[] {b, asRle(b)}) {
                assertArrayEquals(union, toRows(x.union(y)));
                assertArrayEquals(inter, toRows(x.intersection(y)));
                assertArrayEquals(diff, toRows(x.difference(y)));
                assertArrayEquals(xor, toRows(x.symmetricDifference(y)));
                assertEquals(2, x.intersectionArea(y));
                assertEquals(2.0 / 8.0, x.iou(y));
                assertEquals(2.0 / 4.0, x.iou(y, true)); // crowd: |a∩b| / |a|
                assertEquals(2.0 / 6.0, y.iou(x, true));
            }
        }
    }

    @Test
    void differentCanvasesAreRejectedNamingBothSizes() {
        Mask a = Mask.empty(480, 640), b = Mask.empty(427, 640);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.union(b));
        assertEquals("cannot combine masks of different canvas sizes: 480x640 and 427x640", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> a.iou(b));
        assertThrows(IllegalArgumentException.class, () -> asRle(a).intersection(asRle(b)));
    }

    @Test
    void cropPasteTranslate() {
        Mask m = rows(
                "0000",
                "0110",
                "0100");
        assertArrayEquals(new String[] {"11", "10"}, toRows(m.crop(1, 1, 2, 2)));
        assertArrayEquals(new String[] {"000", "011", "010", "000"}, toRows(m.crop(0, 0, 3, 4))); // beyond canvas: unset
        assertArrayEquals(new String[] {"00", "00"}, toRows(m.crop(3, 0, 2, 2)));
        assertArrayEquals(new String[] {"0000", "0000", "0011"}, toRows(m.translate(1, 1)));
        assertArrayEquals(new String[] {"1100", "1000", "0000"}, toRows(m.translate(-1, -1)));
        assertEquals(0, m.translate(4, 0).area());
        Mask p = m.crop(1, 1, 2, 2).paste(3, 5, 3, 1);
        assertArrayEquals(new String[] {"00000", "00011", "00010"}, toRows(p));
        assertEquals(m.translate(1, -1), asRle(m).translate(1, -1));
    }

    @Test
    void nearestResizeUsesPixelCentres() {
        Mask m = rows("10", "00");
        assertArrayEquals(new String[] {"1100", "1100", "0000", "0000"}, toRows(m.resize(4, 4)));
        Mask d = rows("0000", "0100", "0000", "0000");
        // output (0,0) samples input floor(0.5 * 2) = 1 -> (1,1)
        assertArrayEquals(new String[] {"10", "00"}, toRows(d.resize(2, 2)));
        // 3 -> 2 samples input 0 and 2
        Mask t = rows("010", "000", "001");
        assertArrayEquals(new String[] {"00", "01"}, toRows(t.resize(2, 2)));
        assertEquals(0, rows("000", "010", "000").resize(2, 2).area());
    }

    @Test
    void resizeMatchesItsDefinitionOnRandomMasks() {
        Random rnd = new Random(7);
        for (int t = 0; t < 200; t++) {
            int h = 1 + rnd.nextInt(12), w = 1 + rnd.nextInt(12), nh = 1 + rnd.nextInt(15), nw = 1 + rnd.nextInt(15);
            byte[] b = new byte[h * w];
            int x0 = rnd.nextInt(w), y0 = rnd.nextInt(h);
            for (int y = y0; y < h; y++) for (int x = x0; x < w; x++) b[y * w + x] = (byte) (rnd.nextInt(3) == 0 ? 1 : 0);
            Mask m = Mask.fromBitmap(b, h, w);
            byte[] got = m.resize(nh, nw).toBitmap();
            for (int y = 0; y < nh; y++) {
                for (int x = 0; x < nw; x++) {
                    int sx = (int) Math.floor((x + 0.5) * w / nw), sy = (int) Math.floor((y + 0.5) * h / nh);
                    assertEquals(b[sy * w + sx], got[y * nw + x], "case " + t + " at " + x + "," + y);
                }
            }
            assertEquals(m.resize(nh, nw), asRle(m).resize(nh, nw));
        }
    }

    @Test
    void randomAlgebraAgreesAcrossRepresentations() {
        Random rnd = new Random(11);
        for (int t = 0; t < 300; t++) {
            int h = 1 + rnd.nextInt(9), w = 1 + rnd.nextInt(9);
            byte[] a = new byte[h * w], b = new byte[h * w];
            for (int i = 0; i < a.length; i++) {
                a[i] = (byte) (rnd.nextInt(3) == 0 ? 1 : 0);
                b[i] = (byte) (rnd.nextInt(2));
            }
            Mask ma = Mask.fromBitmap(a, h, w), mb = Mask.fromBitmap(b, h, w);
            long inter = 0, uni = 0, dif = 0;
            for (int i = 0; i < a.length; i++) {
                inter += a[i] & b[i];
                uni += a[i] | b[i];
                dif += a[i] & (1 - b[i]);
            }
            for (Mask x : new Mask[] {ma, asRle(ma)}) {
                for (Mask y : new Mask[] {mb, asRle(mb)}) {
                    assertEquals(inter, x.intersection(y).area());
                    assertEquals(uni, x.union(y).area());
                    assertEquals(dif, x.difference(y).area());
                    assertEquals(inter, x.intersectionArea(y));
                    assertEquals(Rle.merge(ma.toRle(), mb.toRle(), false), x.union(y).toRle());
                    assertEquals(Rle.merge(ma.toRle(), mb.toRle(), true), x.intersection(y).toRle());
                    assertEquals(inter == 0 ? 0 : (double) inter / uni, x.iou(y));
                }
            }
        }
    }

    @Test
    void croppedBitmapFactoryChecksItsRegion() {
        Mask m = Mask.fromBitmap(new byte[] {0, 1, 1, 0}, 2, 3, 2, 2, 6, 5);
        assertArrayEquals(new int[] {2, 3, 2, 2}, m.box());
        assertTrue(m.contains(3, 3) && m.contains(2, 4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Mask.fromBitmap(new byte[4], 4, 3, 2, 2, 6, 5));
        assertEquals("bitmap region [x=4, y=3, w=2, h=2] lies outside the canvas 6x5", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Mask.fromBitmap(new byte[3], 5, 5));
        assertEquals(6, Mask.fromBox(-2, 1, 4, 10, 4, 3).area()); // clipped to x 0..1, y 1..3
    }

    @Test
    void zeroLengthRunsDoNotWidenTheBox() {
        // 5x2 canvas: column 0 empty, a zero-length foreground run, then rows 3..4 of column 1
        Mask m = Mask.fromRle(Rle.fromCounts(5, 2, new int[] {5, 0, 3, 2}));
        assertEquals(2, m.area());
        assertArrayEquals(new int[] {1, 3, 1, 2}, m.box());
        assertArrayEquals(new int[] {1, 3, 1, 2}, m.withRepresentation(Representation.CROPPED_BITMAP).box());
        assertTrue(m.contains(1, 3) && m.contains(1, 4) && !m.contains(0, 4));
        assertEquals(Mask.fromBox(1, 3, 1, 2, 5, 2), m);
    }
}
