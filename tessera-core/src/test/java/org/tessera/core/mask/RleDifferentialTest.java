package org.tessera.core.mask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The optimised kernels of {@link Rle} and {@link Boxes} against the line-by-line port of maskApi.c kept in
 * {@link RleReference}, on seeded random inputs that include the reference's quirks (repeated vertices, polygons
 * outside the canvas, half-pixel coordinates, RLEs with empty runs).
 */
class RleDifferentialTest {

    private static double[] randomPolygon(SplittableRandom r, int h, int w) {
        int k = 3 + r.nextInt(12);
        double[] xy = new double[k * 2];
        int mode = r.nextInt(4);
        for (int i = 0; i < k; i++) {
            double x, y;
            switch (mode) {
                case 0 -> { x = r.nextInt(-5, w + 6); y = r.nextInt(-5, h + 6); }           // integers, partly outside
                case 1 -> { x = r.nextInt(0, 2 * w) / 2.0; y = r.nextInt(0, 2 * h) / 2.0; } // half pixels
                case 2 -> { x = r.nextDouble(-0.2 * w, 1.2 * w); y = r.nextDouble(-0.2 * h, 1.2 * h); }
                default -> { x = r.nextInt(0, 4) * w / 3.0; y = r.nextInt(0, 4) * h / 3.0; } // many repeats / collinear
            }
            xy[2 * i] = x;
            xy[2 * i + 1] = y;
        }
        if (r.nextInt(5) == 0) { // repeat a vertex
            int i = r.nextInt(k - 1);
            xy[2 * i + 2] = xy[2 * i];
            xy[2 * i + 3] = xy[2 * i + 1];
        }
        return xy;
    }

    /** A random valid RLE, sometimes with empty runs (as uncompressed COCO counts may have). */
    private static Rle randomCounts(SplittableRandom r, int h, int w, boolean allowEmptyRuns) {
        int a = h * w;
        List<Integer> c = new ArrayList<>();
        int left = a;
        while (left > 0) {
            int run = allowEmptyRuns && r.nextInt(6) == 0 ? 0 : 1 + r.nextInt(Math.max(1, Math.min(left, r.nextBoolean() ? h : 3 * h)));
            run = Math.min(run, left);
            c.add(run);
            left -= run;
        }
        if (r.nextInt(3) == 0) c.add(0, 0);
        return Rle.fromCounts(h, w, c.stream().mapToInt(Integer::intValue).toArray());
    }

    @Test
    void polygonsMatchReferencePort() {
        SplittableRandom r = new SplittableRandom(42);
        for (int n = 0; n < 3000; n++) {
            int h = 1 + r.nextInt(60), w = 1 + r.nextInt(60);
            double[] xy = randomPolygon(r, h, w);
            Rle fast = Rle.frPoly(xy, xy.length / 2, h, w);
            Rle ref = RleReference.frPoly(xy, xy.length / 2, h, w);
            assertEquals(ref, fast, "polygon " + Arrays.toString(xy) + " on " + h + "x" + w);
            // and 2-point outlines, which pycocotools accepts as later parts
            Rle two = Rle.frPoly(Arrays.copyOf(xy, 4), 2, h, w);
            assertEquals(RleReference.frPoly(Arrays.copyOf(xy, 4), 2, h, w), two);
            assertEquals(0, two.area(), "a 2-vertex outline covers nothing");
            double[] box = {xy[0], xy[1], Math.abs(xy[2] - xy[0]), Math.abs(xy[3] - xy[1])};
            double[] corners = {box[0], box[1], box[0], box[1] + box[3], box[0] + box[2], box[1] + box[3], box[0] + box[2], box[1]};
            assertEquals(RleReference.frPoly(corners, 4, h, w), Rle.fromBbox(box, h, w));
        }
    }

    @Test
    void boxesMergesAndIouMatchReferencePort() {
        SplittableRandom r = new SplittableRandom(7);
        for (int round = 0; round < 40; round++) {
            int h = 1 + r.nextInt(40), w = 1 + r.nextInt(40);
            boolean emptyRuns = round % 2 == 1;
            int n = 2 + r.nextInt(25);
            Rle[] m = new Rle[n];
            for (int i = 0; i < n; i++) {
                m[i] = switch (r.nextInt(3)) {
                    case 0 -> Rle.fromPolygon(randomPolygon(r, h, w), h, w);
                    case 1 -> randomCounts(r, h, w, emptyRuns);
                    default -> r.nextBoolean() ? Rle.empty(h, w) : Rle.full(h, w);
                };
            }
            boolean[] crowd = new boolean[n];
            for (int i = 0; i < n; i++) crowd[i] = r.nextInt(3) == 0;
            double[] boxes = new double[4 * n];
            for (int i = 0; i < n; i++) {
                double[] ref = new double[4];
                RleReference.toBbox(m[i], ref, 0);
                assertArrayEquals(ref, m[i].toBbox(), 0.0, "toBbox " + Arrays.toString(m[i].counts()));
                System.arraycopy(ref, 0, boxes, 4 * i, 4);
            }
            // merges
            for (int i = 0; i + 1 < n; i++) {
                for (boolean inter : new boolean[] {false, true}) {
                    int[] a = m[i].countsView(), b = m[i + 1].countsView();
                    int[] out = new int[a.length + b.length + 1];
                    int k = RleReference.mergeKernel(a, a.length, b, b.length, inter, out);
                    assertArrayEquals(Arrays.copyOf(out, k), Rle.merge(m[i], m[i + 1], inter).counts());
                }
            }
            // IoU matrix = reference bbIou pre-filter + run walk
            double[][] iou = Rle.iou(m, m, crowd);
            double[][] biou = Boxes.iou(boxes, boxes, crowd);
            for (int d = 0; d < n; d++) {
                for (int g = 0; g < n; g++) {
                    double b = Boxes.iouOne(boxes, 4 * d, boxes, 4 * g, crowd[g]);
                    assertEquals(b, biou[d][g], 0.0, "box iou");
                    double expected = b > 0 ? RleReference.iouOne(m[d], m[g], crowd[g], -1) : 0;
                    assertEquals(expected, iou[d][g], 0.0, "iou " + d + "," + g + " " + Arrays.toString(m[d].counts())
                            + " vs " + Arrays.toString(m[g].counts()));
                }
            }
        }
    }

