package org.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tessera.cli.CliTest.assertBadInput;
import static org.tessera.cli.CliTest.run;
import static org.tessera.cli.CliTest.shared;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.core.image.Image;
import org.tessera.core.image.ImageTransforms;
import org.tessera.core.image.Images;
import org.tessera.core.image.LabelMaps;
import org.tessera.core.label.LabelMap;
import org.tessera.core.mask.Rle;

/** {@code tessera segment} on real images (coins, bus) and its bad-input paths. */
class SegmentCliTest {
    @TempDir
    Path tmp;

    private static Path image(String name) {
        return shared().resolve("data/images").resolve(name);
    }

    private static int distinct(LabelMap m) {
        boolean[] seen = new boolean[65536];
        int n = 0;
        for (short v : m.data()) {
            if (!seen[v & 0xFFFF]) {
                seen[v & 0xFFFF] = true;
                n++;
            }
        }
        return n;
    }

    /** Checks the results JSON against the instance label PNG: one entry per id, RLE area = pixel count of the id. */
    private static JsonNode checkInstances(Path json, LabelMap ids, int expected) throws IOException {
        JsonNode a = new ObjectMapper().readTree(json.toFile());
        assertEquals(expected, a.size());
        long total = 0;
        for (JsonNode d : a) {
            assertEquals(1, d.get("image_id").asInt());
            assertEquals(1, d.get("category_id").asInt());
            JsonNode seg = d.get("segmentation");
            assertEquals(ids.height(), seg.get("size").get(0).asInt());
            assertEquals(ids.width(), seg.get("size").get(1).asInt());
            Rle r = Rle.fromString(seg.get("counts").asText(), ids.height(), ids.width());
            assertEquals(d.get("area").asLong(), r.area());
            total += r.area();
        }
        long fg = 0;
        for (short v : ids.data()) if (v != 0) fg++;
        assertEquals(fg, total, "instance areas add up to the labeled pixels");
        return a;
    }

    @Test
    void otsuComponentsOnCoins() throws IOException {
        Path out = tmp.resolve("otsu");
        CliTest.Run r = run("segment", image("coins.png").toString(), "--method", "otsu", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("coins.png: otsu, 96 instances"), r.out());
        LabelMap classes = LabelMaps.read(out.resolve("coins_labels.png"));
        assertEquals(2, distinct(classes)); // background 0, foreground 1
        assertTrue(classes.palette() != null, "palette PNG");
        // connected components of the Otsu foreground: every foreground pixel is in exactly one instance
        JsonNode a = new ObjectMapper().readTree(out.resolve("coins_instances.json").toFile());
        assertEquals(96, a.size());
        long total = 0, fg = 0;
        for (JsonNode d : a) total += d.get("area").asLong();
        for (short v : classes.data()) if (v == 1) fg++;
        assertEquals(fg, total);
        Image overlay = Images.read(out.resolve("coins_overlay.png"));
        assertEquals(384, overlay.width());
        assertEquals(303, overlay.height());

        // dropping specks: 24 components, 23 coins + the bright band at the top merged with the top-left coin
        Path out2 = tmp.resolve("otsu500");
        r = run("segment", image("coins.png").toString(), "--method", "otsu", "--min-area", "500", "--out", out2.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("coins.png: otsu, 24 instances"), r.out());
    }

