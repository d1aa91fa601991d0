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
 * <p>Computed on the mask's bounding box only (separable min filter: vertical runs, then horizontal runs), never on
 * a full-image array.
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
        // bounding box of the foreground (column-major runs)
        int x0 = Integer.MAX_VALUE, x1 = -1, y0 = Integer.MAX_VALUE, y1 = -1;
        long pos = 0;
        for (int j = 0; j < cnts.length; j++) {
            long s = pos, e = pos + cnts[j];
            pos = e;
            if ((j & 1) == 0 || e == s) continue;
            int xs = (int) (s / h), xe = (int) ((e - 1) / h);
            x0 = Math.min(x0, xs);
            x1 = Math.max(x1, xe);
            if (xs == xe) {
                y0 = Math.min(y0, (int) (s % h));
                y1 = Math.max(y1, (int) ((e - 1) % h));
            } else {
                y0 = 0;
                y1 = h - 1;
            }
        }
        if (x1 < 0) return mask; // empty mask: empty boundary
        int bw = x1 - x0 + 1, bh = y1 - y0 + 1;
        byte[] bits = new byte[bw * bh]; // column-major crop
        pos = 0;
        for (int j = 0; j < cnts.length; j++) {
            long s = pos, e = pos + cnts[j];
            pos = e;
            if ((j & 1) == 0) continue;
            for (long q = s; q < e; ) {
                int x = (int) (q / h), y = (int) (q % h);
                long colEnd = Math.min(e, (long) (x + 1) * h);
                int len = (int) (colEnd - q);
                int off = (x - x0) * bh + (y - y0);
                java.util.Arrays.fill(bits, off, off + len, (byte) 1);
                q = colEnd;
            }
        }
        // vertical erosion: keep [a + n, b - n) of every vertical run [a, b)
        byte[] v = new byte[bw * bh];
        for (int x = 0; x < bw; x++) {
            int base = x * bh;
            int y = 0;
            while (y < bh) {
                if (bits[base + y] == 0) {
                    y++;
                    continue;
                }
                int a = y;
                while (y < bh && bits[base + y] != 0) y++;
                for (int q = a + n; q < y - n; q++) v[base + q] = 1;
            }
        }
        // horizontal erosion of v: left run lengths, then right run lengths on the fly
        int[] left = new int[bw * bh];
        int[] run = new int[bh];
        for (int x = 0; x < bw; x++) {
            int base = x * bh;
            for (int y = 0; y < bh; y++) {
                run[y] = v[base + y] != 0 ? run[y] + 1 : 0;
                left[base + y] = run[y];
            }
        }
        java.util.Arrays.fill(run, 0);
        byte[] interior = v; // reuse: interior <= v, computed right to left
        for (int x = bw - 1; x >= 0; x--) {
            int base = x * bh;
            for (int y = 0; y < bh; y++) {
                boolean on = v[base + y] != 0;
                run[y] = on ? run[y] + 1 : 0;
                interior[base + y] = (byte) (on && left[base + y] > n && run[y] > n ? 1 : 0);
            }
        }
        RleBuilder b = new RleBuilder(h, w);
        b.pushRun(false, x0 * h);
        for (int x = 0; x < bw; x++) {
            int base = x * bh;
            b.pushRun(false, y0);
            for (int y = 0; y < bh; y++) b.push(bits[base + y] != 0 && interior[base + y] == 0);
            b.pushRun(false, h - 1 - y1);
        }
        return b.build();
    }
}
