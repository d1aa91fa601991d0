package org.tessera.core.image;

import org.tessera.core.label.LabelMap;

/**
 * Geometric transforms: resize (nearest, bilinear), crop, constant padding; see {@link Letterbox} for
 * Ultralytics-style letterboxing.
 *
 * <p>Coordinates: pixel (x, y) covers the square [x, x+1) x [y, y+1); its centre is (x + 0.5, y + 0.5).
 *
 * <p><b>Nearest</b> comes in the two conventions in use ({@link Nearest}): {@link Nearest#PIL} (pixel centres:
 * {@code src = floor((dst + 0.5) * srcSize / dstSize)}, as PIL's {@code Image.resize(NEAREST)}, torch's
 * {@code "nearest-exact"} and cv2's {@code INTER_NEAREST_EXACT}) and {@link Nearest#OPENCV}
 * ({@code src = floor(dst * srcSize / dstSize)}, as cv2's {@code INTER_NEAREST} and torch's {@code "nearest"},
 * used by mmsegmentation and Ultralytics for label maps). Without a mode, {@link Nearest#PIL} is used.
 *
 * <p><b>Bilinear</b> uses half-pixel centres, {@code src = (dst + 0.5) * srcSize / dstSize - 0.5}, clamped to the
 * edge pixels — cv2's {@code resize(INTER_LINEAR)} and torch's {@code interpolate(mode="bilinear",
 * align_corners=False)} (antialias off: downscaling samples, it does not average). The arithmetic follows
 * OpenCV's: for 8-bit images its fixed-point path (11-bit weights, horizontal pass in integers, its vertical
 * rounding {@code ((b0*(r0>>4))>>16) + ((b1*(r1>>4))>>16) + 2) >> 2}); for 16-bit images and {@link FloatMap}s
 * float32 weights and sums (16-bit results rounded half to even); an exact 2x downscale in both directions is a
 * 2x2 mean, as cv2 switches to INTER_AREA there. Torch computes the same formula with its own float32 rounding,
 * so float results agree with torch to float precision, not bit for bit.
 */
public final class ImageTransforms {
    private ImageTransforms() {}

    /** The two nearest-neighbour conventions; see the class comment. */
    public enum Nearest {
        /** {@code floor((dst + 0.5) * scale)}: PIL NEAREST, torch "nearest-exact", cv2 INTER_NEAREST_EXACT. */
        PIL,
        /** {@code floor(dst * scale)}: cv2 INTER_NEAREST, torch "nearest". */
        OPENCV
    }

    // ------------------------------------------------------------------------------------------ nearest

    /**
     * Source index of each destination index for nearest resizing, computed as the reference does in double
     * precision (PIL: accumulated {@code xo += scale} from {@code scale / 2}; OpenCV: {@code floor(x * (1 /
     * (dst / src)))}), clamped to the last source index.
     */
    static int[] nearestIndex(int src, int dst, Nearest mode) {
        int[] idx = new int[dst];
        if (mode == Nearest.PIL) {
            double a = (double) src / dst;
            double xo = a * 0.5;
            for (int x = 0; x < dst; x++) {
                idx[x] = Math.min((int) xo, src - 1);
                xo += a;
            }
        } else {
            double ifx = 1.0 / ((double) dst / src);
            for (int x = 0; x < dst; x++) idx[x] = Math.min((int) Math.floor(x * ifx), src - 1);
        }
        return idx;
    }

    private static void checkSize(int w, int h) {
        if (w <= 0 || h <= 0) throw new IllegalArgumentException("target size must be positive: " + w + "x" + h);
    }

    /** Nearest-neighbour resize of a label map with the {@link Nearest#PIL} convention; palette and ignore index kept. */
    public static LabelMap resizeNearest(LabelMap map, int width, int height) {
        return resizeNearest(map, width, height, Nearest.PIL);
    }

