package org.tessera.core.image;

import java.io.IOException;
import org.tessera.core.io.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reading PNG and JPEG files into {@link Image}s and writing PNGs.
 *
 * <p>What a read returns (the modes PIL's {@code Image.open} gives, as numpy arrays):
 * <ul>
 *   <li>PNG gray 8-bit: 1 channel, 8-bit. Gray 1/2/4-bit: scaled to 0..255 (x255, x85, x17), 8-bit.
 *       Gray 16-bit: 1 channel, <b>16-bit</b>, values as stored.</li>
 *   <li>PNG RGB, RGBA, gray + alpha: 3, 4, 2 channels, 8-bit; 16-bit files keep the high byte of each sample.</li>
 *   <li>PNG palette: RGB (3 channels) looked up in PLTE; tRNS transparency is ignored. To get the palette
 *       <em>indices</em> use {@link LabelMaps#read}.</li>
 *   <li>JPEG: gray (1 channel) or RGB (3 channels), 8-bit, decoded by the JDK's libjpeg-based ImageIO reader
 *       (so pixel values can differ by a few levels from libjpeg-turbo / PIL on the same file). CMYK/YCCK,
 *       arithmetic-coded, lossless and 12-bit JPEGs are refused.</li>
 * </ul>
 * The size is checked against {@link ImageReadOptions#maxPixels()} from the header before decoding. A PNG must end
 * with IEND and pass every chunk CRC; a JPEG must contain its EOI marker and decode without warnings. Any failure
 * is an {@link ImageFormatException} naming the file.
 */
public final class Images {
    private Images() {}

    /** Reads a PNG or JPEG with {@link ImageReadOptions#DEFAULT} (raw pixels, EXIF orientation not applied). */
    public static Image read(Path file) throws IOException {
        return read(file, ImageReadOptions.DEFAULT);
    }

    /** Reads a PNG or JPEG (the format is taken from the file's first bytes, not its name). */
    public static Image read(Path file, ImageReadOptions options) throws IOException {
        return decode(readBytes(file), file.toString(), options);
    }

    /** Decodes an in-memory PNG or JPEG; {@code name} is used in error messages. */
    public static Image decode(byte[] data, String name, ImageReadOptions options) throws ImageFormatException {
        if (Png.isPng(data)) {
            Png.Raw raw = Png.decode(data, name, options.maxPixels());
            Image im = fromPng(raw);
            if (options.applyExifOrientation() && raw.exif() != null) {
                im = Exif.apply(im, Exif.orientation(raw.exif(), 0, raw.exif().length));
            }
            return im;
        }
        if (Jpeg.isJpeg(data)) {
            Jpeg.Header hd = Jpeg.header(data, name);
            long pixels = (long) hd.width() * hd.height();
            if (pixels > options.maxPixels()) {
                throw new ImageFormatException(name, "image too large: " + hd.width() + "x" + hd.height() + " = " + pixels + " pixels exceeds the limit of " + options.maxPixels());
            }
            Image im = Jpeg.decode(data, hd, name);
            return options.applyExifOrientation() ? Exif.apply(im, hd.orientation()) : im;
        }
        throw new ImageFormatException(name, notAnImage(data));
    }

    /**
     * Reads only the header of a PNG or JPEG (the first 64 KiB, or up to the JPEG's first scan): format, size,
     * channels and bit depth as {@link #read} would return them, EXIF orientation of a JPEG. Does not check that
     * the rest of the file is intact.
     */
    public static ImageInfo probe(Path file) throws IOException {
        String name = file.toString();
        byte[] head;
        try (var in = Files.newInputStream(file)) {
            head = in.readNBytes(1 << 16);
            if (Jpeg.isJpeg(head) && head.length == 1 << 16) { // headers (e.g. a large APP1) may go past 64 KiB
                try {
                    Jpeg.Header h = Jpeg.header(head, name, false);
                    return new ImageInfo("jpeg", h.width(), h.height(), h.components(), 8, h.orientation());
                } catch (ImageFormatException e) {
                    byte[] rest = in.readAllBytes();
                    byte[] all = java.util.Arrays.copyOf(head, head.length + rest.length);
                    System.arraycopy(rest, 0, all, head.length, rest.length);
                    head = all;
                }
            }
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(name, null, "no such file");
        }
        if (Png.isPng(head)) {
            Png.Header h = Png.header(head, name);
            int ch = switch (h.colorType()) {
                case Png.GRAY -> 1;
                case Png.GRAY_ALPHA -> 2;
                case Png.RGBA -> 4;
                default -> 3;
            };
            int depth = h.colorType() == Png.GRAY && h.bitDepth() == 16 ? 16 : 8;
            return new ImageInfo("png", h.width(), h.height(), ch, depth, 1);
        }
        if (Jpeg.isJpeg(head)) {
            Jpeg.Header h = Jpeg.header(head, name, false);
            return new ImageInfo("jpeg", h.width(), h.height(), h.components(), 8, h.orientation());
        }
        throw new ImageFormatException(name, notAnImage(head));
    }

    static byte[] readBytes(Path file) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        }
    }

    static String notAnImage(byte[] d) {
        if (d.length == 0) return "empty file (0 bytes), not an image";
        String what = d.length >= 2 && d[0] == 'B' && d[1] == 'M' ? " (looks like BMP)"
                : d.length >= 3 && d[0] == 'G' && d[1] == 'I' && d[2] == 'F' ? " (looks like GIF)"
                : d.length >= 4 && ((d[0] == 'I' && d[1] == 'I' && d[2] == 42) || (d[0] == 'M' && d[1] == 'M' && d[3] == 42)) ? " (looks like TIFF)"
                : d.length >= 12 && d[8] == 'W' && d[9] == 'E' && d[10] == 'B' && d[11] == 'P' ? " (looks like WebP)"
                : "";
        return "not a PNG or JPEG file" + what;
    }

    private static Image fromPng(Png.Raw r) {
        int w = r.width(), h = r.height(), n = w * h;
        switch (r.colorType()) {
            case Png.PALETTE -> {
                int[] pal = r.palette();
                byte[] idx = r.bytes();
                byte[] out = new byte[n * 3];
                for (int i = 0, k = 0; i < n; i++, k += 3) {
                    int c = pal[idx[i] & 0xFF];
                    out[k] = (byte) (c >> 16);
                    out[k + 1] = (byte) (c >> 8);
                    out[k + 2] = (byte) c;
                }
                return Image.of8(w, h, 3, out);
            }
            case Png.GRAY -> {
                if (r.bitDepth() == 16) return Image.of16(w, h, 1, r.shorts());
                byte[] b = r.bytes();
                if (r.bitDepth() < 8) {
                    int scale = 255 / ((1 << r.bitDepth()) - 1);
                    for (int i = 0; i < b.length; i++) b[i] = (byte) (b[i] * scale);
                }
                return Image.of8(w, h, 1, b);
            }
            default -> {
                int ch = r.channels();
                if (r.bitDepth() == 16) return Image.of16(w, h, ch, r.shorts()).to8Bit();
                return Image.of8(w, h, ch, r.bytes());
            }
        }
    }

    /**
     * Default zlib level for PNG writing: 4. zlib's default 6 (PIL, libpng) makes files only a few percent smaller
     * on label maps and photos and takes up to 3x as long on photos; label maps are written in bulk.
     */
    public static final int DEFAULT_PNG_LEVEL = 4;

    /**
     * Writes a PNG atomically (temporary file in the same directory, then an atomic rename): 1 channel = gray,
     * 2 = gray + alpha, 3 = RGB, 4 = RGBA, at the image's bit depth (8 or 16), zlib level {@link #DEFAULT_PNG_LEVEL}; rows filtered with libpng's
     * minimum-sum-of-absolute-differences heuristic.
     */
    public static void writePng(Image image, Path file) throws IOException {
        writePng(image, file, DEFAULT_PNG_LEVEL);
    }

    /** As {@link #writePng(Image, Path)} with a zlib level 0 (store) .. 9 (smallest); 1 is fastest. */
    public static void writePng(Image image, Path file, int level) throws IOException {
        checkLevel(level);
        int ct = pngColorType(image);
        checkWritable(image.width(), image.height(), file);
        AtomicFiles.write(file, out -> Png.encode(out, image.width(), image.height(), ct,
                image.is16Bit() ? null : image.bytes(), image.is16Bit() ? image.shorts() : null, null, level));
    }

    /** The PNG colour type of an image's channel count: gray, gray + alpha, RGB, RGBA. */
    private static int pngColorType(Image image) {
        return switch (image.channels()) {
            case 1 -> Png.GRAY;
            case 2 -> Png.GRAY_ALPHA;
            case 3 -> Png.RGB;
            default -> Png.RGBA;
        };
    }

    /** Encodes a PNG into memory (same layout as {@link #writePng(Image, Path)}). */
    public static byte[] encodePng(Image image, int level) {
        checkLevel(level);
        int ct = pngColorType(image);
        var bos = new java.io.ByteArrayOutputStream();
        try {
            Png.encode(bos, image.width(), image.height(), ct, image.is16Bit() ? null : image.bytes(),
                    image.is16Bit() ? image.shorts() : null, null, level);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bos.toByteArray();
    }

    static void checkLevel(int level) {
        if (level < 0 || level > 9) throw new IllegalArgumentException("zlib level must be 0..9: " + level);
    }

    static void checkWritable(int w, int h, Path file) throws ImageFormatException {
        if (w <= 0 || h <= 0) throw new ImageFormatException(file, "cannot write an empty " + w + "x" + h + " PNG");
    }
}
