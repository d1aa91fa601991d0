package org.tessera.eval.coco;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readable one-line errors for bad results / ground-truth files. */
class CocoErrorsTest {
    @TempDir
    Path dir;
    Path gtFile;
    CocoDataset gt;

    static final String GT = """
            {"images": [{"id": 7, "height": 20, "width": 30}, {"id": 8, "height": 20, "width": 30}],
             "categories": [{"id": 1, "name": "a"}, {"id": 3, "name": "b"}],
             "annotations": [{"id": 1, "image_id": 7, "category_id": 1, "area": 16, "bbox": [1, 1, 4, 4], "iscrowd": 0,
                              "segmentation": [[1, 1, 5, 1, 5, 5, 1, 5]]}]}
            """;

    @BeforeEach
    void setUp() throws Exception {
        gtFile = dir.resolve("gt.json");
        Files.writeString(gtFile, GT);
        gt = CocoDataset.read(gtFile);
    }

    CocoFormatException fail(String name, String content) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        CocoFormatException e = assertThrows(CocoFormatException.class, () -> CocoDetections.read(f, gt));
        assertTrue(e.getMessage().contains(name), "message names the file: " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e;
    }

    static void has(CocoFormatException e, String... parts) {
        for (String p : parts) assertTrue(e.getMessage().contains(p), "'" + p + "' expected in: " + e.getMessage());
    }

    @Test
    void imageIdNotInGroundTruth() throws Exception {
        var e = fail("res_img.json", """
                [{"image_id": 7, "category_id": 1, "bbox": [1, 1, 4, 4], "score": 0.9},
                 {"image_id": 99, "category_id": 1, "bbox": [1, 1, 4, 4], "score": 0.8}]""");
        has(e, "result #1", "image_id 99", "not in the ground truth");
    }

    @Test
    void unknownCategory() throws Exception {
        var e = fail("res_cat.json", """
                [{"image_id": 7, "category_id": 2, "bbox": [1, 1, 4, 4], "score": 0.9}]""");
        has(e, "result #0", "category_id 2", "not a category");
    }

    @Test
    void segmentationSizeDiffersFromImage() throws Exception {
        var e = fail("res_size.json", """
                [{"image_id": 8, "category_id": 3, "score": 0.5, "segmentation": {"size": [30, 20], "counts": "0"}}]""");
        has(e, "result #0", "image_id 8", "[30, 20]", "[20, 30]");
    }

    @Test
    void emptyResults() throws Exception {
        has(fail("res_empty.json", "[]"), "empty");
        has(fail("res_zero.json", ""), "empty");
    }

    @Test
    void notJson() throws Exception {
        has(fail("res_bad.json", "[{\"image_id\": 7, \"category_id\": 1, \"bbox\": [1, 1, 4, 4], \"score\": 0.9},, oops"), "not valid JSON", "line 1");
        has(fail("res_obj.json", "{\"image_id\": 7}"), "must be a JSON list");
    }

    @Test
    void branchMismatchAndMissingScore() throws Exception {
        has(fail("res_branch.json", """
                [{"image_id": 7, "category_id": 1, "bbox": [1, 1, 4, 4], "score": 0.9},
                 {"image_id": 7, "category_id": 1, "score": 0.9, "segmentation": [[1, 1, 5, 1, 5, 5]]}]"""),
                "result #1", "no 'bbox'");
        has(fail("res_score.json", """
                [{"image_id": 7, "category_id": 1, "bbox": [1, 1, 4, 4]}]"""), "result #0", "no 'score'");
    }

    @Test
    void missingGroundTruthBoxDuringParallelEvaluation() throws Exception {
        Path g = dir.resolve("gt_nobox.json");
        Files.writeString(g, """
                {"images": [{"id": 7, "height": 20, "width": 30}, {"id": 8, "height": 20, "width": 30}],
                 "categories": [{"id": 1}],
                 "annotations": [{"id": 4, "image_id": 8, "category_id": 1, "area": 16, "segmentation": [[1, 1, 5, 1, 5, 5]]}]}""");
        CocoDataset d = CocoDataset.read(g);
        Path r = dir.resolve("res_ok.json");
        Files.writeString(r, "[{\"image_id\": 8, \"category_id\": 1, \"bbox\": [1, 1, 4, 4], \"score\": 0.9}]");
        CocoDetections dt = CocoDetections.read(r, d);
        var e = assertThrows(CocoFormatException.class, () -> CocoEval.evaluate(d, dt, CocoParams.defaults(IouType.BBOX), 2));
        has(e, "gt_nobox.json", "annotation #0", "id 4", "no 'bbox'");
    }

    @Test
    void badGroundTruth() throws Exception {
        Path f = dir.resolve("gt_bad.json");
        Files.writeString(f, """
                {"images": [{"id": 7, "height": 20, "width": 30}], "categories": [{"id": 1}],
                 "annotations": [{"id": 5, "image_id": 70, "category_id": 1, "area": 1, "bbox": [0, 0, 1, 1]}]}""");
        var e = assertThrows(CocoFormatException.class, () -> CocoDataset.read(f));
        has(e, "gt_bad.json", "annotation #0", "id 5", "image_id 70");
        Path g = dir.resolve("gt_notjson.json");
        Files.writeString(g, "not json");
        has(assertThrows(CocoFormatException.class, () -> CocoDataset.read(g)), "gt_notjson.json", "not valid JSON");
    }
}