    /** Nearest-neighbour resize of a label map; palette and ignore index kept. */
    public static LabelMap resizeNearest(LabelMap map, int width, int height, Nearest mode) {
        checkSize(width, height);
        int[] xi = nearestIndex(map.width(), width, mode), yi = nearestIndex(map.height(), height, mode);
        short[] src = map.data(), out = new short[width * height];
        int sw = map.width();
        for (int y = 0; y < height; y++) {
            int row = yi[y] * sw, o = y * width;
            for (int x = 0; x < width; x++) out[o + x] = src[row + xi[x]];
        }
        return new LabelMap(width, height, out, map.ignoreIndex(), map.palette());
    }

    /** Nearest-neighbour resize of a row-major int array (e.g. panoptic segment ids). */
    public static int[] resizeNearest(int[] src, int srcWidth, int srcHeight, int width, int height, Nearest mode) {
        checkSize(width, height);
        if ((long) srcWidth * srcHeight != src.length) throw new IllegalArgumentException("array of " + src.length + " values does not fit " + srcWidth + "x" + srcHeight);
        int[] xi = nearestIndex(srcWidth, width, mode), yi = nearestIndex(srcHeight, height, mode);
        int[] out = new int[width * height];
        for (int y = 0; y < height; y++) {
            int row = yi[y] * srcWidth, o = y * width;
            for (int x = 0; x < width; x++) out[o + x] = src[row + xi[x]];
        }
        return out;
    }

    /** Nearest-neighbour resize of an image (all channels). */
    public static Image resizeNearest(Image im, int width, int height, Nearest mode) {
        checkSize(width, height);
        int ch = im.channels(), sw = im.width();
        int[] xi = nearestIndex(sw, width, mode), yi = nearestIndex(im.height(), height, mode);
        Image out = Image.blank(width, height, ch, im.bitDepth());
        for (int y = 0; y < height; y++) {
            int row = yi[y] * sw, o = y * width;
            if (im.is16Bit()) {
                short[] s = im.shorts(), d = out.shorts();
                for (int x = 0; x < width; x++) System.arraycopy(s, (row + xi[x]) * ch, d, (o + x) * ch, ch);
            } else {
                byte[] s = im.bytes(), d = out.bytes();
                if (ch == 1) {
                    for (int x = 0; x < width; x++) d[o + x] = s[row + xi[x]];
                } else {
                    for (int x = 0; x < width; x++) {
                        int si = (row + xi[x]) * ch, di = (o + x) * ch;
                        for (int c = 0; c < ch; c++) d[di + c] = s[si + c];
                    }
                }
            }
        }
        return out;
    }

    /** Nearest-neighbour resize of every plane of a float map. */
    public static FloatMap resizeNearest(FloatMap m, int width, int height, Nearest mode) {
        checkSize(width, height);
        int sw = m.width(), sh = m.height();
        int[] xi = nearestIndex(sw, width, mode), yi = nearestIndex(sh, height, mode);
        FloatMap out = FloatMap.zeros(m.channels(), width, height);
        float[] s = m.data(), d = out.data();
        for (int c = 0; c < m.channels(); c++) {
            int so = c * sw * sh, dof = c * width * height;
            for (int y = 0; y < height; y++) {
                int row = so + yi[y] * sw, o = dof + y * width;
                for (int x = 0; x < width; x++) d[o + x] = s[row + xi[x]];
            }
        }
        return out;
    }

    // ----------------------------------------------------------------------------------------- bilinear

    /** Two-tap linear interpolation table along one axis, as OpenCV builds it. */
    private static final class Taps {
        final int[] i0, i1;
        final float[] w0, w1;
        final short[] iw0, iw1;

        /**
         * @param clampWeights along x OpenCV clamps the position (weight 0 past the edges); along y it keeps
         *                     the weights and clamps the row indices, which gives the same values up to the
         *                     fixed-point rounding of the weights.
         */
        Taps(int src, int dst, boolean clampWeights) {
            i0 = new int[dst];
            i1 = new int[dst];
            w0 = new float[dst];
            w1 = new float[dst];
            iw0 = new short[dst];
            iw1 = new short[dst];
            double scale = 1.0 / ((double) dst / src);
            for (int d = 0; d < dst; d++) {
                float f = (float) ((d + 0.5) * scale - 0.5);
                int s = (int) Math.floor(f);
                f -= s;
                if (clampWeights) {
                    if (s < 0) {
                        f = 0;
                        s = 0;
                    }
                    if (s >= src - 1) {
                        f = 0;
                        s = src - 1;
                    }
                    i0[d] = s;
                    i1[d] = Math.min(s + 1, src - 1);
                } else {
                    i0[d] = clip(s, src);
                    i1[d] = clip(s + 1, src);
                }
                w0[d] = 1.f - f;
                w1[d] = f;
                iw0[d] = (short) Math.rint(w0[d] * 2048f);
                iw1[d] = (short) Math.rint(w1[d] * 2048f);
            }
        }

