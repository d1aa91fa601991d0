package org.tessera.core.image;

/**
 * The EXIF orientation tag (0x0112) from a TIFF-structured EXIF block, and its application to a raster.
 */
final class Exif {
    private Exif() {}

    /**
     * The orientation (1..8) in the TIFF structure at {@code b[off, off + len)}, or 1 when absent or malformed
     * (a damaged EXIF block is not worth refusing the image for).
     */
    static int orientation(byte[] b, int off, int len) {
        if (len < 8 || off + len > b.length) return 1;
        boolean le;
        if (b[off] == 'I' && b[off + 1] == 'I') le = true;
        else if (b[off] == 'M' && b[off + 1] == 'M') le = false;
        else return 1;
        if (u16(b, off + 2, le) != 42) return 1;
        long ifd = u32(b, off + 4, le);
        if (ifd < 8 || ifd + 2 > len) return 1;
        int p = off + (int) ifd;
        int count = u16(b, p, le);
        p += 2;
        for (int i = 0; i < count; i++, p += 12) {
            if (p + 12 > off + len) return 1;
            if (u16(b, p, le) == 0x0112) {
                int type = u16(b, p + 2, le);
                int v = type == 3 ? u16(b, p + 8, le) : type == 4 ? (int) u32(b, p + 8, le) : 1;
                return v >= 1 && v <= 8 ? v : 1;
            }
        }
        return 1;
    }

    private static int u16(byte[] b, int o, boolean le) {
        return le ? (b[o] & 0xFF) | ((b[o + 1] & 0xFF) << 8) : ((b[o] & 0xFF) << 8) | (b[o + 1] & 0xFF);
    }

    private static long u32(byte[] b, int o, boolean le) {
        return le ? (u16(b, o, true) | ((long) u16(b, o + 2, true) << 16)) : (((long) u16(b, o, false) << 16) | u16(b, o + 2, false));
    }

    /**
     * Applies an EXIF orientation so the result is upright, as PIL's {@code ImageOps.exif_transpose}: 2 mirror
     * left-right, 3 rotate 180, 4 mirror top-bottom, 5 transpose, 6 rotate 90 clockwise, 7 transverse, 8 rotate 90
     * counter-clockwise. Orientations 5..8 swap width and height.
     */
    static Image apply(Image im, int orientation) {
        if (orientation <= 1 || orientation > 8) return im;
        int w = im.width(), h = im.height(), ch = im.channels();
        boolean swap = orientation >= 5;
        int ow = swap ? h : w, oh = swap ? w : h;
        Image out = Image.blank(ow, oh, ch, im.bitDepth());
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                // (sx, sy): the source pixel shown at (x, y)
                int sx, sy;
                switch (orientation) {
                    case 2 -> { sx = w - 1 - x; sy = y; }
                    case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }
                    case 4 -> { sx = x; sy = h - 1 - y; }
                    case 5 -> { sx = y; sy = x; }
                    case 6 -> { sx = y; sy = h - 1 - x; }
                    case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }
                    default -> { sx = w - 1 - y; sy = x; } // 8
                }
                int si = (sy * w + sx) * ch, di = (y * ow + x) * ch;
                if (im.is16Bit()) System.arraycopy(im.shorts(), si, out.shorts(), di, ch);
                else System.arraycopy(im.bytes(), si, out.bytes(), di, ch);
            }
        }
        return out;
    }
}
