package org.tessera.classic.threshold;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tessera.classic.TestData;

class LocalThresholdTest {

    @Test
    void validateNamesTheField() {
        LocalThresholdConfig c = new LocalThresholdConfig(LocalThresholdConfig.Method.NIBLACK, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, c::validate);
        assertTrue(e.getMessage().contains("windowSize"), e.getMessage());
        c.windowSize = 5;
        c.scale = 0;
        e = assertThrows(IllegalArgumentException.class, () -> new LocalThreshold(c));
        assertTrue(e.getMessage().contains("scale"), e.getMessage());
    }

    @Test
    void stepEdgeIsSplitAtTheEdge() {
        // left half 50, right half 200: every local method puts the bright half in the foreground
        int w = 40, h = 10;
        byte[] g = new byte[w * h];
        for (int i = 0; i < g.length; i++) {
            g[i] = (byte) (i % w < 20 ? 50 : 200);
        }
        for (LocalThresholdConfig.Method m : LocalThresholdConfig.Method.values()) {
            LocalThresholdConfig c = new LocalThresholdConfig(m, 7);
            byte[] out = new LocalThreshold(c).apply(g, w, h);
            // pixels next to the edge on the bright side are foreground, on the dark side background
            assertEquals(1, out[5 * w + 20], m.name());
            assertEquals(0, out[5 * w + 19], m.name());
        }
    }

    @Test
    void sauvolaOnPageFindsDarkTextAsMinority() {
        TestData.Raw raw = TestData.read(TestData.file("data/images/page.png"));
        byte[] g = raw.channelU8(0);
        LocalThresholdConfig c = new LocalThresholdConfig(LocalThresholdConfig.Method.SAUVOLA, 25);
        c.darkForeground = true;
        byte[] text = new LocalThreshold(c).apply(g, raw.width(), raw.height());
        int n = 0;
        for (byte b : text) {
            n += b;
        }
        double frac = n / (double) text.length;
        assertTrue(frac > 0.05 && frac < 0.4, "text fraction " + frac);
        // 16-bit input with the same values scaled by 257 gives the same mask
        short[] s = new short[g.length];
        for (int i = 0; i < g.length; i++) {
            s[i] = (short) ((g[i] & 0xFF) * 257);
        }
        assertArrayEquals(text, new LocalThreshold(c).apply(s, raw.width(), raw.height()));
    }
}
