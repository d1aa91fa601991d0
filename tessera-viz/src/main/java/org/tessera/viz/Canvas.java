package org.tessera.viz;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import org.tessera.core.image.Image;

/**
 * A packed-RGB drawing surface ({@code int[] y * width + x}, 0xRRGGBB) with the primitives the renderers need:
 * blending, rectangles, and text (through Java2D when fonts are available; text is skipped silently on a JVM
 * without fonts, everything else still renders).
 */
public final class Canvas {
    private final int width;
    private final int height;
    private final BufferedImage image;
    private final int[] rgb;

    public Canvas(int width, int height, int background) {
        this.width = width;
        this.height = height;
        this.image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        this.rgb = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        java.util.Arrays.fill(rgb, background);
    }

    /** A canvas holding a copy of {@code img} (converted to RGB). */
    public static Canvas of(Image img) {
        Canvas c = new Canvas(img.width(), img.height(), 0);
        int[] src = img.toPackedRgb();
        System.arraycopy(src, 0, c.rgb, 0, src.length);
        return c;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The live pixel array (0xRRGGBB, row-major). */
    public int[] pixels() {
        return rgb;
    }

    public void blendPixel(int x, int y, int color, double alpha) {
        if (x < 0 || y < 0 || x >= width || y >= height) return;
        int i = y * width + x;
        rgb[i] = Colors.blend(rgb[i], color, alpha);
    }

    public void setPixel(int x, int y, int color) {
        if (x < 0 || y < 0 || x >= width || y >= height) return;
        rgb[y * width + x] = color;
    }

    public void fillRect(int x, int y, int w, int h, int color) {
        int x0 = Math.max(0, x), y0 = Math.max(0, y), x1 = Math.min(width, x + w), y1 = Math.min(height, y + h);
        for (int yy = y0; yy < y1; yy++) java.util.Arrays.fill(rgb, yy * width + x0, yy * width + Math.max(x0, x1), color);
    }

    /** The outline of the half-open box [x, x+w) x [y, y+h), {@code thickness} pixels inward. */
    public void drawRect(int x, int y, int w, int h, int color, int thickness) {
        for (int t = 0; t < thickness; t++) {
            fillRect(x + t, y + t, w - 2 * t, 1, color);
            fillRect(x + t, y + h - 1 - t, w - 2 * t, 1, color);
            fillRect(x + t, y + t, 1, h - 2 * t, color);
            fillRect(x + w - 1 - t, y + t, 1, h - 2 * t, color);
        }
    }

    /** Copies another canvas at (x, y). */
    public void draw(Canvas c, int x, int y) {
        for (int yy = 0; yy < c.height; yy++) {
            int ty = y + yy;
            if (ty < 0 || ty >= height) continue;
            for (int xx = 0; xx < c.width; xx++) {
                int tx = x + xx;
                if (tx >= 0 && tx < width) rgb[ty * width + tx] = c.rgb[yy * c.width + xx];
            }
        }
    }

    /**
     * Draws a text label with a filled background box whose top-left corner is (x, y); returns the box width, or 0
     * when no font is available.
     */
    public int label(String text, int x, int y, int background, int sizePx) {
        try {
            Graphics2D g = image.createGraphics();
            try {
                g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
                g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, sizePx));
                FontMetrics fm = g.getFontMetrics();
                int w = fm.stringWidth(text) + 6, h = fm.getAscent() + fm.getDescent() + 2;
                g.setColor(new java.awt.Color(background));
                g.fillRect(x, y, w, h);
                g.setColor(new java.awt.Color(Colors.textOn(background)));
                g.drawString(text, x + 3, y + 1 + fm.getAscent());
                return w;
            } finally {
                g.dispose();
            }
        } catch (Throwable noFonts) { // headless JVM without fontconfig / fonts
            return 0;
        }
    }

    /** Text only (no background), baseline-free: top-left at (x, y). */
    public void text(String text, int x, int y, int color, int sizePx) {
        try {
            Graphics2D g = image.createGraphics();
            try {
                g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, sizePx));
                g.setColor(new java.awt.Color(color));
                g.drawString(text, x, y + g.getFontMetrics().getAscent());
            } finally {
                g.dispose();
            }
        } catch (Throwable noFonts) {
            // text is decoration; the picture stands without it
        }
    }

    /** The canvas as an 8-bit RGB {@link Image}. */
    public Image toImage() {
        return Image.fromPackedRgb(width, height, rgb.clone());
    }
}
