package org.tessera.classic.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SlicTest {

    @Test
    void fourFlatQuadrantsNeverShareASuperpixel() {
        // 120x90 RGB, quadrants red / green / blue / gray split at x = 50, y = 40 (not on the grid lines)
        int w = 120, h = 90, xs = 50, ys = 40;
        int[][] colors = {{220, 30, 30}, {30, 200, 40}, {20, 40, 210}, {128, 128, 128}};
        byte[] px = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int[] col = colors[(y < ys ? 0 : 2) + (x < xs ? 0 : 1)];
                for (int c = 0; c < 3; c++) {
                    px[(y * w + x) * 3 + c] = (byte) col[c];
                }
            }
        }
        for (int requested : new int[] {16, 48, 100}) {
            int[] labels = new int[w * h];
            int n = Slic.segment(px, w, h, 3, requested, 10, 10, true, labels);
            assertTrue(n >= requested * 0.7 && n <= requested * 1.3, n + " regions for " + requested);
            int[] quadrantOf = new int[n];
            java.util.Arrays.fill(quadrantOf, -1);
            boolean[] seen = new boolean[n];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int l = labels[y * w + x];
                    assertTrue(l >= 0 && l < n, "label " + l);
                    seen[l] = true;
                    int q = (y < ys ? 0 : 2) + (x < xs ? 0 : 1);
                    if (quadrantOf[l] < 0) {
                        quadrantOf[l] = q;
                    }
                    assertEquals(quadrantOf[l], q, "superpixel " + l + " crosses quadrants at (" + x + ", " + y + ")");
                }
            }
            for (int l = 0; l < n; l++) {
                assertTrue(seen[l], "labels are 0..n-1 without gaps");
            }
            int[] again = new int[w * h];
            assertEquals(n, Slic.segment(px, w, h, 3, requested, 10, 10, true, again));
            assertTrue(java.util.Arrays.equals(labels, again), "deterministic");
        }
    }

    @Test
    void tinyImagesAndHugeRequestsGiveOneRegionPerPixelAtMost() {
        int[] out = new int[1];
        assertEquals(1, Slic.segment(new byte[] {7}, 1, 1, 1, 200, 10, 10, true, out));
        assertEquals(0, out[0]);
        // 3x2 gray, 1000000 requested: centres capped at one per pixel, flat image -> every pixel its own region
        byte[] flat = new byte[6];
        int[] six = new int[6];
        int n = Slic.segment(flat, 3, 2, 1, 1_000_000, 10, 10, false, six);
        assertEquals(6, n);
        // one region requested: one region
        assertEquals(1, Slic.segment(flat, 3, 2, 1, 1, 10, 10, false, six));
        for (int v : six) {
            assertEquals(0, v);
        }
    }

    @Test
    void labOfKnownColors() {
        // sRGB white -> L 100, a = b = 0; pure red -> (53.24, 80.09, 67.20) (CIE D65, as skimage.color.rgb2lab)
        byte[] px = {(byte) 255, (byte) 255, (byte) 255, (byte) 255, 0, 0};
        float[] l = new float[2], a = new float[2], b = new float[2];
        Slic.toLab(px, 2, 3, l, a, b);
        assertEquals(100, l[0], 0.01);
        assertEquals(0, a[0], 0.01);
        assertEquals(0, b[0], 0.01);
        assertEquals(53.24, l[1], 0.02);
        assertEquals(80.09, a[1], 0.02);
        assertEquals(67.20, b[1], 0.02);
    }

    @Test
    void smallComponentsAreMergedIntoTheirLeftOrUpperNeighbour() {
        // 6x2: labels 0 0 1 0 0 0 / 0 0 0 0 0 0 -> the single 1 pixel (below min size 2) joins component 0
        int[] label = {0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        int[] out = new int[12];
        assertEquals(1, Slic.enforceConnectivity(label, 6, 2, 2, false, out));
        for (int v : out) {
            assertEquals(0, v);
        }
        // the same at min size 1: two regions
        assertEquals(2, Slic.enforceConnectivity(label, 6, 2, 1, false, out));
        assertEquals(1, out[2]);
        // labels 5 and 7 each touching only diagonally: 4 components 4-connected, 2 components 8-connected
        int[] diag = {5, 7, 7, 5};
        assertEquals(4, Slic.enforceConnectivity(diag, 2, 2, 1, false, out));
        assertEquals(2, Slic.enforceConnectivity(diag, 2, 2, 1, true, out));
    }
}
