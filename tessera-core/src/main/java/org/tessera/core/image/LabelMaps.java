package org.tessera.core.image;

import java.io.IOException;
import org.tessera.core.io.AtomicFiles;
import java.nio.file.Path;
import org.tessera.core.label.LabelMap;
import org.tessera.core.label.Palette;

/**
 * Label maps (one class or instance id per pixel) as PNG files.
 *
 * <p>Reading ({@link #read}): a palette PNG gives its <em>indices</em> as labels and its PLTE as the
 * {@link Palette} (as {@code numpy.array(PIL.Image.open(f))} on a 'P' image, e.g. Pascal VOC); an 8-bit gray PNG
 * its values; a 16-bit gray PNG its values 0..65535 (PIL mode 'I', e.g. instance maps); 1/2/4-bit gray or palette
 * PNGs their raw (unscaled) values. RGB, RGBA and gray + alpha PNGs and JPEGs are refused: they are not label maps
 * (COCO panoptic RGB PNGs are read with {@link PanopticMaps}; colour-coded label PNGs with
 * {@link #readColorCoded}). The ignore index is {@link LabelMap#DEFAULT_IGNORE}.
 *
 * <p>Writing ({@link #writePng}): a palette PNG (8-bit indices + PLTE) when the map has a palette and all ids are
 * at most 255; otherwise 8-bit gray when all ids are at most 255, else 16-bit gray. Written atomically.
 */
public final class LabelMaps {
    private LabelMaps() {}

    /** Reads a label PNG (see the class comment); at most {@link ImageReadOptions#DEFAULT_MAX_PIXELS} pixels. */
    public static LabelMap read(Path file) throws IOException {
        return read(file, ImageReadOptions.DEFAULT_MAX_PIXELS);
    }

    /** Reads a label PNG refusing more than {@code maxPixels} pixels (checked from the header). */
    public static LabelMap read(Path file, long maxPixels) throws IOException {
        return decode(Images.readBytes(file), file.toString(), maxPixels);
    }

    /** Decodes an in-memory label PNG; {@code name} is used in error messages. */
    public static LabelMap decode(byte[] data, String name, long maxPixels) throws ImageFormatException {
        Png.requirePng(data, name, "a JPEG cannot be a label map (lossy); expected a palette or grayscale PNG");
        Png.Raw r = Png.decode(data, name, maxPixels);
        int n = r.width() * r.height();
        short[] labels = new short[n];
        switch (r.colorType()) {
            case Png.PALETTE, Png.GRAY -> {
                if (r.bitDepth() == 16) {
                    labels = r.shorts();
                } else {
                    byte[] b = r.bytes();
                    for (int i = 0; i < n; i++) labels[i] = (short) (b[i] & 0xFF);
                }
            }
            default -> throw new ImageFormatException(name, "not a label map: a " + kind(r.colorType()) + " PNG (expected palette or grayscale)");
        }
        Palette palette = r.colorType() == Png.PALETTE ? new Palette(r.palette()) : null;
        return new LabelMap(r.width(), r.height(), labels, LabelMap.DEFAULT_IGNORE, palette);
    }

    static String kind(int ct) {
        return switch (ct) {
            case Png.RGB -> "RGB";
            case Png.RGBA -> "RGBA";
            case Png.GRAY_ALPHA -> "gray + alpha";
            case Png.PALETTE -> "palette";
            default -> "grayscale";
        };
    }

    /** Writes a label PNG atomically (see the class comment), zlib level {@link Images#DEFAULT_PNG_LEVEL}. */
    public static void writePng(LabelMap map, Path file) throws IOException {
        writePng(map, file, Images.DEFAULT_PNG_LEVEL);
    }

