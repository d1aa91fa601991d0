package org.tessera.viz;

/** Distinct display colors (0xRRGGBB) for classes and instances. */
public final class Colors {
    private Colors() {}

    /**
     * The k-th color of an endless sequence of well-separated hues (golden-ratio hue steps at high saturation),
     * stable for a given k.
     */
    public static int distinct(int k) {
        double h = (k * 0.618033988749895 + 0.08) % 1.0;
        double s = 0.65 + 0.25 * ((k / 7) % 2);
        double v = 0.95 - 0.2 * ((k / 3) % 2);
        return hsv(h, s, v);
    }

    /** HSV (each 0..1) to 0xRRGGBB. */
    public static int hsv(double h, double s, double v) {
        double r, g, b;
        int i = (int) Math.floor(h * 6) % 6;
        double f = h * 6 - Math.floor(h * 6), p = v * (1 - s), q = v * (1 - f * s), t = v * (1 - (1 - f) * s);
        switch (i) {
            case 0 -> { r = v; g = t; b = p; }
            case 1 -> { r = q; g = v; b = p; }
            case 2 -> { r = p; g = v; b = t; }
            case 3 -> { r = p; g = q; b = v; }
            case 4 -> { r = t; g = p; b = v; }
            default -> { r = v; g = p; b = q; }
        }
        return ((int) Math.round(r * 255) << 16) | ((int) Math.round(g * 255) << 8) | (int) Math.round(b * 255);
    }

    /** Blends {@code over} onto {@code base} with opacity {@code alpha} (0..1). */
    public static int blend(int base, int over, double alpha) {
        int r = (int) Math.round(((base >> 16) & 0xFF) * (1 - alpha) + ((over >> 16) & 0xFF) * alpha);
        int g = (int) Math.round(((base >> 8) & 0xFF) * (1 - alpha) + ((over >> 8) & 0xFF) * alpha);
        int b = (int) Math.round((base & 0xFF) * (1 - alpha) + (over & 0xFF) * alpha);
        return (r << 16) | (g << 8) | b;
    }

    /** Black or white, whichever reads better on {@code background}. */
    public static int textOn(int background) {
        double y = 0.299 * ((background >> 16) & 0xFF) + 0.587 * ((background >> 8) & 0xFF) + 0.114 * (background & 0xFF);
        return y > 140 ? 0x000000 : 0xFFFFFF;
    }
}
