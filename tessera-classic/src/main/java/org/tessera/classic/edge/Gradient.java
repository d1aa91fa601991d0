package org.tessera.classic.edge;

import org.tessera.classic.Checks;

/** Image gradients on 8-bit gray images. */
public final class Gradient {
    private Gradient() {
    }

    /**
     * Sobel gradient magnitude {@code sqrt(gx² + gy²)} with the 3x3 kernels [1 2 1]ᵀ[-1 0 1] (unnormalized, so an
     * ideal step of height s gives 4 s), border pixels replicated (scipy's 'nearest').
     */
    public static float[] sobelMagnitude(byte[] gray, int width, int height) {
        Checks.image("gray image", width, height, 1, gray.length);
        float[] out = new float[gray.length];
        for (int y = 0; y < height; y++) {
            int ym = Math.max(0, y - 1) * width, y0 = y * width, yp = Math.min(height - 1, y + 1) * width;
            for (int x = 0; x < width; x++) {
                int xm = Math.max(0, x - 1), xp = Math.min(width - 1, x + 1);
                int a = gray[ym + xm] & 0xFF, b = gray[ym + x] & 0xFF, c = gray[ym + xp] & 0xFF;
                int d = gray[y0 + xm] & 0xFF, f = gray[y0 + xp] & 0xFF;
                int g = gray[yp + xm] & 0xFF, h = gray[yp + x] & 0xFF, i = gray[yp + xp] & 0xFF;
                int gx = (c + 2 * f + i) - (a + 2 * d + g);
                int gy = (g + 2 * h + i) - (a + 2 * b + c);
                out[y0 + x] = (float) Math.sqrt((double) gx * gx + (double) gy * gy);
            }
        }
        return out;
    }
}
