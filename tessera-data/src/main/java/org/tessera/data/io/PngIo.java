package org.tessera.data.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.tessera.core.image.Image;
import org.tessera.core.image.ImageFormatException;
import org.tessera.core.image.ImageInfo;
import org.tessera.core.image.Images;
import org.tessera.core.image.LabelMaps;
import org.tessera.core.image.PanopticMaps;
import org.tessera.core.label.LabelMap;
import org.tessera.core.label.Palette;
import org.tessera.core.panoptic.PanopticMap;
import org.tessera.data.DatasetException;

/**
 * Label-image I/O for the data-set formats as {@code int} planes: label values through core {@link LabelMaps}
 * (palette indices, not colours; 8- or 16-bit grey), RGB-encoded ids through core {@link PanopticMaps}, image sizes
 * from the file header alone (core Images.probe); writes grey, palette and RGB PNGs atomically through core. All arrays are row-major,
 * {@code a[y * width + x]}.
 */
public final class PngIo {
    private PngIo() {}

    /** Row-major values and their size. */
    public record Plane(int width, int height, int[] values) {}

    /** {width, height} read from the file header without decoding the pixels (core {@link Images#probe}: PNG, JPEG). */
    public static int[] size(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw DatasetException.of(file, "image file not found");
        try {
            ImageInfo info = Images.probe(file);
            return new int[] {info.width(), info.height()};
        } catch (ImageFormatException e) {
            throw DatasetException.of(file, "cannot read image header: " + e.getMessage(), e);
        }
    }

    private static Image load(Path file) throws IOException {
        if (!Files.exists(file)) throw DatasetException.of(file, "file not found");
        try {
            return Images.read(file);
        } catch (ImageFormatException e) {
            throw DatasetException.of(file, "cannot decode image: " + e.getMessage(), e);
        }
    }

    /**
     * The stored label values: palette indices, 8- or 16-bit grey values (core {@link LabelMaps#read}); for an RGB(A)
     * file, which core refuses as a label map, the red channel.
     */
    public static Plane readChannel0(Path file) throws IOException {
        LabelMap m;
        try {
            m = LabelMaps.read(file);
        } catch (ImageFormatException e) {
            if (!Files.isRegularFile(file)) throw DatasetException.of(file, "file not found", e);
            Image img = load(file);
            if (img.channels() < 3) throw DatasetException.of(file, "cannot read label map: " + e.getMessage(), e);
            Image red = img.extract(0);
            int[] v = new int[red.pixelCount()];
            for (int i = 0; i < v.length; i++) v[i] = red.sample(i);
            return new Plane(img.width(), img.height(), v);
        } catch (java.nio.file.NoSuchFileException e) {
            throw DatasetException.of(file, "file not found", e);
        }
        short[] d = m.data();
        int[] v = new int[d.length];
        for (int i = 0; i < d.length; i++) v[i] = d[i] & 0xFFFF;
        return new Plane(m.width(), m.height(), v);
    }

    /** RGB-encoded ids {@code R + 256 G + 256^2 B} (COCO panoptic PNGs; core {@link PanopticMaps#readIds}). */
    public static Plane readRgbIds(Path file) throws IOException {
        try {
            PanopticMap m = PanopticMaps.readIds(file);
            return new Plane(m.width(), m.height(), m.data());
        } catch (java.nio.file.NoSuchFileException e) {
            throw DatasetException.of(file, "file not found", e);
        }
    }

    /** Reads an RGB(A) or grey image's three colour channels {R, G, B} (grey replicated). */
    public static int[][] readRgb(Path file) throws IOException {
        Image img = load(file).to8Bit();
        int[] argb = img.toPackedRgb();
        int[][] out = new int[3][argb.length];
        for (int i = 0; i < argb.length; i++) {
            out[0][i] = (argb[i] >> 16) & 0xFF;
            out[1][i] = (argb[i] >> 8) & 0xFF;
            out[2][i] = argb[i] & 0xFF;
        }
        return out;
    }

    /** Writes values 0..255 as an 8-bit grey PNG, or 0..65535 as 16-bit when {@code sixteenBit} (core {@link LabelMaps#writePng}). */
    public static void writeGray(Path file, int width, int height, int[] values, boolean sixteenBit) throws IOException {
        int max = sixteenBit ? 65535 : 255;
        short[] s = new short[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0 || values[i] > max) {
                throw DatasetException.of(file, "value " + values[i] + " at pixel " + i + " does not fit a " + (sixteenBit ? 16 : 8) + "-bit PNG");
            }
            s[i] = (short) values[i];
        }
        LabelMaps.writePng(new LabelMap(width, height, s, LabelMap.DEFAULT_IGNORE, null), file);
    }

    /** Writes indices 0..255 as a palette PNG with the given 0xRRGGBB colours (core {@link LabelMaps#writePng}). */
    public static void writePalette(Path file, int width, int height, int[] values, int[] rgb) throws IOException {
        short[] s = new short[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0 || values[i] > 255) throw DatasetException.of(file, "value " + values[i] + " does not fit a palette PNG");
            s[i] = (short) values[i];
        }
        LabelMaps.writePng(new LabelMap(width, height, s, LabelMap.DEFAULT_IGNORE, new Palette(java.util.Arrays.copyOf(rgb, 256))), file);
    }

    /** Writes ids as an RGB PNG with {@code R = id % 256, G = id / 256 % 256, B = id / 65536 % 256} (core {@link PanopticMaps#writePng}). */
    public static void writeRgbIds(Path file, int width, int height, int[] ids) throws IOException {
        PanopticMaps.writePng(new PanopticMap(width, height, ids, java.util.List.of()), file);
    }

}
