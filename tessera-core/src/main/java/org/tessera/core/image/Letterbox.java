package org.tessera.core.image;

import org.tessera.core.label.LabelMap;

/**
 * Ultralytics-style letterbox geometry ({@code ultralytics.data.augment.LetterBox}): the image is scaled by
 * {@code scale = min(targetH / h, targetW / w)} (capped at 1 when scale-up is off), resized to
 * {@code round(w * scale) x round(h * scale)} (Python's round half to even) with {@link
 * ImageTransforms#resizeBilinear bilinear} (cv2 INTER_LINEAR), and padded with value 114 to the target size: the
 * padding {@code dw = targetW - resizedW} is split {@code left = round(dw / 2 - 0.1)}, {@code right =
 * round(dw / 2 + 0.1)} (same for top / bottom), so an odd remainder goes right / bottom. With a stride
 * ("auto" mode) the padding is reduced to {@code dw mod stride} (a minimal rectangle).
 *
 * <p>Mapping back ({@link #toSourceX}, {@link #toSourceBox}) subtracts the padding actually applied and divides
 * by {@code scale}, as Ultralytics' {@code scale_boxes} (which recomputes the padding from the unrounded size;
 * the two agree except when the rounding of the resized size moves the split by a pixel).
 *
 * @param srcWidth     source image width
 * @param srcHeight    source image height
 * @param scale        resize factor (destination pixels per source pixel)
 * @param resizedWidth width of the resized image before padding
 * @param resizedHeight height of the resized image before padding
 * @param padLeft      columns added on the left
 * @param padTop       rows added on top
 * @param padRight     columns added on the right
 * @param padBottom    rows added at the bottom
 */
