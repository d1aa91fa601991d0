package org.tessera.classic.filter;

import boofcv.alg.filter.blur.BlurImageOps;
import boofcv.struct.image.GrayU8;
import org.tessera.classic.Checks;
import org.tessera.classic.binary.BinaryOps;

/** Denoising filters for 8-bit gray images (BoofCV {@link BlurImageOps}); inputs are not modified. */
public final class Smoothing {
    private Smoothing() {
    }

    /**
     * Gaussian blur with standard deviation {@code sigma} (pixels), kernel radius ceil(3 sigma), rounded back to 8 bit.
     */
    public static byte[] gaussian(byte[] gray, int width, int height, double sigma) {
        Checks.image("gray image", width, height, 1, gray.length);
        if (!(sigma > 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("sigma must be > 0, got " + sigma);
        }
        GrayU8 in = BinaryOps.wrap(gray.clone(), width, height);
        GrayU8 out = new GrayU8(width, height);
        BlurImageOps.gaussian(in, out, sigma, (int) Math.ceil(3 * sigma), null);
        return out.data;
    }

    /** Median filter over a (2 radius + 1)² window. */
    public static byte[] median(byte[] gray, int width, int height, int radius) {
        Checks.image("gray image", width, height, 1, gray.length);
        if (radius < 1) {
            throw new IllegalArgumentException("radius must be >= 1, got " + radius);
        }
        GrayU8 in = BinaryOps.wrap(gray.clone(), width, height);
        GrayU8 out = new GrayU8(width, height);
        BlurImageOps.median(in, out, radius, radius, null);
        return out.data;
    }
}