    /** As {@link #writePng(LabelMap, Path)} with a zlib level 0..9. */
    public static void writePng(LabelMap map, Path file, int level) throws IOException {
        Images.checkLevel(level);
        Images.checkWritable(map.width(), map.height(), file);
        short[] a = map.data();
        int max = 0;
        for (short s : a) max = Math.max(max, s & 0xFFFF);
        if (max <= 255) {
            byte[] b = new byte[a.length];
            for (int i = 0; i < a.length; i++) b[i] = (byte) a[i];
            Palette p = map.palette();
            if (p != null) {
                // PLTE must cover every index used; at most 256 entries
                int[] pal = new int[Math.min(256, Math.max(p.size(), max + 1))];
                for (int i = 0; i < pal.length; i++) pal[i] = p.rgb(i);
                AtomicFiles.write(file, out -> Png.encode(out, map.width(), map.height(), Png.PALETTE, b, null, pal, level));
            } else {
                AtomicFiles.write(file, out -> Png.encode(out, map.width(), map.height(), Png.GRAY, b, null, null, level));
            }
        } else {
            AtomicFiles.write(file, out -> Png.encode(out, map.width(), map.height(), Png.GRAY, null, a, null, level));
        }
    }

    /**
     * Reads a colour-coded RGB(A) label PNG (e.g. CamVid or Cityscapes colour labels): each
     * pixel's RGB is looked up in {@code palette} and becomes that entry's index (the first entry when a colour
     * repeats); alpha is ignored. A colour not in the palette is an error naming the pixel.
     */
    public static LabelMap readColorCoded(Path file, Palette palette) throws IOException {
        byte[] data = Images.readBytes(file);
        String name = file.toString();
        Png.requirePng(data, name, "a JPEG cannot be a label map (lossy); expected a PNG");
        Image im = Images.decode(data, name, ImageReadOptions.DEFAULT);
        LabelMap m = fromColors(im, palette, name);
        return m;
    }

    /**
     * Maps the colours of an image to palette indices (see {@link #readColorCoded}); gray images are treated as
     * R = G = B. {@code name} is used in the error message.
     */
    public static LabelMap fromColors(Image image, Palette palette, String name) throws ImageFormatException {
        int n = palette.size();
        if (n == 0 || n > 65536) throw new IllegalArgumentException("palette of " + n + " entries");
        int cap = Integer.highestOneBit(Math.max(4, n * 4 - 1)) << 1;
        int[] keys = new int[cap], vals = new int[cap];
        java.util.Arrays.fill(keys, -1);
        for (int i = 0; i < n; i++) {
            int c = palette.rgb(i) & 0xFFFFFF;
            int h = mix(c) & (cap - 1);
            while (keys[h] != -1 && keys[h] != c) h = (h + 1) & (cap - 1);
            if (keys[h] == -1) {
                keys[h] = c;
                vals[h] = i;
            }
        }
        int[] rgb = image.toPackedRgb();
        short[] labels = new short[rgb.length];
        int last = -1, lastLabel = 0;
        for (int i = 0; i < rgb.length; i++) {
            int c = rgb[i];
            if (c != last) {
                int h = mix(c) & (cap - 1);
                while (keys[h] != -1 && keys[h] != c) h = (h + 1) & (cap - 1);
                if (keys[h] == -1) {
                    throw new ImageFormatException(name, "colour (" + (c >> 16) + ", " + ((c >> 8) & 0xFF) + ", " + (c & 0xFF) + ") at pixel ("
                            + (i % image.width()) + ", " + (i / image.width()) + ") is not in the " + n + "-colour palette");
                }
                last = c;
                lastLabel = vals[h];
            }
            labels[i] = (short) lastLabel;
        }
        return new LabelMap(image.width(), image.height(), labels, LabelMap.DEFAULT_IGNORE, palette);
    }

    private static int mix(int c) {
        int h = c * 0x9E3779B9;
        return h ^ (h >>> 15);
    }

    /**
     * The label map in colour (8-bit RGB) through its palette, or through {@code fallback} when it has none
     * (ids past the palette are black).
     */
    public static Image toColorImage(LabelMap map, Palette fallback) {
        Palette p = map.palette() != null ? map.palette() : fallback;
        if (p == null) throw new IllegalArgumentException("the label map has no palette and no fallback was given");
        short[] a = map.data();
        int[] packed = new int[a.length];
        int n = p.size();
        int[] lut = p.toArray();
        for (int i = 0; i < a.length; i++) {
            int v = a[i] & 0xFFFF;
            packed[i] = v < n ? lut[v] : 0;
        }
        return Image.fromPackedRgb(map.width(), map.height(), packed);
    }
}
