package org.tessera.data.io;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.tessera.core.io.AtomicFiles;
import org.tessera.data.DatasetException;

/**
 * Label-image I/O for the data-set formats (JDK ImageIO): reads the stored sample values of the first channel
 * (palette indices for palette PNGs, not colours; 8- or 16-bit grey), RGB-encoded ids, and image sizes from the
 * header alone; writes 8/16-bit grey, palette and RGB PNGs atomically. All arrays are row-major,
 * {@code a[y * width + x]}.
 */
public final class PngIo {
    private PngIo() {}

    /** Row-major values and their size. */
    public record Plane(int width, int height, int[] values) {}

    /** {width, height} read from the file header without decoding the pixels (any ImageIO format: PNG, JPEG ...). */
    public static int[] size(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw DatasetException.of(file, "image file not found");
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> it = in == null ? null : ImageIO.getImageReaders(in);
            if (it == null || !it.hasNext()) throw DatasetException.of(file, "not a readable image (unknown format)");
            ImageReader r = it.next();
            try {
                r.setInput(in, true, true);
                return new int[] {r.getWidth(0), r.getHeight(0)};
            } finally {
                r.dispose();
            }
        } catch (DatasetException e) {
            throw e;
        } catch (IOException e) {
            throw DatasetException.of(file, "cannot read image header: " + e.getMessage(), e);
        }
    }

    private static BufferedImage load(Path file) throws IOException {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (javax.imageio.IIOException e) {
            if (!Files.exists(file)) throw DatasetException.of(file, "file not found", e);
            throw DatasetException.of(file, "cannot decode image: " + e.getMessage(), e);
        }
        if (img == null) {
            if (!Files.exists(file)) throw new NoSuchFileException(file + ": file not found");
            throw DatasetException.of(file, "not a readable image (unknown format)");
        }
        return img;
    }

    /** The stored values of channel 0 (palette index, grey level, or red), unsigned, 8 or 16 bit. */
    public static Plane readChannel0(Path file) throws IOException {
        BufferedImage img = load(file);
        Raster r = img.getRaster();
        int w = r.getWidth(), h = r.getHeight();
        int[] v = r.getSamples(0, 0, w, h, 0, new int[w * h]);
        return new Plane(w, h, v);
    }

    /** RGB-encoded ids {@code R + 256 G + 256^2 B} (COCO panoptic PNGs); a grey image gives its grey values. */
    public static Plane readRgbIds(Path file) throws IOException {
        BufferedImage img = load(file);
        Raster r = img.getRaster();
        int w = r.getWidth(), h = r.getHeight();
        if (img.getColorModel() instanceof IndexColorModel icm) {
            int[] idx = r.getSamples(0, 0, w, h, 0, new int[w * h]);
            for (int i = 0; i < idx.length; i++) {
                int k = idx[i];
                idx[i] = icm.getRed(k) + 256 * icm.getGreen(k) + 65536 * icm.getBlue(k);
            }
            return new Plane(w, h, idx);
        }
        if (r.getNumBands() < 3) return new Plane(w, h, r.getSamples(0, 0, w, h, 0, new int[w * h]));
        int[] R = r.getSamples(0, 0, w, h, 0, new int[w * h]);
        int[] G = r.getSamples(0, 0, w, h, 1, new int[w * h]);
        int[] B = r.getSamples(0, 0, w, h, 2, new int[w * h]);
        for (int i = 0; i < R.length; i++) R[i] = R[i] + 256 * G[i] + 65536 * B[i];
        return new Plane(w, h, R);
    }

    /** Reads an RGB(A) or grey image's three colour channels {R, G, B} (grey replicated). */
    public static int[][] readRgb(Path file) throws IOException {
        BufferedImage img = load(file);
        int w = img.getWidth(), h = img.getHeight();
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        int[][] out = new int[3][w * h];
        for (int i = 0; i < argb.length; i++) {
            out[0][i] = (argb[i] >> 16) & 0xFF;
            out[1][i] = (argb[i] >> 8) & 0xFF;
            out[2][i] = argb[i] & 0xFF;
        }
        return out;
    }

    /** Writes values 0..255 as an 8-bit grey PNG, or 0..65535 as 16-bit when {@code sixteenBit}. */
    public static void writeGray(Path file, int width, int height, int[] values, boolean sixteenBit) throws IOException {
        BufferedImage img = new BufferedImage(width, height, sixteenBit ? BufferedImage.TYPE_USHORT_GRAY : BufferedImage.TYPE_BYTE_GRAY);
        int max = sixteenBit ? 65535 : 255;
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0 || values[i] > max) {
                throw DatasetException.of(file, "value " + values[i] + " at pixel " + i + " does not fit a " + (sixteenBit ? 16 : 8) + "-bit PNG");
            }
        }
        img.getRaster().setSamples(0, 0, width, height, 0, values);
        writePng(file, img);
    }

    /** Writes indices 0..255 as a palette PNG with the given 0xRRGGBB colours (256 entries, missing ones black). */
    public static void writePalette(Path file, int width, int height, int[] values, int[] rgb) throws IOException {
        byte[] r = new byte[256], g = new byte[256], b = new byte[256];
        for (int i = 0; i < Math.min(256, rgb.length); i++) {
            r[i] = (byte) (rgb[i] >> 16);
            g[i] = (byte) (rgb[i] >> 8);
            b[i] = (byte) rgb[i];
        }
        IndexColorModel cm = new IndexColorModel(8, 256, r, g, b);
        WritableRaster wr = cm.createCompatibleWritableRaster(width, height);
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0 || values[i] > 255) throw DatasetException.of(file, "value " + values[i] + " does not fit a palette PNG");
        }
        wr.setSamples(0, 0, width, height, 0, values);
        writePng(file, new BufferedImage(cm, wr, false, null));
    }

    /** Writes ids as an RGB PNG with {@code R = id % 256, G = id / 256 % 256, B = id / 65536 % 256}. */
    public static void writeRgbIds(Path file, int width, int height, int[] ids) throws IOException {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        WritableRaster wr = img.getRaster();
        byte[] data = ((java.awt.image.DataBufferByte) wr.getDataBuffer()).getData();
        for (int i = 0; i < ids.length; i++) {
            int id = ids[i];
            data[3 * i] = (byte) (id >> 16); // B
            data[3 * i + 1] = (byte) (id >> 8); // G
            data[3 * i + 2] = (byte) id; // R
        }
        writePng(file, img);
    }

    private static void writePng(Path file, BufferedImage img) throws IOException {
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(img, "png", out)) throw DatasetException.of(file, "no PNG writer available");
        });
    }
}
