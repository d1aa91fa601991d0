package org.tessera.eval.panoptic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tessera.eval.TestData;

class PanopticGoldenTest {
    private static final double TOL = 1e-12;

    @ParameterizedTest
    @ValueSource(strings = {"coco_2img_seed1.json", "coco_2img_gt_vs_gt.json"})
    void matchesPanopticapi(String name) throws Exception {
        Path goldenFile = TestData.file("golden/panoptic/" + name);
        JsonNode g = new ObjectMapper().readTree(goldenFile.toFile());
        Path dir = goldenFile.getParent();
        Path gtJson = dir.resolve(g.get("gt_json").asText()).normalize();
        Path gtFolder = dir.resolve(g.get("gt_folder").asText()).normalize();
        Path predJson = dir.resolve(g.get("pred_json").asText()).normalize();
        Path predFolder = dir.resolve(g.get("pred_folder").asText()).normalize();
        for (int threads : new int[] {1, 2}) {
            PanopticResult r = PanopticFolderEvaluation.evaluate(gtJson, gtFolder, predJson, predFolder, threads);
            check(g.get("All"), r.all());
            check(g.get("Things"), r.things());
            check(g.get("Stuff"), r.stuff());
            Map<Integer, PanopticResult.PerClass> per = new HashMap<>();
            r.perClass().forEach(c -> per.put(c.categoryId(), c));
            assertEquals(g.get("per_class").size(), per.size());
            g.get("per_class").fields().forEachRemaining(e -> {
                PanopticResult.PerClass c = per.get(Integer.parseInt(e.getKey()));
                assertEquals(e.getValue().get("pq").asDouble(), c.pq(), TOL, "pq " + e.getKey());
                assertEquals(e.getValue().get("sq").asDouble(), c.sq(), TOL, "sq " + e.getKey());
                assertEquals(e.getValue().get("rq").asDouble(), c.rq(), TOL, "rq " + e.getKey());
            });
            g.get("per_class_counts").fields().forEachRemaining(e -> {
                PanopticResult.PerClass c = per.get(Integer.parseInt(e.getKey()));
                assertEquals(e.getValue().get("tp").asLong(), c.tp(), "tp " + e.getKey());
                assertEquals(e.getValue().get("fp").asLong(), c.fp(), "fp " + e.getKey());
                assertEquals(e.getValue().get("fn").asLong(), c.fn(), "fn " + e.getKey());
                assertEquals(e.getValue().get("iou_sum").asDouble(), c.iouSum(), TOL, "iou " + e.getKey());
            });
            assertEquals(g.get("per_image").size(), r.images());
            // the result records serialize to JSON as they are
            JsonNode back = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(r));
            assertEquals(g.get("All").get("pq").asDouble(), back.get("all").get("pq").asDouble(), TOL);
            assertEquals(r.perClass().size(), back.get("perClass").size());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"coco_2img_seed1.json", "coco_2img_gt_vs_gt.json"})
    void perImageCountsMatchPqComputeSingleCore(String name) throws Exception {
        Path goldenFile = TestData.file("golden/panoptic/" + name);
        JsonNode g = new ObjectMapper().readTree(goldenFile.toFile());
        Path dir = goldenFile.getParent();
        PanopticJson gt = PanopticJson.read(dir.resolve(g.get("gt_json").asText()).normalize());
        PanopticJson pred = PanopticJson.read(dir.resolve(g.get("pred_json").asText()).normalize());
        Path gtFolder = dir.resolve(g.get("gt_folder").asText()).normalize();
        Path predFolder = dir.resolve(g.get("pred_folder").asText()).normalize();
        PanopticEvaluator ev = new PanopticEvaluator(gt.categories());
        for (JsonNode im : g.get("per_image")) {
            String id = im.get("image_id").asText();
            PanopticJson.Annotation ga = gt.annotations().stream().filter(a -> a.imageId().equals(id)).findFirst().orElseThrow();
            PanopticJson.Annotation pa = pred.annotations().stream().filter(a -> a.imageId().equals(id)).findFirst().orElseThrow();
            org.tessera.core.panoptic.PanopticMap gm = org.tessera.core.image.PanopticMaps.readIds(gtFolder.resolve(ga.fileName()));
            org.tessera.core.panoptic.PanopticMap pm = org.tessera.core.image.PanopticMaps.readIds(predFolder.resolve(pa.fileName()));
            PanopticImageResult r = ev.evaluateImage(id,
                    new org.tessera.core.panoptic.PanopticMap(gm.width(), gm.height(), gm.data(), ga.segments()),
                    new org.tessera.core.panoptic.PanopticMap(pm.width(), pm.height(), pm.data(), pa.segments()));
            double[] iou = new double[gt.categories().size()];
            for (int k = 0; k < r.matchIou().length; k++) iou[r.matchCategory()[k]] += r.matchIou()[k];
            int listed = 0;
            for (int c = 0; c < gt.categories().size(); c++) {
                JsonNode e = im.get("per_class").get(Integer.toString(gt.categories().get(c).id()));
                if (e == null) {
                    assertEquals(0, r.tp()[c] + r.fp()[c] + r.fn()[c], "image " + id + " category " + gt.categories().get(c).id());
                    continue;
                }
                listed++;
                assertEquals(e.get("tp").asInt(), r.tp()[c]);
                assertEquals(e.get("fp").asInt(), r.fp()[c]);
                assertEquals(e.get("fn").asInt(), r.fn()[c]);
                assertEquals(e.get("iou_sum").asDouble(), iou[c], TOL);
            }
            assertEquals(im.get("per_class").size(), listed);
        }
    }

    @org.junit.jupiter.api.Test
    void taxonomyCategoriesEqualTheGtJson() throws Exception {
        PanopticJson gt = PanopticJson.read(TestData.file("data/coco_panoptic_2/panoptic_examples.json"));
        assertEquals(gt.categories(), PanopticCategory.of(org.tessera.core.category.Taxonomy.cocoPanoptic()));
    }

    private static void check(JsonNode e, PanopticResult.Summary s) {
        assertEquals(e.get("pq").asDouble(), s.pq(), TOL);
        assertEquals(e.get("sq").asDouble(), s.sq(), TOL);
        assertEquals(e.get("rq").asDouble(), s.rq(), TOL);
        assertEquals(e.get("n").asInt(), s.n());
        assertTrue(s.n() > 0);
    }
}
