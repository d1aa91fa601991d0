package org.tessera.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tessera.core.image.Images;
import org.tessera.core.io.AtomicFiles;
import org.tessera.eval.coco.CocoDataset;
import org.tessera.eval.coco.CocoDetections;
import org.tessera.eval.coco.CocoEval;
import org.tessera.eval.coco.CocoParams;
import org.tessera.eval.coco.CocoResult;
import org.tessera.eval.coco.CocoSummary;
import org.tessera.eval.coco.IouType;
import org.tessera.eval.panoptic.PanopticFolderEvaluation;
import org.tessera.eval.panoptic.PanopticFormat;
import org.tessera.eval.panoptic.PanopticResult;
import org.tessera.eval.semantic.LabelConvention;
import org.tessera.eval.semantic.SemanticEvaluator;
import org.tessera.eval.semantic.SemanticFolderEvaluation;
import org.tessera.eval.semantic.SemanticFormat;
import org.tessera.eval.semantic.SemanticResult;
import org.tessera.viz.Charts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tessera eval}: COCO AP, panoptic quality and semantic metrics, equal to the reference tools. */
@Command(name = "eval", description = "Evaluate predictions: COCO AP (bbox, segm, boundary), panoptic quality, semantic metrics.",
        subcommands = {EvalCommand.Coco.class, EvalCommand.Panoptic.class, EvalCommand.Semantic.class})
