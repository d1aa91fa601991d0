package org.tessera.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tessera.core.image.Image;
import org.tessera.core.image.Images;
import org.tessera.core.image.LabelMaps;
import org.tessera.core.instances.Instances;
import org.tessera.core.io.AtomicFiles;
import org.tessera.core.label.LabelMap;
import org.tessera.core.label.Palette;
import org.tessera.core.mask.Polygons;
import org.tessera.core.mask.Rle;
import org.tessera.infer.Prediction;
import org.tessera.infer.Segmenter;
import org.tessera.viz.Colors;
import org.tessera.viz.Overlay;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tessera predict}: run an ONNX segmentation model on images and write overlays, label PNGs and COCO results. */
@Command(name = "predict", description = {"Run a segmentation model (ONNX) on images.",
        "MODEL is a registry id (see 'tessera models list') or a .onnx file (with a .json sidecar beside it, or Ultralytics metadata)."})
final class PredictCommand implements Callable<Integer> {
    enum Format { overlay, labels, coco, alpha }

    @Option(names = "--model", required = true, description = "Registry id or .onnx path.")
    String model;

    @Option(names = "--sidecar", description = "Model description JSON (default: <model>.json beside the .onnx).")
    Path sidecar;

    @Parameters(arity = "1..*", description = "Images (files or folders).")
    List<Path> inputs;

    @Option(names = "--out", required = true, description = "Output folder.")
    Path out;

    @Option(names = "--format", split = ",", description = "Outputs: overlay, labels, coco, alpha (default: all that apply).")
    EnumSet<Format> formats;

    @Option(names = "--conf", description = "Score threshold.") Float conf;
    @Option(names = "--iou", description = "NMS IoU threshold.") Float iou;
    @Option(names = "--agnostic", description = "Class-agnostic NMS.") boolean agnostic;
    @Option(names = "--max-det", description = "Max detections per image.") Integer maxDet;
    @Option(names = "--mask-threshold", description = "Mask / foreground threshold.") Float maskThreshold;
    @Option(names = "--head", split = ",", description = "Semantic heads to output (default: all).") String[] heads;
    @Option(names = "--threads", defaultValue = "0", description = "ONNX Runtime intra-op threads (0 = default).") int threads;
    @Option(names = "--polygons", description = "Also write polygons in the COCO results.") boolean polygons;

    @Override
    public Integer call() throws Exception {
        List<Path> images = ImageFiles.expand(inputs);
        if (images.isEmpty()) throw new BadInputException("no images found in " + inputs);
        Segmenter.Builder b = Segmenter.builder();
        if (model.endsWith(".onnx") || Files.exists(Path.of(model))) {
            Path p = Path.of(model);
            if (!Files.isRegularFile(p)) throw new BadInputException(model + ": no such model file");
            b.model(p);
        } else {
            b.model(model);
        }
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
        long t0 = System.nanoTime();
        int instances = 0;
        try (Segmenter seg = b.build(); Progress progress = new Progress("images", images.size())) {
            for (int i = 0; i < images.size(); i++) {
                Path file = images.get(i);
                Image img = Images.read(file);
                Prediction p = seg.predict(img);
                String stem = ImageFiles.stem(file);
                if (p.instances() != null && p.instances().size() >= 0 && seg.spec().task() == org.tessera.infer.Task.INSTANCE) {
                    Instances inst = p.instances();
                    instances += inst.size();
                    if (fmt.contains(Format.overlay)) {
                        Map<Integer, String> names = classNames(inst);
                        Images.writePng(Overlay.instances(img, inst, names::get, null, Overlay.Options.defaults()),
                                out.resolve(stem + "_overlay.png"));
                    }
                    if (fmt.contains(Format.coco)) cocoRows.add(new Object[] {i + 1, inst});
                }
                for (Map.Entry<String, LabelMap> e : p.labelMaps().entrySet()) {
                    String suffix = p.labelMaps().size() > 1 ? "_" + e.getKey() : "";
                    LabelMap lm = e.getValue();
                    if (lm.palette() == null) lm = lm.withPalette(palette(256));
                    if (fmt.contains(Format.labels)) LabelMaps.writePng(lm, out.resolve(stem + suffix + "_labels.png"));
                    if (fmt.contains(Format.overlay)) {
                        Images.writePng(Overlay.labelMap(img, lm, lm.palette(), null, Overlay.Options.defaults()),
                                out.resolve(stem + suffix + "_overlay.png"));
                    }
                }
                if (p.foreground() != null && fmt.contains(Format.alpha)) {
                    var alpha = p.foreground().alpha();
                    if (alpha != null) {
                        float[] a = alpha.data();
                        byte[] px = new byte[p.width() * p.height()];
                        for (int k = 0; k < px.length && k < a.length; k++) px[k] = (byte) Math.round(255 * Math.max(0, Math.min(1, a[k])));
                        Images.writePng(Image.of8(p.width(), p.height(), 1, px), out.resolve(stem + "_alpha.png"));
                    }
                }
                progress.step();
            }
        }
        if (fmt.contains(Format.coco) && !cocoRows.isEmpty()) writeCoco(images, cocoRows, out);
        System.out.printf(Locale.ROOT, "%d images, %d instances, %.2f s; outputs in %s%n", images.size(), instances,
                (System.nanoTime() - t0) / 1e9, out);
        return 0;
    }