public record Letterbox(int srcWidth, int srcHeight, double scale, int resizedWidth, int resizedHeight,
                        int padLeft, int padTop, int padRight, int padBottom) {
    /** Ultralytics' padding value. */
    public static final int PAD_VALUE = 114;

    /** Letterbox to exactly {@code targetWidth x targetHeight}, scaling up allowed, centred (Ultralytics' defaults with auto=False). */
    public static Letterbox of(int srcWidth, int srcHeight, int targetWidth, int targetHeight) {
        return of(srcWidth, srcHeight, targetWidth, targetHeight, true, 0);
    }

    /**
     * @param scaleUp allow scale > 1 (Ultralytics {@code scaleup})
     * @param stride  0 for a fixed output size; else Ultralytics' {@code auto=True}: pad only to a multiple of
     *                {@code stride}
     */
    public static Letterbox of(int srcWidth, int srcHeight, int targetWidth, int targetHeight, boolean scaleUp, int stride) {
        if (srcWidth <= 0 || srcHeight <= 0 || targetWidth <= 0 || targetHeight <= 0 || stride < 0) {
            throw new IllegalArgumentException("letterbox " + srcWidth + "x" + srcHeight + " -> " + targetWidth + "x" + targetHeight + " stride " + stride);
        }
        double r = Math.min((double) targetHeight / srcHeight, (double) targetWidth / srcWidth);
        if (!scaleUp) r = Math.min(r, 1.0);
        int rw = (int) Math.rint(srcWidth * r), rh = (int) Math.rint(srcHeight * r);
        rw = Math.max(rw, 1);
        rh = Math.max(rh, 1);
        double dw = targetWidth - rw, dh = targetHeight - rh;
        if (stride > 0) {
            dw = Math.floorMod((int) dw, stride);
            dh = Math.floorMod((int) dh, stride);
        }
        dw /= 2;
        dh /= 2;
        int top = (int) Math.rint(dh - 0.1), bottom = (int) Math.rint(dh + 0.1);
        int left = (int) Math.rint(dw - 0.1), right = (int) Math.rint(dw + 0.1);
        return new Letterbox(srcWidth, srcHeight, r, rw, rh, left, top, right, bottom);
    }

    /** Width of the letterboxed image. */
    public int width() {
        return padLeft + resizedWidth + padRight;
    }

    /** Height of the letterboxed image. */
    public int height() {
        return padTop + resizedHeight + padBottom;
    }

    private void checkSource(int w, int h) {
        if (w != srcWidth || h != srcHeight) {
            throw new IllegalArgumentException("letterbox made for " + srcWidth + "x" + srcHeight + ", given " + w + "x" + h);
        }
    }

    /** Resizes (bilinear, cv2 INTER_LINEAR; skipped when the size does not change) and pads with 114. */
    public Image apply(Image im) {
        checkSource(im.width(), im.height());
        Image r = resizedWidth == srcWidth && resizedHeight == srcHeight ? im : ImageTransforms.resizeBilinear(im, resizedWidth, resizedHeight);
        return ImageTransforms.pad(r, padTop, padBottom, padLeft, padRight, PAD_VALUE);
    }

    /**
     * The same geometry for a label map: nearest resize ({@link ImageTransforms.Nearest#OPENCV}, as cv2 on masks)
     * and padding with the map's ignore index.
     */
    public LabelMap apply(LabelMap m) {
        checkSource(m.width(), m.height());
        LabelMap r = resizedWidth == srcWidth && resizedHeight == srcHeight ? m
                : ImageTransforms.resizeNearest(m, resizedWidth, resizedHeight, ImageTransforms.Nearest.OPENCV);
        return ImageTransforms.pad(r, padTop, padBottom, padLeft, padRight, m.ignoreIndex());
    }

    /** A letterboxed x coordinate (continuous, pixel edges at integers) in source coordinates. */
    public double toSourceX(double x) {
        return (x - padLeft) / scale;
    }

    /** A letterboxed y coordinate in source coordinates. */
    public double toSourceY(double y) {
        return (y - padTop) / scale;
    }

    /** A source x coordinate in letterboxed coordinates. */
    public double fromSourceX(double x) {
        return x * scale + padLeft;
    }

    /** A source y coordinate in letterboxed coordinates. */
    public double fromSourceY(double y) {
        return y * scale + padTop;
    }

    /**
     * A letterboxed box {@code [x1, y1, x2, y2]} in source coordinates, clipped to the source image (as
     * Ultralytics' {@code scale_boxes} + {@code clip_boxes}). Returns a new array.
     */
    public double[] toSourceBox(double[] xyxy) {
        double[] b = {toSourceX(xyxy[0]), toSourceY(xyxy[1]), toSourceX(xyxy[2]), toSourceY(xyxy[3])};
        b[0] = Math.clamp(b[0], 0, srcWidth);
        b[2] = Math.clamp(b[2], 0, srcWidth);
        b[1] = Math.clamp(b[1], 0, srcHeight);
        b[3] = Math.clamp(b[3], 0, srcHeight);
        return b;
    }

    /**
     * A map over the letterboxed image (e.g. mask logits or probabilities, of size {@link #width()} x
     * {@link #height()}, or proportional to it such as a 1/4-resolution prototype output) back on the source grid,
     * as Ultralytics' {@code scale_masks(masks, shape, padding=True)}: {@code gain = min(mh / srcH, mw / srcW)},
     * {@code padW = (mw - srcW * gain) / 2}, {@code padH = (mh - srcH * gain) / 2}, crop rows
     * {@code [int(padH), int(mh - padH))} and columns {@code [int(padW), int(mw - padW))}, then bilinear
     * (half-pixel centres) to {@code srcW x srcH}. Assumes centred padding (stride 0 or Ultralytics' centred auto).
     */
    public FloatMap toSource(FloatMap m) {
        int mh = m.height(), mw = m.width();
        double gain = Math.min((double) mh / srcHeight, (double) mw / srcWidth);
        double padW = (mw - srcWidth * gain) / 2, padH = (mh - srcHeight * gain) / 2;
        int top = (int) padH, left = (int) padW;
        int bottom = (int) (mh - padH), right = (int) (mw - padW);
        return ImageTransforms.resizeBilinear(ImageTransforms.crop(m, left, top, right - left, bottom - top), srcWidth, srcHeight);
    }
}
