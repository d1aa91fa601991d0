package org.tessera.train;

import org.tessera.core.image.Image;
import org.tessera.core.image.ImageTransforms;

import java.util.SplittableRandom;

/**
 * Seeded training augmentation of an RGB image and any number of label planes (semantic labels, instance ids, ...)
 * that are transformed with the same geometry: the image bilinearly, every plane by nearest neighbour with its own
 * fill value where no source pixel exists (e.g. the ignore index for semantic labels, 0 for instance ids).
 *
 * <p>Two geometries: a fixed training scale ({@link #Augmenter(int, int, int, int, boolean, boolean, Augmentation)}:
 * every image is first brought to the resize size, as semantic training does) or the images' own resolution
 * ({@link #atNativeResolution}: scale factors apply to each image's own size, crops are always random and an image
 * smaller than the crop sits at the top left, as the bottom-up instance model trains).
 *
 * <p>Pipeline, in this order (each step only when enabled):
 * <ol>
 * <li><b>scale</b>: resize to {@code round(resizeWidth * s) x round(resizeHeight * s)} (native resolution: the
 * image's own width and height times s), s drawn uniformly from
 * {@link Augmentation#minScale()}..{@link Augmentation#maxScale()} (image: {@link ImageTransforms#resizeBilinear};
 * planes: {@link ImageTransforms#resizeNearest(int[], int, int, int, int, ImageTransforms.Nearest)}, PIL
 * convention);</li>
 * <li><b>rotation</b> about the image centre by an angle drawn from &plusmn;{@link Augmentation#maxRotation()}
 * degrees (positive = counter-clockwise on screen), same size; source points outside the image take the fill
 * (image: 0 = black; as cv2 {@code warpAffine} with a constant border). Output pixel centre {@code (x + .5, y + .5)}
 * samples the source at {@code c + R(-a) (p - c)}; multiples of 90 degrees use exact sines, so they permute
 * pixels exactly (on square images);</li>
 * <li><b>crop</b> {@code cropWidth x cropHeight} at a random place when {@code randomCrop} (else centred); where
 * the scaled image is smaller than the crop it is placed at a random (else centred) offset inside the crop and the
 * rest is filled (image 0, planes their fill). Native resolution: a random window along each axis where the
 * scaled image is larger than the crop, otherwise the image starts at the top / left edge and the rest of the crop
 * (right / bottom, where inference pads too) is filled, with no draw for that axis;</li>
 * <li><b>symmetries</b> of the crop: left-right flip with probability 1/2 when {@code flip}, up-down flip with
 * probability 1/2 when {@link Augmentation#verticalFlip()}, transposition (x and y swapped) with probability 1/2 when
 * {@link Augmentation#transpose()} and the crop is square; output pixel {@code (x, y)} takes crop pixel
 * {@code (u, v)} with {@code (u, v) = transposed ? (y, x) : (x, y)}, then {@code u -> w - 1 - u} when flipped
 * left-right and {@code v -> h - 1 - v} when flipped up-down (all three on: the 8 symmetries of the square);</li>
 * <li><b>colour jitter</b> on the float image in [0, 1] (image only), as torchvision's {@code ColorJitter} but in
 * the fixed order brightness, contrast, saturation, hue: brightness {@code x * f}; contrast {@code f x + (1 - f) m}
 * with m the mean grey value of the image; saturation {@code f x + (1 - f) g} with g the pixel's grey value; each
 * clamped to [0, 1]; grey = 0.299 R + 0.587 G + 0.114 B; hue: the HSV hue shifted by a fraction of a turn;</li>
 * <li><b>Gaussian blur</b> (image only) with a probability, sigma drawn uniformly from the range: separable kernel
 * of radius {@code ceil(3 sigma)}, weights {@code exp(-d^2 / (2 sigma^2))} normalised to 1, mirrored borders
 * ({@code dcb|abcd|cba}, OpenCV's BORDER_REFLECT_101).</li>
 * </ol>
 *
 * <p>Random draws, in this order and only for the enabled steps: scale (only when the range is not a single value),
 * angle, crop x, crop y (both only when randomCrop; see {@link #draw}), flip, vertical flip, transposition, brightness,
 * contrast, saturation, hue, blur yes/no, sigma. With {@link Augmentation#NONE} this is exactly the former
 * resize &rarr; crop &rarr; flip of {@link SegmentationData} (same draws, same pixels); at native resolution with
 * {@code Augmentation.NONE.withSymmetries(true, true)} and {@code flip} it is exactly the former random crop + 8
 * symmetries of the bottom-up model's {@code InstanceData} (draws x, y, left-right, up-down, transposition).
 * {@link #draw} and
 * {@link #apply(Image, int[][], int[], Params)} split drawing from applying so that one draw can be replayed.
 * Immutable and thread-safe.
 */
