package org.tessera.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.tessera.core.category.Taxonomy;
import org.tessera.core.image.Image;
import org.tessera.core.image.Images;
import org.tessera.core.image.LabelMaps;
import org.tessera.core.image.PanopticMaps;
import org.tessera.core.instances.Instances;
import org.tessera.core.io.AtomicFiles;
import org.tessera.core.label.LabelMap;
import org.tessera.core.label.Palette;
import org.tessera.core.mask.Polygons;
import org.tessera.core.mask.Rle;
import org.tessera.core.panoptic.PanopticMap;
import org.tessera.infer.ModelSpec;
import org.tessera.infer.PanopticFusion;
import org.tessera.infer.Prediction;
import org.tessera.infer.Segmenter;
import org.tessera.infer.Task;
import org.tessera.infer.Tiling;
import org.tessera.viz.Colors;
import org.tessera.viz.Overlay;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tessera predict}: run an ONNX segmentation model on images and write overlays, label PNGs, alpha mattes,
 * COCO results (optionally with the image and category ids of a ground-truth file, so that {@code tessera eval coco}
 * takes them as they are), COCO panoptic output (a bottom-up model's own, or an instance model + a semantic model's stuff) and tiled inference.
 */
@Command(name = "predict", description = {"Run a segmentation model (ONNX) on images.",
        "MODEL is a registry id (see 'tessera models list') or a .onnx file (with a .json sidecar beside it, or Ultralytics metadata)."})
final class PredictCommand implements Callable<Integer> {
    enum Format { overlay, labels, coco, alpha, panoptic }

    @Option(names = "--model", required = true, description = "Registry id or .onnx path.")
    String model;

    @Option(names = "--sidecar", description = "Model description JSON (default: <model>.json beside the .onnx).")
    Path sidecar;

    @Parameters(arity = "1..*", description = "Images (files or folders).")
    List<Path> inputs;

    @Option(names = "--out", required = true, description = "Output folder.")
    Path out;

    @Option(names = "--format", split = ",", description = "Outputs: overlay, labels, coco, alpha, panoptic (default: all that apply).")
    EnumSet<Format> formats;

    @Option(names = "--conf", description = "Score threshold.") Float conf;
    @Option(names = "--iou", description = "NMS IoU threshold.") Float iou;
    @Option(names = "--agnostic", description = "Class-agnostic NMS.") boolean agnostic;
    @Option(names = "--max-det", description = "Max detections per image.") Integer maxDet;
    @Option(names = "--mask-threshold", description = "Mask / foreground threshold.") Float maskThreshold;
    @Option(names = "--head", split = ",", description = "Semantic heads to output (default: all).") String[] heads;
    @Option(names = "--threads", defaultValue = "0", description = "ONNX Runtime intra-op threads (0 = default).") int threads;
    @Option(names = "--io-threads", defaultValue = "0", description = "Threads decoding inputs ahead of inference and encoding outputs behind it (0 = all in order, inference gets every core; default: ${DEFAULT-VALUE}). On 2 cores overlapping measured slower: see docs/benchmarks.md.")
    int ioThreads;

    @Option(names = "--polygons", description = "Also write polygons in the COCO results.") boolean polygons;

    @Option(names = "--coco-gt", paramLabel = "GT.json", description = "COCO (or COCO panoptic) ground truth: results.json and panoptic.json use its image ids (images matched by file name) and its category ids"
            + " (matched by class name, else by the model's category id); images not in it are an error.")
    Path cocoGt;

    @Option(names = "--stuff-model", description = "Semantic model (registry id or .onnx) whose labels become stuff segments of a COCO panoptic output.")
    String stuffModel;

    @Option(names = "--stuff-sidecar", description = "Sidecar of --stuff-model.")
    Path stuffSidecar;

