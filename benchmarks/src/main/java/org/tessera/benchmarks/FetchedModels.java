package org.tessera.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tessera.core.image.Image;
import org.tessera.core.image.Images;
import org.tessera.core.instances.Instances;
import org.tessera.core.label.LabelMap;
import org.tessera.core.mask.Mask;
import org.tessera.core.mask.Rle;
import org.tessera.infer.ModelException;
import org.tessera.infer.Prediction;
import org.tessera.infer.Segmenter;
import org.tessera.infer.Task;

/**
 * Runs the models fetched from public repositories (docs/infer-fetched-models.md) on real images and prints, per
 * model and image: what was found (instances by class, foreground fraction, label fractions), the IoU of the
 * predicted person region against the union of COCO's person masks (COCO images only) and the median wall time of
 * {@code predict} (decode of the image excluded). Writes an overlay PNG per model and image into OUT.
 *
 * <p>{@code java -cp benchmarks.jar org.tessera.benchmarks.FetchedModels SHARED OUT [RUNS [THREADS [IDS...]]]}; an
 * id may also be {@code FILE.onnx:SIDECAR.json} to try another description of a model.
 * The models are resolved by the registry (TESSERA_MODELS, then ~/.cache/tessera/models); a missing model fails
 * with the registry's message (how to get it) and exit status 1. Not part of any test run.
 */
public final class FetchedModels {
    private FetchedModels() {}