public final class Augmenter {
    private final int resizeWidth, resizeHeight, cropWidth, cropHeight;
    private final boolean randomCrop, flip, nativeSize;
    private final Augmentation aug;

    /**
     * @param resizeWidth  width of the resize at scale 1
     * @param resizeHeight height of the resize at scale 1
     * @param cropWidth    output width
     * @param cropHeight   output height
     * @param randomCrop   random (else centred) crop / placement
     * @param flip         random left-right flip
     * @param augmentation the other augmentations ({@link Augmentation#NONE} for none)
     * @throws IllegalArgumentException for non-positive sizes or a null augmentation
     */
    public Augmenter(int resizeWidth, int resizeHeight, int cropWidth, int cropHeight, boolean randomCrop, boolean flip,
                     Augmentation augmentation) {
        this(resizeWidth, resizeHeight, cropWidth, cropHeight, randomCrop, flip, augmentation, false);
        if (resizeWidth <= 0 || resizeHeight <= 0) {
            throw new IllegalArgumentException("augmenter: sizes must be positive, got resize " + resizeWidth + "x"
                    + resizeHeight + ", crop " + cropWidth + "x" + cropHeight);
        }
    }

    private Augmenter(int resizeWidth, int resizeHeight, int cropWidth, int cropHeight, boolean randomCrop, boolean flip,
                      Augmentation augmentation, boolean nativeSize) {
        if (cropWidth <= 0 || cropHeight <= 0) {
            throw new IllegalArgumentException("augmenter: sizes must be positive, got crop " + cropWidth + "x" + cropHeight);
        }
        if (augmentation == null) throw new IllegalArgumentException("augmenter: augmentation must be set (Augmentation.NONE for none)");
        this.resizeWidth = resizeWidth;
        this.resizeHeight = resizeHeight;
        this.cropWidth = cropWidth;
        this.cropHeight = cropHeight;
        this.randomCrop = randomCrop;
        this.flip = flip;
        this.aug = augmentation;
        this.nativeSize = nativeSize;
    }

    /**
     * An augmenter at the images' own resolution: scale factors multiply each image's size, the
     * {@code cropWidth x cropHeight} window is always random (an image smaller than the crop along an axis sits at
     * the top / left, the rest filled), then the symmetries and the photometric steps as usual.
     *
     * @param cropWidth    output width
     * @param cropHeight   output height
     * @param flip         random left-right flip
     * @param augmentation the other augmentations (e.g. {@code Augmentation.NONE.withSymmetries(true, true)})
     * @throws IllegalArgumentException for non-positive sizes or a null augmentation
     */
    public static Augmenter atNativeResolution(int cropWidth, int cropHeight, boolean flip, Augmentation augmentation) {
        return new Augmenter(0, 0, cropWidth, cropHeight, true, flip, augmentation, true);
    }

    /** The training augmenter of a configuration. */
    public static Augmenter of(TrainConfig cfg) {
        return new Augmenter(cfg.resizeWidth(), cfg.resizeHeight(), cfg.cropWidth(), cfg.cropHeight(), cfg.randomCrop(),
                cfg.flip(), cfg.augmentation());
    }

    public int cropWidth() {
        return cropWidth;
    }

    public int cropHeight() {
        return cropHeight;
    }

