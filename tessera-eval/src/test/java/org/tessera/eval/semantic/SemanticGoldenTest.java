package org.tessera.eval.semantic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tessera.core.image.LabelMaps;
import org.tessera.core.label.LabelMap;
import org.tessera.eval.TestData;

class SemanticGoldenTest {
    private static final double TOL = 1e-9;

    @ParameterizedTest
    @ValueSource(strings = {"voc_1", "camvid", "cityscapes_1"})
    void matchesNumpyGolden(String set) throws Exception {
        Path goldenFile = TestData.file("golden/semantic/" + set + ".json");
        JsonNode g = new ObjectMapper().readTree(goldenFile.toFile());
        Path dir = goldenFile.getParent();
        List<String> names = new ArrayList<>();
        g.get("classes").forEach(n -> names.add(n.asText()));
        SemanticEvaluator ev = new SemanticEvaluator(names, LabelConvention.identity(g.get("ignore_index").asInt()));
        SemanticEvaluator merged = new SemanticEvaluator(names, LabelConvention.identity(g.get("ignore_index").asInt()));
        for (JsonNode im : g.get("per_image")) {
            LabelMap gt = LabelMaps.read(dir.resolve(im.get("gt").asText()).normalize());
            LabelMap pred = LabelMaps.read(dir.resolve(im.get("pred").asText()).normalize());
            ev.add(im.get("pred").asText(), gt, pred);
            // per-image matrix, then merged: the streaming state must equal the per-image sum
            SemanticEvaluator one = new SemanticEvaluator(names, LabelConvention.identity(g.get("ignore_index").asInt()));
            one.add(im.get("pred").asText(), gt, pred);
            assertMatrix(im.get("confusion_matrix"), one.compute().confusion());
            merged.merge(one.state());
        }
        SemanticResult r = ev.compute();
        assertMatrix(g.get("confusion_matrix_rows_gt_cols_pred"), r.confusion());
        assertMatrix(g.get("confusion_matrix_rows_gt_cols_pred"), merged.compute().confusion());
        assertEquals(g.get("total_pixels").asLong(), r.totalPixels());
        assertEquals(g.get("pixel_accuracy").asDouble(), r.pixelAccuracy(), TOL);
        assertEquals(g.get("mean_class_accuracy").asDouble(), r.meanClassAccuracy(), TOL);
        assertEquals(g.get("miou").asDouble(), r.miou(), TOL);
        assertEquals(g.get("fwiou").asDouble(), r.fwiou(), TOL);
        assertEquals(g.get("mean_dice").asDouble(), r.meanDice(), TOL);
        for (int c = 0; c < names.size(); c++) {
            SemanticResult.PerClass pc = r.perClass().get(c);
            check(g.get("iou").get(c), pc.iou(), "iou " + c);
            check(g.get("class_accuracy").get(c), pc.accuracy(), "acc " + c);
            check(g.get("dice").get(c), pc.dice(), "dice " + c);
            assertEquals(g.get("gt_pixels_per_class").get(c).asLong(), pc.gtPixels());
            assertEquals(g.get("pred_pixels_per_class").get(c).asLong(), pc.predPixels());
        }
        assertTrue(SemanticFormat.perClassTable(r).contains("mIoU"));
        JsonNode back = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(r));
        assertEquals(g.get("miou").asDouble(), back.get("miou").asDouble(), TOL);
        assertEquals(names.size(), back.get("perClass").size());
    }

    private static void check(JsonNode expected, Double actual, String what) {
        if (expected.isNull()) assertNull(actual, what);
        else assertEquals(expected.asDouble(), actual, TOL, what);
    }

    private static void assertMatrix(JsonNode expected, long[][] actual) {
        assertEquals(expected.size(), actual.length);
        for (int r = 0; r < actual.length; r++) {
            for (int c = 0; c < actual.length; c++) assertEquals(expected.get(r).get(c).asLong(), actual[r][c], "cell " + r + "," + c);
        }
    }

    @Test
    void camvidFoldersInParallel() throws Exception {
        Path goldenFile = TestData.file("golden/semantic/camvid.json");
        JsonNode g = new ObjectMapper().readTree(goldenFile.toFile());
        List<String> names = new ArrayList<>();
        g.get("classes").forEach(n -> names.add(n.asText()));
        List<SemanticFolderEvaluation.Pair> pairs = new ArrayList<>();
        for (String split : new String[] {"valannot", "testannot"}) {
            pairs.addAll(SemanticFolderEvaluation.pairsByName(TestData.file("data/camvid_sample/" + split), ".png",
                    goldenFile.getParent().resolve("camvid_pred/" + split), ".png"));
        }
        assertEquals(4, pairs.size());
        SemanticResult r = SemanticFolderEvaluation.evaluate(pairs,
                () -> new SemanticEvaluator(names, LabelConvention.identity(11)), 2).compute();
        assertMatrix(g.get("confusion_matrix_rows_gt_cols_pred"), r.confusion());
        assertEquals(g.get("miou").asDouble(), r.miou(), TOL);
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> SemanticFolderEvaluation.pairsByName(TestData.file("data/camvid_sample/trainannot"), ".png",
                        goldenFile.getParent().resolve("camvid_pred/valannot"), ".png"));
        assertTrue(e.getMessage().startsWith("no prediction "), e.getMessage());
    }

    @Test
    void cityscapesScriptsOnLabelIds() throws Exception {
        Path goldenFile = TestData.file("golden/semantic/cityscapes_1.json");
        JsonNode g = new ObjectMapper().readTree(goldenFile.toFile()).get("cityscapesScripts_evalPixelLevelSemanticLabeling");
        Path gtDir = TestData.file("data/cityscapes_1/gtFine/val/frankfurt");
        LabelMap gt = LabelMaps.read(gtDir.resolve("frankfurt_000000_000294_gtFine_labelIds.png"));
        LabelMap inst = LabelMaps.read(gtDir.resolve("frankfurt_000000_000294_gtFine_instanceIds.png"));
        LabelMap predLabelIds = LabelMaps.read(goldenFile.getParent().resolve("cityscapes_1_pred/frankfurt_000000_000294_pred_labelIds.png"));
        LabelMap predTrainIds = LabelMaps.read(goldenFile.getParent().resolve("cityscapes_1_pred/frankfurt_000000_000294_pred_trainIds.png"));
        // the trainId prediction converted with trainId2label is the labelId prediction
        assertTrue(java.util.Arrays.equals(predLabelIds.data(), CityscapesEvaluator.trainIdsToLabelIds("pred", predTrainIds).data()));

        CityscapesEvaluator ev = new CityscapesEvaluator();
        ev.add("frankfurt_000000_000294", gt, predLabelIds, inst);
        CityscapesResult r = ev.compute();
        JsonNode e = g.get("results").elements().next();
        assertEquals(e.get("averageScoreClasses").asDouble(), r.averageScoreClasses(), TOL);
        assertEquals(e.get("averageScoreInstClasses").asDouble(), r.averageScoreInstClasses(), TOL);
        assertEquals(e.get("averageScoreCategories").asDouble(), r.averageScoreCategories(), TOL);
        assertEquals(e.get("averageScoreInstCategories").asDouble(), r.averageScoreInstCategories(), TOL);
        checkMap(e.get("classScores"), r.classScores());
        checkMap(e.get("classInstScores"), r.classInstScores());
        checkMap(e.get("categoryScores"), r.categoryScores());
        checkMap(e.get("categoryInstScores"), r.categoryInstScores());
        checkMap(e.get("priors"), r.priors());
        e.get("confMatrix_nonzero").fields().forEachRemaining(f -> {
            String[] rc = f.getKey().split(",");
            assertEquals(f.getValue().asLong(), r.confusion()[Integer.parseInt(rc[0])][Integer.parseInt(rc[1])], f.getKey());
        });
        long nonZero = 0;
        for (long[] row : r.confusion()) for (long v : row) if (v != 0) nonZero++;
        assertEquals(e.get("confMatrix_nonzero").size(), nonZero);
        assertTrue(SemanticFormat.cityscapesTable(r).contains("Score Average : 0.221    0.088"));

        // the folder protocol gives the same result; cityscapesScripts' pattern city_seq_frame*.png finds two files here
        List<CityscapesFolderEvaluation.Triple> triples = CityscapesFolderEvaluation.find(
                TestData.file("data/cityscapes_1/gtFine/val"), goldenFile.getParent().resolve("cityscapes_1_pred"), "_pred_labelIds.png");
        CityscapesResult rf = CityscapesFolderEvaluation.evaluate(triples, 2);
        assertEquals(r.classScores(), rf.classScores());
        assertEquals(r.averageScoreInstClasses(), rf.averageScoreInstClasses(), TOL);
        java.io.IOException multi = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> CityscapesFolderEvaluation.find(TestData.file("data/cityscapes_1/gtFine/val"),
                        goldenFile.getParent().resolve("cityscapes_1_pred"), ".png"));
        assertTrue(multi.getMessage().startsWith("found multiple predictions for ground truth"), multi.getMessage());

        // numpy on labelIds mapped to trainIds: the same mIoU through the labelId -> trainId convention
        JsonNode np = e.get("numpy_on_labelIds_mapped_to_trainIds");
        SemanticEvaluator sev = new SemanticEvaluator(CityscapesLabels.TRAIN_CLASSES, LabelConvention.cityscapesLabelIdsToTrainIds());
        sev.add("frankfurt", gt, predTrainIds);
        assertEquals(np.get("miou").asDouble(), sev.compute().miou(), TOL);
    }

    private static void checkMap(JsonNode expected, Map<String, Double> actual) {
        assertEquals(expected.size(), actual.size());
        expected.fields().forEachRemaining(f -> check(f.getValue(), actual.get(f.getKey()), f.getKey()));
    }
}
