package org.tessera.core.image;

import java.util.Arrays;

/**
 * A raster image: {@code width x height} pixels of 1 (gray), 2 (gray + alpha), 3 (RGB) or 4 (RGBA) channels,
 * 8-bit samples in a {@code byte[]} or 16-bit samples in a {@code short[]} (both read as unsigned), interleaved
 * row-major: sample {@code c} of pixel {@code (x, y)} is at index {@code (y * width + x) * channels + c}.
 * Column x grows to the right, row y downward, origin at the top-left pixel.
 *
 * <p>The arrays are wrapped, not copied; {@link #bytes()} / {@link #shorts()} return the backing array.
 */
public final class Image {
    private final int width;
    private final int height;
    private final int channels;
    private final byte[] bytes;
    private final short[] shorts;

    private Image(int width, int height, int channels, byte[] bytes, short[] shorts) {
        if (width < 0 || height < 0) throw new IllegalArgumentException("negative size " + width + "x" + height);
        if (channels < 1 || channels > 4) throw new IllegalArgumentException("channels must be 1..4: " + channels);
        long n = (long) width * height * channels;
        int len = bytes != null ? bytes.length : shorts.length;
        if (n != len) {
            throw new IllegalArgumentException("sample array of " + len + " values does not fit " + width + "x" + height + "x" + channels);
        }
        this.width = width;
        this.height = height;
        this.channels = channels;
        this.bytes = bytes;
        this.shorts = shorts;
    }

    /** Wraps 8-bit interleaved samples (not copied). */
    public static Image of8(int width, int height, int channels, byte[] samples) {
        return new Image(width, height, channels, samples, null);
    }

    /** Wraps 16-bit interleaved samples (unsigned, not copied). */
    public static Image of16(int width, int height, int channels, short[] samples) {
        return new Image(width, height, channels, null, samples);
    }

    /** A zero-filled image of the given bit depth (8 or 16). */
    public static Image blank(int width, int height, int channels, int bitDepth) {
        int n = Math.multiplyExact(Math.multiplyExact(width, height), channels);
        return switch (bitDepth) {
            case 8 -> of8(width, height, channels, new byte[n]);
            case 16 -> of16(width, height, channels, new short[n]);
            default -> throw new IllegalArgumentException("bit depth must be 8 or 16: " + bitDepth);
        };
    }