        private static int clip(int v, int n) {
            return v < 0 ? 0 : v >= n ? n - 1 : v;
        }
    }

    private static boolean isHalving(int sw, int sh, int dw, int dh) {
        return sw == 2 * dw && sh == 2 * dh;
    }

    /**
     * Bilinear resize (half-pixel centres) of an image, as {@code cv2.resize(img, (width, height),
     * interpolation=cv2.INTER_LINEAR)}; see the class comment for the arithmetic. All channels, alpha included,
     * are interpolated independently (not premultiplied).
     */
    public static Image resizeBilinear(Image im, int width, int height) {
        checkSize(width, height);
        int sw = im.width(), sh = im.height(), ch = im.channels();
        if (sw == width && sh == height) return im.copy();
        Image out = Image.blank(width, height, ch, im.bitDepth());
        if (isHalving(sw, sh, width, height)) {
            for (int y = 0; y < height; y++) {
                int r0 = 2 * y * sw, r1 = (2 * y + 1) * sw;
                for (int x = 0; x < width; x++) {
                    for (int c = 0; c < ch; c++) {
                        int a = (r0 + 2 * x) * ch + c, b = (r1 + 2 * x) * ch + c;
                        int v = (im.sample(a) + im.sample(a + ch) + im.sample(b) + im.sample(b + ch) + 2) >> 2;
                        if (im.is16Bit()) out.shorts()[(y * width + x) * ch + c] = (short) v;
                        else out.bytes()[(y * width + x) * ch + c] = (byte) v;
                    }
                }
            }
            return out;
        }
        Taps tx = new Taps(sw, width, true), ty = new Taps(sh, height, false);
        int rowLen = width * ch;
        if (!im.is16Bit()) {
            byte[] s = im.bytes(), d = out.bytes();
            int[] h0 = new int[rowLen], h1 = new int[rowLen];
            int c0 = -1, c1 = -1;
            for (int y = 0; y < height; y++) {
                int r0 = ty.i0[y], r1 = ty.i1[y];
                // reuse horizontally resized rows when they are the same source rows
                if (r0 == c1) {
                    int[] t = h0;
                    h0 = h1;
                    h1 = t;
                    c0 = c1;
                    c1 = -1;
                }
                if (r0 != c0) {
                    hLine8(s, r0 * sw * ch, ch, width, tx, h0);
                    c0 = r0;
                }
                if (r1 != c1) {
                    if (r1 == c0) System.arraycopy(h0, 0, h1, 0, rowLen);
                    else hLine8(s, r1 * sw * ch, ch, width, tx, h1);
                    c1 = r1;
                }
                int b0 = ty.iw0[y], b1 = ty.iw1[y], o = y * rowLen;
                for (int i = 0; i < rowLen; i++) {
                    int v = (((b0 * (h0[i] >> 4)) >> 16) + ((b1 * (h1[i] >> 4)) >> 16) + 2) >> 2;
                    d[o + i] = (byte) (v < 0 ? 0 : v > 255 ? 255 : v);
                }
            }
        } else {
            short[] s = im.shorts(), d = out.shorts();
            float[] h0 = new float[rowLen], h1 = new float[rowLen];
            for (int y = 0; y < height; y++) {
                hLine16(s, ty.i0[y] * sw * ch, ch, width, tx, h0);
                hLine16(s, ty.i1[y] * sw * ch, ch, width, tx, h1);
                float b0 = ty.w0[y], b1 = ty.w1[y];
                int o = y * rowLen;
                for (int i = 0; i < rowLen; i++) {
                    double v = Math.rint(h0[i] * b0 + h1[i] * b1);
                    d[o + i] = (short) (v < 0 ? 0 : v > 65535 ? 65535 : (int) v);
                }
            }
        }
        return out;
    }

