package org.tessera.eval.panoptic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.core.panoptic.PanopticMap;
import org.tessera.core.panoptic.PanopticMap.Segment;
import org.tessera.core.image.PanopticMaps;

/** Hand-checked cases of panopticapi's rules and the input checks. */
class PanopticEvaluatorTest {
    private static final List<PanopticCategory> CATS = List.of(
            new PanopticCategory(1, "person", true), new PanopticCategory(2, "grass", false), new PanopticCategory(3, "sky", false));

    private static Segment seg(int id, int cat, boolean crowd, long area) {
        return new Segment(id, cat, crowd, area, null);
    }

    private static PanopticMap map(int[] ids, Segment... segs) {
        return new PanopticMap(ids.length, 1, ids, List.of(segs));
    }

    @Test
    void voidIsLeftOutOfTheUnionAndIouHalfDoesNotMatch() {
        PanopticEvaluator ev = new PanopticEvaluator(CATS);
        PanopticMap gt = map(new int[] {1, 1, 1, 1, 0, 0, 2, 2, 2, 2}, seg(1, 1, false, 4), seg(2, 2, false, 4));
        PanopticMap pred = map(new int[] {5, 5, 5, 5, 5, 5, 6, 6, 7, 7}, seg(5, 1, false, 0), seg(6, 2, false, 0), seg(7, 2, false, 0));
        ev.add("a", gt, pred);
        PanopticResult r = ev.compute();
        // (1,5): union = 6 + 4 - 4 - 2 (pred on VOID) = 4 -> IoU 1; (2,6), (2,7): IoU 2/4 = 0.5, not > 0.5
        PanopticResult.PerClass person = r.perClass().get(0), grass = r.perClass().get(1), sky = r.perClass().get(2);
        assertEquals(List.of(1L, 0L, 0L), List.of(person.tp(), person.fp(), person.fn()));
        assertEquals(1.0, person.iouSum());
        assertEquals(List.of(0L, 2L, 1L), List.of(grass.tp(), grass.fp(), grass.fn()));
        assertEquals(false, sky.counted());
        assertEquals(new PanopticResult.Summary(0.5, 0.5, 0.5, 2), r.all());
        assertEquals(new PanopticResult.Summary(1.0, 1.0, 1.0, 1), r.things());
        assertEquals(new PanopticResult.Summary(0.0, 0.0, 0.0, 1), r.stuff());
        String per = PanopticFormat.perClassTable(r);
        assertTrue(per.contains("    1  person  thing   100.0  100.0  100.0       1       0       0\n"), per);
        assertTrue(per.contains("    3  sky     stuff       -      -      -       0       0       0\n"), per);
        assertEquals("  0.2", PanopticFormat.pct(0.0025, 5)); // 0.25 exactly: half to even, as Python's format
        assertEquals("  0.4", PanopticFormat.pct(0.0035, 5)); // 0.35000000000000003: up
        assertTrue(PanopticFormat.summaryTable(r).startsWith(
                "          |    PQ     SQ     RQ     N\n--------------------------------------\nAll       |  50.0   50.0   50.0     2\n"));
    }

    @Test
    void predictionOnCrowdOrVoidIsNotAFalsePositive() {
        PanopticEvaluator ev = new PanopticEvaluator(CATS);
        PanopticMap gt = map(new int[] {1, 1, 1, 3, 3, 3, 3, 0, 0, 0}, seg(1, 1, false, 3), seg(3, 1, true, 4));
        // 9 (person) lies on the person crowd + VOID; 4 (grass) lies on VOID only
        PanopticMap pred = map(new int[] {8, 8, 8, 9, 9, 9, 9, 9, 4, 4}, seg(8, 1, false, 0), seg(9, 1, false, 0), seg(4, 2, false, 0));
        ev.add("b", gt, pred);
        PanopticResult r = ev.compute();
        assertEquals(new PanopticResult.Summary(1.0, 1.0, 1.0, 1), r.all());
        assertEquals(0, r.perClass().get(0).fn()); // crowd GT is never a FN

        // the same segment labelled grass: the person crowd does not excuse it -> 1/5 on VOID only -> FP
        ev.reset();
        ev.add("c", gt, map(new int[] {8, 8, 8, 9, 9, 9, 9, 9, 4, 4}, seg(8, 1, false, 0), seg(9, 2, false, 0), seg(4, 2, false, 0)));
        assertEquals(1, ev.compute().perClass().get(1).fp());
    }

    @Test
    void partialStatesMerge() {
        PanopticMap gt = map(new int[] {1, 1, 1, 1, 0, 0, 2, 2, 2, 2}, seg(1, 1, false, 4), seg(2, 2, false, 4));
        PanopticMap pred = map(new int[] {5, 5, 5, 5, 5, 5, 6, 6, 6, 7}, seg(5, 1, false, 0), seg(6, 2, false, 0), seg(7, 2, false, 0));
        PanopticEvaluator a = new PanopticEvaluator(CATS), b = new PanopticEvaluator(CATS), all = new PanopticEvaluator(CATS);
        a.add("1", gt, pred);
        b.add("2", gt, pred);
        all.add("1", gt, pred);
        all.add("2", gt, pred);
        a.merge(b.state());
        assertEquals(all.compute(), a.compute());
        assertEquals(2, a.compute().images());
        PanopticResult.PerClass grass = a.compute().perClass().get(1);
        assertEquals(2, grass.tp()); // (2,6): 3 / (3 + 4 - 3) = 0.75
        assertEquals(1.5, grass.iouSum());
        assertEquals(2, grass.fp());
    }