    @Option(names = "--stuff-map", split = ",", paramLabel = "HEAD:LABEL=ID", description = "Stuff labels to panoptic category ids, e.g. da:1=149 (TwinLiteNet drivable area -> COCO panoptic 'road');"
            + " 'HEAD:' may be left out for the first head. Unmapped labels make no segment. Writes panoptic/*.png and panoptic.json.")
    List<String> stuffMap;

    @Option(names = "--tile", paramLabel = "SIZE", description = "Sliced inference (SAHI): square tiles of SIZE pixels, plus the whole image; instance models only.")
    Integer tile;

    @Option(names = "--tile-overlap", defaultValue = "0.2", description = "Overlap ratio of neighbouring tiles, in [0, 1) (default: ${DEFAULT-VALUE}).")
    double tileOverlap;

    @Override
    public Integer call() throws Exception {
        List<Path> images = ImageFiles.expand(inputs);
        if (images.isEmpty()) throw new BadInputException("no images found in " + inputs);
        if (stuffModel == null && stuffMap != null) throw new BadInputException("--stuff-map needs --stuff-model");
        if (stuffModel != null && (stuffMap == null || stuffMap.isEmpty())) throw new BadInputException("--stuff-model needs --stuff-map HEAD:LABEL=ID");
        if (tile != null && tile <= 0) throw new BadInputException("--tile must be a positive size in pixels, got " + tile);
        if (!(tileOverlap >= 0 && tileOverlap < 1)) throw new BadInputException("--tile-overlap must be in [0, 1), got " + tileOverlap);
        CocoGt gt = cocoGt == null ? null : CocoGt.read(cocoGt);
        long[] imageIds = new long[images.size()];
        for (int i = 0; i < images.size(); i++) {
            if (gt == null) {
                imageIds[i] = i + 1;
            } else {
                Long id = gt.imageIds.get(images.get(i).getFileName().toString());
                if (id == null) throw new BadInputException(images.get(i) + ": no image with this file name in " + cocoGt);
                imageIds[i] = id;
            }
        }
        List<StuffRule> rules = stuffModel == null ? List.of() : StuffRule.parse(stuffMap);

        Segmenter.Builder b = Segmenter.builder();
        modelInto(b, model, "--model");
        if (sidecar != null) b.sidecar(sidecar);
        if (conf != null) b.scoreThreshold(conf);
        if (iou != null) b.nmsIou(iou);
        if (agnostic) b.classAgnostic(true);
        if (maxDet != null) b.maxDetections(maxDet);
        if (maskThreshold != null) b.maskThreshold(maskThreshold);
        if (heads != null) b.heads(heads);
        if (threads > 0) b.threads(threads);
        Files.createDirectories(out);
        EnumSet<Format> fmt = formats == null ? EnumSet.allOf(Format.class) : formats;
        List<Object[]> cocoRows = new ArrayList<>();
        List<Object[]> panopticRows = new ArrayList<>();
        Map<Integer, String> thingNames = new TreeMap<>();
        Map<Integer, String> stuffNames = new TreeMap<>(); // panoptic.json's stuff categories
        long t0 = System.nanoTime();
        int instances = 0, unmatched = 0;
        if (fmt.contains(Format.alpha)) {
            // the alpha matte is only computed on request; ask for it when the model turns out to be a foreground one
            try (Segmenter probe = b.build()) {
                if (probe.spec().task() == Task.FOREGROUND) b.probabilities(true);
            }
        }
        try (Segmenter seg = b.build(); Segmenter stuff = stuffModel == null ? null : stuffSegmenter();
             Progress progress = new Progress("images", images.size());
             Overlapped io = new Overlapped(ioThreads, 2 * Math.max(1, ioThreads))) {
            boolean instanceModel = seg.spec().task() == Task.INSTANCE;
            boolean bottomUp = seg.spec().family() == ModelSpec.Family.BOTTOM_UP;
            if (formats != null && formats.contains(Format.panoptic) && stuffModel == null && !bottomUp) {
                throw new BadInputException("--format panoptic needs --stuff-model and --stuff-map, or a bottom-up model; " + seg.id() + " is " + seg.spec().family().key());
            }
            if (tile != null && !instanceModel) throw new BadInputException("--tile needs an instance model; " + seg.id() + " is " + seg.spec().task());
            if (tile != null && bottomUp) throw new BadInputException("--tile: " + seg.id() + " is a bottom-up model, run at each image's own size; tiling is for detection models");
            for (StuffRule sr : rules) stuffNames.putIfAbsent(sr.categoryId(), stuffName(sr.categoryId()));
            Map<Integer, String> modelCategoryNames = new HashMap<>();
            if (bottomUp && stuff == null) { // the model's own stuff classes, by category id
                List<String> cls = seg.spec().classes();
                List<Integer> ids = seg.spec().categoryIds();
                for (int c = 0; c < cls.size(); c++) modelCategoryNames.put(ids.isEmpty() ? c : ids.get(c), cls.get(c));
                for (int c : seg.spec().grouping().stuffClasses()) {
                    int id = ids.isEmpty() || c >= ids.size() ? c : ids.get(c);
                    stuffNames.put(id, c < cls.size() ? cls.get(c) : "class_" + c);
                }
            }
            if (stuff != null) {
                if (!instanceModel) throw new BadInputException("--stuff-model needs an instance --model; " + seg.id() + " is " + seg.spec().task());
                if (stuff.spec().task() != Task.SEMANTIC) throw new BadInputException("--stuff-model must be a semantic model; " + stuff.id() + " is " + stuff.spec().task());
                List<String> headNames = stuff.spec().heads().stream().map(h -> h.name()).toList();
                for (StuffRule r : rules) {
                    if (r.head() != null && !headNames.isEmpty() && !headNames.contains(r.head())) {
                        throw new BadInputException("--stuff-map: " + stuff.id() + " has no head '" + r.head() + "' (heads: " + headNames + ")");
                    }
                }
            }
            int ahead = Math.max(1, ioThreads);
            List<java.util.concurrent.Future<Image>> decoded = new ArrayList<>();
            for (int i = 0; i < images.size(); i++) decoded.add(null);
            for (int i = 0; i < Math.min(ahead, images.size()); i++) {
                Path f = images.get(i);
                decoded.set(i, io.submit(() -> Images.read(f)));
            }
            for (int i = 0; i < images.size(); i++) {
                Path file = images.get(i);
                Image img = Overlapped.await(decoded.get(i));
                decoded.set(i, null);
                if (i + ahead < images.size()) {
                    Path f = images.get(i + ahead);
                    decoded.set(i + ahead, io.submit(() -> Images.read(f)));
                }
                Prediction p = tile != null
                        ? Tiling.predict(seg, img, new Tiling.Settings(tile, tile, tileOverlap, true, 0.5, maxDet == null ? 300 : maxDet))
                        : seg.predict(img);
                String stem = ImageFiles.stem(file);
                if (instanceModel) {
                    Instances inst = p.instances();
                    instances += inst.size();
                    Map<Integer, String> names = classNames(inst);
                    thingNames.putAll(names);
                    if (fmt.contains(Format.overlay)) {
                        io.background(() -> Images.writePng(Overlay.instances(img, inst, names::get, null, Overlay.Options.defaults()),
                                out.resolve(stem + "_overlay.png")));
                    }
                    if (fmt.contains(Format.coco)) {
                        int[] cats = new int[inst.size()];
                        for (int k = 0; k < cats.length; k++) {
                            cats[k] = gt == null ? inst.categoryId(k) : gt.categoryOf(names.get(inst.categoryId(k)), inst.categoryId(k));
                            if (cats[k] < 0) unmatched++;
                        }
                        cocoRows.add(new Object[] {imageIds[i], inst, cats, file.getFileName().toString()});
                    }
                    if (stuff != null && fmt.contains(Format.panoptic)) {
                        PanopticMap pan = panoptic(inst, stuff.predict(img), rules, stuff.id());
                        String png = stem + ".png";
                        io.background(() -> PanopticMaps.writePng(pan, out.resolve("panoptic").resolve(png)));
                        if (fmt.contains(Format.overlay)) {
                            Map<Integer, String> catNames = new HashMap<>(names);
                            for (StuffRule sr : rules) catNames.putIfAbsent(sr.categoryId(), stuffName(sr.categoryId()));
                            io.background(() -> Images.writePng(Overlay.panoptic(img, pan, catNames::get, null, Overlay.Options.defaults()),
                                    out.resolve(stem + "_panoptic_overlay.png")));
                        }
                        panopticRows.add(new Object[] {imageIds[i], file.getFileName().toString(), png, pan});
                    } else if (p.panoptic() != null && fmt.contains(Format.panoptic)) { // a bottom-up model's own panoptic map
                        PanopticMap pan = p.panoptic();
                        String png = stem + ".png";
                        io.background(() -> PanopticMaps.writePng(pan, out.resolve("panoptic").resolve(png)));
                        if (fmt.contains(Format.overlay)) {
                            Map<Integer, String> catNames = new HashMap<>(modelCategoryNames);
                            catNames.putAll(names);
                            io.background(() -> Images.writePng(Overlay.panoptic(img, pan, catNames::get, null, Overlay.Options.defaults()),
                                    out.resolve(stem + "_panoptic_overlay.png")));
                        }
                        panopticRows.add(new Object[] {imageIds[i], file.getFileName().toString(), png, pan});
                    }
                }
                for (Map.Entry<String, LabelMap> e : p.labelMaps().entrySet()) {
                    String suffix = p.labelMaps().size() > 1 ? "_" + e.getKey() : "";
                    LabelMap lm = e.getValue().palette() == null ? e.getValue().withPalette(palette(256)) : e.getValue();
                    if (fmt.contains(Format.labels)) io.background(() -> LabelMaps.writePng(lm, out.resolve(stem + suffix + "_labels.png")));
                    if (fmt.contains(Format.overlay) && !instanceModel) { // instance models: STEM_overlay.png shows the instances
                        io.background(() -> Images.writePng(Overlay.labelMap(img, lm, lm.palette(), null, Overlay.Options.defaults()),
                                out.resolve(stem + suffix + "_overlay.png")));
                    }
                }
                if (p.foreground() != null && p.foreground().mask() != null) {
                    // the binary foreground as a 0 / 1 label map: palette PNG and overlay
                    short[] fg = new short[p.width() * p.height()];
                    p.foreground().mask().paintInto(fg, 1);
                    LabelMap lm = new LabelMap(p.width(), p.height(), fg, 255, new Palette(new int[] {0x000000, 0x00C8FF}));
                    if (fmt.contains(Format.labels)) io.background(() -> LabelMaps.writePng(lm, out.resolve(stem + "_mask.png")));
                    if (fmt.contains(Format.overlay)) {
                        io.background(() -> Images.writePng(Overlay.labelMap(img, lm.withIgnoreIndex(0), lm.palette(), v -> v == 1 ? "foreground" : "background",
                                Overlay.Options.defaults()), out.resolve(stem + "_overlay.png")));
                    }
                }
                if (p.foreground() != null && fmt.contains(Format.alpha)) {
                    var alpha = p.foreground().alpha();
                    if (alpha != null) {
                        float[] a = alpha.data();
                        byte[] px = new byte[p.width() * p.height()];
                        for (int k = 0; k < px.length && k < a.length; k++) px[k] = (byte) Math.round(255 * Math.max(0, Math.min(1, a[k])));
                        io.background(() -> Images.writePng(Image.of8(p.width(), p.height(), 1, px), out.resolve(stem + "_alpha.png")));
                    }
                }
                progress.step();
            }
            io.drain();
        }
        if (fmt.contains(Format.coco) && !cocoRows.isEmpty()) writeCoco(cocoRows, out);
        if (!panopticRows.isEmpty()) writePanopticJson(panopticRows, thingNames, stuffNames, out.resolve("panoptic.json"));
        if (unmatched > 0) {
            System.out.printf(Locale.ROOT, "note: %d detections of classes not in %s were left out of results.json%n", unmatched, cocoGt);
        }
        System.out.printf(Locale.ROOT, "%d images, %d instances, %.2f s; outputs in %s%n", images.size(), instances,
                (System.nanoTime() - t0) / 1e9, out);
        return 0;
    }