    /** The registry ids of the fetched models. */
    public static final List<String> IDS = List.of("yolov8n-seg-uint8-480x640", "yolo11n-seg-uint8-480x640",
            "skin-clothes-hair-pan-512", "sinet-portrait-320", "mediapipe-meet-144x256", "isnet-small");

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: FetchedModels SHARED OUT [RUNS [THREADS [IDS...]]]");
            System.exit(2);
        }
        Path shared = Path.of(args[0]), out = Path.of(args[1]);
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        List<String> ids = args.length > 4 ? Arrays.asList(args).subList(4, args.length) : IDS;
        Path coco = shared.resolve("data/coco_val2017_6");
        List<Path> images = new ArrayList<>(List.of(shared.resolve("data/images/bus.jpg"), shared.resolve("data/images/zidane.jpg")));
        try (var s = Files.list(coco.resolve("images"))) {
            s.filter(p -> p.toString().endsWith(".jpg")).sorted().forEach(images::add);
        }
        Map<String, Mask> persons = cocoPersons(coco.resolve("annotations.json"));
        Files.createDirectories(out);
        System.out.printf("load: %s; runs %d, threads %d%n", loadAverage(), runs, threads);
        for (String arg : ids) {
            String id = arg;
            Segmenter seg;
            try {
                Segmenter.Builder b = Segmenter.builder().probabilities(true).threads(threads);
                int colon = id.indexOf(".onnx:");
                if (colon > 0) { // FILE.onnx:SIDECAR.json, to try a variant sidecar
                    b.model(Path.of(id.substring(0, colon + 5))).sidecar(Path.of(id.substring(colon + 6)));
                    id = Path.of(id.substring(colon + 6)).getFileName().toString().replace(".json", "");
                } else {
                    b.model(id);
                }
                seg = b.build();
            } catch (ModelException e) {
                System.err.println(e.getMessage());
                System.exit(1);
                return;
            }
            try (seg) {
                System.out.println("== " + id + " (" + seg.spec().task() + ")");
                seg.predict(Images.read(images.get(0))); // warm-up
                for (Path file : images) {
                    Image img = Images.read(file);
                    long[] ns = new long[runs];
                    Prediction p = null;
                    for (int r = 0; r < runs; r++) {
                        long t0 = System.nanoTime();
                        p = seg.predict(img);
                        ns[r] = System.nanoTime() - t0;
                    }
                    Arrays.sort(ns);
                    double ms = ns[runs / 2] / 1e6;
                    String name = file.getFileName().toString();
                    String stem = name.substring(0, name.lastIndexOf('.'));
                    Mask person;
                    String found;
                    Image overlay;
                    if (seg.spec().task() == Task.INSTANCE) {
                        Instances inst = p.instances();
                        Map<String, Integer> byClass = new TreeMap<>();
                        person = Mask.empty(img.height(), img.width());
                        for (int i = 0; i < inst.size(); i++) {
                            byClass.merge(p.className(i), 1, Integer::sum);
                            if ("person".equals(p.className(i))) person = person.union(inst.mask(i));
                        }
                        found = inst.size() + " instances " + byClass;
                        overlay = instanceOverlay(img, inst);
                    } else if (seg.spec().task() == Task.SEMANTIC) {
                        LabelMap lm = p.labelMap();
                        long[] counts = new long[256];
                        byte[] in = new byte[lm.width() * lm.height()];
                        for (int y = 0; y < lm.height(); y++) {
                            for (int x = 0; x < lm.width(); x++) {
                                int v = lm.get(x, y);
                                counts[Math.min(v, 255)]++;
                                if (v != 0) in[y * lm.width() + x] = 1;
                            }
                        }
                        List<String> classes = seg.spec().heads().get(0).classes();
                        Map<String, String> frac = new LinkedHashMap<>();
                        double n = in.length;
                        frac.put("none", String.format("%.3f", counts[0] / n));
                        for (int k = 0; k < classes.size(); k++) frac.put(classes.get(k), String.format("%.3f", counts[k + 1] / n));
                        found = "label fractions " + frac;
                        person = Mask.fromBitmap(in, lm.height(), lm.width());
                        overlay = labelOverlay(img, lm);
                    } else {
                        person = p.foreground().mask();
                        found = String.format("foreground fraction %.3f", (double) person.area() / ((long) img.width() * img.height()));
                        overlay = foregroundOverlay(img, person);
                    }
                    Mask gt = persons.get(name);
                    String iou = gt == null ? "" : String.format(", person IoU %.3f (GT %d px, predicted %d px)", person.iou(gt), gt.area(), person.area());
                    System.out.printf("%s %dx%d: %s%s; %.1f ms%n", name, img.width(), img.height(), found, iou, ms);
                    Images.writePng(overlay, out.resolve(id + "_" + stem + ".png"));
                }
            }
        }
        System.out.printf("load after: %s%n", loadAverage());
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }

    /** Union of the person masks (category 1, crowd regions included) per image file name. */
    static Map<String, Mask> cocoPersons(Path annotations) throws Exception {
        JsonNode root = new ObjectMapper().readTree(annotations.toFile());
        Map<Integer, JsonNode> imgs = new LinkedHashMap<>();
        for (JsonNode im : root.get("images")) imgs.put(im.get("id").asInt(), im);
        Map<String, Mask> out = new LinkedHashMap<>();
        for (JsonNode a : root.get("annotations")) {
            if (a.get("category_id").asInt() != 1) continue;
            JsonNode im = imgs.get(a.get("image_id").asInt());
            int h = im.get("height").asInt(), w = im.get("width").asInt();
            JsonNode sg = a.get("segmentation");
            Rle r;
            if (sg.isArray()) {
                List<double[]> polys = new ArrayList<>();
                for (JsonNode poly : sg) {
                    double[] xy = new double[poly.size()];
                    for (int i = 0; i < xy.length; i++) xy[i] = poly.get(i).asDouble();
                    polys.add(xy);
                }
                r = Rle.fromPolygons(polys, h, w);
            } else if (sg.get("counts").isTextual()) {
                r = Rle.fromString(sg.get("counts").asText(), h, w);
            } else {
                int[] c = new int[sg.get("counts").size()];
                for (int i = 0; i < c.length; i++) c[i] = sg.get("counts").get(i).asInt();
                r = Rle.fromCounts(h, w, c);
            }
            out.merge(im.get("file_name").asText(), Mask.fromRle(r), Mask::union);
        }
        return out;
    }

    private static final int[][] COLORS = {{230, 25, 75}, {60, 180, 75}, {255, 225, 25}, {0, 130, 200}, {245, 130, 48},
            {145, 30, 180}, {70, 240, 240}, {240, 50, 230}, {210, 245, 60}, {250, 190, 212}};

    private static Image foregroundOverlay(Image img, Mask m) {
        Image rgb = img.toRgb().to8Bit().copy();
        byte[] bits = m.toBitmap();
        byte[] px = rgb.bytes();
        for (int i = 0; i < bits.length; i++) {
            if (bits[i] != 0) blend(px, i * 3, COLORS[0]);
            else for (int c = 0; c < 3; c++) px[i * 3 + c] = (byte) ((px[i * 3 + c] & 0xff) / 3);
        }
        return rgb;
    }

    private static Image labelOverlay(Image img, LabelMap lm) {
        Image rgb = img.toRgb().to8Bit().copy();
        byte[] px = rgb.bytes();
        for (int y = 0; y < lm.height(); y++) {
            for (int x = 0; x < lm.width(); x++) {
                int v = lm.get(x, y);
                if (v != 0) blend(px, (y * lm.width() + x) * 3, COLORS[v % COLORS.length]);
            }
        }
        return rgb;
    }

    private static Image instanceOverlay(Image img, Instances inst) {
        Image rgb = img.toRgb().to8Bit().copy();
        byte[] px = rgb.bytes();
        for (int i = 0; i < inst.size(); i++) {
            byte[] bits = inst.mask(i).toBitmap();
            for (int k = 0; k < bits.length; k++) if (bits[k] != 0) blend(px, k * 3, COLORS[i % COLORS.length]);
        }
        return rgb;
    }

    private static void blend(byte[] px, int o, int[] c) {
        for (int k = 0; k < 3; k++) px[o + k] = (byte) (((px[o + k] & 0xff) + c[k]) / 2);
    }
}
