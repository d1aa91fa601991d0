package org.tessera.classic;

/** Argument checks shared by the classic algorithms; each failure is one line naming the argument. */
public final class Checks {
    private Checks() {
    }

    /**
     * Checks that an image has pixels.
     *
     * @throws IllegalArgumentException "{what}: empty image (WxH)"
     */
    public static void notEmpty(String what, org.tessera.core.image.Image image) {
        if (image.width() <= 0 || image.height() <= 0) {
            throw new IllegalArgumentException(what + ": empty image (" + image.width() + "x" + image.height() + ")");
        }
    }

    /**
     * Checks that an image of {@code width x height} with {@code channels} interleaved samples fits {@code length}.
     *
     * @throws IllegalArgumentException if the image is empty or the sizes disagree
     */
    public static void image(String what, int width, int height, int channels, int length) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException(what + ": empty image (" + width + "x" + height + ")");
        }
        if ((long) width * height * channels != length) {
            throw new IllegalArgumentException(what + ": " + width + "x" + height + "x" + channels
                    + " does not match the array length " + length);
        }
    }
}
