package org.tessera.classic.cluster;

import java.util.Arrays;

/**
 * SLIC superpixels (Achanta et al., "SLIC Superpixels Compared to State-of-the-Art Superpixel Methods", TPAMI
 * 2012) on primitive arrays: CIELAB colour (sRGB, D65), centres on a regular grid of step S = sqrt(N / K) moved
 * to the lowest-gradient pixel of their 3x3 neighbourhood (staying put on ties), hard assignment of each pixel to the nearest centre
 * among those whose 2S x 2S window holds it, with distance {@code d = dLab^2 + (m / S)^2 * dXY^2} (pixel units,
 * L in 0..100), then connectivity enforcement: connected components are relabelled in raster order and those
 * smaller than S*S/4 pixels are merged into the component met just before them (left / above). Deterministic.
 */
final class Slic {
    /** sRGB 8-bit sample → linear RGB (IEC 61966-2-1). */
    private static final float[] LINEAR = new float[256];

    static {
        for (int i = 0; i < 256; i++) {
            double c = i / 255.0;
            LINEAR[i] = (float) (c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4));
        }
    }

    private Slic() {
    }

    /**
     * Segments an 8-bit interleaved image.
     *
     * @param src        samples, row-major, {@code channels} per pixel; with 3+ channels the first three are R, G, B
     *                   (the rest ignored), with 1-2 channels the first is gray
     * @param regions    requested number of superpixels (>= 1)
     * @param m          compactness in CIELAB units (10 is the paper's and scikit-image's default)
     * @param iterations assignment / update iterations (>= 1)
     * @param eight      8-connected components in the connectivity step (else 4-connected)
     * @param out        receives labels 0..n-1, length w*h
     * @return n, the number of superpixels
     */
    static int segment(byte[] src, int w, int h, int channels, int regions, double m, int iterations,
            boolean eight, int[] out) {
        int n = w * h;
        float[] lp = new float[n], ap = new float[n], bp = new float[n];
        toLab(src, n, channels, lp, ap, bp);

        double step = Math.sqrt((double) n / regions);
        // at most one centre per column / row: a huge request on a small image cannot allocate more centres than pixels
        int nx = (int) Math.max(1, Math.min(w, Math.round(w / step)));
        int ny = (int) Math.max(1, Math.min(h, Math.round(h / step)));
        int k = nx * ny;
        float[] cl = new float[k], ca = new float[k], cb = new float[k], cx = new float[k], cy = new float[k];
        double sx = (double) w / nx, sy = (double) h / ny;
        int c = 0;
        for (int j = 0; j < ny; j++) {
            int y0 = Math.min(h - 1, (int) ((j + 0.5) * sy));
            for (int i = 0; i < nx; i++, c++) {
                int x0 = Math.min(w - 1, (int) ((i + 0.5) * sx));
                // move to the lowest-gradient pixel of the 3x3 neighbourhood; ties keep the grid position, then
                // the first minimum in raster order (a flat area keeps the regular grid)
                int bx = x0, by = y0;
                float best = gradient(lp, ap, bp, w, h, x0, y0);
                for (int y = Math.max(0, y0 - 1); y <= Math.min(h - 1, y0 + 1); y++) {
                    for (int x = Math.max(0, x0 - 1); x <= Math.min(w - 1, x0 + 1); x++) {
                        float g = gradient(lp, ap, bp, w, h, x, y);
                        if (g < best) {
                            best = g;
                            bx = x;
                            by = y;
                        }
                    }
                }
                int p = by * w + bx;
                cl[c] = lp[p];
                ca[c] = ap[p];
                cb[c] = bp[p];
                cx[c] = bx;
                cy[c] = by;
            }
        }

        int s = (int) Math.ceil(step);
        float wxy = (float) ((m / step) * (m / step));
        int[] label = new int[n];
        float[] dist = new float[n];
        double[] sum = new double[k * 5];
        int[] count = new int[k];
        for (int it = 0; it < iterations; it++) {
            Arrays.fill(dist, Float.MAX_VALUE);
            Arrays.fill(label, -1);
            for (c = 0; c < k; c++) {
                float l0 = cl[c], a0 = ca[c], b0 = cb[c], x0 = cx[c], y0 = cy[c];
                int xa = Math.max(0, (int) (x0 - s)), xb = Math.min(w - 1, (int) (x0 + s));
                int ya = Math.max(0, (int) (y0 - s)), yb = Math.min(h - 1, (int) (y0 + s));
                for (int y = ya; y <= yb; y++) {
                    float dy = y - y0;
                    float dy2 = dy * dy;
                    int row = y * w;
                    for (int x = xa; x <= xb; x++) {
                        int p = row + x;
                        float dl = lp[p] - l0, da = ap[p] - a0, db = bp[p] - b0, dx = x - x0;
                        float d = dl * dl + da * da + db * db + wxy * (dx * dx + dy2);
                        if (d < dist[p]) {
                            dist[p] = d;
                            label[p] = c;
                        }
                    }
                }
            }
            Arrays.fill(sum, 0);
            Arrays.fill(count, 0);
            for (int y = 0, p = 0; y < h; y++) {
                for (int x = 0; x < w; x++, p++) {
                    int q = label[p];
                    if (q < 0) {
                        continue;
                    }
                    int o = q * 5;
                    sum[o] += lp[p];
                    sum[o + 1] += ap[p];
                    sum[o + 2] += bp[p];
                    sum[o + 3] += x;
                    sum[o + 4] += y;
                    count[q]++;
                }
            }
            for (c = 0; c < k; c++) {
                if (count[c] > 0) {
                    double inv = 1.0 / count[c];
                    int o = c * 5;
                    cl[c] = (float) (sum[o] * inv);
                    ca[c] = (float) (sum[o + 1] * inv);
                    cb[c] = (float) (sum[o + 2] * inv);
                    cx[c] = (float) (sum[o + 3] * inv);
                    cy[c] = (float) (sum[o + 4] * inv);
                }
            }
        }
        int minSize = Math.max(1, (int) ((double) n / k / 4));
        return enforceConnectivity(label, w, h, minSize, eight, out);
    }

    /** Squared Lab gradient at (x, y), central differences with clamped borders. */
    private static float gradient(float[] l, float[] a, float[] b, int w, int h, int x, int y) {
        int p = y * w + x;
        int xl = p - (x > 0 ? 1 : 0), xr = p + (x < w - 1 ? 1 : 0);
        int yu = p - (y > 0 ? w : 0), yd = p + (y < h - 1 ? w : 0);
        float gl = l[xr] - l[xl], ga = a[xr] - a[xl], gb = b[xr] - b[xl];
        float hl = l[yd] - l[yu], ha = a[yd] - a[yu], hb = b[yd] - b[yu];
        return gl * gl + ga * ga + gb * gb + hl * hl + ha * ha + hb * hb;
    }

    /** sRGB (D65) → CIELAB, L in 0..100. */
    static void toLab(byte[] src, int n, int channels, float[] lp, float[] ap, float[] bp) {
        boolean rgb = channels >= 3;
        for (int i = 0, j = 0; i < n; i++, j += channels) {
            float r = LINEAR[src[j] & 0xFF];
            float g = rgb ? LINEAR[src[j + 1] & 0xFF] : r;
            float b = rgb ? LINEAR[src[j + 2] & 0xFF] : r;
            float fx = f((0.4124564f * r + 0.3575761f * g + 0.1804375f * b) / 0.95047f);
            float fy = f(0.2126729f * r + 0.7151522f * g + 0.0721750f * b);
            float fz = f((0.0193339f * r + 0.1191920f * g + 0.9503041f * b) / 1.08883f);
            lp[i] = 116f * fy - 16f;
            ap[i] = 500f * (fx - fy);
            bp[i] = 200f * (fy - fz);
        }
    }

    private static float f(float t) {
        return t > 0.008856452f ? (float) Math.cbrt(t) : t * 7.787037f + 16f / 116f;
    }

    /**
     * Relabels connected components of {@code label} in raster order into {@code out}; a component smaller than
     * {@code minSize} takes the label of the already-labelled neighbour of its first pixel (left, then above), if
     * any. Unassigned pixels (label -1) form components like any other label.
     */
    static int enforceConnectivity(int[] label, int w, int h, int minSize, boolean eight, int[] out) {
        int n = w * h;
        Arrays.fill(out, 0, n, -1);
        int[] queue = new int[n];
        int next = 0;
        for (int start = 0; start < n; start++) {
            if (out[start] >= 0) {
                continue;
            }
            int sxp = start % w, syp = start / w;
            int adjacent = -1;
            if (sxp > 0) {
                adjacent = out[start - 1];
            } else if (syp > 0) {
                adjacent = out[start - w];
            }
            int old = label[start];
            int head = 0, tail = 0;
            queue[tail++] = start;
            out[start] = next;
            while (head < tail) {
                int p = queue[head++];
                int x = p % w, y = p / w;
                for (int dy = -1; dy <= 1; dy++) {
                    int yy = y + dy;
                    if (yy < 0 || yy >= h) {
                        continue;
                    }
                    for (int dx = -1; dx <= 1; dx++) {
                        if ((dx == 0 && dy == 0) || (!eight && dx != 0 && dy != 0)) {
                            continue;
                        }
                        int xx = x + dx;
                        if (xx < 0 || xx >= w) {
                            continue;
                        }
                        int q = yy * w + xx;
                        if (out[q] < 0 && label[q] == old) {
                            out[q] = next;
                            queue[tail++] = q;
                        }
                    }
                }
            }
            if (tail < minSize && adjacent >= 0) {
                for (int i = 0; i < tail; i++) {
                    out[queue[i]] = adjacent;
                }
            } else {
                next++;
            }
        }
        return next;
    }
}
