package org.tessera.infer;

import org.tessera.core.image.FloatMap;
import org.tessera.core.label.LabelMap;
import org.tessera.core.mask.Mask;
import org.tessera.core.mask.Rle;

/**
 * Decodes dense (per-pixel) outputs back to the original image: semantic logits to a label map and optional
 * probabilities, foreground channels to a mask and an alpha matte.
 *
 * <p>Resampling: the image content region of the output grid (the whole grid when stretched; the letterbox content,
 * in continuous coordinates, otherwise) is resized bilinearly to the original size with half-pixel centres and
 * edge clamping (PyTorch {@code interpolate(mode="bilinear", align_corners=False)}). Logits are resized, then the
 * argmax / threshold is taken at original resolution (never labels resized). ArgMax outputs (integer labels) are
 * resampled by nearest neighbour at pixel centres.
 */
final class DenseDecoder {
    private DenseDecoder() {}

    /**
     * A view of one image's output tensor: {@code channels} planes of {@code gh x gw}; element (c, y, x) at
     * {@code off + c * cStride + (y * gw + x) * pStride}.
     */
    record Grid(float[] data, int off, int channels, int gh, int gw, int cStride, int pStride) {
        static Grid nchw(float[] d, int off, int c, int h, int w) {
            return new Grid(d, off, c, h, w, h * w, 1);
        }

        static Grid nhwc(float[] d, int off, int c, int h, int w) {
            return new Grid(d, off, c, h, w, 1, c);
        }
    }

    /**
     * Bilinear taps of the original image's pixels into the grid, as cropping the content region out of the grid and
     * resizing it (half-pixel centres): positions are clamped to the content's first and last cells, so padding
     * (letterbox or pad-to-multiple) never bleeds into the edge pixels.
     */
    record Taps(int[] i0, int[] i1, float[] f) {
        static Taps of(int outN, int gridN, int inN, int pad, int content) {
            double origin = (double) pad * gridN / inN, extent = (double) content * gridN / inN;
            int[] a = new int[outN], b = new int[outN];
            float[] f = new float[outN];
            double s = extent / outN, last = Math.max(0, extent - 1);
            for (int i = 0; i < outN; i++) {
                double p = (i + 0.5) * s - 0.5;
                p = origin + Math.min(Math.max(p, 0), last);
                if (p < 0) p = 0;
                int k = (int) p;
                if (k >= gridN - 1) {
                    a[i] = b[i] = gridN - 1;
                    f[i] = 0;
                } else {
                    a[i] = k;
                    b[i] = k + 1;
                    f[i] = (float) (p - k);
                }
            }
            return new Taps(a, b, f);
        }

        /** Nearest grid index of each original pixel centre. */
        static int[] nearest(int outN, int gridN, int inN, int pad, int content) {
            double origin = (double) pad * gridN / inN, extent = (double) content * gridN / inN;
            int[] r = new int[outN];
            for (int i = 0; i < outN; i++) {
                int k = (int) Math.floor(origin + (i + 0.5) * extent / outN);
                int lo = (int) Math.floor(origin), hi = (int) Math.ceil(origin + extent) - 1; // the content's cells
                r[i] = Math.max(0, Math.min(gridN - 1, Math.max(lo, Math.min(hi, k))));
            }
            return r;
        }
    }

    /**
     * Semantic logits to labels (argmax; one channel: probability above {@code threshold} = class 1) and, when
     * {@code probs != null}, per-class probabilities ({@code probs[c * W * H + y * W + x]}; softmax, sigmoid or as-is).
     */
    static LabelMap semantic(Grid g, Geometry geo, ModelSpec.Activation act, float threshold, float[] probs) {
        return semantic(g, geo, act, false, threshold, probs);
    }

