package org.tessera.classic;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Test helper: the shared data folder and a PIL-like PNG reader (raw samples, no color conversion). */
public final class TestData {
    private TestData() {
    }

    /** The shared folder; fails (never skips) when absent. */
    public static Path shared() {
        String p = System.getProperty("tessera.shared");
        if (p == null) {
            throw new IllegalStateException("system property tessera.shared is not set (run with -Dtessera.shared=/work/shared)");
        }
        Path d = Path.of(p);
        if (!Files.isDirectory(d)) {
            throw new IllegalStateException("shared data folder not found: " + d);
        }
        return d;
    }

    public static Path file(String relative) {
        Path f = shared().resolve(relative);
        if (!Files.isRegularFile(f)) {
            throw new IllegalStateException("shared data file missing: " + f);
        }
        return f;
    }

    /** Raw raster of a PNG: width, height, bands, samples as int. */
    public record Raw(int width, int height, int bands, int bitDepth, int[] samples) {
        /** Channel c as unsigned bytes (8-bit images only). */
        public byte[] channelU8(int c) {
            if (bitDepth > 8) {
                throw new IllegalStateException("not 8-bit: " + bitDepth);
            }
            byte[] out = new byte[width * height];
            for (int i = 0; i < out.length; i++) {
                out[i] = (byte) samples[i * bands + c];
            }
            return out;
        }

        public short[] channelU16(int c) {
            short[] out = new short[width * height];
            for (int i = 0; i < out.length; i++) {
                out[i] = (short) samples[i * bands + c];
            }
            return out;
        }

        public int[] channelInt(int c) {
            int[] out = new int[width * height];
            for (int i = 0; i < out.length; i++) {
                out[i] = samples[i * bands + c];
            }
            return out;
        }
    }

    public static Raw read(Path f) {
        try {
            BufferedImage img = ImageIO.read(f.toFile());
            if (img == null) {
                throw new IllegalStateException("unreadable image " + f);
            }
            Raster r = img.getRaster();
            int w = r.getWidth(), h = r.getHeight(), b = r.getNumBands();
            int[] s = r.getPixels(0, 0, w, h, (int[]) null);
            int depth = r.getSampleModel().getSampleSize(0);
            // palette images: the raster holds the indices, as numpy.array(PIL.Image.open(f)) for mode 'P'
            return new Raw(w, h, b, depth, s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
