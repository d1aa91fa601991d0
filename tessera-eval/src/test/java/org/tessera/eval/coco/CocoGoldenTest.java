package org.tessera.eval.coco;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every COCOeval golden in shared/golden/coco reproduced: stats, printed lines, per-category, array checksums. */
class CocoGoldenTest {
    static Path shared;
    static CocoDataset gt2014;
    static CocoDetections segm2014, bbox2014;
    static CocoDataset gt2017;
    static CocoDetections res2017;
    static JsonNode golden2014, golden2017;

    static Path shared() {
        String s = System.getProperty("tessera.shared");
        if (s == null) throw new IllegalStateException("system property tessera.shared is not set (path to the shared data folder)");
        Path p = Path.of(s);
        if (!Files.isDirectory(p.resolve("golden/coco"))) {
            throw new IllegalStateException("shared data not found: " + p.resolve("golden/coco") + " does not exist");
        }
        return p;
    }

    @BeforeAll
    static void load() throws Exception {
        shared = shared();
        ObjectMapper om = new ObjectMapper();
        golden2014 = om.readTree(shared.resolve("golden/coco/val2014_100_goldens.json").toFile()).get("evaluations");
        golden2017 = om.readTree(shared.resolve("golden/coco/val2017_6_seed1_goldens.json").toFile()).get("evaluations");
        Path d14 = shared.resolve("data/coco_val2014_100");
        gt2014 = CocoDataset.read(d14.resolve("instances_val2014_100.json"));
        segm2014 = CocoDetections.read(d14.resolve("instances_val2014_fakesegm100_results.json"), gt2014);
        bbox2014 = CocoDetections.read(d14.resolve("instances_val2014_fakebbox100_results.json"), gt2014);
        gt2017 = CocoDataset.read(shared.resolve("data/coco_val2017_6/annotations.json"));
        res2017 = CocoDetections.read(shared.resolve("golden/coco/val2017_6_seed1_results.json"), gt2017);
    }

    static Stream<Arguments> variants2014() {
        List<Arguments> out = new ArrayList<>();
        for (String type : List.of("segm", "bbox")) {
            for (String v : List.of("default", "useCats0", "maxDets_1_10_50", "areaRng_medium_only", "catIds_first10", "imgIds_every2nd")) {
                out.add(Arguments.of(type, v));
            }
        }
        return out.stream();
    }

    static CocoParams params(String type, String variant, CocoDataset gt) {
        CocoParams.Builder b = CocoParams.builder(IouType.parse(type));
        switch (variant) {
            case "default" -> {}
            case "useCats0" -> b.useCats(false);
            case "maxDets_1_10_50" -> b.maxDets(1, 10, 50);
            case "areaRng_medium_only" -> b.areaRng(new double[][] {{1024, 9216}}, new String[] {"medium"});
            case "catIds_first10" -> b.catIds(Arrays.copyOf(Arrays.stream(gt.categoryIds()).sorted().toArray(), 10));
            case "imgIds_every2nd" -> {
                long[] ids = Arrays.stream(gt.imageIds()).sorted().toArray();
                long[] half = new long[(ids.length + 1) / 2];
                for (int i = 0; i < half.length; i++) half[i] = ids[2 * i];
                b.imgIds(half);
            }
            default -> throw new IllegalArgumentException(variant);
        }
        return b.build();
    }

    @ParameterizedTest(name = "val2014_100 {0}/{1}")
    @MethodSource("variants2014")
    void val2014(String type, String variant) throws Exception {
        JsonNode g = golden2014.get(type + "/" + variant);
        CocoParams p = params(type, variant, gt2014);
        CocoDetections dt = type.equals("segm") ? segm2014 : bbox2014;
        CocoResult r = CocoEval.evaluate(gt2014, dt, p, 2);
        if (variant.equals("maxDets_1_10_50")) {
            // default CORRECT mode gives the corrected numbers; PYCOCOTOOLS mode the bug-compatible ones
            assertStats(g.get("stats_correct_for_maxDets_last_50"), r.stats(), type + "/" + variant + " corrected");
            double[] bug = CocoSummary.stats(r, CocoParams.SummaryMode.PYCOCOTOOLS);
            assertStats(g.get("stats"), bug, type + "/" + variant + " pycocotools");
            assertLines(g.get("summarize_printed"), CocoSummary.format(r, CocoParams.SummaryMode.PYCOCOTOOLS));
            assertEquals(-1.0, bug[0]);
        } else {
            assertStats(g.get("stats"), r.stats(), type + "/" + variant);
            assertLines(g.get("summarize_printed"), CocoSummary.format(r));
        }
        assertArrays(g, r);
        assertEquals(g.get("num_images_evaluated").asInt(), r.numImages());
        assertEquals(g.get("num_images_with_gt_or_dt").asInt(), r.numImagesWithData());
        assertEquals(g.get("num_categories_evaluated").asInt(), r.numCategories());
        assertPerCategory(g.get("per_category"), r);
    }

    @ParameterizedTest(name = "val2017_6 seed1 {0}")
    @MethodSource("types2017")
    void val2017(String type) throws Exception {
        JsonNode g = golden2017.get(type + "/default");
        CocoResult r = CocoEval.evaluate(gt2017, res2017, CocoParams.defaults(IouType.parse(type)), 2);
        assertStats(g.get("stats"), r.stats(), "val2017 " + type);
        assertLines(g.get("summarize_printed"), CocoSummary.format(r));
        assertEquals(g.get("precision_sha256").asText(), sha256(r.precision()), "precision sha256");
        if (g.has("recall_sha256")) {
            assertArrays(g, r);
            assertPerCategory(g.get("per_category"), r);
        }
    }