    /**
     * As {@link #semantic(Grid, Geometry, ModelSpec.Activation, float, float[])}; with {@code multiLabel} the channels
     * are independent: label 0 where no channel's probability is above {@code threshold}, else 1 + the most probable
     * channel (ties to the lower channel).
     */
    static LabelMap semantic(Grid g, Geometry geo, ModelSpec.Activation act, boolean multiLabel, float threshold, float[] probs) {
        float thr1 = act == ModelSpec.Activation.NONE ? threshold : (float) Math.log(threshold / (1.0 - threshold));
        int W = geo.origW(), H = geo.origH(), C = g.channels();
        Taps tx = Taps.of(W, g.gw(), geo.inW(), geo.padX(), geo.contentW());
        Taps ty = Taps.of(H, g.gh(), geo.inH(), geo.padY(), geo.contentH());
        short[] labels = new short[W * H];
        float[] v = new float[C];
        // separable: grid rows interpolated along x once (all classes, class-major), reused by the output rows
        float[] rowA = new float[C * W], rowB = new float[C * W];
        int haveA = -1, haveB = -1;
        for (int y = 0; y < H; y++) {
            int r0 = ty.i0()[y], r1 = ty.i1()[y];
            if (haveA != r0) {
                if (haveB == r0) {
                    float[] t = rowA;
                    rowA = rowB;
                    rowB = t;
                    haveB = haveA;
                } else {
                    horizontal(g, r0, tx, rowA, W);
                }
                haveA = r0;
            }
            if (haveB != r1) {
                horizontal(g, r1, tx, rowB, W);
                haveB = r1;
            }
            float wy = ty.f()[y];
            int o = y * W;
            if (C == 2 && probs == null && act != ModelSpec.Activation.SIGMOID && !multiLabel) {
                for (int x = 0; x < W; x++) {
                    float a0 = rowA[x], a1 = rowA[W + x];
                    float c0 = a0 + (rowB[x] - a0) * wy, c1 = a1 + (rowB[W + x] - a1) * wy;
                    labels[o + x] = (short) (c1 > c0 ? 1 : 0);
                }
                continue;
            }
            for (int x = 0; x < W; x++) {
                int best = 0;
                float bv = -Float.MAX_VALUE;
                for (int c = 0; c < C; c++) {
                    float a = rowA[c * W + x];
                    float val = a + (rowB[c * W + x] - a) * wy;
                    v[c] = val;
                    if (val > bv) {
                        bv = val;
                        best = c;
                    }
                }
                if (C == 1) best = bv > thr1 ? 1 : 0;
                else if (multiLabel) best = bv > thr1 ? best + 1 : 0;
                labels[o + x] = (short) best;
                if (probs != null) probabilities(v, C, act, bv, probs, o + x, W * H);
            }
        }
        return new LabelMap(W, H, labels, LabelMap.DEFAULT_IGNORE, null);
    }

    /**
     * Every channel of the grid resampled to the original image ({@code out[c * W * H + y * W + x]}) with the taps of
     * {@link #semantic}: bilinear, half-pixel centres, clamped to the content cells. When the content maps one to one
     * onto the image (native resolution, only padding to cut) this is an exact copy of the content cells.
     */
    static float[] resample(Grid g, Geometry geo) {
        int W = geo.origW(), H = geo.origH(), C = g.channels(), plane = W * H;
        Taps tx = Taps.of(W, g.gw(), geo.inW(), geo.padX(), geo.contentW());
        Taps ty = Taps.of(H, g.gh(), geo.inH(), geo.padY(), geo.contentH());
        float[] out = new float[Math.multiplyExact(C, plane)];
        float[] rowA = new float[C * W], rowB = new float[C * W];
        int haveA = -1, haveB = -1;
        for (int y = 0; y < H; y++) {
            int r0 = ty.i0()[y], r1 = ty.i1()[y];
            if (haveA != r0) {
                horizontal(g, r0, tx, rowA, W);
                haveA = r0;
            }
            if (haveB != r1) {
                horizontal(g, r1, tx, rowB, W);
                haveB = r1;
            }
            float wy = ty.f()[y];
            for (int c = 0; c < C; c++) {
                int o = c * plane + y * W, b = c * W;
                if (wy == 0f) {
                    System.arraycopy(rowA, b, out, o, W);
                } else {
                    for (int x = 0; x < W; x++) {
                        float a = rowA[b + x];
                        out[o + x] = a + (rowB[b + x] - a) * wy;
                    }
                }
            }
        }
        return out;
    }

    /** Grid row r of every channel interpolated at the output columns into {@code out[c * W + x]}. */
    private static void horizontal(Grid g, int r, Taps tx, float[] out, int W) {
        float[] d = g.data();
        int rowOff = g.off() + r * g.gw() * g.pStride();
        int[] i0 = tx.i0(), i1 = tx.i1();
        float[] f = tx.f();
        for (int c = 0; c < g.channels(); c++) {
            int base = rowOff + c * g.cStride(), ob = c * W;
            int ps = g.pStride();
            for (int x = 0; x < W; x++) {
                float a = d[base + i0[x] * ps];
                out[ob + x] = a + (d[base + i1[x] * ps] - a) * f[x];
            }
        }
    }