    /**
     * One draw of the random parameters.
     *
     * @param scale         scale factor
     * @param scaledWidth   width after scaling
     * @param scaledHeight  height after scaling
     * @param angle         rotation in degrees (counter-clockwise on screen)
     * @param cropX         left edge of the crop in the scaled image (negative: the image sits inside the crop)
     * @param cropY         top edge of the crop
     * @param flip          left-right flip
     * @param brightness    brightness factor (1 = unchanged)
     * @param contrast      contrast factor (1 = unchanged)
     * @param saturation    saturation factor (1 = unchanged)
     * @param hue           hue shift in turns (0 = unchanged)
     * @param sigma         blur sigma in pixels (0 = no blur)
     * @param flipVertical  up-down flip
     * @param transpose     transposition of the (square) crop
     */
    public record Params(double scale, int scaledWidth, int scaledHeight, double angle, int cropX, int cropY,
                         boolean flip, double brightness, double contrast, double saturation, double hue,
                         double sigma, boolean flipVertical, boolean transpose) {
        public Params {
            if (scaledWidth <= 0 || scaledHeight <= 0) throw new IllegalArgumentException("scaled size must be positive: " + scaledWidth + "x" + scaledHeight);
            if (!(brightness >= 0 && contrast >= 0 && saturation >= 0 && sigma >= 0)) {
                throw new IllegalArgumentException("colour factors and sigma must be >= 0");
            }
        }

        /** Parameters without up-down flip or transposition. */
        public Params(double scale, int scaledWidth, int scaledHeight, double angle, int cropX, int cropY, boolean flip,
                      double brightness, double contrast, double saturation, double hue, double sigma) {
            this(scale, scaledWidth, scaledHeight, angle, cropX, cropY, flip, brightness, contrast, saturation, hue, sigma, false, false);
        }
    }

    /**
     * Draws the parameters of one augmentation from {@code rng} (order: see the class comment) for the fixed
     * training scale. The crop origin is drawn from {@code [min(0, scaled - crop), max(0, scaled - crop)]} per axis
     * when randomCrop (one {@code nextInt(|scaled - crop| + 1)} each), else {@code floor((scaled - crop) / 2)}.
     *
     * @throws IllegalStateException for an augmenter {@link #atNativeResolution} (use {@link #draw(int, int, SplittableRandom)})
     */
    public Params draw(SplittableRandom rng) {
        if (nativeSize) throw new IllegalStateException("augmenter at native resolution: draw(width, height, rng) needs the image size");
        return draw(resizeWidth, resizeHeight, rng);
    }

    /**
     * Draws the parameters of one augmentation of a {@code width x height} image. At the fixed training scale the
     * image size does not matter (see {@link #draw(SplittableRandom)}); at native resolution the scaled size is
     * {@code round(width * s) x round(height * s)} and the crop origin is {@code nextInt(scaled - crop + 1)} along an
     * axis where the scaled image is larger than the crop, else 0 (no draw).
     */
    public Params draw(int width, int height, SplittableRandom rng) {
        double s = aug.minScale() == aug.maxScale() ? aug.minScale() : aug.minScale() + (aug.maxScale() - aug.minScale()) * rng.nextDouble();
        int bw = nativeSize ? width : resizeWidth, bh = nativeSize ? height : resizeHeight;
        int sw = Math.max(1, (int) Math.round(bw * s)), sh = Math.max(1, (int) Math.round(bh * s));
        double angle = aug.maxRotation() > 0 ? (2 * rng.nextDouble() - 1) * aug.maxRotation() : 0;
        int x0, y0;
        if (nativeSize) {
            x0 = sw > cropWidth ? rng.nextInt(sw - cropWidth + 1) : 0;
            y0 = sh > cropHeight ? rng.nextInt(sh - cropHeight + 1) : 0;
        } else {
            x0 = randomCrop ? origin(sw, cropWidth, rng) : Math.floorDiv(sw - cropWidth, 2);
            y0 = randomCrop ? origin(sh, cropHeight, rng) : Math.floorDiv(sh - cropHeight, 2);
        }
        boolean f = flip && rng.nextBoolean();
        boolean ud = aug.verticalFlip() && rng.nextBoolean();
        boolean tr = aug.transpose() && cropWidth == cropHeight && rng.nextBoolean();
        double b = factor(aug.brightness(), rng), c = factor(aug.contrast(), rng), sat = factor(aug.saturation(), rng);
        double h = aug.hue() > 0 ? (2 * rng.nextDouble() - 1) * aug.hue() : 0;
        double sigma = 0;
        if (aug.blurProbability() > 0 && rng.nextDouble() < aug.blurProbability()) {
            sigma = aug.minSigma() == aug.maxSigma() ? aug.minSigma() : aug.minSigma() + (aug.maxSigma() - aug.minSigma()) * rng.nextDouble();
        }
        return new Params(s, sw, sh, angle, x0, y0, f, b, c, sat, h, sigma, ud, tr);
    }