    static Stream<String> types2017() {
        return Stream.of("segm", "bbox", "boundary");
    }

    @Test
    void sequentialEqualsParallel() throws Exception {
        CocoParams p = CocoParams.defaults(IouType.SEGM);
        CocoResult a = CocoEval.evaluate(gt2014, segm2014, p, 1);
        CocoResult b = CocoEval.evaluate(gt2014, segm2014, p, 2);
        assertEquals(a, b);
        assertArrayEquals(a.stats(), b.stats());
        // concurrent reading of both files, and the bbox-only reader, give the same evaluation
        Path d14 = shared.resolve("data/coco_val2014_100");
        CocoDetections.Loaded l = CocoDetections.readBoth(d14.resolve("instances_val2014_100.json"),
                d14.resolve("instances_val2014_fakesegm100_results.json"), IouType.SEGM);
        assertEquals(a, CocoEval.evaluate(l.groundTruth(), l.detections(), p, 2));
        CocoResult box = CocoEval.evaluate(gt2014, bbox2014, CocoParams.defaults(IouType.BBOX), 2);
        assertEquals(box, CocoEval.evaluate(d14.resolve("instances_val2014_100.json"),
                d14.resolve("instances_val2014_fakebbox100_results.json"), IouType.BBOX));
    }

    /**
     * The file driver drops detections beyond maxDets[-1] per (image, category) before decoding their masks; with
     * maxDets [1, 2, 3] that path is active. It must equal feeding every detection to the streaming evaluator.
     */
    @ParameterizedTest(name = "pre-truncation {0} useCats={1}")
    @MethodSource("truncationCases")
    void preTruncationEqualsStreamingAll(String type, boolean useCats) throws Exception {
        IouType t = IouType.parse(type);
        CocoDetections dt = t == IouType.SEGM ? segm2014 : bbox2014;
        CocoParams p = CocoParams.builder(t).maxDets(1, 2, 3).useCats(useCats).catIds(gt2014.categoryIds())
                .imgIds(gt2014.imageIds()).build();
        CocoResult viaFiles = CocoEval.evaluate(gt2014, dt, p, 2);
        CocoEvaluator ev = new CocoEvaluator(p);
        for (int i = 0; i < gt2014.imageCount(); i++) {
            ImageGroundTruth g = gt2014.imageGroundTruth(i, c -> true, true, true);
            int[] rows = dt.rowsOfImage(i);
            ImageDetections d = dt.imageDetections(gt2014.imageId(i), gt2014.height(i), gt2014.width(i), rows, rows.length, true, true);
            ev.process(g, d);
        }
        CocoResult streamed = ev.evaluate();
        assertEquals(streamed, viaFiles);
        assertTrue(streamed.stats()[0] > 0);
    }

    static Stream<Arguments> truncationCases() {
        return Stream.of(Arguments.of("segm", true), Arguments.of("segm", false), Arguments.of("bbox", true), Arguments.of("bbox", false));
    }

    static void assertStats(JsonNode expected, double[] actual, String what) {
        assertEquals(12, expected.size());
        for (int i = 0; i < 12; i++) {
            double e = expected.get(i).asDouble();
            assertEquals(e, actual[i], 0.0, what + " stats[" + i + "] (bit-exact)");
        }
    }

    static void assertLines(JsonNode expected, String actual) {
        List<String> e = new ArrayList<>();
        expected.forEach(n -> e.add(n.asText()));
        assertEquals(String.join("\n", e), actual);
    }

    static void assertArrays(JsonNode g, CocoResult r) throws Exception {
        JsonNode shape = g.get("precision_shape");
        int[] s = r.precisionShape();
        for (int i = 0; i < 5; i++) assertEquals(shape.get(i).asInt(), s[i], "precision shape");
        assertEquals(g.get("precision_sha256").asText(), sha256(r.precision()), "precision sha256");
        assertEquals(g.get("recall_sha256").asText(), sha256(r.recall()), "recall sha256");
        double ps = NumpyCompat.pairwiseSum(r.precision(), 0, r.precision().length);
        assertEquals(g.get("precision_sum").asDouble(), ps, 1e-9 * Math.abs(ps));
        double rs = NumpyCompat.pairwiseSum(r.recall(), 0, r.recall().length);
        assertEquals(g.get("recall_sum").asDouble(), rs, 1e-9 * Math.abs(rs));
    }

    static void assertPerCategory(JsonNode pc, CocoResult r) {
        assertEquals(pc.size(), r.numCategories());
        for (int k = 0; k < pc.size(); k++) {
            JsonNode c = pc.get(k);
            assertEquals(c.get("category_id").asInt(), r.categoryId(k));
            assertEquals(c.get("AP").asDouble(), r.categoryAp(k), 0.0, "AP of category " + r.categoryId(k));
            assertEquals(c.get("AP50").asDouble(), r.categoryAp50(k), 0.0, "AP50 of category " + r.categoryId(k));
            assertEquals(c.get("AR").asDouble(), r.categoryAr(k), 0.0, "AR of category " + r.categoryId(k));
        }
    }

    static String sha256(double[] a) throws Exception {
        ByteBuffer bb = ByteBuffer.allocate(a.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : a) bb.putDouble(v);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bb.array()));
    }
}
