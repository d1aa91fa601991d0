package org.tessera.infer;

/**
 * 8-bit interleaved row-major pixels ({@code data[(y * width + x) * channels + c]}), 1 (gray), 3 (RGB) or 4 (RGBA)
 * channels: the runtime's view of an input image.
 */
record Pixels(byte[] data, int width, int height, int channels) {
    Pixels {
        if (channels != 1 && channels != 3 && channels != 4) {
            throw new IllegalArgumentException("images with " + channels + " channels are not supported (1, 3 or 4)");
        }
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("empty image " + width + "x" + height);
        if ((long) width * height * channels != data.length) {
            throw new IllegalArgumentException(data.length + " bytes do not fit " + width + "x" + height + "x" + channels);
        }
    }
}