    @Test
    void segmentIdZero() {
        PanopticMap gt = map(new int[] {1, 1, 0, 0}, seg(1, 1, false, 2));
        PanopticMap pred = map(new int[] {0, 0, 5, 5}, seg(0, 1, false, 0), seg(5, 2, false, 0));
        PanopticEvaluator ev = new PanopticEvaluator(CATS);
        ev.add("z", gt, pred); // panopticapi: id 0 listed in segments_info is a segment
        assertEquals(1, ev.compute().perClass().get(0).tp());
        assertEquals(0, ev.compute().perClass().get(1).fp()); // 5 lies on VOID
        PanopticInputException e = assertThrows(PanopticInputException.class,
                () -> new PanopticEvaluator(CATS, true).add("z", gt, pred));
        assertEquals("image z: prediction segments_info lists id 0, which is VOID in the PNG", e.getMessage());
    }

    @Test
    void inputChecks() {
        PanopticEvaluator ev = new PanopticEvaluator(CATS);
        PanopticMap gt = map(new int[] {1, 1, 0}, seg(1, 1, false, 2));
        PanopticInputException e = assertThrows(PanopticInputException.class,
                () -> ev.evaluateImage("42", gt, map(new int[] {5, 6, 0}, seg(5, 1, false, 0))));
        assertEquals("image 42: segment id 6 is in the prediction PNG but not in the prediction JSON segments_info", e.getMessage());
        e = assertThrows(PanopticInputException.class,
                () -> ev.evaluateImage("42", gt, map(new int[] {5, 5, 0}, seg(5, 1, false, 0), seg(9, 1, false, 0))));
        assertEquals("image 42: prediction JSON segments [9] are not in the prediction PNG", e.getMessage());
        e = assertThrows(PanopticInputException.class,
                () -> ev.evaluateImage("42", gt, map(new int[] {5, 5, 0}, seg(5, 77, false, 0))));
        assertEquals("image 42: prediction segment 5 has unknown category_id 77", e.getMessage());
        e = assertThrows(PanopticInputException.class,
                () -> ev.evaluateImage("42", gt, new PanopticMap(1, 3, new int[] {5, 5, 0}, List.of(seg(5, 1, false, 0)))));
        assertEquals("image 42: GT map is 3x1 but the prediction map is 1x3", e.getMessage());
    }

    @Test
    void folderChecks(@TempDir Path dir) throws IOException {
        Path gtDir = Files.createDirectories(dir.resolve("gt")), predDir = Files.createDirectories(dir.resolve("pred"));
        writeIds(gtDir.resolve("a.png"), 3, 1, new int[] {1, 1, 0});
        writeIds(predDir.resolve("a.png"), 3, 1, new int[] {300000, 300000, 0});
        String cats = "\"categories\":[{\"id\":1,\"name\":\"person\",\"isthing\":1}]";
        Files.writeString(dir.resolve("gt.json"), "{" + cats + ",\"annotations\":[{\"image_id\":7,\"file_name\":\"a.png\","
                + "\"segments_info\":[{\"id\":1,\"category_id\":1,\"iscrowd\":0,\"area\":2}]}]}");
        Files.writeString(dir.resolve("pred.json"), "{\"annotations\":[{\"image_id\":7,\"file_name\":\"a.png\","
                + "\"segments_info\":[{\"id\":300000,\"category_id\":1}]}]}");
        PanopticResult r = PanopticFolderEvaluation.evaluate(dir.resolve("gt.json"), gtDir, dir.resolve("pred.json"), predDir, 2, PanopticMaps::readIds);
        assertEquals(new PanopticResult.Summary(1.0, 1.0, 1.0, 1), r.all());

        Files.writeString(dir.resolve("pred2.json"), "{\"annotations\":[{\"image_id\":8,\"file_name\":\"a.png\",\"segments_info\":[]}]}");
        PanopticInputException e = assertThrows(PanopticInputException.class, () -> PanopticFolderEvaluation.evaluate(
                dir.resolve("gt.json"), gtDir, dir.resolve("pred2.json"), predDir, 1, PanopticMaps::readIds));
        assertTrue(e.getMessage().startsWith("no prediction for the image with id 7"), e.getMessage());

        writeIds(predDir.resolve("b.png"), 2, 1, new int[] {300000, 0});
        Files.writeString(dir.resolve("pred3.json"), "{\"annotations\":[{\"image_id\":7,\"file_name\":\"b.png\","
                + "\"segments_info\":[{\"id\":300000,\"category_id\":1}]}]}");
        e = assertThrows(PanopticInputException.class, () -> PanopticFolderEvaluation.evaluate(
                dir.resolve("gt.json"), gtDir, dir.resolve("pred3.json"), predDir, 1, PanopticMaps::readIds));
        assertTrue(e.getMessage().contains("is 3x1 but prediction") && e.getMessage().contains("b.png"), e.getMessage());

        IOException io = assertThrows(IOException.class, () -> PanopticFolderEvaluation.evaluate(
                dir.resolve("gt.json"), dir.resolve("nope"), dir.resolve("pred.json"), predDir, 1, PanopticMaps::readIds));
        assertTrue(io.getMessage().contains("nope"));
    }

    private static void writeIds(Path p, int w, int h, int[] ids) throws IOException {
        PanopticMaps.writePng(new PanopticMap(w, h, ids, List.of()), p);
    }
}
