package org.tessera.core.image;

/**
 * What a file header says about an image, without decoding it ({@link Images#probe}).
 *
 * @param format          "png" or "jpeg"
 * @param width           stored width in pixels (before any EXIF rotation)
 * @param height          stored height in pixels
 * @param channels        channels {@link Images#read} returns (PNG palette: 3)
 * @param bitDepth        bit depth {@link Images#read} returns (8, or 16 for 16-bit gray PNGs)
 * @param exifOrientation EXIF orientation 1..8 of a JPEG (1 when absent; always 1 for PNG here)
 */
public record ImageInfo(String format, int width, int height, int channels, int bitDepth, int exifOrientation) {
    /** Width after applying the EXIF orientation (orientations 5..8 swap width and height). */
    public int orientedWidth() {
        return exifOrientation >= 5 ? height : width;
    }

    /** Height after applying the EXIF orientation. */
    public int orientedHeight() {
        return exifOrientation >= 5 ? width : height;
    }
}
