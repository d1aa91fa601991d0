package org.tessera.infer;

/**
 * Turns pixels into a model input tensor: resize (letterbox or stretch) with bilinear interpolation, half-pixel
 * centres, edge clamping (OpenCV {@code INTER_LINEAR} without its fixed-point rounding), channel reorder, then
 * {@code (v * scale - mean[c]) / std[c]}.
 */
final class Preprocessor {
    private Preprocessor() {}

    /**
     * Writes one image into {@code dst} at {@code off} (NCHW planes or NHWC interleaved, {@code channels} 1 or 3).
     */
    static void fill(Pixels img, Geometry g, ModelSpec.InputSpec in, int channels, float[] dst, int off) {
        int inW = g.inW(), inH = g.inH();
        boolean nchw = in.layout() == ModelSpec.Layout.NCHW;
        float[] a = new float[3], b = new float[3];
        for (int c = 0; c < 3; c++) {
            a[c] = in.scale() / in.std()[c];
            b[c] = -in.mean()[c] / in.std()[c];
        }
        int plane = inW * inH;
        // padding value everywhere the content does not cover
        if (g.contentW() != inW || g.contentH() != inH) {
            for (int c = 0; c < channels; c++) {
                float v = in.padValue() * a[c] + b[c];
                if (nchw) {
                    java.util.Arrays.fill(dst, off + c * plane, off + (c + 1) * plane, v);
                } else {
                    for (int i = 0; i < plane; i++) dst[off + i * channels + c] = v;
                }
            }
        }
        int sw = img.width(), sh = img.height(), sc = img.channels();
        int cw = g.contentW(), ch = g.contentH();
        int[] x0 = new int[cw], x1 = new int[cw];
        float[] fx = new float[cw];
        axis(sw, cw, x0, x1, fx);
        int[] y0 = new int[ch], y1 = new int[ch];
        float[] fy = new float[ch];
        axis(sh, ch, y0, y1, fy);
        // source channel feeding each model channel
        int[] src = new int[channels];
        boolean gray = false;
        if (channels == 3) {
            for (int c = 0; c < 3; c++) {
                int rgb = in.channelOrder() == ModelSpec.ChannelOrder.RGB ? c : 2 - c;
                src[c] = sc == 1 ? 0 : rgb;
            }
        } else if (sc >= 3) {
            gray = true; // luma of RGB for a one-channel model
        }
        byte[] d = img.data();
        float[] row0 = new float[cw * channels], row1 = new float[cw * channels];
        for (int y = 0; y < ch; y++) {
            horizontal(d, y0[y], sw, sc, x0, x1, fx, src, gray, channels, row0);
            horizontal(d, y1[y], sw, sc, x0, x1, fx, src, gray, channels, row1);
            float wy = fy[y];
            int oy = y + g.padY();
            for (int x = 0; x < cw; x++) {
                int ox = x + g.padX();
                for (int c = 0; c < channels; c++) {
                    float v0 = row0[x * channels + c], v1 = row1[x * channels + c];
                    float v = v0 + (v1 - v0) * wy;
                    int ai = c < 3 ? c : 0;
                    float t = v * a[ai] + b[ai];
                    if (nchw) dst[off + c * plane + oy * inW + ox] = t;
                    else dst[off + (oy * inW + ox) * channels + c] = t;
                }
            }
        }
    }

    private static void horizontal(byte[] d, int sy, int sw, int sc, int[] x0, int[] x1, float[] fx, int[] src,
                                   boolean gray, int channels, float[] out) {
        int rowOff = sy * sw * sc;
        for (int x = 0; x < x0.length; x++) {
            int p0 = rowOff + x0[x] * sc, p1 = rowOff + x1[x] * sc;
            float w = fx[x];
            if (gray) {
                float v0 = 0.299f * (d[p0] & 0xFF) + 0.587f * (d[p0 + 1] & 0xFF) + 0.114f * (d[p0 + 2] & 0xFF);
                float v1 = 0.299f * (d[p1] & 0xFF) + 0.587f * (d[p1 + 1] & 0xFF) + 0.114f * (d[p1 + 2] & 0xFF);
                out[x] = v0 + (v1 - v0) * w;
            } else {
                for (int c = 0; c < channels; c++) {
                    float v0 = d[p0 + src[c]] & 0xFF, v1 = d[p1 + src[c]] & 0xFF;
                    out[x * channels + c] = v0 + (v1 - v0) * w;
                }
            }
        }
    }

    /** Half-pixel bilinear taps from {@code srcN} samples to {@code dstN}, edges clamped. */
    static void axis(int srcN, int dstN, int[] i0, int[] i1, float[] f) {
        double s = (double) srcN / dstN;
        for (int i = 0; i < dstN; i++) {
            double p = (i + 0.5) * s - 0.5;
            if (p < 0) p = 0;
            int a = (int) Math.floor(p);
            if (a >= srcN - 1) {
                i0[i] = i1[i] = srcN - 1;
                f[i] = 0;
            } else {
                i0[i] = a;
                i1[i] = a + 1;
                f[i] = (float) (p - a);
            }
        }
    }
}