    private static void hLine8(byte[] s, int rowOff, int ch, int dw, Taps tx, int[] out) {
        for (int x = 0; x < dw; x++) {
            int p0 = rowOff + tx.i0[x] * ch, p1 = rowOff + tx.i1[x] * ch;
            int a0 = tx.iw0[x], a1 = tx.iw1[x];
            for (int c = 0; c < ch; c++) out[x * ch + c] = (s[p0 + c] & 0xFF) * a0 + (s[p1 + c] & 0xFF) * a1;
        }
    }

    private static void hLine16(short[] s, int rowOff, int ch, int dw, Taps tx, float[] out) {
        for (int x = 0; x < dw; x++) {
            int p0 = rowOff + tx.i0[x] * ch, p1 = rowOff + tx.i1[x] * ch;
            float a0 = tx.w0[x], a1 = tx.w1[x];
            for (int c = 0; c < ch; c++) out[x * ch + c] = (s[p0 + c] & 0xFFFF) * a0 + (s[p1 + c] & 0xFFFF) * a1;
        }
    }

    /**
     * Bilinear resize (half-pixel centres) of every plane, as {@code cv2.resize(plane, (width, height))} on
     * float32 and {@code torch.nn.functional.interpolate(x, (height, width), mode="bilinear",
     * align_corners=False)} (to float precision).
     */
    public static FloatMap resizeBilinear(FloatMap m, int width, int height) {
        checkSize(width, height);
        int sw = m.width(), sh = m.height();
        if (sw == width && sh == height) return m.copy();
        FloatMap out = FloatMap.zeros(m.channels(), width, height);
        float[] s = m.data(), d = out.data();
        if (isHalving(sw, sh, width, height)) {
            for (int c = 0; c < m.channels(); c++) {
                int so = c * sw * sh, dof = c * width * height;
                for (int y = 0; y < height; y++) {
                    int r0 = so + 2 * y * sw, r1 = r0 + sw;
                    for (int x = 0; x < width; x++) {
                        d[dof + y * width + x] = (s[r0 + 2 * x] + s[r0 + 2 * x + 1] + s[r1 + 2 * x] + s[r1 + 2 * x + 1]) * 0.25f;
                    }
                }
            }
            return out;
        }
        Taps tx = new Taps(sw, width, true), ty = new Taps(sh, height, false);
        float[] h0 = new float[width], h1 = new float[width];
        for (int c = 0; c < m.channels(); c++) {
            int so = c * sw * sh, dof = c * width * height;
            for (int y = 0; y < height; y++) {
                hLineF(s, so + ty.i0[y] * sw, width, tx, h0);
                hLineF(s, so + ty.i1[y] * sw, width, tx, h1);
                float b0 = ty.w0[y], b1 = ty.w1[y];
                int o = dof + y * width;
                for (int x = 0; x < width; x++) d[o + x] = h0[x] * b0 + h1[x] * b1;
            }
        }
        return out;
    }

    private static void hLineF(float[] s, int rowOff, int dw, Taps tx, float[] out) {
        for (int x = 0; x < dw; x++) out[x] = s[rowOff + tx.i0[x]] * tx.w0[x] + s[rowOff + tx.i1[x]] * tx.w1[x];
    }

    // ------------------------------------------------------------------------------------- crop and pad

    private static void checkCrop(int x, int y, int w, int h, int W, int H) {
        if (w <= 0 || h <= 0 || x < 0 || y < 0 || (long) x + w > W || (long) y + h > H) {
            throw new IllegalArgumentException("crop " + w + "x" + h + " at (" + x + ", " + y + ") is not inside " + W + "x" + H);
        }
    }

    /** The {@code w x h} region whose top-left pixel is (x, y); must lie inside the image. */
    public static Image crop(Image im, int x, int y, int w, int h) {
        checkCrop(x, y, w, h, im.width(), im.height());
        int ch = im.channels();
        Image out = Image.blank(w, h, ch, im.bitDepth());
        for (int r = 0; r < h; r++) {
            int si = ((y + r) * im.width() + x) * ch, di = r * w * ch;
            if (im.is16Bit()) System.arraycopy(im.shorts(), si, out.shorts(), di, w * ch);
            else System.arraycopy(im.bytes(), si, out.bytes(), di, w * ch);
        }
        return out;
    }