    private static void modelInto(Segmenter.Builder b, String model, String option) throws IOException {
        if (model.endsWith(".onnx") || Files.exists(Path.of(model))) {
            Path p = Path.of(model);
            if (!Files.isRegularFile(p)) throw new BadInputException(option + " " + model + ": no such model file");
            b.model(p);
        } else {
            b.model(model);
        }
    }

    private Segmenter stuffSegmenter() throws IOException {
        Segmenter.Builder b = Segmenter.builder();
        modelInto(b, stuffModel, "--stuff-model");
        if (stuffSidecar != null) b.sidecar(stuffSidecar);
        String head = stuffMap == null ? null : StuffRule.parse(stuffMap).get(0).head();
        if (head != null) b.heads(head); // decode only the head the stuff comes from
        if (threads > 0) b.threads(threads);
        return b.build();
    }

    /** One {@code --stuff-map} entry: the label of a head that becomes a stuff category. */
    record StuffRule(String head, int label, int categoryId) {
        static List<StuffRule> parse(List<String> specs) {
            List<StuffRule> r = new ArrayList<>();
            for (String s : specs) {
                String t = s.strip();
                int colon = t.lastIndexOf(':'), eq = t.indexOf('=');
                try {
                    if (eq < 0 || colon > eq) throw new NumberFormatException();
                    String head = colon < 0 ? null : t.substring(0, colon);
                    int label = Integer.parseInt(t.substring(colon + 1, eq).strip());
                    int cat = Integer.parseInt(t.substring(eq + 1).strip());
                    if (label < 0 || label > 65535 || cat < 1 || cat > 65534) throw new NumberFormatException();
                    r.add(new StuffRule(head == null || head.isBlank() ? null : head.strip(), label, cat));
                } catch (NumberFormatException e) {
                    throw new BadInputException("--stuff-map '" + s + "': expected HEAD:LABEL=ID, e.g. da:1=149 (label 0..65535, id 1..65534)");
                }
            }
            return r;
        }
    }

