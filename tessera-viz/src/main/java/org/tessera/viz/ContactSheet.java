package org.tessera.viz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tessera.core.image.Image;
import org.tessera.core.image.ImageTransforms;

/**
 * A contact sheet: a grid of thumbnails, each with a caption (e.g. its file name) below it, and an optional legend
 * panel (colour swatch + name) on the right.
 *
 * <p>Layout, all in pixels: each cell is {@code thumbWidth x (thumbHeight + captionHeight)}; cells are separated and
 * surrounded by {@code gap}; {@code cols = min(columns, n)}, {@code rows = ceil(n / cols)}. The sheet is
 * {@code width = gap + cols * (thumbWidth + gap) + (legend empty ? 0 : legendWidth)} by
 * {@code height = max(gap + rows * (thumbHeight + captionHeight + gap), legend rows: 2 * gap + 18 * entries)}
 * (see {@link #size}). Each thumbnail keeps its aspect ratio, fits inside {@code thumbWidth x thumbHeight} and is
 * centred horizontally and aligned to the bottom of its box (just above its caption).
 */
public final class ContactSheet {
    private ContactSheet() {}

    /** Height of one legend row in pixels. */
    public static final int LEGEND_ROW = 18;

    private static final int BACKGROUND = 0x202020;

    /**
     * Layout options (pixels).
     *
     * @param thumbWidth    thumbnail box width
     * @param thumbHeight   thumbnail box height
     * @param columns       maximum number of columns
     * @param gap           space between and around cells
     * @param captionHeight caption strip height under each thumbnail (0 = no caption)
     * @param legendWidth   width of the legend panel (used only when there are legend entries)
     */
    public record Options(int thumbWidth, int thumbHeight, int columns, int gap, int captionHeight, int legendWidth) {
        /** 256x256 thumbnails, 4 columns, 8 px gaps, 18 px captions, a 180 px legend. */
        public static Options defaults() {
            return new Options(256, 256, 4, 8, 18, 180);
        }

        public Options {
            if (thumbWidth < 8 || thumbHeight < 8) throw new IllegalArgumentException("thumbnails must be at least 8x8, got " + thumbWidth + "x" + thumbHeight);
            if (columns < 1) throw new IllegalArgumentException("columns must be >= 1, got " + columns);
            if (gap < 0 || captionHeight < 0 || legendWidth < 0) throw new IllegalArgumentException("gap, caption height and legend width must be >= 0");
        }

        public Options withThumb(int w, int h) {
            return new Options(w, h, columns, gap, captionHeight, legendWidth);
        }

        public Options withColumns(int c) {
            return new Options(thumbWidth, thumbHeight, c, gap, captionHeight, legendWidth);
        }
    }

    /** One cell: the full-size picture (it is shrunk here) and its caption (may be empty). */
    public record Tile(Image image, String caption) {}

    /** {@code {width, height}} of the sheet for {@code tiles} cells and {@code legendEntries} legend rows. */
    public static int[] size(int tiles, int legendEntries, Options o) {
        if (tiles < 1) throw new IllegalArgumentException("a contact sheet needs at least one tile");
        int cols = Math.min(o.columns(), tiles), rows = (tiles + cols - 1) / cols;
        int w = o.gap() + cols * (o.thumbWidth() + o.gap()) + (legendEntries > 0 ? o.legendWidth() : 0);
        int h = o.gap() + rows * (o.thumbHeight() + o.captionHeight() + o.gap());
        if (legendEntries > 0) h = Math.max(h, 2 * o.gap() + LEGEND_ROW * legendEntries);
        return new int[] {w, h};
    }

    /**
     * Renders the sheet. {@code legend} maps a name to its colour (0xRRGGBB), shown in iteration order; empty or
     * null for none.
     */
    public static Image render(List<Tile> tiles, Map<String, Integer> legend, Options o) {
        int entries = legend == null ? 0 : legend.size();
        int[] wh = size(tiles.size(), entries, o);
        Canvas sheet = new Canvas(wh[0], wh[1], BACKGROUND);
        int cols = Math.min(o.columns(), tiles.size());
        int fontPx = Math.max(8, Math.min(12, o.captionHeight() - 4));
        for (int k = 0; k < tiles.size(); k++) {
            int cx = o.gap() + (k % cols) * (o.thumbWidth() + o.gap());
            int cy = o.gap() + (k / cols) * (o.thumbHeight() + o.captionHeight() + o.gap());
            Image t = thumbnail(tiles.get(k).image(), o.thumbWidth(), o.thumbHeight());
            Canvas tc = Canvas.of(t);
            sheet.draw(tc, cx + (o.thumbWidth() - t.width()) / 2, cy + o.thumbHeight() - t.height());
            String caption = tiles.get(k).caption();
            if (o.captionHeight() > 0 && caption != null && !caption.isEmpty()) {
                sheet.text(fit(caption, o.thumbWidth(), fontPx), cx + 2, cy + o.thumbHeight() + 2, 0xE0E0E0, fontPx);
            }
        }
        if (entries > 0) {
            int x = wh[0] - o.legendWidth();
            List<Map.Entry<String, Integer>> list = new ArrayList<>(legend.entrySet());
            for (int i = 0; i < list.size(); i++) {
                int y = o.gap() + i * LEGEND_ROW;
                sheet.fillRect(x + 6, y + 2, 14, 14, list.get(i).getValue());
                sheet.text(fit(list.get(i).getKey(), o.legendWidth() - 30, 12), x + 26, y + 1, 0xFFFFFF, 12);
            }
        }
        return sheet.toImage();
    }

    /**
     * {@code im} shrunk (never enlarged) to fit {@code maxWidth x maxHeight} keeping its aspect ratio (each side at
     * least 1 px): 2x box-filter halvings while the image is at least twice the target, then one bilinear resize
     * ({@link ImageTransforms#resizeBilinear}), so large images do not alias. 8-bit RGB out.
     */
    public static Image thumbnail(Image im, int maxWidth, int maxHeight) {
        Image src = im.channels() == 3 && !im.is16Bit() ? im : im.to8Bit().toRgb();
        double s = Math.min(1.0, Math.min((double) maxWidth / src.width(), (double) maxHeight / src.height()));
        int tw = Math.max(1, (int) Math.round(src.width() * s)), th = Math.max(1, (int) Math.round(src.height() * s));
        while (src.width() >= 2 * tw && src.height() >= 2 * th && src.width() >= 2 && src.height() >= 2) {
            src = ImageTransforms.resizeBilinear(src, src.width() / 2, src.height() / 2);
        }
        return src.width() == tw && src.height() == th ? src : ImageTransforms.resizeBilinear(src, tw, th);
    }

    /** Shortens {@code s} with an ellipsis so that it fits about {@code widthPx} at {@code fontPx}. */
    private static String fit(String s, int widthPx, int fontPx) {
        int max = Math.max(4, (int) (widthPx / (fontPx * 0.6)));
        if (s.length() <= max) return s;
        int keep = max - 1;
        return "…" + s.substring(s.length() - keep);
    }
}