final class EvalCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static void requireFile(Path p, String option) {
        if (p == null || !Files.isRegularFile(p)) throw new BadInputException(option + " " + p + ": no such file");
    }

    static void requireDir(Path p, String option) {
        if (p == null || !Files.isDirectory(p)) throw new BadInputException(option + " " + p + ": no such folder");
    }

    static void writeJson(Path out, Object value) throws IOException {
        AtomicFiles.write(out, JSON.writeValueAsBytes(value));
        System.out.println("wrote " + out);
    }

    @Command(name = "coco", description = "COCO detection / instance segmentation AP, as pycocotools COCOeval.")
    static final class Coco implements Callable<Integer> {
        @Option(names = "--gt", required = true, description = "Ground-truth COCO JSON.")
        Path gt;

        @Option(names = "--results", required = true, description = "COCO results JSON (a list of detections).")
        Path results;

        @Option(names = "--iou-type", defaultValue = "segm", description = "segm, bbox or boundary (default: ${DEFAULT-VALUE}).")
        String iouType;

        @Option(names = "--max-dets", split = ",", description = "Max detections per image, e.g. 1,10,100 (default).")
        int[] maxDets;

        @Option(names = "--no-cats", description = "Evaluate class-agnostic (useCats = 0).")
        boolean noCats;

        @Option(names = "--threads", defaultValue = "0", description = "Worker threads (0 = all cores).")
        int threads;

        @Option(names = "--out", description = "Write every number (stats, per-category AP, precision/recall arrays) as JSON.")
        Path out;

        @Option(names = "--plots", description = "Write precision/recall curves and a per-category AP chart (PNG + SVG) here.")
        Path plots;

        @Override
        public Integer call() throws IOException {
            requireFile(gt, "--gt");
            requireFile(results, "--results");
            IouType type;
            try {
                type = IouType.parse(iouType);
            } catch (IllegalArgumentException e) {
                throw new BadInputException("--iou-type must be segm, bbox or boundary, got '" + iouType + "'");
            }
            CocoParams.Builder pb = CocoParams.builder(type).useCats(!noCats);
            if (maxDets != null) pb.maxDets(maxDets);
            long t0 = System.nanoTime();
            CocoDataset g = CocoDataset.read(gt);
            CocoDetections d = CocoDetections.read(results, g);
            CocoResult r = CocoEval.evaluate(g, d, pb.build(), threads <= 0 ? Runtime.getRuntime().availableProcessors() : threads);
            String summary = CocoSummary.format(r);
            System.out.print(summary.endsWith("\n") ? summary : summary + "\n");
            System.out.printf(Locale.ROOT, "(%d images, %d categories, %.2f s)%n", r.numImages(), r.numCategories(), (System.nanoTime() - t0) / 1e9);
            if (out != null) writeJson(out, cocoJson(r));
            if (plots != null) cocoPlots(r, g, plots);
            return 0;
        }
    }

    static Map<String, Object> cocoJson(CocoResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("iouType", r.params().iouType().pycocoName());
        Map<String, Double> stats = new LinkedHashMap<>();
        double[] s = r.stats();
        for (int i = 0; i < s.length && i < CocoResult.STAT_NAMES.length; i++) stats.put(CocoResult.STAT_NAMES[i], s[i]);
        m.put("stats", stats);
        m.put("summary", r.summaryLines());
        List<Map<String, Object>> cats = new ArrayList<>();
        for (int k = 0; k < r.numCategories(); k++) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("category_id", r.categoryId(k));
            c.put("AP", r.categoryAp(k));
            c.put("AP50", r.categoryAp50(k));
            c.put("AR", r.categoryAr(k));
            cats.add(c);
        }
        m.put("per_category", cats);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("iouThrs", r.params().iouThrs());
        p.put("recThrs", r.params().recThrs());
        p.put("maxDets", r.params().maxDets());
        p.put("areaRng", r.params().areaRng());
        m.put("params", p);
        m.put("precision_shape", r.precisionShape());
        m.put("precision", r.precision());
        m.put("recall", r.recall());
        m.put("scores", r.scores());
        return m;
    }

    static void cocoPlots(CocoResult r, CocoDataset gt, Path dir) throws IOException {
        Map<Integer, String> catName = new java.util.HashMap<>();
        for (int i = 0; i < gt.categoryIds().length; i++) catName.put(gt.categoryIds()[i], gt.categoryNames()[i]);
        Files.createDirectories(dir);
        double[] iou = r.params().iouThrs();
        double[] rec = r.params().recThrs();
        int[] sh = r.precisionShape(); // T, R, K, A, M
        int mLast = sh[4] - 1;
        double[][] curves = new double[iou.length][rec.length];
        String[] names = new String[iou.length];
        for (int t = 0; t < iou.length; t++) {
            names[t] = String.format(Locale.ROOT, "IoU %.2f", iou[t]);
            for (int ri = 0; ri < rec.length; ri++) {
                double sum = 0;
                int n = 0;
                for (int k = 0; k < sh[2]; k++) {
                    double v = r.precision(t, ri, k, 0, mLast);
                    if (v > -1) {
                        sum += v;
                        n++;
                    }
                }
                curves[t][ri] = n == 0 ? -1 : sum / n;
            }
        }
        String title = "Precision / recall (" + r.params().iouType().pycocoName() + ", mean over categories, area all)";
        Images.writePng(Charts.curves(title, rec, curves, names), dir.resolve("pr_curves.png"));
        AtomicFiles.writeString(dir.resolve("pr_curves.svg"), Charts.curvesSvg(title, rec, curves, names));
        String[] labels = new String[r.numCategories()];
        double[] ap = new double[r.numCategories()];
        for (int k = 0; k < labels.length; k++) {
            labels[k] = catName.getOrDefault(r.categoryId(k), "category " + r.categoryId(k));
            ap[k] = r.categoryAp(k);
        }
        Images.writePng(Charts.bars("AP per category", labels, ap), dir.resolve("ap_per_category.png"));
        AtomicFiles.writeString(dir.resolve("ap_per_category.svg"), Charts.barsSvg("AP per category", labels, ap));
        System.out.println("wrote plots to " + dir);
    }

    @Command(name = "panoptic", description = "Panoptic quality (PQ / SQ / RQ), as panopticapi pq_compute.")
    static final class Panoptic implements Callable<Integer> {
        @Option(names = "--gt-json", required = true) Path gtJson;
        @Option(names = "--gt-dir", required = true) Path gtDir;
        @Option(names = "--pred-json", required = true) Path predJson;
        @Option(names = "--pred-dir", required = true) Path predDir;
        @Option(names = "--threads", defaultValue = "0", description = "Worker threads (0 = all cores).") int threads;
        @Option(names = "--out", description = "Write all numbers as JSON.") Path out;
        @Option(names = "--plots", description = "Write a per-class PQ chart (PNG + SVG) here.") Path plots;

        @Override
        public Integer call() throws IOException {
            requireFile(gtJson, "--gt-json");
            requireDir(gtDir, "--gt-dir");
            requireFile(predJson, "--pred-json");
            requireDir(predDir, "--pred-dir");
            long t0 = System.nanoTime();
            org.tessera.eval.panoptic.PanopticJson gtj = org.tessera.eval.panoptic.PanopticJson.read(gtJson);
            org.tessera.eval.panoptic.PanopticJson predj = org.tessera.eval.panoptic.PanopticJson.read(predJson);
            PanopticResult r;
            try (Progress progress = new Progress("PNG files", 2L * gtj.annotations().size())) {
                r = PanopticFolderEvaluation.evaluate(gtj, gtDir, predj, predDir,
                        threads <= 0 ? Runtime.getRuntime().availableProcessors() : threads, png -> {
                            var m = org.tessera.core.image.PanopticMaps.readIds(png);
                            progress.step();
                            return m;
                        });
            }
            System.out.print(PanopticFormat.summaryTable(r));
            System.out.printf(Locale.ROOT, "(%d images, %.2f s)%n", r.images(), (System.nanoTime() - t0) / 1e9);
            if (out != null) writeJson(out, r);
            if (plots != null) {
                Files.createDirectories(plots);
                String[] labels = r.perClass().stream().map(PanopticResult.PerClass::name).toArray(String[]::new);
                double[] pq = r.perClass().stream().mapToDouble(c -> c.counted() ? c.pq() : -1).toArray();
                Images.writePng(Charts.bars("PQ per class", labels, pq), plots.resolve("pq_per_class.png"));
                AtomicFiles.writeString(plots.resolve("pq_per_class.svg"), Charts.barsSvg("PQ per class", labels, pq));
                System.out.println("wrote plots to " + plots);
            }
            return 0;
        }
    }

    @Command(name = "semantic", description = "Confusion matrix, pixel accuracy, mIoU, FWIoU, Dice from label PNG folders (files paired by name).")
    static final class Semantic implements Callable<Integer> {
        @Option(names = "--gt-dir", required = true) Path gtDir;
        @Option(names = "--pred-dir", required = true) Path predDir;
        @Option(names = "--num-classes", required = true, description = "Number of classes C (ids 0..C-1).") int numClasses;
        @Option(names = "--ignore", defaultValue = "255", description = "Ignore index (default: ${DEFAULT-VALUE}).") int ignore;
        @Option(names = "--reduce-zero-label", description = "ADE20K convention: 0 = other (ignored), 1..C → 0..C-1 in the ground truth.") boolean reduceZero;
        @Option(names = "--gt-suffix", defaultValue = ".png") String gtSuffix;
        @Option(names = "--pred-suffix", defaultValue = ".png") String predSuffix;
        @Option(names = "--class-names", split = ",", description = "Class names, comma separated.") List<String> names;
        @Option(names = "--threads", defaultValue = "0", description = "Worker threads (0 = all cores).") int threads;
        @Option(names = "--out", description = "Write all numbers (incl. the confusion matrix) as JSON.") Path out;
        @Option(names = "--plots", description = "Write a confusion-matrix heat map and per-class IoU chart here.") Path plots;

        @Override
        public Integer call() throws IOException {
            requireDir(gtDir, "--gt-dir");
            requireDir(predDir, "--pred-dir");
            if (numClasses < 1 || numClasses > 65535) throw new BadInputException("--num-classes must be in 1..65535, got " + numClasses);
            List<String> classNames = new ArrayList<>();
            for (int c = 0; c < numClasses; c++) classNames.add(names != null && c < names.size() ? names.get(c) : "class " + c);
            LabelConvention conv = reduceZero ? LabelConvention.reduceZeroLabel() : LabelConvention.identity(ignore);
            var pairs = SemanticFolderEvaluation.pairsByName(gtDir, gtSuffix, predDir, predSuffix);
            if (pairs.isEmpty()) throw new BadInputException(gtDir + ": no ground-truth files ending in " + gtSuffix + " with a prediction in " + predDir);
            long t0 = System.nanoTime();
            SemanticEvaluator ev;
            try (Progress progress = new Progress("PNG files", 2L * pairs.size())) {
                ev = SemanticFolderEvaluation.evaluate(pairs, () -> new SemanticEvaluator(classNames, conv),
                        threads <= 0 ? Runtime.getRuntime().availableProcessors() : threads, png -> {
                            var m = org.tessera.core.image.LabelMaps.read(png);
                            progress.step();
                            return m;
                        });
            }
            SemanticResult r = ev.compute();
            System.out.print(SemanticFormat.perClassTable(r));
            System.out.printf(Locale.ROOT, "(%d image pairs, %.2f s)%n", pairs.size(), (System.nanoTime() - t0) / 1e9);
            if (out != null) writeJson(out, r);
            if (plots != null) {
                Files.createDirectories(plots);
                String[] labels = classNames.toArray(String[]::new);
                Images.writePng(Charts.heatMap("Confusion matrix", r.confusion(), labels), plots.resolve("confusion.png"));
                double[] iou = r.perClass().stream().mapToDouble(c -> c.iou() == null ? -1 : c.iou()).toArray();
                Images.writePng(Charts.bars("IoU per class", labels, iou), plots.resolve("iou_per_class.png"));
                AtomicFiles.writeString(plots.resolve("iou_per_class.svg"), Charts.barsSvg("IoU per class", labels, iou));
                System.out.println("wrote plots to " + plots);
            }
            return 0;
        }
    }
}
