package org.tessera.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.core.image.FloatMap;
import org.tessera.core.image.Image;
import org.tessera.core.image.ImageTransforms;
import org.tessera.core.instances.CenterGrouping;
import org.tessera.core.instances.Instances;
import org.tessera.core.panoptic.PanopticMap;

/**
 * The bottom-up family through the whole {@link Segmenter}, on constant graphs holding hand-made maps: an 8x6 canvas
 * (that of core's {@code CenterGroupingTest}) in an 8x8 tensor whose two padding rows hold a decoy instance.
 */
class BottomUpModelTest {
    @TempDir
    Path dir;

    static final int W = 8, H = 6, GH = 8, N = W * GH;
    static final float LN4 = (float) Math.log(4); // logit difference of probability 0.8

    /** Logits (2 classes), heat and offsets of the 8x8 grid; rows 6-7 are padding. */
    static float[][] grid() {
        float[] sem = new float[2 * N], heat = new float[N], off = new float[2 * N];
        heat[1 * W + 1] = 0.9f;
        heat[1 * W + 2] = 0.2f;
        heat[1 * W + 3] = 0.3f;
        heat[4 * W + 6] = 0.8f;
        heat[5 * W] = 0.05f;
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int p = y * W + x;
                boolean fg = x != 4;
                sem[N + p] = fg ? LN4 : -20f; // class 1 with probability 0.8, or background
                if (fg && x < 4) { off[p] = 1 - y; off[N + p] = 1 - x; }
                if (fg && x > 4) { off[p] = 4 - y + 0.4f; off[N + p] = 6 - x - 0.4f; }
            }
        }
        for (int y = H; y < GH; y++) for (int x = 0; x < W; x++) sem[N + y * W + x] = 10f; // padding: all thing
        heat[7 * W + 2] = 1f; // a decoy centre in the padding
        return new float[][] {sem, heat, off};
    }

    Path model(String name, String sidecar) throws Exception {
        float[][] g = grid();
        Path f = dir.resolve(name + ".onnx");
        Files.write(f, new OnnxWriter().input("input", OnnxWriter.FLOAT, 1, 3, -1, -1)
                .constant("semantic", g[0], 1, 2, GH, W).constant("center", g[1], 1, 1, GH, W)
                .constant("offset", g[2], 1, 2, GH, W).toBytes());
        Files.writeString(dir.resolve(name + ".json"), sidecar);
        return f;
    }

    static String sidecar(String input, String grouping) {
        return "{\"task\": \"instance\", \"family\": \"bottom-up\", \"classes\": [\"background\", \"cell\"], \"input\": " + input
                + ", \"grouping\": " + grouping + "}";
    }

    static final String NATIVE = "{\"pad_to_multiple\": 4, \"pad_value\": 0}";

    @Test
    void nativeResolutionCropsThePaddingAndGroupsAsCore() throws Exception {
        Path f = model("native", sidecar(NATIVE, "{\"center_threshold\": 0.1, \"nms_kernel\": 5, \"top_k\": 10, \"min_area\": 2,"
                + " \"thing_classes\": [1], \"stuff_classes\": [0], \"min_stuff_area\": 6}"));
        try (Segmenter s = Segmenter.builder().model(f).probabilities(true).build()) {
            assertEquals(Task.INSTANCE, s.spec().task());
            assertArrayEquals(new int[] {0, 0}, s.inputSize()); // each image at its own size
            Prediction p = s.predict(Image.blank(W, H, 3, 8));
            Instances in = p.instances();
            assertEquals(2, in.size()); // the decoy in the padding rows is gone
            assertEquals(24, in.mask(0).area());
            assertEquals(18, in.mask(1).area());
            assertArrayEquals(new double[] {0, 0, 4, 6}, in.box(0));
            assertArrayEquals(new double[] {5, 0, 3, 6}, in.box(1));
            assertEquals(1, in.categoryId(0));
            assertEquals(0.8 * 0.9, in.score(0), 1e-6);
            assertEquals(0.8 * 0.8, in.score(1), 1e-6);
            assertEquals("cell", p.className(0));
            assertEquals(0, p.labelMap("semantic").get(4, 3));
            assertEquals(1, p.labelMap("semantic").get(0, 5));
            assertEquals(0.8f, p.probabilities().get("semantic").get(1, 0, 0), 1e-6f);
            // panoptic: things 1, 2, then the background column as stuff (6 pixels = the minimum)
            PanopticMap pan = p.panoptic();
            assertEquals(3, pan.segments().size());
            assertEquals(1, pan.get(0, 0));
            assertEquals(2, pan.get(7, 5));
            assertEquals(3, pan.get(4, 2));
            assertEquals(0, pan.segments().get(2).categoryId());
            assertEquals(6, pan.segments().get(2).area());

            // the same as core's grouping of the cropped maps (probabilities from the logits)
            float[][] g = grid();
            float[] probs = ImageTransforms.crop(new FloatMap(2, W, GH, g[0]), 0, 0, W, H).data();
            BottomUpDecoder.softmax(probs, 2, W * H);
            CenterGrouping.Result r = CenterGrouping.group(probs, 2, ImageTransforms.crop(new FloatMap(1, W, GH, g[1]), 0, 0, W, H).data(),
                    ImageTransforms.crop(new FloatMap(2, W, GH, g[2]), 0, 0, W, H).data(), W, H, new boolean[] {false, true},
                    new CenterGrouping.Options(0.1, 5, 10, 2));
            assertSame(r.instances(), in);
            PanopticMap ref = r.panoptic(l -> l == 0, 6).map();
            for (int y = 0; y < H; y++) for (int x = 0; x < W; x++) assertEquals(ref.get(x, y), pan.get(x, y));
        }
    }

    @Test
    void categoryIdsMapThingsAndStuff() throws Exception {
        String side = "{\"task\": \"instance\", \"family\": \"bottom-up\", \"classes\": [\"background\", \"cell\"], \"category_ids\": [7, 9],"
                + " \"input\": " + NATIVE + ", \"grouping\": {\"nms_kernel\": 5, \"thing_classes\": [1], \"stuff_classes\": [0], \"min_stuff_area\": 6}}";
        try (Segmenter s = Segmenter.builder().model(model("mapped", side)).build()) {
            Prediction p = s.predict(Image.blank(W, H, 3, 8));
            assertEquals(9, p.instances().categoryId(0));
            assertEquals(1, ((int[]) p.instances().attribute("class_index"))[0]);
            PanopticMap pan = p.panoptic();
            assertEquals(9, pan.segments().get(0).categoryId());
            assertEquals(7, pan.segments().get(2).categoryId());
            assertEquals(pan.segments().get(2).id(), pan.get(4, 2));
        }
    }

    @Test
    void fixedInputSizeResamplesMapsAndScalesOffsets() throws Exception {
        // the model's input is 8x6 (padded to 8x8); a 16x12 image is stretched to it and the maps come back at 16x12
        Path f = model("fixed", sidecar("{\"width\": 8, \"height\": 6, \"pad_to_multiple\": 4, \"pad_value\": 0}",
                "{\"nms_kernel\": 5, \"thing_classes\": [1]}"));
        try (Segmenter s = Segmenter.builder().model(f).build()) {
            Prediction p = s.predict(Image.blank(16, 12, 3, 8));
            float[][] g = grid();
            int w = 16, h = 12, n = w * h;
            float[] probs = ImageTransforms.resizeBilinear(ImageTransforms.crop(new FloatMap(2, W, GH, g[0]), 0, 0, W, H), w, h).data();
            BottomUpDecoder.softmax(probs, 2, n);
            float[] heat = ImageTransforms.resizeBilinear(ImageTransforms.crop(new FloatMap(1, W, GH, g[1]), 0, 0, W, H), w, h).data();
            float[] off = ImageTransforms.resizeBilinear(ImageTransforms.crop(new FloatMap(2, W, GH, g[2]), 0, 0, W, H), w, h).data();
            for (int i = 0; i < off.length; i++) off[i] *= 2; // 2 image pixels per input pixel
            CenterGrouping.Result r = CenterGrouping.group(probs, 2, heat, off, w, h, new boolean[] {false, true},
                    new CenterGrouping.Options(0.1, 5, 200, 0));
            assertTrue(r.instances().size() >= 2, "instances " + r.instances().size());
            assertSame(r.instances(), p.instances());
            assertEquals(16, p.panoptic().width());
            assertNull(p.foreground());
        }
    }

    static void assertSame(Instances expected, Instances got) {
        assertEquals(expected.size(), got.size(), "instances");
        for (int k = 0; k < expected.size(); k++) {
            assertEquals(expected.categoryId(k), got.categoryId(k));
            assertEquals(expected.score(k), got.score(k), 1e-6);
            assertArrayEquals(expected.box(k), got.box(k));
            assertEquals(expected.mask(k).toRle(), got.mask(k).toRle(), "mask " + k);
        }
    }

    @Test
    void badSidecarsAndGraphs() throws Exception {
        String[][] cases = {
                {"{\"task\": \"instance\", \"family\": \"bottom-up\"}", "needs a 'grouping'"},
                {"{\"task\": \"semantic\", \"family\": \"bottom-up\", \"grouping\": {\"thing_classes\": [1]}}", "task must be 'instance'"},
                {"{\"task\": \"semantic\", \"family\": \"semantic-logits\", \"grouping\": {\"thing_classes\": [1]}}", "only read by family bottom-up"},
                {sidecar(NATIVE, "{\"thing_classes\": []}"), "'thing_classes' must list at least one"},
                {sidecar(NATIVE, "{\"thing_classes\": [1], \"nms_kernel\": 4}"), "'nms_kernel' must be a positive odd number, got 4"},
                {sidecar(NATIVE, "{\"thing_classes\": [1], \"top_k\": 0}"), "'top_k' must be 1..65535"},
                {sidecar(NATIVE, "{\"thing_classes\": [1], \"center_threshold\": \"high\"}"), "'center_threshold' must be a number"},
                {sidecar(NATIVE, "{\"thing_classes\": [1], \"stuff_classes\": [1]}"), "class 1 is listed twice"},
                {sidecar(NATIVE, "{\"thing_classes\": [2]}"), "class 2 is not one of the model's 2 classes"},
                {sidecar(NATIVE, "{\"thing_classes\": [1], \"min_area\": -1}"), "'min_area' must be >= 0"},
                {sidecar(NATIVE, "{\"things\": [1]}"), "unknown grouping key 'things'"},
        };
        for (String[] c : cases) {
            ModelException e = assertThrows(ModelException.class, () -> ModelSpec.parse(c[0], "m.json"), c[0]);
            assertTrue(e.getMessage().startsWith("m.json: ") && e.getMessage().contains(c[1]), e.getMessage());
        }
        // without class names, a thing class beyond the logits' channels is refused at load
        Path f = model("many", "{\"task\": \"instance\", \"family\": \"bottom-up\", \"input\": " + NATIVE + ", \"grouping\": {\"thing_classes\": [3]}}");
        ModelException e = assertThrows(ModelException.class, () -> Segmenter.builder().model(f).build());
        assertTrue(e.getMessage().contains("class 3 is not one of the model's 2 classes"), e.getMessage());
        // outputs not named as the roles
        Path g = dir.resolve("other.onnx");
        Files.write(g, new OnnxWriter().input("input", OnnxWriter.FLOAT, 1, 3, -1, -1)
                .constant("logits", new float[2 * N], 1, 2, GH, W).toBytes());
        Files.writeString(dir.resolve("other.json"), sidecar(NATIVE, "{\"thing_classes\": [1]}"));
        e = assertThrows(ModelException.class, () -> Segmenter.builder().model(g).build());
        assertTrue(e.getMessage().contains("does not fit family bottom-up") && e.getMessage().contains("logits"), e.getMessage());
        // a centre output with two channels
        Path h = dir.resolve("twoc.onnx");
        Files.write(h, new OnnxWriter().input("input", OnnxWriter.FLOAT, 1, 3, -1, -1)
                .constant("semantic", new float[2 * N], 1, 2, GH, W).constant("center", new float[2 * N], 1, 2, GH, W)
                .constant("offset", new float[2 * N], 1, 2, GH, W).toBytes());
        Files.writeString(dir.resolve("twoc.json"), sidecar(NATIVE, "{\"thing_classes\": [1]}"));
        e = assertThrows(ModelException.class, () -> Segmenter.builder().model(h).build());
        assertTrue(e.getMessage().contains("'center' (center) with 1 channel"), e.getMessage());
    }
}