    /** Things from the instances, stuff from the semantic prediction (Detectron2's rule, {@link PanopticFusion}). */
    private static PanopticMap panoptic(Instances things, Prediction stuffPrediction, List<StuffRule> rules, String stuffId) {
        Map<String, Map<Integer, Integer>> byHead = new LinkedHashMap<>();
        for (StuffRule r : rules) {
            String head = r.head() == null ? stuffPrediction.labelMaps().keySet().iterator().next() : r.head();
            if (!stuffPrediction.labelMaps().containsKey(head)) {
                throw new BadInputException("--stuff-map: " + stuffId + " has no head '" + head + "' (heads: " + stuffPrediction.labelMaps().keySet() + ")");
            }
            byHead.computeIfAbsent(head, h -> new HashMap<>()).put(r.label(), r.categoryId());
        }
        if (byHead.size() != 1) throw new BadInputException("--stuff-map: all entries must use the same head, got " + byHead.keySet());
        var e = byHead.entrySet().iterator().next();
        return PanopticFusion.fuse(things, stuffPrediction.labelMap(e.getKey()), e.getValue(), Instances.PanopticOptions.detectron2()).map();
    }

    /** A stuff category's name: COCO panoptic's when the id is one of its stuff classes, else "stuff ID". */
    static String stuffName(int id) {
        return Taxonomy.cocoPanoptic().findById(id).filter(c -> !c.isThing()).map(c -> c.name()).orElse("stuff " + id);
    }

