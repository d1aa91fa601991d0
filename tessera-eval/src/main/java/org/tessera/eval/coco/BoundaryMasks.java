package org.tessera.eval.coco;

import org.tessera.core.mask.Rle;
import org.tessera.core.mask.RleBuilder;

/**
 * The mask boundary of Boundary IoU, exactly as boundary-iou-api's {@code mask_to_boundary(mask, dilation_ratio)}:
 * {@code d = max(1, round(ratio * sqrt(h^2 + w^2)))} (Python's round-half-to-even, image diagonal in pixels), the mask
 * padded with one pixel of 0, eroded {@code d} times with a 3x3 square ({@code cv2.erode}, which OpenCV performs as
 * one erosion by a {@code (2d+1)} square), cropped back, and {@code boundary = mask - eroded}. A pixel is thus
 * interior when its whole {@code (2d+1) x (2d+1)} neighbourhood lies inside the image and inside the mask.
 *
 * <p>Computed on runs, never on a pixel array: per column the mask's intervals are eroded vertically
 * ({@code [a + d, b - d)}), the interior of a column is the intersection of the eroded columns within {@code d} to its
 * left and right (separable min filter on interval lists), and the boundary intervals (mask minus interior) are
 * emitted directly as RLE runs.
 */
public final class BoundaryMasks {
    private BoundaryMasks() {}

    /** The dilation (erosion iterations) for an image of {@code h x w} pixels. */
    public static int dilation(int h, int w, double ratio) {
        double diag = Math.sqrt((double) ((long) h * h + (long) w * w));
        int d = (int) Math.rint(ratio * diag);
        return Math.max(d, 1);
    }

    /** The boundary of {@code mask} on its own canvas. */
    public static Rle boundary(Rle mask, double dilationRatio) {
        int h = mask.height(), w = mask.width();
        int n = dilation(h, w, dilationRatio);
        int[] cnts = mask.countsView();
        // foreground intervals [ys, ye) per column, in column order (runs split at column ends)
        int cap = 16;
        int[] col = new int[cap], ys = new int[cap], ye = new int[cap];
        int k = 0;
        long pos = 0;
        for (int j = 0; j < cnts.length; j++) {
            long s = pos, e = pos + cnts[j];
            pos = e;
            if ((j & 1) == 0) continue;
            for (long q = s; q < e; ) {
                int x = (int) (q / h), y = (int) (q - (long) x * h);
                long colEnd = Math.min(e, (long) (x + 1) * h);
                if (k == cap) {
                    cap *= 2;
                    col = java.util.Arrays.copyOf(col, cap);
                    ys = java.util.Arrays.copyOf(ys, cap);
                    ye = java.util.Arrays.copyOf(ye, cap);
                }
                col[k] = x;
                ys[k] = y;
                ye[k] = y + (int) (colEnd - q);
                k++;
                q = colEnd;
            }
        }
        if (k == 0) return mask; // empty mask: empty boundary
        int x0 = col[0], x1 = col[k - 1], nc = x1 - x0 + 1;
        int[] cs = new int[nc + 1]; // intervals of column x0 + c: [cs[c], cs[c + 1])
        for (int i = 0; i < k; i++) cs[col[i] - x0 + 1]++;
        for (int c = 0; c < nc; c++) cs[c + 1] += cs[c];
        // vertical erosion per column: [a + n, b - n)
        int[] vs = new int[k], ve = new int[k];
        for (int i = 0; i < k; i++) {
            vs[i] = ys[i] + n;
            ve[i] = ye[i] - n;
        }
        RleBuilder b = new RleBuilder(h, w);
        long cursor = 0; // pixels pushed so far
        int[] is = new int[8], ie = new int[8], ts = new int[8], te = new int[8];
        for (int c = 0; c < nc; c++) {
            int x = x0 + c;
            if (cs[c] == cs[c + 1]) continue;
            // interior of column x = intersection of the eroded columns x - n .. x + n (all inside the mask's columns)
            int ni = 0;
            if (c - n >= 0 && c + n < nc) {
                // start from column c - n
                int a0 = cs[c - n], a1 = cs[c - n + 1];
                if (ie.length < a1 - a0) {
                    is = new int[a1 - a0];
                    ie = new int[a1 - a0];
                }
                for (int i = a0; i < a1; i++) {
                    if (vs[i] < ve[i]) {
                        is[ni] = vs[i];
                        ie[ni] = ve[i];
                        ni++;
                    }
                }
                for (int cc = c - n + 1; cc <= c + n && ni > 0; cc++) {
                    int b0 = cs[cc], b1 = cs[cc + 1];
                    int cap2 = ni + (b1 - b0);
                    if (ts.length < cap2) {
                        ts = new int[cap2];
                        te = new int[cap2];
                    }
                    int nt = 0, p = 0, q = b0;
                    while (p < ni && q < b1) {
                        if (vs[q] >= ve[q]) {
                            q++;
                            continue;
                        }
                        int lo = Math.max(is[p], vs[q]), hi = Math.min(ie[p], ve[q]);
                        if (lo < hi) {
                            ts[nt] = lo;
                            te[nt] = hi;
                            nt++;
                        }
                        if (ie[p] < ve[q]) p++;
                        else q++;
                    }
                    int[] t1 = is; is = ts; ts = t1;
                    int[] t2 = ie; ie = te; te = t2;
                    ni = nt;
                }
            }
            // boundary = mask column minus interior, emitted as runs
            long colBase = (long) x * h;
            int p = 0;
            for (int i = cs[c]; i < cs[c + 1]; i++) {
                int a = ys[i], e = ye[i];
                while (p < ni && ie[p] <= a) p++;
                int y = a;
                int pp = p;
                while (y < e) {
                    int nextIn = (pp < ni) ? Math.max(is[pp], y) : e;
                    if (nextIn > e) nextIn = e;
                    if (nextIn > y) {
                        long st = colBase + y;
                        b.pushRun(false, (int) (st - cursor));
                        b.pushRun(true, nextIn - y);
                        cursor = st + (nextIn - y);
                    }
                    if (pp < ni && is[pp] < e) {
                        y = Math.min(ie[pp], e);
                        pp++;
                    } else {
                        y = e;
                    }
                }
            }
        }
        return b.build();
    }
}