    private static int origin(int size, int crop, SplittableRandom rng) {
        return size >= crop ? rng.nextInt(size - crop + 1) : -rng.nextInt(crop - size + 1);
    }

    private static double factor(double range, SplittableRandom rng) {
        if (range <= 0) return 1;
        double lo = Math.max(0, 1 - range), hi = 1 + range;
        return lo + (hi - lo) * rng.nextDouble();
    }

    /**
     * The augmented image and planes.
     *
     * @param chw    float32 CHW RGB in [0, 1] ({@code v / 255} before jitter), {@code 3 x height x width}
     * @param planes the transformed planes, row-major {@code height x width}, in the order given
     * @param width  crop width
     * @param height crop height
     */
    public record Output(float[] chw, int[][] planes, int width, int height) {}

    /** Draws ({@link #draw(int, int, SplittableRandom)} for the image's size) and applies. */
    public Output apply(Image rgb, int[][] planes, int[] fills, SplittableRandom rng) {
        return apply(rgb, planes, fills, draw(rgb.width(), rgb.height(), rng));
    }

    /**
     * Applies one set of parameters.
     *
     * @param rgb    8-bit RGB image
     * @param planes row-major planes of the image's size (may be empty)
     * @param fills  one fill value per plane
     * @param p      the parameters (from {@link #draw} or chosen)
     * @throws IllegalArgumentException if the image is not 8-bit RGB, a plane has the wrong length, the fills do
     *                                  not match the planes, or a transposition is asked of a non-square crop
     */
    public Output apply(Image rgb, int[][] planes, int[] fills, Params p) {
        if (rgb.channels() != 3 || rgb.is16Bit()) throw new IllegalArgumentException("augmenter: image must be 8-bit RGB, got " + rgb.channels() + " channels, " + rgb.bitDepth() + " bit");
        if (planes == null) planes = new int[0][];
        if (fills == null || fills.length != planes.length) {
            throw new IllegalArgumentException("augmenter: " + planes.length + " planes need as many fill values, got " + (fills == null ? 0 : fills.length));
        }
        int w = rgb.width(), h = rgb.height();
        if (p.transpose() && cropWidth != cropHeight) {
            throw new IllegalArgumentException("augmenter: a transposition needs a square crop, not " + cropWidth + "x" + cropHeight);
        }
        for (int k = 0; k < planes.length; k++) {
            if (planes[k].length != w * h) throw new IllegalArgumentException("augmenter: plane " + k + " has " + planes[k].length + " values for a " + w + "x" + h + " image");
        }
        Image im = rgb;
        int[][] pl = planes.clone();
        int sw = p.scaledWidth(), sh = p.scaledHeight();
        if (w != sw || h != sh) {
            im = ImageTransforms.resizeBilinear(im, sw, sh);
            for (int k = 0; k < pl.length; k++) pl[k] = ImageTransforms.resizeNearest(pl[k], w, h, sw, sh, ImageTransforms.Nearest.PIL);
        }
        if (p.angle() != 0) {
            double[] cs = cosSin(p.angle());
            im = rotateImage(im, cs[0], cs[1]);
            for (int k = 0; k < pl.length; k++) pl[k] = rotatePlane(pl[k], sw, sh, cs[0], cs[1], fills[k]);
        }
        int cw = cropWidth, ch = cropHeight, plane = cw * ch;
        byte[] px = im.bytes();
        float[] chw = new float[3 * plane];
        int[][] out = new int[pl.length][plane];
        for (int k = 0; k < pl.length; k++) if (fills[k] != 0) java.util.Arrays.fill(out[k], fills[k]);
        for (int y = 0; y < ch; y++) {
            for (int x = 0; x < cw; x++) {
                int u = p.transpose() ? y : x, v = p.transpose() ? x : y; // position in the crop
                if (p.flip()) u = cw - 1 - u;
                if (p.flipVertical()) v = ch - 1 - v;
                int sx = p.cropX() + u, sy = p.cropY() + v;
                if (sx < 0 || sx >= sw || sy < 0 || sy >= sh) continue;
                int si = sy * sw + sx, di = y * cw + x;
                chw[di] = (px[3 * si] & 0xFF) / 255f;
                chw[plane + di] = (px[3 * si + 1] & 0xFF) / 255f;
                chw[2 * plane + di] = (px[3 * si + 2] & 0xFF) / 255f;
                for (int k = 0; k < pl.length; k++) out[k][di] = pl[k][si];
            }
        }
        jitter(chw, plane, p.brightness(), p.contrast(), p.saturation(), p.hue());
        if (p.sigma() > 0) gaussianBlur(chw, cw, ch, p.sigma());
        return new Output(chw, out, cw, ch);
    }

