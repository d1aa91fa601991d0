package org.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.core.image.LabelMaps;
import org.tessera.core.image.PanopticMaps;
import org.tessera.core.label.LabelMap;
import org.tessera.core.mask.Rle;
import org.tessera.core.panoptic.PanopticMap;

/** The command line end to end, in-process: outputs, exit codes and one-line errors. */
class CliTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = Main.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    static Path shared() {
        String s = System.getProperty("tessera.shared");
        if (s == null || !Files.isDirectory(Path.of(s))) {
            throw new IllegalStateException("system property tessera.shared must point at the shared/ folder (got " + s + ")");
        }
        return Path.of(s);
    }

    /** A bad-input run: exit 2, one line on stderr naming the problem, no stack trace. */
    static void assertBadInput(Run r, String mustContain) {
        assertEquals(2, r.code(), "exit code; stderr: " + r.err());
        String err = r.err().strip();
        assertEquals(1, err.lines().count(), "one line expected, got: " + err);
        assertTrue(err.contains(mustContain), "error should mention '" + mustContain + "': " + err);
        assertFalse(err.contains("Exception"), "no stack trace or exception class: " + err);
    }

    @Test
    void versionAndHelp() {
        Run r = run("version");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("tessera "));
        Run h = run("--help");
        assertEquals(0, h.code());
        for (String cmd : new String[] {"demo", "mask", "eval", "info"}) assertTrue(h.out().contains(cmd), cmd);
    }

    @Test
    void demoWritesEveryOutputAndTheyReadBack() throws IOException {
        Path out = tmp.resolve("demo");
        Run r = run("demo", "--out", out.toString(), "--size", "320x240", "--objects", "10", "--train-epochs", "0");
        assertEquals(0, r.code(), r.err());
        for (String f : new String[] {"scene.png", "overlay.png", "semantic.png", "semantic_overlay.png", "panoptic_overlay.png",
                "instances.json", "panoptic.json", "panoptic/scene.png"}) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        JsonNode coco = new ObjectMapper().readTree(out.resolve("instances.json").toFile());
        JsonNode pan = new ObjectMapper().readTree(out.resolve("panoptic.json").toFile());
        PanopticMap ids = PanopticMaps.readIds(out.resolve("panoptic/scene.png"));
        LabelMap sem = LabelMaps.read(out.resolve("semantic.png"));
        assertEquals(320, sem.width());
        // every COCO annotation's RLE area equals its panoptic segment's area (things keep ids 1..n)
        JsonNode segs = pan.get("annotations").get(0).get("segments_info");
        for (JsonNode a : coco.get("annotations")) {
            Rle rle = Rle.fromString(a.get("segmentation").get("counts").asText(), 240, 320);
            assertEquals(a.get("area").asLong(), rle.area());
            long segArea = -1;
            for (JsonNode s : segs) if (s.get("id").asInt() == a.get("id").asInt()) segArea = s.get("area").asLong();
            assertEquals(rle.area(), segArea);
        }
        long total = 0;
        for (JsonNode s : segs) total += s.get("area").asLong();
        assertEquals(320L * 240, total, "panoptic segments cover every pixel once");
        assertEquals(320 * 240, ids.data().length);
        // deterministic: the same seed gives the same files
        Path again = tmp.resolve("demo2");
        assertEquals(0, run("demo", "--out", again.toString(), "--size", "320x240", "--objects", "10", "--train-epochs", "0").code());
        assertTrue(Arrays.equals(Files.readAllBytes(out.resolve("instances.json")), Files.readAllBytes(again.resolve("instances.json"))));
    }

    @Test
    void maskConvertRoundTrips() throws IOException {
        Path poly = tmp.resolve("poly.json");
        Files.writeString(poly, "{\"size\":[40,60],\"polygons\":[[5,5,50,8,30,35]]}");
        Path rle = tmp.resolve("m.json"), png = tmp.resolve("m.png"), back = tmp.resolve("back.json"), unc = tmp.resolve("u.json");
        assertEquals(0, run("mask", "convert", poly.toString(), rle.toString()).code());
        assertEquals(0, run("mask", "convert", rle.toString(), png.toString()).code());
        assertEquals(0, run("mask", "convert", png.toString(), back.toString()).code());
        assertEquals(0, run("mask", "convert", back.toString(), unc.toString(), "--to", "uncompressed").code());
        JsonNode a = new ObjectMapper().readTree(rle.toFile()), b = new ObjectMapper().readTree(back.toFile());
        assertEquals(a.get("counts").asText(), b.get("counts").asText());
        String expected = Rle.fromPolygon(new double[] {5, 5, 50, 8, 30, 35}, 40, 60).toString();
        assertEquals(expected, a.get("counts").asText(), "same RLE as pycocotools' frPyObjects");
        JsonNode u = new ObjectMapper().readTree(unc.toFile());
        assertTrue(u.get("counts").isArray());
        Run info = run("mask", "info", unc.toString());
        assertEquals(0, info.code());
        assertTrue(info.out().contains(expected));
    }

    @Test
    void badMasksAreOneLineErrorsAndWriteNothing() throws IOException {
        Path bad = tmp.resolve("bad.json");
        Path out = tmp.resolve("out.png");
        Files.writeString(bad, "{\"size\":[4,4],\"counts\":\"0a{\"}");
        assertBadInput(run("mask", "convert", bad.toString(), out.toString()), "invalid character");
        Files.writeString(bad, "{\"size\":[4,4],\"counts\":[3,4]}");
        assertBadInput(run("mask", "convert", bad.toString(), out.toString()), "sum to 7");
        Files.writeString(bad, "{\"size\":[4,4],\"polygons\":[[1,1,3,3]]}");
        assertBadInput(run("mask", "convert", bad.toString(), out.toString()), "at least 3");
        Files.writeString(bad, "{not json");
        assertBadInput(run("mask", "convert", bad.toString(), out.toString()), "not valid JSON");
        assertFalse(Files.exists(out));
        try (var s = Files.list(tmp)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
    }

    @Test
    void truncatedImagesAreOneLineErrors() throws IOException {
        byte[] png = Files.readAllBytes(shared().resolve("data/voc_1/SegmentationClass/2007_000063.png"));
        Path cut = tmp.resolve("cut.png");
        Files.write(cut, Arrays.copyOf(png, png.length / 2));
        Path out = tmp.resolve("o.json");
        assertBadInput(run("mask", "convert", cut.toString(), out.toString()), "cut.png");
        assertFalse(Files.exists(out));
        byte[] jpg = Files.readAllBytes(shared().resolve("data/images/bus.jpg"));
        Path cutJpg = tmp.resolve("cut.jpg");
        Files.write(cutJpg, Arrays.copyOf(jpg, jpg.length / 3));
        assertBadInput(run("info", cutJpg.toString()), "cut.jpg");
        // --debug adds the stack trace
        Run dbg = run("--debug", "info", cutJpg.toString());
        assertEquals(2, dbg.code());
        assertTrue(dbg.err().lines().count() > 1);
    }

    @Test
    void infoDescribesRealFiles() {
        Path s = shared().resolve("data");
        Run coco = run("info", s.resolve("coco_val2017_6/annotations.json").toString());
        assertEquals(0, coco.code(), coco.err());
        assertTrue(coco.out().contains("6 images, 36 annotations (1 crowd)"), coco.out());
        Run voc = run("info", s.resolve("voc_1/SegmentationClass/2007_000063.png").toString());
        assertEquals(0, voc.code(), voc.err());
        assertTrue(voc.out().contains("palette"), voc.out());
        assertTrue(voc.out().contains("  255        8714"), voc.out());
        Run pan = run("info", s.resolve("coco_panoptic_2/panoptic_examples.json").toString());
        assertEquals(0, pan.code(), pan.err());
        assertTrue(pan.out().contains("COCO panoptic, 2 images"), pan.out());
        Run res = run("info", s.resolve("coco_val2014_100/instances_val2014_fakebbox100_results.json").toString());
        assertEquals(0, res.code(), res.err());
        assertTrue(res.out().contains("COCO results, 734 detections"), res.out());
    }

    @Test
    void evalCocoMatchesPycocotoolsAndWritesJsonAndPlots() throws IOException {
        Path d = shared().resolve("data/coco_val2014_100");
        Path out = tmp.resolve("segm.json"), plots = tmp.resolve("plots");
        Run r = run("eval", "coco", "--gt", d.resolve("instances_val2014_100.json").toString(), "--results",
                d.resolve("instances_val2014_fakesegm100_results.json").toString(), "--iou-type", "segm", "--out", out.toString(),
                "--plots", plots.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains(" Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 0.320"), r.out());
        JsonNode golden = new ObjectMapper().readTree(shared().resolve("golden/coco/val2014_100_goldens.json").toFile());
        JsonNode expected = null;
        for (JsonNode e : golden.get("evaluations")) {
            if (e.get("iouType").asText().equals("segm") && e.get("variant").asText().equals("default")) expected = e.get("stats");
        }
        JsonNode got = new ObjectMapper().readTree(out.toFile()).get("stats");
        String[] names = {"AP", "AP50", "AP75", "APs", "APm", "APl", "AR1", "AR10", "AR100", "ARs", "ARm", "ARl"};
        for (int i = 0; i < 12; i++) assertEquals(expected.get(i).asDouble(), got.get(names[i]).asDouble(), 1e-12, names[i]);
        assertTrue(Files.size(plots.resolve("pr_curves.png")) > 0);
        assertTrue(Files.readString(plots.resolve("ap_per_category.svg")).contains("person"));
    }

    @Test
    void evalErrorsAreOneLine() throws IOException {
        Path d = shared().resolve("data/coco_val2014_100");
        Path notJson = tmp.resolve("gt.json");
        Files.writeString(notJson, "this is not json");
        assertBadInput(run("eval", "coco", "--gt", notJson.toString(), "--results",
                d.resolve("instances_val2014_fakesegm100_results.json").toString()), "gt.json");
        assertBadInput(run("eval", "coco", "--gt", d.resolve("instances_val2014_100.json").toString(), "--results",
                tmp.resolve("missing.json").toString()), "missing.json");
        assertBadInput(run("eval", "coco", "--gt", d.resolve("instances_val2014_100.json").toString(), "--results",
                d.resolve("instances_val2014_fakesegm100_results.json").toString(), "--iou-type", "mask"), "--iou-type");
    }
}
