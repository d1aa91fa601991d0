package org.tessera.eval.coco;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.tessera.core.mask.Rle;

/** Hand-checked cases of the streaming API, the boundary and numpy-compatible helpers. */
class CocoEvaluatorTest {
    static final CocoParams BBOX = CocoParams.builder(IouType.BBOX).catIds(new int[] {1}).build();

    static ImageGroundTruth gt(long img, double[] boxes) {
        int n = boxes.length / 4;
        long[] ids = new long[n];
        int[] cats = new int[n];
        double[] areas = new double[n];
        for (int i = 0; i < n; i++) {
            ids[i] = img * 100 + i + 1;
            cats[i] = 1;
            areas[i] = boxes[4 * i + 2] * boxes[4 * i + 3];
        }
        return new ImageGroundTruth(img, 100, 100, ids, cats, new boolean[n], null, areas, boxes, null);
    }

    static ImageDetections dt(long img, double[] boxes, double[] scores) {
        int n = scores.length;
        long[] ids = new long[n];
        int[] cats = new int[n];
        double[] areas = new double[n];
        for (int i = 0; i < n; i++) {
            ids[i] = img * 100 + i + 1;
            cats[i] = 1;
            areas[i] = boxes[4 * i + 2] * boxes[4 * i + 3];
        }
        return new ImageDetections(img, ids, cats, scores, areas, boxes, null);
    }

    @Test
    void oneTruePositiveOneFalsePositive() {
        CocoEvaluator ev = new CocoEvaluator(BBOX);
        // gt 40x40 box; first detection exact (score .9), second elsewhere (score .8)
        ev.process(gt(1, new double[] {10, 10, 40, 40}), dt(1, new double[] {10, 10, 40, 40, 60, 60, 30, 30}, new double[] {.9, .8}));
        CocoResult r = ev.evaluate();
        // one gt, found at rank 1: precision 1 at every recall threshold, recall 1 -> AP = 1 (all, large areas)
        assertEquals(1.0, r.stats()[0], 1e-15);
        assertEquals(1.0, r.stats()[8]);
        assertEquals(-1.0, r.stats()[3]); // no small gt
        assertEquals(1 / (1 + Math.ulp(1.0)), r.precision(0, 100, 0, 0, 2)); // tp / (tp + fp + eps)
    }

    @Test
    void mergeEqualsSingleAndRejectsDuplicates() {
        CocoEvaluator all = new CocoEvaluator(BBOX);
        CocoEvaluator a = new CocoEvaluator(BBOX);
        CocoEvaluator b = new CocoEvaluator(BBOX);
        ImageGroundTruth g1 = gt(1, new double[] {10, 10, 40, 40});
        ImageDetections d1 = dt(1, new double[] {12, 10, 40, 40}, new double[] {.5});
        ImageGroundTruth g2 = gt(2, new double[] {0, 0, 20, 20, 50, 50, 10, 10});
        ImageDetections d2 = dt(2, new double[] {0, 0, 20, 21, 50, 50, 12, 10}, new double[] {.5, .7});
        all.process(g1, d1);
        all.process(g2, d2);
        b.process(g2, d2); // order of processing does not matter
        a.process(g1, d1);
        a.merge(b);
        assertEquals(all.evaluate(), a.evaluate());
        assertArrayEquals(all.evaluate().stats(), a.evaluate().stats());
        assertThrows(IllegalArgumentException.class, () -> a.process(g1, d1));
    }