    /** An 8-bit RGB image from packed {@code 0xRRGGBB} ints (row-major, the top byte ignored). */
    public static Image fromPackedRgb(int width, int height, int[] rgb) {
        if ((long) width * height != rgb.length) throw new IllegalArgumentException("packed array does not fit " + width + "x" + height);
        byte[] b = new byte[rgb.length * 3];
        for (int i = 0, j = 0; i < rgb.length; i++, j += 3) {
            int v = rgb[i];
            b[j] = (byte) (v >> 16);
            b[j + 1] = (byte) (v >> 8);
            b[j + 2] = (byte) v;
        }
        return of8(width, height, 3, b);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** 1 gray, 2 gray + alpha, 3 RGB, 4 RGBA. */
    public int channels() {
        return channels;
    }

    /** 8 or 16. */
    public int bitDepth() {
        return bytes != null ? 8 : 16;
    }

    public boolean is16Bit() {
        return shorts != null;
    }

    /** True for 2 and 4 channels. */
    public boolean hasAlpha() {
        return channels == 2 || channels == 4;
    }

    /** The largest sample value: 255 or 65535. */
    public int maxValue() {
        return bytes != null ? 255 : 65535;
    }

    /** Number of pixels, {@code width * height}. */
    public int pixelCount() {
        return width * height;
    }

    /** The backing 8-bit samples; throws if this is a 16-bit image. */
    public byte[] bytes() {
        if (bytes == null) throw new IllegalStateException("a 16-bit image has no byte samples; use shorts() or to8Bit()");
        return bytes;
    }

    /** The backing 16-bit samples (unsigned); throws if this is an 8-bit image. */
    public short[] shorts() {
        if (shorts == null) throw new IllegalStateException("an 8-bit image has no short samples; use bytes()");
        return shorts;
    }

    /** Sample {@code c} of pixel (x, y), unsigned (0..255 or 0..65535). */
    public int get(int x, int y, int c) {
        checkXy(x, y, c);
        int i = (y * width + x) * channels + c;
        return bytes != null ? bytes[i] & 0xFF : shorts[i] & 0xFFFF;
    }

    /** Sets sample {@code c} of pixel (x, y) (the value is truncated to the bit depth). */
    public void set(int x, int y, int c, int value) {
        checkXy(x, y, c);
        int i = (y * width + x) * channels + c;
        if (bytes != null) bytes[i] = (byte) value;
        else shorts[i] = (short) value;
    }

    /** Sample at flat index {@code i} of the interleaved array, unsigned. */
    public int sample(int i) {
        return bytes != null ? bytes[i] & 0xFF : shorts[i] & 0xFFFF;
    }

    private void checkXy(int x, int y, int c) {
        if (x < 0 || y < 0 || x >= width || y >= height || c < 0 || c >= channels) {
            throw new IndexOutOfBoundsException("(" + x + ", " + y + ", channel " + c + ") outside " + width + "x" + height + "x" + channels);
        }
    }

    /** A deep copy. */
    public Image copy() {
        return bytes != null ? of8(width, height, channels, bytes.clone()) : of16(width, height, channels, shorts.clone());
    }

    /**
     * One channel: this image unchanged if it is gray; gray + alpha drops alpha; RGB(A) uses ITU-R 601-2 luma
     * {@code L = R * 299/1000 + G * 587/1000 + B * 114/1000} in PIL's fixed point
     * ({@code (R * 19595 + G * 38470 + B * 7471 + 0x8000) >> 16}, as {@code Image.convert("L")}); alpha is
     * dropped, not composited. The bit depth is kept.
     */
    public Image toGray() {
        if (channels == 1) return this;
        int n = width * height;
        if (channels == 2) return extract(0);
        if (bytes != null) {
            byte[] out = new byte[n];
            for (int i = 0, j = 0; i < n; i++, j += channels) {
                out[i] = (byte) (((bytes[j] & 0xFF) * 19595 + (bytes[j + 1] & 0xFF) * 38470 + (bytes[j + 2] & 0xFF) * 7471 + 0x8000) >> 16);
            }
            return of8(width, height, 1, out);
        }
        short[] out = new short[n];
        for (int i = 0, j = 0; i < n; i++, j += channels) {
            long v = (shorts[j] & 0xFFFFL) * 19595 + (shorts[j + 1] & 0xFFFFL) * 38470 + (shorts[j + 2] & 0xFFFFL) * 7471 + 0x8000;
            out[i] = (short) (v >> 16);
        }
        return of16(width, height, 1, out);
    }

    /**
     * Three channels: this image if RGB; gray is replicated; the alpha channel is dropped (not composited, as
     * PIL's {@code convert("RGB")}). The bit depth is kept.
     */
    public Image toRgb() {
        if (channels == 3) return this;
        int n = width * height;
        if (bytes != null) {
            byte[] out = new byte[n * 3];
            for (int i = 0, j = 0, k = 0; i < n; i++, j += channels, k += 3) {
                if (channels <= 2) {
                    byte g = bytes[j];
                    out[k] = g;
                    out[k + 1] = g;
                    out[k + 2] = g;
                } else {
                    out[k] = bytes[j];
                    out[k + 1] = bytes[j + 1];
                    out[k + 2] = bytes[j + 2];
                }
            }
            return of8(width, height, 3, out);
        }
        short[] out = new short[n * 3];
        for (int i = 0, j = 0, k = 0; i < n; i++, j += channels, k += 3) {
            if (channels <= 2) {
                short g = shorts[j];
                out[k] = g;
                out[k + 1] = g;
                out[k + 2] = g;
            } else {
                out[k] = shorts[j];
                out[k + 1] = shorts[j + 1];
                out[k + 2] = shorts[j + 2];
            }
        }
        return of16(width, height, 3, out);
    }

    /**
     * Four channels: RGBA as is; RGB and gray get an opaque alpha (the maximum value); gray + alpha is replicated.
     */
    public Image toRgba() {
        if (channels == 4) return this;
        int n = width * height;
        Image rgb = toRgb();
        int opaque = maxValue();
        Image out = blank(width, height, 4, bitDepth());
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) out.setSample(i * 4 + c, rgb.sample(i * 3 + c));
            out.setSample(i * 4 + 3, channels == 2 ? sample(i * 2 + 1) : opaque);
        }
        return out;
    }

    private void setSample(int i, int v) {
        if (bytes != null) bytes[i] = (byte) v;
        else shorts[i] = (short) v;
    }

    /** One channel of this image as a new 1-channel image of the same bit depth. */
    public Image extract(int channel) {
        if (channel < 0 || channel >= channels) throw new IndexOutOfBoundsException("channel " + channel + " of " + channels);
        int n = width * height;
        if (bytes != null) {
            byte[] out = new byte[n];
            for (int i = 0, j = channel; i < n; i++, j += channels) out[i] = bytes[j];
            return of8(width, height, 1, out);
        }
        short[] out = new short[n];
        for (int i = 0, j = channel; i < n; i++, j += channels) out[i] = shorts[j];
        return of16(width, height, 1, out);
    }

    /**
     * 8-bit samples: this image if 8-bit; 16-bit samples keep their high byte ({@code v >> 8}, as PIL reading a
     * 16-bit RGB PNG and libpng's {@code png_set_strip_16}).
     */
    public Image to8Bit() {
        if (bytes != null) return this;
        byte[] out = new byte[shorts.length];
        for (int i = 0; i < out.length; i++) out[i] = (byte) ((shorts[i] & 0xFFFF) >>> 8);
        return of8(width, height, channels, out);
    }

    /**
     * Packed {@code 0xRRGGBB} per pixel (row-major) for display, e.g. {@code BufferedImage.setRGB}: gray is
     * replicated, alpha dropped, 16-bit samples reduced to their high byte.
     */
    public int[] toPackedRgb() {
        int n = width * height;
        int[] out = new int[n];
        Image im = to8Bit();
        byte[] b = im.bytes;
        for (int i = 0, j = 0; i < n; i++, j += channels) {
            if (channels <= 2) {
                int g = b[j] & 0xFF;
                out[i] = (g << 16) | (g << 8) | g;
            } else {
                out[i] = ((b[j] & 0xFF) << 16) | ((b[j + 1] & 0xFF) << 8) | (b[j + 2] & 0xFF);
            }
        }
        return out;
    }

    /** Packed {@code 0xAARRGGBB} per pixel (non-premultiplied, alpha 255 when there is no alpha channel). */
    public int[] toPackedArgb() {
        int[] out = toPackedRgb();
        if (!hasAlpha()) {
            for (int i = 0; i < out.length; i++) out[i] |= 0xFF000000;
            return out;
        }
        for (int i = 0; i < out.length; i++) {
            int a = sample(i * channels + channels - 1);
            if (shorts != null) a >>>= 8;
            out[i] |= a << 24;
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Image m && m.width == width && m.height == height && m.channels == channels
                && Arrays.equals(m.bytes, bytes) && Arrays.equals(m.shorts, shorts);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * width + height) + channels) + (bytes != null ? Arrays.hashCode(bytes) : Arrays.hashCode(shorts));
    }

    @Override
    public String toString() {
        return "Image[" + width + "x" + height + ", " + channels + " channel(s), " + bitDepth() + "-bit]";
    }
}
