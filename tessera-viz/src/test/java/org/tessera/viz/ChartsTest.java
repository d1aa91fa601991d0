package org.tessera.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tessera.core.image.Image;

class ChartsTest {
    private static boolean has(Image im, int rgb) {
        for (int p : im.toPackedRgb()) if ((p & 0xFFFFFF) == rgb) return true;
        return false;
    }

    @Test
    void panelsDrawEverySeriesWithItsOwnRange() {
        double[] x = {1, 2, 3, 4};
        List<Charts.Panel> panels = List.of(
                new Charts.Panel("loss", new double[] {2.0, 1.2, 0.8, 0.7}, 0, Double.NaN, 0xD62728),
                new Charts.Panel("mIoU", new double[] {Double.NaN, 0.3, 0.5, 0.6}, 0, 1, 0x1F77B4),
                new Charts.Panel("lr", new double[] {1e-3, 8e-4, 4e-4, 1e-4}, Double.NaN, Double.NaN, 0x2CA02C));
        Image im = Charts.panels("curves", "epoch", x, panels);
        assertEquals(720, im.width());
        assertEquals(30 + 3 * 170 + 20, im.height());
        assertTrue(has(im, 0xD62728) && has(im, 0x1F77B4) && has(im, 0x2CA02C), "every series drawn");
        String svg = Charts.panelsSvg("curves", "epoch", x, panels);
        assertEquals(3, svg.split("<path ").length - 1);
        // the mIoU line starts at epoch 2 (NaN breaks it): its path has 3 points, one move and two lines
        String miou = svg.split("<path ")[2];
        assertEquals(1, miou.split("M").length - 1);
        assertEquals(2, miou.split(" L").length - 1);
        assertTrue(svg.contains("1.0e-04"), "small values get scientific ticks");
    }
}