    /** Category id to class name, from the instances' {@code class_name} attribute when the model gives one. */
    private static Map<Integer, String> classNames(Instances inst) {
        Map<Integer, String> m = new HashMap<>();
        if (!inst.attributeNames().contains("class_name")) return m;
        for (int k = 0; k < inst.size(); k++) m.put(inst.categoryId(k), String.valueOf(inst.attribute("class_name", k)));
        return m;
    }

    static Palette palette(int n) {
        int[] c = new int[n];
        for (int i = 0; i < n; i++) c[i] = i == 0 ? 0 : Colors.distinct(i);
        return new Palette(c);
    }

    /** The parts of a COCO ground truth that predictions need: image ids by file name, category ids and names. */
    static final class CocoGt {
        final Map<String, Long> imageIds = new HashMap<>();
        final Map<String, Integer> categoryByName = new HashMap<>();
        final java.util.Set<Integer> categoryIds = new java.util.HashSet<>();

        /** Reads {@code images} and {@code categories} only, streaming past the annotations. */
        static CocoGt read(Path json) throws IOException {
            if (!Files.isRegularFile(json)) throw new BadInputException("--coco-gt " + json + ": no such file");
            CocoGt g = new CocoGt();
            ObjectMapper mapper = new ObjectMapper();
            try (InputStream in = Files.newInputStream(json); JsonParser jp = mapper.createParser(in)) {
                if (jp.nextToken() != JsonToken.START_OBJECT) throw new BadInputException(json + ": a COCO ground truth must be a JSON object");
                while (jp.nextToken() == JsonToken.FIELD_NAME) {
                    String name = jp.currentName();
                    JsonToken t = jp.nextToken();
                    if (t == JsonToken.START_ARRAY && (name.equals("images") || name.equals("categories"))) {
                        while (jp.nextToken() == JsonToken.START_OBJECT) {
                            JsonNode n = jp.readValueAsTree();
                            if (!n.path("id").isIntegralNumber()) throw new BadInputException(json + ": an entry of '" + name + "' has no integer id: " + n);
                            if (name.equals("images")) {
                                String fn = n.path("file_name").asText("");
                                String base = fn.substring(fn.lastIndexOf('/') + 1);
                                Long prev = g.imageIds.put(base, n.get("id").asLong());
                                if (prev != null) throw new BadInputException(json + ": two images named " + base);
                            } else {
                                int id = n.get("id").asInt();
                                g.categoryIds.add(id);
                                g.categoryByName.putIfAbsent(n.path("name").asText("").toLowerCase(Locale.ROOT), id);
                            }
                        }
                    } else {
                        jp.skipChildren();
                    }
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new BadInputException(json + ": not valid JSON: " + e.getOriginalMessage());
            }
            if (g.imageIds.isEmpty()) throw new BadInputException(json + ": no images");
            return g;
        }

        /** The GT category of a detection: by class name, else the same id when the GT has it; -1 when neither. */
        int categoryOf(String className, int modelCategoryId) {
            if (className != null) {
                Integer id = categoryByName.get(className.toLowerCase(Locale.ROOT));
                if (id != null) return id;
            }
            return categoryIds.contains(modelCategoryId) ? modelCategoryId : -1;
        }
    }

