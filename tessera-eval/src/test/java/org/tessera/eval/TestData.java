package org.tessera.eval;

import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.tessera.core.label.LabelMap;
import org.tessera.core.panoptic.PanopticMap;

/** Test helpers: the shared data folder and javax.imageio-based PNG readers (test code only). */
public final class TestData {
    private TestData() {}

    /** The shared folder (system property tessera.shared); fails the test if absent. */
    public static Path shared() {
        String s = System.getProperty("tessera.shared");
        if (s == null || s.isBlank() || !Files.isDirectory(Path.of(s))) {
            fail("shared test data not found: set -Dtessera.shared=/path/to/shared (got " + s + ")");
        }
        return Path.of(s);
    }

    public static Path file(String relative) {
        Path p = shared().resolve(relative);
        if (!Files.exists(p)) fail("shared test data missing: " + p);
        return p;
    }

    /** An RGB PNG as COCO panoptic ids. */
    public static PanopticMap readIds(Path png) throws IOException {
        BufferedImage im = ImageIO.read(png.toFile());
        if (im == null) throw new IOException(png + ": not an image");
        int w = im.getWidth(), h = im.getHeight();
        int[] ids = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = im.getRGB(x, y);
                ids[y * w + x] = PanopticMap.rgbToId((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF);
            }
        }
        return new PanopticMap(w, h, ids, List.of());
    }

    /** A gray or palette PNG (8 or 16 bit) as raw sample values (palette indices, not colors). */
    public static LabelMap readLabels(Path png) throws IOException {
        BufferedImage im = ImageIO.read(png.toFile());
        if (im == null) throw new IOException(png + ": not an image");
        Raster r = im.getRaster();
        if (r.getNumBands() != 1) throw new IOException(png + ": " + r.getNumBands() + " bands, expected 1");
        int w = im.getWidth(), h = im.getHeight();
        int[] row = new int[w];
        short[] a = new short[w * h];
        for (int y = 0; y < h; y++) {
            r.getSamples(0, y, w, 1, 0, row);
            for (int x = 0; x < w; x++) a[y * w + x] = (short) row[x];
        }
        return new LabelMap(w, h, a, LabelMap.DEFAULT_IGNORE, null);
    }
}