    private static void probabilities(float[] v, int C, ModelSpec.Activation act, float max, float[] probs, int i, int plane) {
        if (act == ModelSpec.Activation.NONE) {
            for (int c = 0; c < C; c++) probs[c * plane + i] = v[c];
        } else if (act == ModelSpec.Activation.SIGMOID || C == 1) {
            for (int c = 0; c < C; c++) probs[c * plane + i] = (float) (1 / (1 + Math.exp(-v[c])));
        } else if (C == 2) { // softmax of two = sigmoid of the difference: one exp
            float p1 = (float) (1 / (1 + Math.exp(v[0] - v[1])));
            probs[i] = 1 - p1;
            probs[plane + i] = p1;
        } else {
            double sum = 0;
            for (int c = 0; c < C; c++) sum += Math.exp(v[c] - max);
            for (int c = 0; c < C; c++) probs[c * plane + i] = (float) (Math.exp(v[c] - max) / sum);
        }
    }

    /** Integer labels (an ArgMax graph output, {@code gh x gw} at {@code off}) to the original size by nearest neighbour. */
    static LabelMap labels(long[] lab, int off, int gh, int gw, Geometry geo) {
        int W = geo.origW(), H = geo.origH();
        int[] nx = Taps.nearest(W, gw, geo.inW(), geo.padX(), geo.contentW());
        int[] ny = Taps.nearest(H, gh, geo.inH(), geo.padY(), geo.contentH());
        short[] out = new short[W * H];
        for (int y = 0; y < H; y++) {
            int r = off + ny[y] * gw;
            for (int x = 0; x < W; x++) out[y * W + x] = (short) lab[r + nx[x]];
        }
        return new LabelMap(W, H, out, LabelMap.DEFAULT_IGNORE, null);
    }

    /**
     * Foreground: the foreground score plane (a logit for sigmoid and softmax heads — for two channels the logit
     * difference fg - bg, whose sigmoid is the softmax probability — or, for {@code NONE}, the probability: the one
     * channel, or the foreground channel of two already-softmaxed channels, e.g. SINet) resized to the
     * original, thresholded at {@code threshold} (probability), with the alpha matte when {@code wantAlpha}.
     */
    static Foreground foreground(Grid g, Geometry geo, ModelSpec.Activation act, int fgChannel, float threshold, boolean wantAlpha) {
        int gh = g.gh(), gw = g.gw();
        float[] plane = new float[gh * gw];
        float[] d = g.data();
        boolean isProb = act == ModelSpec.Activation.NONE;
        for (int p = 0; p < gh * gw; p++) {
            int base = g.off() + p * g.pStride();
            if (g.channels() == 1) {
                plane[p] = d[base];
            } else if (isProb) {
                plane[p] = d[base + fgChannel * g.cStride()];
            } else {
                int bg = fgChannel == 0 ? 1 : 0;
                plane[p] = d[base + fgChannel * g.cStride()] - d[base + bg * g.cStride()];
            }
        }
        float thr = isProb ? threshold : (float) Math.log(threshold / (1.0 - threshold));
        int W = geo.origW(), H = geo.origH();
        Taps tx = Taps.of(W, gw, geo.inW(), geo.padX(), geo.contentW());
        Taps ty = Taps.of(H, gh, geo.inH(), geo.padY(), geo.contentH());
        byte[] bits = new byte[W * H];
        float[] alpha = wantAlpha ? new float[W * H] : null;
        for (int y = 0; y < H; y++) {
            int r0 = ty.i0()[y] * gw, r1 = ty.i1()[y] * gw;
            float wy = ty.f()[y];
            for (int x = 0; x < W; x++) {
                float wx = tx.f()[x];
                int a0 = tx.i0()[x], a1 = tx.i1()[x];
                float top = plane[r0 + a0] + (plane[r0 + a1] - plane[r0 + a0]) * wx;
                float bot = plane[r1 + a0] + (plane[r1 + a1] - plane[r1 + a0]) * wx;
                float v = top + (bot - top) * wy;
                int i = y * W + x;
                bits[i] = (byte) (v > thr ? 1 : 0);
                if (alpha != null) alpha[i] = isProb ? v : (float) (1 / (1 + Math.exp(-v)));
            }
        }
        return new Foreground(W, H, Mask.fromRle(Rle.encodeRowMajor(bits, H, W)), alpha == null ? null : new FloatMap(1, W, H, alpha));
    }
}