    // ------------------------------------------------------------------------------------------ rotation

    /** cos and sin of an angle in degrees, exact for multiples of 90. */
    static double[] cosSin(double degrees) {
        double r = degrees % 360;
        if (r < 0) r += 360;
        if (r == 0) return new double[] {1, 0};
        if (r == 90) return new double[] {0, 1};
        if (r == 180) return new double[] {-1, 0};
        if (r == 270) return new double[] {0, -1};
        double a = Math.toRadians(degrees);
        return new double[] {Math.cos(a), Math.sin(a)};
    }

    private static Image rotateImage(Image im, double cos, double sin) {
        int w = im.width(), h = im.height();
        byte[] s = im.bytes();
        Image out = Image.blank(w, h, 3, 8);
        byte[] d = out.bytes();
        double cx = w / 2.0, cy = h / 2.0;
        double[] acc = new double[3];
        for (int y = 0; y < h; y++) {
            double dy = y + 0.5 - cy;
            for (int x = 0; x < w; x++) {
                double dx = x + 0.5 - cx;
                double u = cx + dx * cos - dy * sin - 0.5, v = cy + dx * sin + dy * cos - 0.5;
                int x0 = (int) Math.floor(u), y0 = (int) Math.floor(v);
                double fx = u - x0, fy = v - y0;
                acc[0] = acc[1] = acc[2] = 0;
                tap(s, w, h, x0, y0, (1 - fx) * (1 - fy), acc);
                tap(s, w, h, x0 + 1, y0, fx * (1 - fy), acc);
                tap(s, w, h, x0, y0 + 1, (1 - fx) * fy, acc);
                tap(s, w, h, x0 + 1, y0 + 1, fx * fy, acc);
                int o = 3 * (y * w + x);
                for (int c = 0; c < 3; c++) d[o + c] = (byte) Math.min(255, (int) Math.round(acc[c]));
            }
        }
        return out;
    }

    private static void tap(byte[] s, int w, int h, int x, int y, double wt, double[] acc) {
        if (wt == 0 || x < 0 || y < 0 || x >= w || y >= h) return; // outside: fill 0
        int i = 3 * (y * w + x);
        acc[0] += wt * (s[i] & 0xFF);
        acc[1] += wt * (s[i + 1] & 0xFF);
        acc[2] += wt * (s[i + 2] & 0xFF);
    }