    /** rleToString as written in maskApi.c. */
    private static String referenceToString(int[] cnts) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cnts.length; i++) {
            long x = cnts[i];
            if (i > 2) x -= cnts[i - 2];
            boolean more = true;
            while (more) {
                int c = (int) (x & 0x1f);
                x >>= 5;
                more = (c & 0x10) != 0 ? x != -1 : x != 0;
                if (more) c |= 0x20;
                sb.append((char) (c + 48));
            }
        }
        return sb.toString();
    }

    @Test
    void stringsMatchReferenceOnLargeCounts() {
        SplittableRandom r = new SplittableRandom(11);
        for (int round = 0; round < 300; round++) {
            int h = 1 + r.nextInt(40000), w = 1 + r.nextInt(Math.max(1, Integer.MAX_VALUE / h));
            long a = (long) h * w;
            List<Integer> c = new ArrayList<>();
            long left = a;
            while (left > 0) {
                long run = Math.min(left, switch (r.nextInt(3)) {
                    case 0 -> 1 + r.nextInt(20);
                    case 1 -> 1 + r.nextLong(Math.max(1, left));
                    default -> 1 + r.nextInt(100000);
                });
                c.add((int) run);
                left -= run;
            }
            int[] cnts = c.stream().mapToInt(Integer::intValue).toArray();
            Rle rle = Rle.fromCounts(h, w, cnts);
            String s = rle.toString();
            assertEquals(referenceToString(cnts), s);
            assertEquals(rle, Rle.fromString(s, h, w));
            assertEquals(rle, Rle.fromString(new StringBuilder(s), h, w));
        }
    }

    @Test
    void boxIouMatchesPairwiseFormulaOnOddBoxes() {
        SplittableRandom r = new SplittableRandom(3);
        double[] odd = {0, -0.0, 1e-200, -3, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e308, 0.5, 7};
        for (int round = 0; round < 200; round++) {
            int m = 1 + r.nextInt(12), n = 1 + r.nextInt(12);
            double[] dt = new double[4 * m], gt = new double[4 * n];
            for (double[] b : new double[][] {dt, gt}) {
                for (int i = 0; i < b.length; i++) {
                    b[i] = round % 3 == 0 && r.nextInt(8) == 0 ? odd[r.nextInt(odd.length)]
                            : r.nextBoolean() ? r.nextInt(0, 20) : r.nextDouble(-2, 20);
                }
            }
            boolean[] crowd = round % 2 == 0 ? null : new boolean[n];
            if (crowd != null) for (int g = 0; g < n; g++) crowd[g] = r.nextInt(4) == 0;
            double[][] o = Boxes.iou(dt, gt, crowd);
            for (int d = 0; d < m; d++) {
                for (int g = 0; g < n; g++) {
                    double e = Boxes.iouOne(dt, 4 * d, gt, 4 * g, crowd != null && crowd[g]);
                    assertEquals(Double.doubleToRawLongBits(e), Double.doubleToRawLongBits(o[d][g]),
                            "box " + d + "," + g + ": " + e + " vs " + o[d][g]);
                }
            }
        }
    }

    @Test
    void boxIouWithNaNAndCrowdMatchesCSemantics() {
        double nan = Double.NaN;
        double[] dt = {0, 0, 10, 10, nan, 0, 10, 10, 2, 2, 4, 4};
        double[] gt = {0, 0, 10, 10, 5, 5, nan, 10};
        boolean[] crowd = {false, true};
        double[][] o = Boxes.iou(dt, gt, crowd);
        for (int d = 0; d < 3; d++) {
            for (int g = 0; g < 2; g++) {
                assertEquals(Boxes.iouOne(dt, 4 * d, gt, 4 * g, crowd[g]), o[d][g], 0.0, d + "," + g);
            }
        }
        // fmin(NaN + 0, 10) = 10 and fmax(NaN, 0) = 0 in C: the NaN box overlaps as if x were ignored
        assertEquals(1.0, Boxes.iouOne(dt, 4, gt, 0, false), 0.0);
    }
}