    @Test
    void watershedSplitsCoins() throws IOException {
        Path out = tmp.resolve("ws");
        CliTest.Run r = run("segment", image("coins.png").toString(), "--method", "watershed", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        // 24 coins + the bright band at the top-left + 7 small fragments of the bright top border
        assertTrue(r.out().contains("coins.png: watershed, 32 instances"), r.out());
        LabelMap ids = LabelMaps.read(out.resolve("coins_labels.png"));
        assertEquals(33, distinct(ids));
        checkInstances(out.resolve("coins_instances.json"), ids, 32);

        // with small objects dropped: the 24 coins (each its own instance, checked on the overlay) + the band
        Path out2 = tmp.resolve("ws500");
        r = run("segment", image("coins.png").toString(), "--method", "watershed", "--min-area", "500", "--out", out2.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("coins.png: watershed, 25 instances"), r.out());
        LabelMap ids2 = LabelMaps.read(out2.resolve("coins_labels.png"));
        JsonNode a = checkInstances(out2.resolve("coins_instances.json"), ids2, 25);
        int coinSized = 0;
        for (JsonNode d : a) {
            long area = d.get("area").asLong();
            if (area >= 1000 && area <= 3500) coinSized++; // coins are 32..64 px wide
        }
        assertEquals(24, coinSized, "one instance per coin");
    }

    @Test
    void slicOnBusGivesAboutTheRequestedRegions() throws IOException {
        Path out = tmp.resolve("slic");
        CliTest.Run r = run("segment", image("bus.jpg").toString(), "--method", "slic", "--segments", "100", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        LabelMap regions = LabelMaps.read(out.resolve("bus_labels.png"));
        assertEquals(810, regions.width());
        assertEquals(1080, regions.height());
        int n = distinct(regions);
        assertTrue(n >= 60 && n <= 140, "regions near 100: " + n);
        assertEquals(103, n); // Slic: grid seeds, CIELAB, m = 10; deterministic (overlay checked by eye)
        assertTrue(r.out().contains("bus.jpg: slic, 103 regions"), r.out());
        assertFalse(Files.exists(out.resolve("bus_instances.json")), "regions are not instances");
        assertTrue(Files.size(out.resolve("bus_overlay.png")) > 0);
    }

    @Test
    void defaultMethodDependsOnTheImage() throws IOException {
        // a color photo (bus.jpg at a quarter of its size, to keep the test quick) -> SLIC superpixels, 200 requested
        Image bus = Images.read(image("bus.jpg"));
        Path small = tmp.resolve("bus_small.png");
        Images.writePng(ImageTransforms.resizeBilinear(bus, bus.width() / 4, bus.height() / 4), small);
        Path out = tmp.resolve("def");
        CliTest.Run r = run("segment", small.toString(), image("coins.png").toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("bus_small.png: slic, "), r.out());
        int n = distinct(LabelMaps.read(out.resolve("bus_small_labels.png")));
        assertTrue(n >= 120 && n <= 260, "regions near 200: " + n);
        // a gray image -> Otsu + distance-transform watershed, as --method watershed
        assertTrue(r.out().contains("coins.png: watershed, 32 instances"), r.out());
        assertTrue(Files.exists(out.resolve("coins_instances.json")));
        assertTrue(SegmentCommand.hasColor(bus));
        assertFalse(SegmentCommand.hasColor(Images.read(image("coins.png")).toRgb()), "R = G = B is gray");
    }

    @Test
    void badInputIsOneLineAndWritesNothing() throws IOException {
        Path out = tmp.resolve("never");
        Path empty = tmp.resolve("empty.png");
        Files.write(empty, new byte[0]);
        assertBadInput(run("segment", empty.toString(), "--method", "otsu", "--out", out.toString()), "empty.png");
        // k larger than the pixel count (block.png is 10x10)
        assertBadInput(run("segment", image("block.png").toString(), "--method", "kmeans", "--k", "101", "--out", out.toString()),
                "k = 101 exceeds the pixel count 100");
        // a 16-bit gray image for a method that needs 8-bit
        short[] px = new short[64 * 48];
        for (int i = 0; i < px.length; i++) px[i] = (short) (i * 20);
        Path deep = tmp.resolve("deep.png");
        Images.writePng(Image.of16(64, 48, 1, px), deep);
        assertBadInput(run("segment", deep.toString(), "--method", "slic", "--out", out.toString()), "need an 8-bit image");
        assertBadInput(run("segment", deep.toString(), "--method", "edges", "--out", out.toString()), "8-bit");
        // values the classic configuration classes reject
        assertBadInput(run("segment", image("block.png").toString(), "--method", "slic", "--regions", "0", "--out", out.toString()),
                "SuperpixelConfig.regions must be >= 1, got 0");
        assertBadInput(run("segment", image("block.png").toString(), "--method", "sauvola", "--window", "4", "--out", out.toString()),
                "windowSize must be odd");
        assertBadInput(run("segment", image("block.png").toString(), "--method", "multiotsu", "--classes", "9", "--out", out.toString()),
                "classes must be in 2..5");
        // options the method does not use, unknown methods, bad seeds
        assertBadInput(run("segment", image("block.png").toString(), "--method", "otsu", "--k", "3", "--out", out.toString()),
                "--k is not used by --method otsu");
        assertBadInput(run("segment", image("block.png").toString(), "--k", "3", "--out", out.toString()), "explicit --method");
        assertBadInput(run("segment", image("block.png").toString(), "--method", "grabcut", "--out", out.toString()), "unknown --method");
        assertBadInput(run("segment", image("block.png").toString(), "--method", "region-grow", "--seeds", "1,1;20,3", "--out",
                out.toString()), "outside the 10x10 image");
        assertBadInput(run("segment", image("block.png").toString(), "--method", "region-grow", "--out", out.toString()), "--seeds");
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void regionGrowFromSeeds() throws IOException {
        // two seeds on coins.png: one on the dark background, one inside the middle coin of the top row
        Path out = tmp.resolve("grow");
        CliTest.Run r = run("segment", image("coins.png").toString(), "--method", "region-grow", "--seeds", "5,290;152,48",
                "--tolerance", "30", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("coins.png: region-grow, 2 instances"), r.out());
        LabelMap ids = LabelMaps.read(out.resolve("coins_labels.png"));
        checkInstances(out.resolve("coins_instances.json"), ids, 2);
        // the seeds are in different regions
        int w = ids.width();
        assertTrue(ids.data()[290 * w + 5] != 0 && ids.data()[48 * w + 152] != 0);
        assertTrue(ids.data()[290 * w + 5] != ids.data()[48 * w + 152]);
    }

    @Test
    void demoHasAClassicalStep() throws IOException {
        Path out = tmp.resolve("demo");
        CliTest.Run r = run("demo", "--out", out.toString(), "--size", "320x240", "--objects", "10", "--train-epochs", "0");
        assertEquals(0, r.code(), r.err());
        String line = r.out().lines().filter(l -> l.startsWith("classic")).findFirst().orElseThrow();
        assertTrue(line.contains("Otsu + distance watershed"), line);
        // deterministic scene: 8 of the 10 objects found (overlapping ones merge), checked on the overlay
        assertTrue(line.contains("8 instances (truth 10), mean best IoU 0.783"), line);
        Image overlay = Images.read(out.resolve("classic_overlay.png"));
        assertEquals(320, overlay.width());
        assertEquals(240, overlay.height());
    }

    @Test
    void refineCrfRemovesLabelNoise() throws IOException {
        Path seg = tmp.resolve("otsu");
        assertEquals(0, run("segment", image("coins.png").toString(), "--method", "otsu", "--out", seg.toString()).code());
        LabelMap clean = LabelMaps.read(seg.resolve("coins_labels.png"));
        short[] noisy = clean.data().clone();
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        for (int i = 0; i < noisy.length; i++) if (rnd.nextInt(100) < 15) noisy[i] = (short) (1 - noisy[i]);
        Path noisyPng = tmp.resolve("noisy.png");
        LabelMaps.writePng(new LabelMap(clean.width(), clean.height(), noisy, 255, clean.palette()), noisyPng);
        Path out = tmp.resolve("crf");
        CliTest.Run r = run("refine", image("coins.png").toString(), "--labels", noisyPng.toString(), "--crf", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        LabelMap refined = LabelMaps.read(out.resolve("coins_crf_labels.png"));
        double before = agreement(clean, noisy), after = agreement(clean, refined.data());
        System.out.printf("CRF: agreement with the clean Otsu map %.4f -> %.4f%n", before, after);
        assertTrue(before < 0.86, "noise: " + before);
        assertTrue(after > 0.985, "the CRF removes most of the 15 % flipped labels: " + after); // measured 0.9890
        assertTrue(Files.exists(out.resolve("coins_crf_overlay.png")));

        Path never = tmp.resolve("never");
        assertBadInput(run("refine", image("coins.png").toString(), "--labels", noisyPng.toString(), "--out", never.toString()), "--crf");
        assertBadInput(run("refine", image("bus.jpg").toString(), "--labels", noisyPng.toString(), "--crf", "--out", never.toString()),
                "noisy.png is 384x303 but bus.jpg is 810x1080");
        assertBadInput(run("refine", image("coins.png").toString(), "--labels", noisyPng.toString(), "--crf", "--confidence", "0.4",
                "--out", never.toString()), "--confidence must be in (1/2, 1)");
        assertBadInput(run("refine", image("coins.png").toString(), "--labels", noisyPng.toString(), "--crf", "--iterations", "-1",
                "--out", never.toString()), "DenseCrfConfig.iterations must be >= 0");
        assertFalse(Files.exists(never), "nothing written");
    }

    private static double agreement(LabelMap a, short[] b) {
        int same = 0;
        for (int i = 0; i < b.length; i++) if (a.data()[i] == b[i]) same++;
        return same / (double) b.length;
    }
}