    @Test
    void boundaryOfSquare() {
        // 100x100 image: dilation = round(0.02 * 141.42) = 3; a 10x10 square keeps a 4x4 interior
        byte[] bits = new byte[100 * 100];
        for (int x = 20; x < 30; x++) for (int y = 40; y < 50; y++) bits[x * 100 + y] = 1;
        Rle m = Rle.encodeColumnMajor(bits, 100, 100);
        assertEquals(3, BoundaryMasks.dilation(100, 100, 0.02));
        Rle b = BoundaryMasks.boundary(m, 0.02);
        assertEquals(100 - 16, b.area());
        byte[] d = b.decodeColumnMajor();
        assertEquals(0, d[25 * 100 + 45]);
        assertEquals(1, d[20 * 100 + 40]);
        // a square at the image corner: pixels near the border count as boundary (zero padding)
        byte[] c = new byte[100 * 100];
        for (int x = 0; x < 10; x++) for (int y = 0; y < 10; y++) c[x * 100 + y] = 1;
        Rle cb = BoundaryMasks.boundary(Rle.encodeColumnMajor(c, 100, 100), 0.02);
        assertEquals(100 - 16, cb.area()); // interior x, y in [3, 7); without the zero padding it would be [0, 7) (51 boundary pixels)
    }

    /** Random masks against the definition: interior iff the (2d+1)^2 window is inside the image and the mask. */
    @Test
    void boundaryMatchesBruteForce() {
        java.util.Random rnd = new java.util.Random(7);
        for (int it = 0; it < 300; it++) {
            int h = 1 + rnd.nextInt(70), w = 1 + rnd.nextInt(70);
            double ratio = 0.005 + rnd.nextDouble() * 0.05;
            byte[] bits = new byte[h * w];
            int blobs = 1 + rnd.nextInt(4);
            for (int bl = 0; bl < blobs; bl++) {
                int cx = rnd.nextInt(w), cy = rnd.nextInt(h), rx = 1 + rnd.nextInt(w), ry = 1 + rnd.nextInt(h);
                for (int x = 0; x < w; x++) {
                    for (int y = 0; y < h; y++) {
                        double dx = (x - cx) / (double) rx, dy = (y - cy) / (double) ry;
                        if (dx * dx + dy * dy <= 1 && rnd.nextInt(40) != 0) bits[x * h + y] = 1;
                    }
                }
            }
            int n = BoundaryMasks.dilation(h, w, ratio);
            byte[] want = new byte[h * w];
            for (int x = 0; x < w; x++) {
                for (int y = 0; y < h; y++) {
                    if (bits[x * h + y] == 0) continue;
                    boolean interior = true;
                    for (int xx = x - n; xx <= x + n && interior; xx++) {
                        for (int yy = y - n; yy <= y + n; yy++) {
                            if (xx < 0 || yy < 0 || xx >= w || yy >= h || bits[xx * h + yy] == 0) {
                                interior = false;
                                break;
                            }
                        }
                    }
                    want[x * h + y] = (byte) (interior ? 0 : 1);
                }
            }
            Rle got = BoundaryMasks.boundary(Rle.encodeColumnMajor(bits, h, w), ratio);
            assertEquals(Rle.encodeColumnMajor(want, h, w), got, "mask " + it + " (" + h + "x" + w + ", d=" + n + ")");
        }
    }

    @Test
    void dilationRoundsHalfToEven() {
        // Python round(2.5) == 2
        assertEquals(2, BoundaryMasks.dilation(0, 125, 0.02));
        assertEquals(1, BoundaryMasks.dilation(1, 1, 0.02));
    }

    @Test
    void numpyLinspaceAndStableSort() {
        double[] t = CocoParams.defaults(IouType.BBOX).iouThrs();
        assertEquals(0.8999999999999999, t[8]);
        assertEquals(0.95, t[9]);
        double[] r = CocoParams.defaults(IouType.BBOX).recThrs();
        assertEquals(0.5700000000000001, r[57]);
        assertEquals(0.03, r[3]);
        int[] idx = {0, 1, 2, 3, 4};
        assertArrayEquals(new int[] {1, 3, 0, 2, 4}, CocoEvaluator.stableSortByScoreDesc(idx, new double[] {.5, .9, .5, .9, .1}));
    }

    @Test
    void pythonFormatting() {
        assertEquals("0.062", CocoSummary.fixed(0.0625, 3)); // exact half rounds to even, as Python
        assertEquals("-1.000", CocoSummary.fixed(-1, 3));
        assertEquals("0.90", CocoSummary.fixed(0.8999999999999999, 2));
    }
}
