package org.tessera.core.label;

import java.util.Arrays;

/**
 * Up to 256 (or more, for display) RGB colors indexed by class id, packed {@code 0xRRGGBB}. Palette PNGs carry at
 * most 256 entries.
 */
public final class Palette {
    private final int[] rgb;

    public Palette(int[] rgb) {
        this.rgb = rgb.clone();
    }

    /** Number of entries. */
    public int size() {
        return rgb.length;
    }

    /** Color of entry i as 0xRRGGBB; black past the end. */
    public int rgb(int i) {
        return i >= 0 && i < rgb.length ? rgb[i] : 0;
    }

    public int[] toArray() {
        return rgb.clone();
    }

    /**
     * The Pascal VOC color map (bit-interleaved, as in the VOC devkit's {@code labelcolormap}): 0 black, 1 maroon,
     * ..., 255 = (224, 224, 192) for the border.
     */
    public static Palette pascalVoc(int n) {
        int[] c = new int[n];
        for (int i = 0; i < n; i++) {
            int r = 0, g = 0, b = 0, id = i;
            for (int j = 0; j < 8; j++) {
                r |= ((id >> 0) & 1) << (7 - j);
                g |= ((id >> 1) & 1) << (7 - j);
                b |= ((id >> 2) & 1) << (7 - j);
                id >>= 3;
            }
            c[i] = (r << 16) | (g << 8) | b;
        }
        return new Palette(c);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Palette p && Arrays.equals(p.rgb, rgb);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(rgb);
    }
}
