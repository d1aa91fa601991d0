package org.tessera.infer;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Locates the shared test material (system property tessera.shared) and reads test images. */
final class Shared {
    private Shared() {}

    static Path root() {
        String p = System.getProperty("tessera.shared");
        if (p == null) throw new AssertionError("system property tessera.shared is not set (run through Maven, or -Dtessera.shared=/work/shared)");
        Path r = Path.of(p);
        if (!Files.isDirectory(r)) throw new AssertionError("shared test material not found at " + r);
        return r;
    }

    static Path path(String rel) {
        Path p = root().resolve(rel);
        if (!Files.exists(p)) throw new AssertionError("shared test file missing: " + p);
        return p;
    }

    static Path model(String id) {
        return path("models/" + id + "/model.onnx");
    }

    /** An image read by core's decoder. */
    static org.tessera.core.image.Image image(String rel) throws IOException {
        return org.tessera.core.image.Images.read(path(rel));
    }

    /** An image as 8-bit RGB pixels (ImageIO decode, independent of core's decoders). */
    static Pixels rgb(String rel) throws IOException {
        BufferedImage bi = ImageIO.read(path(rel).toFile());
        if (bi == null) throw new AssertionError("undecodable test image " + rel);
        int w = bi.getWidth(), h = bi.getHeight();
        int[] argb = bi.getRGB(0, 0, w, h, null, 0, w);
        byte[] d = new byte[w * h * 3];
        for (int i = 0; i < argb.length; i++) {
            d[3 * i] = (byte) (argb[i] >> 16);
            d[3 * i + 1] = (byte) (argb[i] >> 8);
            d[3 * i + 2] = (byte) argb[i];
        }
        return new Pixels(d, w, h, 3);
    }
}
