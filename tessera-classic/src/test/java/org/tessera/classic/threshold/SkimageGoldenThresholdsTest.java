package org.tessera.classic.threshold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tessera.classic.TestData;

/** Every image of golden/thresholds_skimage.json, every method, against scikit-image 0.19.3. */
class SkimageGoldenThresholdsTest {

    @Test
    void allImagesAllMethodsMatchSkimage() throws IOException {
        JsonNode root = new ObjectMapper().readTree(TestData.file("golden/thresholds_skimage.json").toFile());
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (JsonNode im : root.get("images")) {
            String file = im.get("file").asText();
            TestData.Raw raw = TestData.read(TestData.file("data/" + file));
            int channel = im.get("channel").isNull() ? 0 : im.get("channel").asInt();
            assertEquals(im.get("shape").get(0).asInt(), raw.height(), file);
            assertEquals(im.get("shape").get(1).asInt(), raw.width(), file);
            // uint8 as 8-bit samples; any other integer dtype (uint16, PIL 'I') as 16-bit samples
            GrayHistogram h = "uint8".equals(im.get("dtype").asText()) ? GrayHistogram.ofU8(raw.channelU8(channel))
                    : GrayHistogram.ofU16(raw.channelU16(channel));
            assertEquals(im.get("min").asInt(), h.min(), file);
            assertEquals(im.get("max").asInt(), h.max(), file);
            assertEquals(im.get("distinct_values").asInt(), h.distinctValues(), file);
            JsonNode res = im.get("results");
            JsonNode err = im.get("errors");
            for (ThresholdMethod m : ThresholdMethod.values()) {
                String key = "threshold_" + m.skimageName();
                if (err.has(key)) {
                    try {
                        m.compute(h);
                        failures.add(file + " " + key + ": expected an error (" + err.get(key).asText() + ")");
                    } catch (IllegalStateException | IllegalArgumentException expected) {
                        // skimage raised too
                    }
                    checked++;
                    continue;
                }
                double expected = res.get(key).asDouble();
                double got = m.compute(h);
                double tol = m == ThresholdMethod.LI ? 0.5 : 0.0;
                if (!(Math.abs(got - expected) <= tol)) {
                    failures.add(file + " " + key + ": expected " + expected + " got " + got);
                }
                checked++;
            }
            String key = "threshold_multiotsu";
            if (err.has(key)) {
                try {
                    GlobalThresholds.multiOtsu(h, 3);
                    failures.add(file + " multiotsu: expected an error");
                } catch (IllegalArgumentException expected) {
                    assertEquals(err.get(key).asText().replace("ValueError: ", ""), expected.getMessage());
                }
            } else {
                double[] got = GlobalThresholds.multiOtsu(h, 3);
                double[] exp = {res.get(key).get(0).asDouble(), res.get(key).get(1).asDouble()};
                if (got[0] != exp[0] || got[1] != exp[1]) {
                    failures.add(file + " multiotsu: expected " + exp[0] + "," + exp[1] + " got " + got[0] + "," + got[1]);
                }
            }
            checked++;
        }
        assertTrue(checked >= 20 * 8, "checked " + checked);
        assertEquals(List.of(), failures);
    }

    @Test
    void liIsExactToo() throws IOException {
        JsonNode root = new ObjectMapper().readTree(TestData.file("golden/thresholds_skimage.json").toFile());
        for (JsonNode im : root.get("images")) {
            String file = im.get("file").asText();
            TestData.Raw raw = TestData.read(TestData.file("data/" + file));
            int channel = im.get("channel").isNull() ? 0 : im.get("channel").asInt();
            GrayHistogram h = "uint8".equals(im.get("dtype").asText()) ? GrayHistogram.ofU8(raw.channelU8(channel))
                    : GrayHistogram.ofU16(raw.channelU16(channel));
            assertEquals(im.get("results").get("threshold_li").asDouble(), GlobalThresholds.li(h), 1e-9, file);
        }
    }

    @Test
    void multiOtsuOnSixteenBitMatchesEightBitOnSameValues() {
        // same values as 8-bit and 16-bit, and the 8-bit values scaled by 257 (bins are per integer value, so the
        // scaled histogram has 257x more, empty, bins: thresholds scale exactly only when no empty-bin tie occurs)
        java.util.Random r = new java.util.Random(3);
        byte[] b = new byte[5000];
        short[] s = new short[5000];
        for (int i = 0; i < b.length; i++) {
            int v = i % 3 == 0 ? 40 + r.nextInt(30) : i % 3 == 1 ? 120 + r.nextInt(30) : 200 + r.nextInt(40);
            b[i] = (byte) v;
            s[i] = (short) v;
        }
        double[] t8 = GlobalThresholds.multiOtsu(GrayHistogram.ofU8(b), 3);
        double[] t16 = GlobalThresholds.multiOtsu(GrayHistogram.ofU16(s), 3);
        org.junit.jupiter.api.Assertions.assertArrayEquals(t8, t16);
        assertTrue(t8[0] >= 69 && t8[0] < 120 && t8[1] >= 149 && t8[1] < 200, t8[0] + " " + t8[1]);
    }

    @Test
    void singleValueAndEmpty() {
        GrayHistogram h = GrayHistogram.ofU8(new byte[] {7, 7, 7});
        assertEquals(7.0, GlobalThresholds.otsu(h));
        assertEquals(7.0, GlobalThresholds.yen(h));
        assertEquals(7.0, GlobalThresholds.isodata(h));
        assertEquals(7.0, GlobalThresholds.li(h));
        assertEquals(7.0, GlobalThresholds.mean(h));
        assertThrows(IllegalArgumentException.class, () -> GlobalThresholds.triangle(h));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GrayHistogram.ofU8(new byte[0]));
        assertTrue(e.getMessage().contains("empty image"), e.getMessage());
    }

    @Test
    void sixteenBitUsesOneBinPerValue() {
        // values 1000, 1001, 3000 (x2): bins span 1000..3000; Otsu splits between 1001 and 3000
        short[] px = {(short) 1000, (short) 1001, (short) 3000, (short) 3000, (short) 60000};
        GrayHistogram h = GrayHistogram.ofU16(px);
        assertEquals(1000, h.min());
        assertEquals(60000, h.max());
        assertEquals(59001, h.bins());
        assertEquals(3000.0, GlobalThresholds.otsu(h));
        assertEquals((1000 + 1001 + 3000 + 3000 + 60000) / 5.0, GlobalThresholds.mean(h));
        // same as 8-bit on the same values
        byte[] b = {10, 20, 20, 30, (byte) 200};
        short[] s = {10, 20, 20, 30, 200};
        GrayHistogram hb = GrayHistogram.ofU8(b), hs = GrayHistogram.ofU16(s);
        for (ThresholdMethod m : new ThresholdMethod[] {ThresholdMethod.OTSU, ThresholdMethod.YEN,
                ThresholdMethod.TRIANGLE, ThresholdMethod.LI, ThresholdMethod.MEAN}) {
            assertEquals(m.compute(hb), m.compute(hs), m.name());
        }
    }
}
