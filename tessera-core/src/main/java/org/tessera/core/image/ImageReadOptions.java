package org.tessera.core.image;

/**
 * Options for {@link Images#read(java.nio.file.Path, ImageReadOptions)}.
 *
 * <p>{@code applyExifOrientation}: when true, the EXIF orientation tag (tag 0x0112, in a JPEG APP1 "Exif" segment
 * or a PNG eXIf chunk) is applied, so the image comes back the way a photo viewer shows it (as PIL's
 * {@code ImageOps.exif_transpose}). The default is <b>false</b>: the raw stored pixels, because COCO and most
 * data sets annotate the raw pixel grid (pycocotools / {@code PIL.Image.open} do not rotate), so applying the tag
 * would misalign the annotations of rotated photos.
 *
 * <p>{@code maxPixels}: the largest {@code width * height} accepted, checked from the file header (PNG IHDR,
 * JPEG SOF) before any pixel memory is allocated; default {@value #DEFAULT_MAX_PIXELS} (2^28, as PIL's
 * decompression-bomb limit order of magnitude).
 *
 * @param applyExifOrientation apply the EXIF orientation tag (default false)
 * @param maxPixels            largest accepted pixel count (default 2^28)
 */
public record ImageReadOptions(boolean applyExifOrientation, long maxPixels) {
    /** 2^28 pixels. */
    public static final long DEFAULT_MAX_PIXELS = 1L << 28;

    /** Raw pixels (no EXIF rotation), at most 2^28 pixels. */
    public static final ImageReadOptions DEFAULT = new ImageReadOptions(false, DEFAULT_MAX_PIXELS);

    public ImageReadOptions {
        if (maxPixels <= 0) throw new IllegalArgumentException("maxPixels must be positive: " + maxPixels);
    }

    public ImageReadOptions withExifOrientation(boolean apply) {
        return new ImageReadOptions(apply, maxPixels);
    }

    public ImageReadOptions withMaxPixels(long max) {
        return new ImageReadOptions(applyExifOrientation, max);
    }
}
