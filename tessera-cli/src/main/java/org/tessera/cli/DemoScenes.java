package org.tessera.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.tessera.core.image.PanopticMaps;
import org.tessera.core.instances.Instances;
import org.tessera.core.io.AtomicFiles;
import org.tessera.core.mask.Rle;
import org.tessera.core.panoptic.PanopticMap;
import org.tessera.data.synthetic.SyntheticScene;

/** The demo's ground-truth derivations and JSON outputs. */
final class DemoScenes {
    private DemoScenes() {}

    /** Things keep their instance ids 1..n; stuff category c becomes segment 1000 + c. */
    static PanopticMap panoptic(SyntheticScene scene) {
        int[] inst = scene.instanceIds();
        short[] sem = scene.semantic();
        int[] ids = new int[inst.length];
        for (int i = 0; i < ids.length; i++) ids[i] = inst[i] != 0 ? inst[i] : 1000 + sem[i];
        return panopticOf(ids, scene.width(), scene.height(), id -> id >= 1000 ? id - 1000 : scene.instanceCategory(id));
    }

    /** A panoptic map of a segment-id array (0 = VOID), with area and box per segment and the given categories. */
    static PanopticMap panopticOf(int[] ids, int w, int h, java.util.function.IntUnaryOperator categoryOf) {
        PanopticMaps.SegmentStats st = PanopticMaps.segmentStats(ids, w, h, false);
        List<PanopticMap.Segment> segs = new ArrayList<>();
        for (int k = 0; k < st.ids().length; k++) {
            int id = st.ids()[k];
            double[] box = {st.boxes()[4 * k], st.boxes()[4 * k + 1], st.boxes()[4 * k + 2], st.boxes()[4 * k + 3]};
            segs.add(new PanopticMap.Segment(id, categoryOf.applyAsInt(id), false, st.areas()[k], box));
        }
        return new PanopticMap(w, h, ids, segs);
    }

    static String countByCategory(Instances inst) {
        TreeMap<String, Integer> m = new TreeMap<>();
        for (int k = 0; k < inst.size(); k++) m.merge(SyntheticScene.CATEGORY_NAMES.get(inst.categoryId(k) - 1), 1, Integer::sum);
        return m.toString().replaceAll("[{}]", "");
    }

    private static void categories(JsonGenerator g) throws IOException {
        g.writeArrayFieldStart("categories");
        for (int c = 1; c <= SyntheticScene.CATEGORY_NAMES.size(); c++) {
            g.writeStartObject();
            g.writeNumberField("id", c);
            g.writeStringField("name", SyntheticScene.CATEGORY_NAMES.get(c - 1));
            g.writeStringField("supercategory", SyntheticScene.isThing(c) ? "shape" : "background");
            g.writeNumberField("isthing", SyntheticScene.isThing(c) ? 1 : 0);
            int rgb = SyntheticScene.CATEGORY_COLORS[c - 1];
            g.writeArrayFieldStart("color");
            g.writeNumber((rgb >> 16) & 0xFF);
            g.writeNumber((rgb >> 8) & 0xFF);
            g.writeNumber(rgb & 0xFF);
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void image(JsonGenerator g, String file, int w, int h) throws IOException {
        g.writeArrayFieldStart("images");
        g.writeStartObject();
        g.writeNumberField("id", 1);
        g.writeStringField("file_name", file);
        g.writeNumberField("width", w);
        g.writeNumberField("height", h);
        g.writeEndObject();
        g.writeEndArray();
    }

    /** COCO instances JSON: one image, polygon segmentations (RLE for masks with holes), areas from the masks. */
    static void writeCoco(Path file, String imageFile, int w, int h, Instances inst, List<List<double[]>> polygons) throws IOException {
        AtomicFiles.write(file, out -> {
            try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
                g.useDefaultPrettyPrinter();
                g.writeStartObject();
                image(g, imageFile, w, h);
                g.writeArrayFieldStart("annotations");
                for (int k = 0; k < inst.size(); k++) {
                    Rle rle = inst.mask(k).toRle();
                    g.writeStartObject();
                    g.writeNumberField("id", k + 1);
                    g.writeNumberField("image_id", 1);
                    g.writeNumberField("category_id", inst.categoryId(k));
                    g.writeNumberField("iscrowd", 0);
                    g.writeNumberField("area", rle.area());
                    g.writeArrayFieldStart("bbox");
                    for (double v : rle.toBbox()) g.writeNumber(v);
                    g.writeEndArray();
                    CocoFields.segmentation(g, rle);
                    g.writeArrayFieldStart("polygons");
                    for (double[] p : polygons.get(k)) {
                        g.writeStartArray();
                        for (double v : p) g.writeNumber(v);
                        g.writeEndArray();
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                }
                g.writeEndArray();
                categories(g);
                g.writeEndObject();
            }
        });
    }

    /** COCO panoptic JSON for one image. */
    static void writePanopticJson(Path file, String imageFile, String pngFile, int w, int h, PanopticMap map) throws IOException {
        AtomicFiles.write(file, out -> {
            try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
                g.useDefaultPrettyPrinter();
                g.writeStartObject();
                image(g, imageFile, w, h);
                g.writeArrayFieldStart("annotations");
                g.writeStartObject();
                g.writeNumberField("image_id", 1);
                g.writeStringField("file_name", pngFile);
                g.writeArrayFieldStart("segments_info");
                for (PanopticMap.Segment s : map.segments()) {
                    CocoFields.segmentInfo(g, s);
                }
                g.writeEndArray();
                g.writeEndObject();
                g.writeEndArray();
                categories(g);
                g.writeEndObject();
            }
        });
    }
}