    /** Category id to class name, from the instances' {@code class_name} attribute when the model gives one. */
    private static Map<Integer, String> classNames(Instances inst) {
        Map<Integer, String> m = new java.util.HashMap<>();
        if (!inst.attributeNames().contains("class_name")) return m;
        for (int k = 0; k < inst.size(); k++) m.put(inst.categoryId(k), String.valueOf(inst.attribute("class_name", k)));
        return m;
    }

    static Palette palette(int n) {
        int[] c = new int[n];
        for (int i = 0; i < n; i++) c[i] = i == 0 ? 0 : Colors.distinct(i);
        return new Palette(c);
    }

    /** COCO results (RLE masks, boxes, scores) plus the images table they refer to. */
    private void writeCoco(List<Path> images, List<Object[]> rows, Path dir) throws IOException {
        AtomicFiles.write(dir.resolve("results.json"), o -> {
            try (JsonGenerator g = new JsonFactory().createGenerator(o, JsonEncoding.UTF8)) {
                g.writeStartArray();
                for (Object[] row : rows) {
                    int imageId = (Integer) row[0];
                    Instances inst = (Instances) row[1];
                    for (int k = 0; k < inst.size(); k++) {
                        g.writeStartObject();
                        g.writeNumberField("image_id", imageId);
                        g.writeNumberField("category_id", inst.categoryId(k));
                        g.writeNumberField("score", Math.round(inst.score(k) * 1e5) / 1e5);
                        double[] bb = inst.box(k);
                        g.writeArrayFieldStart("bbox");
                        for (double v : bb) g.writeNumber(Math.round(v * 100) / 100.0);
                        g.writeEndArray();
                        if (inst.hasMasks() && inst.mask(k) != null) {
                            Rle r = inst.mask(k).toRle();
                            g.writeObjectFieldStart("segmentation");
                            g.writeArrayFieldStart("size");
                            g.writeNumber(r.height());
                            g.writeNumber(r.width());
                            g.writeEndArray();
                            g.writeStringField("counts", r.toString());
                            g.writeEndObject();
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
                    int id = (Integer) row[0];
                    Instances inst = (Instances) row[1];
                    g.writeStartObject();
                    g.writeNumberField("id", id);
                    g.writeStringField("file_name", images.get(id - 1).getFileName().toString());
                    g.writeNumberField("width", inst.width());
                    g.writeNumberField("height", inst.height());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
        });
    }
}