    private static int[] rotatePlane(int[] src, int w, int h, double cos, double sin, int fill) {
        int[] out = new int[w * h];
        double cx = w / 2.0, cy = h / 2.0;
        for (int y = 0; y < h; y++) {
            double dy = y + 0.5 - cy;
            for (int x = 0; x < w; x++) {
                double dx = x + 0.5 - cx;
                int sx = (int) Math.floor(cx + dx * cos - dy * sin), sy = (int) Math.floor(cy + dx * sin + dy * cos);
                out[y * w + x] = sx < 0 || sy < 0 || sx >= w || sy >= h ? fill : src[sy * w + sx];
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------ colour

    /** Colour jitter in place on float CHW RGB in [0, 1]; factors 1 and hue 0 leave the image unchanged. */
    static void jitter(float[] chw, int plane, double brightness, double contrast, double saturation, double hue) {
        if (brightness != 1) {
            float f = (float) brightness;
            for (int i = 0; i < chw.length; i++) chw[i] = clamp01(chw[i] * f);
        }
        if (contrast != 1) {
            double sum = 0;
            for (int i = 0; i < plane; i++) sum += gray(chw, plane, i);
            float m = (float) (sum / plane), f = (float) contrast;
            for (int i = 0; i < chw.length; i++) chw[i] = clamp01(f * chw[i] + (1 - f) * m);
        }
        if (saturation != 1) {
            float f = (float) saturation;
            for (int i = 0; i < plane; i++) {
                float g = gray(chw, plane, i);
                for (int c = 0; c < 3; c++) chw[c * plane + i] = clamp01(f * chw[c * plane + i] + (1 - f) * g);
            }
        }
        if (hue != 0) {
            float[] hsv = new float[3];
            for (int i = 0; i < plane; i++) {
                toHsv(chw[i], chw[plane + i], chw[2 * plane + i], hsv);
                double hh = hsv[0] + hue;
                hh -= Math.floor(hh);
                fromHsv((float) hh, hsv[1], hsv[2], chw, plane, i);
            }
        }
    }

    private static float gray(float[] chw, int plane, int i) {
        return 0.299f * chw[i] + 0.587f * chw[plane + i] + 0.114f * chw[2 * plane + i];
    }

    private static float clamp01(float v) {
        return v < 0 ? 0 : v > 1 ? 1 : v;
    }

    /** RGB in [0, 1] to HSV with hue in turns [0, 1). */
    static void toHsv(float r, float g, float b, float[] hsv) {
        float max = Math.max(r, Math.max(g, b)), min = Math.min(r, Math.min(g, b)), d = max - min;
        float h;
        if (d == 0) h = 0;
        else if (max == r) h = (g - b) / d;
        else if (max == g) h = (b - r) / d + 2;
        else h = (r - g) / d + 4;
        h /= 6;
        if (h < 0) h += 1;
        hsv[0] = h;
        hsv[1] = max == 0 ? 0 : d / max;
        hsv[2] = max;
    }

    private static void fromHsv(float h, float s, float v, float[] chw, int plane, int i) {
        float h6 = h * 6;
        int sector = (int) Math.floor(h6);
        float f = h6 - sector;
        sector = Math.floorMod(sector, 6);
        float p = v * (1 - s), q = v * (1 - s * f), t = v * (1 - s * (1 - f));
        float r, g, b;
        switch (sector) {
            case 0 -> { r = v; g = t; b = p; }
            case 1 -> { r = q; g = v; b = p; }
            case 2 -> { r = p; g = v; b = t; }
            case 3 -> { r = p; g = q; b = v; }
            case 4 -> { r = t; g = p; b = v; }
            default -> { r = v; g = p; b = q; }
        }
        chw[i] = clamp01(r);
        chw[plane + i] = clamp01(g);
        chw[2 * plane + i] = clamp01(b);
    }

    // ------------------------------------------------------------------------------------------ blur

    /** Separable Gaussian blur in place of each plane of float CHW (3 planes), mirrored borders (reflect-101). */
    static void gaussianBlur(float[] chw, int w, int h, double sigma) {
        int r = Math.max(1, (int) Math.ceil(3 * sigma));
        float[] k = new float[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) sum += Math.exp(-i * (double) i / (2 * sigma * sigma));
        for (int i = -r; i <= r; i++) k[i + r] = (float) (Math.exp(-i * (double) i / (2 * sigma * sigma)) / sum);
        int plane = w * h;
        float[] tmp = new float[plane];
        for (int c = 0; c < 3; c++) {
            int o = c * plane;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float acc = 0;
                    for (int j = -r; j <= r; j++) acc += k[j + r] * chw[o + y * w + reflect(x + j, w)];
                    tmp[y * w + x] = acc;
                }
            }
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float acc = 0;
                    for (int j = -r; j <= r; j++) acc += k[j + r] * tmp[reflect(y + j, h) * w + x];
                    chw[o + y * w + x] = clamp01(acc); // float rounding of a convex combination
                }
            }
        }
    }

    /** Reflect-101 index ({@code dcb|abcd|cba}) for any offset. */
    static int reflect(int i, int n) {
        if (n == 1) return 0;
        int period = 2 * (n - 1);
        i = Math.floorMod(i, period);
        return i < n ? i : period - i;
    }
}
