package org.tessera.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tessera.core.image.Image;

class ContactSheetTest {
    private static Image solid(int w, int h, int rgb) {
        int[] px = new int[w * h];
        java.util.Arrays.fill(px, rgb);
        return Image.fromPackedRgb(w, h, px);
    }

    @Test
    void layoutFollowsTheDocumentedFormula() {
        ContactSheet.Options o = ContactSheet.Options.defaults().withThumb(100, 80).withColumns(3);
        // 5 tiles -> 3 columns, 2 rows; legend of 2 entries is shorter than the grid
        assertArrayEquals(new int[] {8 + 3 * 108 + 180, 8 + 2 * (80 + 18 + 8)}, ContactSheet.size(5, 2, o));
        // no legend -> no panel; one tile -> one column
        assertArrayEquals(new int[] {8 + 108, 8 + 106}, ContactSheet.size(1, 0, o));
        // a long legend sets the height
        assertArrayEquals(new int[] {8 + 108 + 180, 16 + 18 * 20}, ContactSheet.size(1, 20, o));
        assertThrows(IllegalArgumentException.class, () -> ContactSheet.size(0, 0, o));
    }

    @Test
    void thumbnailsKeepAspectAndColourAndAreNeverEnlarged() {
        Image t = ContactSheet.thumbnail(solid(640, 427, 0x336699), 256, 256);
        assertEquals(256, t.width());
        assertEquals(171, t.height()); // round(427 * 0.4)
        for (int v : t.toPackedRgb()) assertEquals(0x336699, v);
        Image small = ContactSheet.thumbnail(solid(50, 30, 0x102030), 256, 256);
        assertEquals(50, small.width());
        assertEquals(30, small.height());
    }

    @Test
    void rendersTilesWhereTheLayoutPutsThem() {
        ContactSheet.Options o = new ContactSheet.Options(64, 64, 2, 8, 0, 100);
        Map<String, Integer> legend = new LinkedHashMap<>();
        legend.put("red", 0xFF0000);
        Image sheet = ContactSheet.render(List.of(new ContactSheet.Tile(solid(64, 64, 0x00FF00), ""),
                new ContactSheet.Tile(solid(128, 64, 0x0000FF), "")), legend, o);
        assertEquals(8 + 2 * 72 + 100, sheet.width());
        assertEquals(8 + 72, sheet.height());
        int[] px = sheet.toPackedRgb();
        int w = sheet.width();
        assertEquals(0x00FF00, px[40 * w + 40]); // first cell
        // the 128x64 tile shrinks to 64x32, centred horizontally and at the bottom of the second cell
        assertEquals(0x0000FF, px[(8 + 60) * w + 80 + 32]);
        assertEquals(0x202020, px[(8 + 10) * w + 80 + 32]);
        assertEquals(0xFF0000, px[(8 + 8) * w + (w - 100) + 12]); // legend swatch
    }
}
