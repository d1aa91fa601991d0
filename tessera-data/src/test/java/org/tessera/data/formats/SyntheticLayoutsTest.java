package org.tessera.data.formats;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.data.Annotation;
import org.tessera.data.Dataset;
import org.tessera.data.DatasetFormat;
import org.tessera.data.ReadOptions;
import org.tessera.data.io.PngIo;

/** Layouts without a shared sample: small hand-made folders with hand-checked values. */
class SyntheticLayoutsTest {
    @TempDir
    Path tmp;

    static void gray(Path p, int w, int h, int value) throws IOException {
        int[] v = new int[w * h];
        java.util.Arrays.fill(v, value);
        PngIo.writeGray(p, w, h, v, false);
    }

    @Test
    void yamlVariants() throws IOException {
        Path y = tmp.resolve("a.yaml");
        Files.writeString(y, "# data\npath: ds  # root\ntrain: [images/train, images/extra]\nval: 'images/val'\nnames: ['a b', \"c\", d]\n");
        Yolo.DataYaml d = Yolo.readYaml(y);
        assertEquals(tmp.resolve("ds"), d.base());
        assertEquals(List.of("images/train", "images/extra"), d.splits().get("train"));
        assertEquals(List.of("images/val"), d.splits().get("val"));
        assertEquals(List.of("a b", "c", "d"), d.names());
        Files.writeString(y, "train: images/train\nnames:\n  - person\n  - car\n");
        assertEquals(List.of("person", "car"), Yolo.readYaml(y).names());
        Files.writeString(y, "train: images/train\nnames:\n  0: person\n  2: car\n");
        assertThrows(org.tessera.data.DatasetException.class, () -> Yolo.readYaml(y));
        assertEquals(Path.of("/d/labels/train/x.txt"), Yolo.labelPath(Path.of("/d/images/train/x.jpg")));
    }

    @Test
    void yoloBoxesAndPolygons() throws IOException {
        Path root = tmp.resolve("y");
        gray(root.resolve("images/train/x.png"), 100, 50, 0);
        Files.createDirectories(root.resolve("labels/train"));
        Files.writeString(root.resolve("labels/train/x.txt"), "1 0.5 0.5 0.2 0.4\n0 0.1 0.1 0.3 0.1 0.3 0.5 0.1 0.5\n");
        Files.writeString(root.resolve("data.yaml"), "path: .\ntrain: images/train\nnames: [a, b]\n");
        Dataset d = DatasetFormat.YOLO.read(root, ReadOptions.defaults());
        List<Annotation> a = d.get(0).annotations();
        assertArrayEquals(new double[] {40, 15, 20, 20}, a.get(0).bbox(), 1e-9);
        assertNull(a.get(0).segmentation());
        assertArrayEquals(new double[] {10, 5, 20, 20}, a.get(1).bbox(), 1e-9);
        assertEquals(0, a.get(1).categoryId());
    }

    @Test
    void ade20kLayout() throws IOException {
        Path root = tmp.resolve("ADEChallengeData2016");
        gray(root.resolve("images/training/ADE_train_1.png"), 8, 6, 10);
        gray(root.resolve("annotations/training/ADE_train_1.png"), 8, 6, 3);
        gray(root.resolve("images/validation/ADE_val_1.png"), 8, 6, 10);
        gray(root.resolve("annotations/validation/ADE_val_1.png"), 8, 6, 0);
        assertEquals(DatasetFormat.ADE20K, DatasetFormat.detect(root));
        Dataset d = Ade20k.read(root, "training");
        assertEquals(1, d.size());
        assertEquals(150, d.categories().size());
        assertEquals(0, d.ignoreIndex());
        assertEquals(3, d.get(0).semantic().get(2, 2));
        assertEquals(2, Ade20k.read(root, null).size());
    }

    @Test
    void camvid32Layout() throws IOException {
        Path root = tmp.resolve("camvid");
        Files.createDirectories(root);
        Files.writeString(root.resolve("codes.txt"), "Animal\nArchway\nVoid\nWall\n");
        Files.writeString(root.resolve("valid.txt"), "b.png\n");
        gray(root.resolve("images/a.png"), 4, 4, 1);
        gray(root.resolve("labels/a_P.png"), 4, 4, 3);
        gray(root.resolve("images/b.png"), 4, 4, 1);
        gray(root.resolve("labels/b_P.png"), 4, 4, 2);
        Dataset d = CamVid.read(root, null);
        assertEquals(2, d.size());
        assertEquals(2, d.ignoreIndex());
        assertEquals(3, d.categories().size());
        Dataset valid = CamVid.read(root, "valid");
        assertEquals(1, valid.size());
        assertEquals(2, valid.get(0).semantic().get(0, 0));
        assertEquals(3, CamVid.read(root, "train").get(0).semantic().get(1, 1));
    }

    /**
     * Regression (found on wkentaro/labelme examples/instance_segmentation, 2011_000006.json, where a chair vertex
     * lies at y = 375.38 on a 375-pixel-high image): the box of a labelme polygon that crosses the image edge is the
     * mask's box, clipped to the image, as labelme2coco writes it, so the validator does not report "box outside".
     */
    @Test
    void labelmePolygonPastTheEdgeGetsTheMaskBox() throws IOException {
        Path dir = tmp.resolve("lm");
        Files.createDirectories(dir);
        gray(dir.resolve("a.png"), 20, 10, 0);
        Files.writeString(dir.resolve("a.json"), """
                {"imagePath": "a.png", "imageHeight": 10, "imageWidth": 20, "shapes": [
                 {"label": "box", "points": [[2, 2], [21.4, 2], [21.4, 10.4], [2, 10.4]], "group_id": null, "shape_type": "polygon"},
                 {"label": "out", "points": [[25, 12], [30, 12], [30, 15]], "group_id": null, "shape_type": "polygon"}]}
                """);
        Dataset d = DatasetFormat.LABELME.read(dir, ReadOptions.defaults());
        List<Annotation> a = d.get(0).annotations();
        // columns 2..19 and rows 2..9 (the canvas cuts the rest): COCO box [2, 2, 18, 8], 144 pixels
        assertArrayEquals(new double[] {2, 2, 18, 8}, a.get(0).bbox());
        assertEquals(144, a.get(0).area());
        // a polygon wholly outside: empty mask, its vertex extent clipped to the image is empty
        assertArrayEquals(new double[] {20, 10, 0, 0}, a.get(1).bbox());
        List<org.tessera.data.Problem> problems = org.tessera.data.DatasetValidator.validate(d,
                org.tessera.data.DatasetValidator.Options.all());
        // only the polygon outside the image is listed (no size, empty mask); the first one is clean
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.stream().allMatch(p -> p.item().endsWith("annotation 2")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.message().contains("empty mask")), problems.toString());
    }
}
