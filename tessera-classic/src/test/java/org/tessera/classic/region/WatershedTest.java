package org.tessera.classic.region;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tessera.classic.binary.Connectivity;
import org.tessera.classic.binary.DistanceTransform;
import org.tessera.classic.binary.Labeling;

class WatershedTest {

    /** Two overlapping disks of radius 10 centred 16 px apart on a 48x24 canvas. */
    static byte[] twoDisks(int w, int h) {
        byte[] m = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int d1 = (x - 15) * (x - 15) + (y - 12) * (y - 12);
                int d2 = (x - 31) * (x - 31) + (y - 12) * (y - 12);
                m[y * w + x] = d1 <= 100 || d2 <= 100 ? (byte) 1 : 0;
            }
        }
        return m;
    }

    @Test
    void oneDimensionalFloodSplitsAtTheRidge() {
        float[] s = {0, 1, 2, 5, 2, 1, 0};
        int[] markers = {1, 0, 0, 0, 0, 0, 2};
        int[] out = Watershed.flood(s, markers, null, 7, 1, Connectivity.FOUR);
        // the ridge pixel (5) is reached from both sides at the same height; the first to push it wins (left)
        assertArrayEquals(new int[] {1, 1, 1, 1, 2, 2, 2}, out);
        // a mask stops the flood
        byte[] mask = {1, 1, 0, 1, 1, 1, 1};
        assertArrayEquals(new int[] {1, 1, 0, 2, 2, 2, 2}, Watershed.flood(s, markers, mask, 7, 1, Connectivity.FOUR));
    }

    @Test
    void distanceWatershedSplitsTwoTouchingDisks() {
        int w = 48, h = 24;
        byte[] m = twoDisks(w, h);
        DistanceWatershedConfig c = new DistanceWatershedConfig();
        c.polarity = DistanceWatershedConfig.Polarity.BRIGHT;
        Labeling l = new DistanceWatershed(c).splitMask(m, w, h);
        assertEquals(2, l.count());
        // the split runs along x = 23 (the midline between centres 15 and 31)
        assertEquals(1, l.labels()[12 * w + 15]);
        assertEquals(2, l.labels()[12 * w + 31]);
        assertEquals(1, l.labels()[12 * w + 22]);
        assertEquals(2, l.labels()[12 * w + 24]);
        int[] a = l.areas();
        assertTrue(Math.abs(a[1] - a[2]) <= 2 * h, "halves " + a[1] + " vs " + a[2]);
        c.markers = DistanceWatershedConfig.MarkerMethod.PEAKS;
        c.minDistance = 5;
        assertEquals(2, new DistanceWatershed(c).splitMask(m, w, h).count());
        // peaks closer than minDistance merge into one marker -> one object
        c.minDistance = 20;
        assertEquals(1, new DistanceWatershed(c).splitMask(m, w, h).count());
    }

    @Test
    void grayImagePipelineAndPolarity() {
        int w = 64, h = 32; // disks cover less than half of the canvas
        byte[] m = twoDisks(w, h);
        byte[] gray = new byte[m.length];
        for (int i = 0; i < m.length; i++) {
            gray[i] = (byte) (m[i] != 0 ? 40 : 200); // dark objects on a bright background
        }
        DistanceWatershedConfig c = new DistanceWatershedConfig();
        assertEquals(2, new DistanceWatershed(c).segment(gray, w, h).count()); // AUTO picks the minority side
        c.polarity = DistanceWatershedConfig.Polarity.BRIGHT;
        assertEquals(1, new DistanceWatershed(c).segment(gray, w, h).count()); // background as one object
    }

    @Test
    void markersAndDistance() {
        byte[] m = {
            0, 0, 0, 0, 0,
            0, 1, 1, 1, 0,
            0, 1, 1, 1, 0,
            0, 1, 1, 1, 0,
            0, 0, 0, 0, 0,
        };
        float[] d = DistanceTransform.edt(m, 5, 5);
        assertEquals(2.0f, d[12]);
        assertEquals(1.0f, d[6]);
        assertEquals(0f, d[0]);
        byte[] diag = {1, 1, 1, 1, 1, 1, 1, 1, 0};
        assertEquals((float) Math.sqrt(8), DistanceTransform.edt(diag, 3, 3)[0]);
        int[] hm = Markers.hMaxima(d, 5, 5, 1.0, Connectivity.EIGHT);
        assertEquals(1, hm[12]);
        assertEquals(0, hm[6]);
        int[] pk = Markers.peakLocalMax(d, 5, 5, 1, 0.0, null);
        assertEquals(1, pk[12]);
        assertThrows(IllegalArgumentException.class, () -> Markers.peakLocalMax(d, 5, 5, 0, 0.0, null));
        DistanceWatershedConfig bad = new DistanceWatershedConfig();
        bad.h = 0;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DistanceWatershed(bad));
        assertTrue(e.getMessage().contains("DistanceWatershedConfig.h"), e.getMessage());
    }

    @Test
    void reconstructionMatchesIteratedGeodesicDilation() {
        java.util.Random r = new java.util.Random(5);
        for (int trial = 0; trial < 20; trial++) {
            int w = 1 + r.nextInt(30), h = 1 + r.nextInt(30);
            float[] mask = new float[w * h], seed = new float[w * h];
            for (int i = 0; i < mask.length; i++) {
                mask[i] = r.nextInt(10);
                seed[i] = mask[i] - 1 - r.nextInt(3);
            }
            for (Connectivity c : Connectivity.values()) {
                assertArrayEquals(naive(seed, mask, w, h, c), Markers.reconstructByDilation(seed, mask, w, h, c));
            }
        }
    }

    static float[] naive(float[] seed, float[] mask, int w, int h, Connectivity c) {
        float[] rec = new float[seed.length];
        for (int i = 0; i < rec.length; i++) {
            rec[i] = Math.min(seed[i], mask[i]);
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            float[] next = rec.clone();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float m = rec[y * w + x];
                    for (int dy = -1; dy <= 1; dy++) {
                        for (int dx = -1; dx <= 1; dx++) {
                            int nx = x + dx, ny = y + dy;
                            if (nx < 0 || ny < 0 || nx >= w || ny >= h
                                    || (c == Connectivity.FOUR && dx != 0 && dy != 0)) {
                                continue;
                            }
                            m = Math.max(m, rec[ny * w + nx]);
                        }
                    }
                    float v = Math.min(m, mask[y * w + x]);
                    if (v != rec[y * w + x]) {
                        changed = true;
                    }
                    next[y * w + x] = v;
                }
            }
            rec = next;
        }
        return rec;
    }

    @Test
    void distanceTransformMatchesBruteForce() {
        java.util.Random r = new java.util.Random(9);
        for (int trial = 0; trial < 20; trial++) {
            int w = 1 + r.nextInt(25), h = 1 + r.nextInt(25);
            byte[] m = new byte[w * h];
            for (int i = 0; i < m.length; i++) {
                m[i] = r.nextInt(10) < 8 ? (byte) 1 : 0;
            }
            float[] d = DistanceTransform.edt(m, w, h);
            for (int p = 0; p < m.length; p++) {
                double best = Double.POSITIVE_INFINITY;
                for (int q = 0; q < m.length; q++) {
                    if (m[q] == 0) {
                        double dx = p % w - q % w, dy = p / w - q / w;
                        best = Math.min(best, dx * dx + dy * dy);
                    }
                }
                assertEquals((float) Math.sqrt(m[p] == 0 ? 0 : best), d[p], "trial " + trial + " pixel " + p);
            }
        }
    }

    @Test
    void reconstructionByDilation() {
        float[] mask = {0, 3, 3, 1, 5, 5, 1};
        float[] seed = {0, 2, 0, 0, 0, 4, 0};
        float[] rec = Markers.reconstructByDilation(seed, mask, 7, 1, Connectivity.FOUR);
        assertArrayEquals(new float[] {0, 2, 2, 1, 4, 4, 1}, rec);
    }
}