    /** COCO results (RLE masks, boxes, scores) plus the images table they refer to. */
    private void writeCoco(List<Object[]> rows, Path dir) throws IOException {
        AtomicFiles.write(dir.resolve("results.json"), o -> {
            try (JsonGenerator g = new JsonFactory().createGenerator(o, JsonEncoding.UTF8)) {
                g.writeStartArray();
                for (Object[] row : rows) {
                    long imageId = (Long) row[0];
                    Instances inst = (Instances) row[1];
                    int[] cats = (int[]) row[2];
                    for (int k = 0; k < inst.size(); k++) {
                        if (cats[k] < 0) continue;
                        g.writeStartObject();
                        g.writeNumberField("image_id", imageId);
                        g.writeNumberField("category_id", cats[k]);
                        g.writeNumberField("score", Math.round(inst.score(k) * 1e5) / 1e5);
                        double[] bb = inst.box(k);
                        g.writeArrayFieldStart("bbox");
                        for (double v : bb) g.writeNumber(Math.round(v * 100) / 100.0);
                        g.writeEndArray();
                        if (inst.hasMasks() && inst.mask(k) != null) {
                            Rle r = inst.mask(k).toRle();
                            CocoFields.segmentation(g, r);
                            if (polygons) {
                                g.writeArrayFieldStart("polygons");
                                for (double[] poly : Polygons.toCoco(inst.mask(k), 1.0)) {
                                    g.writeStartArray();
                                    for (double v : poly) g.writeNumber(v);
                                    g.writeEndArray();
                                }
                                g.writeEndArray();
                            }
                        }
                        g.writeEndObject();
                    }
                }
                g.writeEndArray();
            }
        });
        AtomicFiles.write(dir.resolve("images.json"), o -> {
            try (JsonGenerator g = new JsonFactory().createGenerator(o, JsonEncoding.UTF8)) {
                g.useDefaultPrettyPrinter();
                g.writeStartObject();
                g.writeArrayFieldStart("images");
                for (Object[] row : rows) {
                    Instances inst = (Instances) row[1];
                    g.writeStartObject();
                    g.writeNumberField("id", (Long) row[0]);
                    g.writeStringField("file_name", (String) row[3]);
                    g.writeNumberField("width", inst.width());
                    g.writeNumberField("height", inst.height());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
        });
    }

    /**
     * COCO panoptic JSON (panopticapi format): images, annotations with {@code segments_info} (ids as in the PNGs
     * under {@code panoptic/}), categories (things seen, named by the model; stuff from {@code --stuff-map}, named by
     * COCO panoptic's taxonomy when the id is one of its stuff classes, or a bottom-up model's stuff classes).
     */
    private static void writePanopticJson(List<Object[]> rows, Map<Integer, String> thingNames, Map<Integer, String> stuffNames, Path file) throws IOException {
        AtomicFiles.write(file, o -> {
            try (JsonGenerator g = new JsonFactory().createGenerator(o, JsonEncoding.UTF8)) {
                g.writeStartObject();
                g.writeArrayFieldStart("images");
                for (Object[] row : rows) {
                    PanopticMap m = (PanopticMap) row[3];
                    g.writeStartObject();
                    g.writeNumberField("id", (Long) row[0]);
                    g.writeStringField("file_name", (String) row[1]);
                    g.writeNumberField("width", m.width());
                    g.writeNumberField("height", m.height());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeArrayFieldStart("annotations");
                for (Object[] row : rows) {
                    PanopticMap m = (PanopticMap) row[3];
                    g.writeStartObject();
                    g.writeNumberField("image_id", (Long) row[0]);
                    g.writeStringField("file_name", (String) row[2]);
                    g.writeArrayFieldStart("segments_info");
                    for (PanopticMap.Segment s : m.segments()) {
                        CocoFields.segmentInfo(g, s);
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeArrayFieldStart("categories");
                for (var e : thingNames.entrySet()) {
                    g.writeStartObject();
                    g.writeNumberField("id", e.getKey());
                    g.writeStringField("name", e.getValue());
                    g.writeNumberField("isthing", 1);
                    g.writeEndObject();
                }
                java.util.Set<Integer> done = new java.util.HashSet<>(thingNames.keySet());
                for (var e : stuffNames.entrySet()) {
                    if (!done.add(e.getKey())) continue;
                    g.writeStartObject();
                    g.writeNumberField("id", e.getKey());
                    g.writeStringField("name", e.getValue());
                    g.writeNumberField("isthing", 0);
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
        });
    }
}