    /** The {@code w x h} region of a label map whose top-left pixel is (x, y); palette and ignore index kept. */
    public static LabelMap crop(LabelMap m, int x, int y, int w, int h) {
        checkCrop(x, y, w, h, m.width(), m.height());
        short[] out = new short[w * h];
        for (int r = 0; r < h; r++) System.arraycopy(m.data(), (y + r) * m.width() + x, out, r * w, w);
        return new LabelMap(w, h, out, m.ignoreIndex(), m.palette());
    }

    /** The {@code w x h} region of every plane whose top-left pixel is (x, y). */
    public static FloatMap crop(FloatMap m, int x, int y, int w, int h) {
        checkCrop(x, y, w, h, m.width(), m.height());
        FloatMap out = FloatMap.zeros(m.channels(), w, h);
        for (int c = 0; c < m.channels(); c++) {
            for (int r = 0; r < h; r++) {
                System.arraycopy(m.data(), m.planeOffset(c) + (y + r) * m.width() + x, out.data(), out.planeOffset(c) + r * w, w);
            }
        }
        return out;
    }

    private static void checkPad(int top, int bottom, int left, int right) {
        if (top < 0 || bottom < 0 || left < 0 || right < 0) {
            throw new IllegalArgumentException("padding must be non-negative: top " + top + ", bottom " + bottom + ", left " + left + ", right " + right);
        }
    }

    /**
     * Adds a constant border ({@code cv2.copyMakeBorder(..., BORDER_CONSTANT, value)}): every channel of the new
     * pixels is {@code value}.
     */
    public static Image pad(Image im, int top, int bottom, int left, int right, int value) {
        checkPad(top, bottom, left, right);
        int w = Math.addExact(im.width(), left + right), h = Math.addExact(im.height(), top + bottom), ch = im.channels();
        Image out = Image.blank(w, h, ch, im.bitDepth());
        if (value != 0) {
            if (im.is16Bit()) java.util.Arrays.fill(out.shorts(), (short) value);
            else java.util.Arrays.fill(out.bytes(), (byte) value);
        }
        for (int r = 0; r < im.height(); r++) {
            int si = r * im.width() * ch, di = ((top + r) * w + left) * ch;
            if (im.is16Bit()) System.arraycopy(im.shorts(), si, out.shorts(), di, im.width() * ch);
            else System.arraycopy(im.bytes(), si, out.bytes(), di, im.width() * ch);
        }
        return out;
    }

    /** Adds a constant border of label {@code value} (typically the ignore index); palette and ignore index kept. */
    public static LabelMap pad(LabelMap m, int top, int bottom, int left, int right, int value) {
        checkPad(top, bottom, left, right);
        int w = Math.addExact(m.width(), left + right), h = Math.addExact(m.height(), top + bottom);
        short[] out = new short[Math.multiplyExact(w, h)];
        if (value != 0) java.util.Arrays.fill(out, (short) value);
        for (int r = 0; r < m.height(); r++) System.arraycopy(m.data(), r * m.width(), out, (top + r) * w + left, m.width());
        return new LabelMap(w, h, out, m.ignoreIndex(), m.palette());
    }

    /** Adds a constant border of {@code value} to every plane. */
    public static FloatMap pad(FloatMap m, int top, int bottom, int left, int right, float value) {
        checkPad(top, bottom, left, right);
        int w = Math.addExact(m.width(), left + right), h = Math.addExact(m.height(), top + bottom);
        FloatMap out = FloatMap.zeros(m.channels(), w, h);
        if (value != 0) java.util.Arrays.fill(out.data(), value);
        for (int c = 0; c < m.channels(); c++) {
            for (int r = 0; r < m.height(); r++) {
                System.arraycopy(m.data(), m.planeOffset(c) + r * m.width(), out.data(), out.planeOffset(c) + (top + r) * w + left, m.width());
            }
        }
        return out;
    }
}
