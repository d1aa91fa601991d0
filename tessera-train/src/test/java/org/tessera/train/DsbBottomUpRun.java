package org.tessera.train;

import org.tessera.classic.binary.Labeling;
import org.tessera.classic.region.DistanceWatershed;
import org.tessera.classic.region.DistanceWatershedConfig;
import org.tessera.core.image.Image;
import org.tessera.core.instances.Instances;
import org.tessera.core.label.LabelMap;
import org.tessera.core.panoptic.PanopticMap;
import org.tessera.data.Dataset;
import org.tessera.data.DatasetFormat;
import org.tessera.data.ReadOptions;
import org.tessera.data.Sample;
import org.tessera.eval.coco.CocoEvaluator;
import org.tessera.eval.coco.CocoParams;
import org.tessera.eval.coco.ImageDetections;
import org.tessera.eval.coco.ImageGroundTruth;
import org.tessera.eval.coco.IouType;
import org.tessera.eval.instance.DsbScore;
import org.tessera.eval.panoptic.PanopticCategory;
import org.tessera.eval.panoptic.PanopticEvaluator;
import org.tessera.eval.panoptic.PanopticResult;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Job driver (not a test): trains the bottom-up model on a seeded ~85/15 split of the DSB 2018 stage-1 training set,
 * reports DSB score / COCO mask AP / PQ of the best checkpoint on the validation images, and the classical
 * Otsu + distance-transform watershed (tessera-classic defaults, as docs/benchmarks/full-data.md) on the same images.
 * Arguments {@code key=value}: data (stage1_train folder), out (run folder), epochs, batch, crop, width, depth, lr,
 * warmup, seed, split-seed, val-fraction, patience, sigma, center-weight, offset-weight, threads, resume (true to
 * continue the run in out), limit-train / limit-val (subsets for a smoke run); augmentation (default: the random
 * crop + 8 symmetries of the square the documented runs used): aug (strength 0..1, {@link Augmentation#ofStrength}),
 * scale (MIN,MAX), rotate (degrees), color (B,C,S,H), blur (P,SMIN,SMAX) over it, symmetries (true / false: the
 * vertical flip and transposition). See docs/benchmarks/train.md.
 */
public final class DsbBottomUpRun {
    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        Map<String, String> a = new LinkedHashMap<>();
        for (String s : args) {
            int e = s.indexOf('=');
            if (e < 0) throw new IllegalArgumentException("argument '" + s + "' is not key=value");
            a.put(s.substring(0, e), s.substring(e + 1));
        }
        Path data = Path.of(a.getOrDefault("data", System.getProperty("user.home") + "/.cache/tessera/data/dsb2018/stage1_train"));
        Path out = Path.of(a.getOrDefault("out", "/tmp/dsb-bottomup"));
        int epochs = Integer.parseInt(a.getOrDefault("epochs", "20"));
        int batch = Integer.parseInt(a.getOrDefault("batch", "8"));
        int crop = Integer.parseInt(a.getOrDefault("crop", "128"));
        int width = Integer.parseInt(a.getOrDefault("width", "16"));
        int depth = Integer.parseInt(a.getOrDefault("depth", "4"));
        double lr = Double.parseDouble(a.getOrDefault("lr", "2e-3"));
        int warmup = Integer.parseInt(a.getOrDefault("warmup", "100"));
        long seed = Long.parseLong(a.getOrDefault("seed", "1"));
        long splitSeed = Long.parseLong(a.getOrDefault("split-seed", "2018"));
        double valFraction = Double.parseDouble(a.getOrDefault("val-fraction", "0.15"));
        int patience = Integer.parseInt(a.getOrDefault("patience", "0"));
        boolean resume = Boolean.parseBoolean(a.getOrDefault("resume", "false"));
        int limitTrain = Integer.parseInt(a.getOrDefault("limit-train", "0"));
        int limitVal = Integer.parseInt(a.getOrDefault("limit-val", "0"));
        // per-epoch validation (model selection) on the first N validation images; the final figures use all of them
        int valDuring = Integer.parseInt(a.getOrDefault("val-during", "24"));
        double maxMinutes = Double.parseDouble(a.getOrDefault("max-minutes", "0"));
        if (!Files.isDirectory(data)) throw new IllegalArgumentException("data: " + data + " is not a folder (DSB 2018 stage1_train)");

        System.out.printf("start %s, load %s", java.time.Instant.now(), Files.readString(Path.of("/proc/loadavg")));
        Dataset d = DatasetFormat.DSB_KAGGLE.read(data, ReadOptions.defaults());
        int n = d.size();
        ValidationSplit split = ValidationSplit.seeded(n, valFraction, splitSeed);
        int[] val = split.validation(), train = split.train();
        if (limitTrain > 0) train = Arrays.copyOf(train, Math.min(limitTrain, train.length));
        if (limitVal > 0) val = Arrays.copyOf(val, Math.min(limitVal, val.length));
        System.out.printf("DSB %s: %d images, split seed %d: %d train / %d val%n", data, n, splitSeed, train.length, val.length);

        TrainConfig base = TrainConfig.builder(2, out).ignoreIndex(-1).width(width).depth(depth).batchNorm(true)
                .resize(crop, crop).crop(crop, crop).randomCrop(true).flip(true).batchSize(batch).epochs(epochs)
                .learningRate(lr).minLearningRate(0).weightDecay(1e-4).schedule(LrSchedule.Kind.POLY).warmupSteps(warmup)
                .patience(patience).seed(seed).build();
        BottomUpConfig nuc = BottomUpConfig.nuclei(base);
        Augmentation aug = Augmentation.ofStrength(Double.parseDouble(a.getOrDefault("aug", "0")));
        if (a.containsKey("scale")) {
            double[] v = numbers(a.get("scale"), 2, "scale");
            aug = aug.withScale(v[0], v[1]);
        }
        if (a.containsKey("rotate")) aug = aug.withRotation(Double.parseDouble(a.get("rotate")));
        if (a.containsKey("color")) {
            double[] v = numbers(a.get("color"), 4, "color");
            aug = aug.withColor(v[0], v[1], v[2], v[3]);
        }
        if (a.containsKey("blur")) {
            double[] v = numbers(a.get("blur"), 3, "blur");
            aug = aug.withBlur(v[0], v[1], v[2]);
        }
        boolean symmetries = Boolean.parseBoolean(a.getOrDefault("symmetries", "true"));
        aug = aug.withSymmetries(symmetries, symmetries);
        BottomUpConfig cfg = new BottomUpConfig(base, Double.parseDouble(a.getOrDefault("sigma", String.valueOf(nuc.sigma()))),
                Double.parseDouble(a.getOrDefault("center-weight", String.valueOf(nuc.centerLossWeight()))),
                Double.parseDouble(a.getOrDefault("offset-weight", String.valueOf(nuc.offsetLossWeight()))),
                nuc.grouping(), nuc.thingClasses(), nuc.stuffClasses(), nuc.minStuffArea(), aug);
        System.out.println("config: " + cfg.fingerprint());
        InstanceData trainData = new InstanceData(d, train, 2, -1, true);
        InstanceData valData = new InstanceData(d, val, 2, -1, true);
        InstanceData valDuringData = valDuring > 0 && valDuring < val.length
                ? new InstanceData(d, Arrays.copyOf(val, valDuring), 2, -1, false) : valData;
        System.out.printf("per-epoch validation on %d of the %d val images%n", valDuringData.size(), val.length);
        long t0 = System.nanoTime();
        BottomUpTrainer.Result r;
        try (BottomUpTrainer t = new BottomUpTrainer(cfg)) {
            System.out.printf("U-Net width %d depth %d, %d trainable scalars, crop %dx%d, batch %d, %d epochs%n", width, depth,
                    t.model().trainableScalars(), crop, crop, batch, epochs);
            t.onEpoch(e -> {
                BottomUpTrainer.Validation v = e.validation();
                System.out.printf("epoch %d/%d steps %d loss %.4f (ce %.4f, heat %.5f, offset %.3f) lr %.2e | val DSB %.4f AP %.4f AP50 %.4f PQ %.4f"
                                + " (%d inst / %d true, val %.0f s) | epoch %.0f s, elapsed %.0f s, load %s%s%n",
                        e.epoch(), epochs, e.steps(), e.trainLoss(), e.semanticLoss(), e.centerLoss(), e.offsetLoss(), e.lr(),
                        v.dsb(), v.ap(), v.ap50(), v.pq(), v.predicted(), v.truth(), v.seconds(), e.seconds(),
                        (System.nanoTime() - t0) / 1e9, Files.readString(Path.of("/proc/loadavg")).trim(), e.improved() ? " (best)" : "");
                double elapsed = (System.nanoTime() - t0) / 1e9;
                if (maxMinutes > 0 && elapsed + e.seconds() > maxMinutes * 60 && e.epoch() < epochs) {
                    throw new TimeBudget("time budget: " + String.format("%.0f", elapsed) + " s used, another epoch (~"
                            + String.format("%.0f", e.seconds()) + " s) would exceed " + maxMinutes + " min; stopping after epoch " + e.epoch());
                }
            });
            try {
                r = resume ? t.resume(trainData, valDuringData) : t.fit(trainData, valDuringData);
                System.out.println("steps recomputed after non-finite gradients: " + t.retriedSteps());
            } catch (TimeBudget tb) {
                System.out.println(tb.getMessage());
                r = null;
            }
        }
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        if (r != null) {
            System.out.printf("training done: %d epochs, best epoch %d (val DSB %.4f)%n", r.epochsDone(), r.bestEpoch(), r.bestMetric());
        }
        System.out.printf("training wall time %.0f s (incl. per-epoch validation), load %s", trainSeconds, Files.readString(Path.of("/proc/loadavg")));

        try (BottomUpTrainer best = BottomUpTrainer.load(cfg, out.resolve(SegmentationTrainer.BEST))) {
            long t1 = System.nanoTime();
            BottomUpTrainer.Validation v = best.evaluate(valData);
            System.out.printf("best.ckpt on %d val images (%.0f s): DSB %.4f | AP %.4f AP50 %.4f AP75 %.4f AR100 %.4f | maxDets 1000: AP %.4f AP50 %.4f"
                            + " AR1000 %.4f | PQ %.4f SQ %.4f RQ %.4f | %d instances / %d true%n",
                    v.images(), (System.nanoTime() - t1) / 1e9, v.dsb(), v.coco()[0], v.coco()[1], v.coco()[2], v.coco()[8],
                    v.coco1000()[0], v.coco1000()[1], v.coco1000()[8], v.pq(), v.sq(), v.rq(), v.predicted(), v.truth());
            OnnxExport.write(best.model(), out.resolve("bottomup.onnx"));
            System.out.println("ONNX: " + out.resolve("bottomup.onnx"));
        }
        classical(d, val);
    }

    private static double[] numbers(String text, int n, String key) {
        String[] parts = text.split(",");
        if (parts.length != n) throw new IllegalArgumentException(key + "=" + text + ": expected " + n + " comma-separated numbers");
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = Double.parseDouble(parts[i].trim());
        return v;
    }

    /** Thrown by the epoch listener to end the run at the time budget (checkpoints of that epoch are written). */
    static final class TimeBudget extends java.io.IOException {
        TimeBudget(String m) {
            super(m);
        }
    }

    /** Otsu + distance-transform watershed (tessera-classic defaults) on the same images, same scoring. */
    static void classical(Dataset d, int[] val) throws Exception {
        DistanceWatershed ws = new DistanceWatershed(new DistanceWatershedConfig().validate());
        CocoEvaluator coco = new CocoEvaluator(CocoParams.builder(IouType.SEGM).catIds(new int[] {1}).build());
        CocoEvaluator coco1000 = new CocoEvaluator(CocoParams.builder(IouType.SEGM).maxDets(new int[] {1, 10, 1000}).catIds(new int[] {1}).build());
        PanopticEvaluator pq = new PanopticEvaluator(List.of(new PanopticCategory(1, "nucleus", true)));
        Instances.PanopticOptions all = new Instances.PanopticOptions(Double.NEGATIVE_INFINITY, 1.0, 0, l -> false);
        double dsb = 0;
        long objects = 0;
        for (int i : val) {
            Sample s = d.get(i);
            Image img = s.image();
            if (img.is16Bit()) img = img.to8Bit();
            Image g = img.channels() == 1 ? img : img.toGray();
            int w = g.width(), h = g.height();
            Instances truth = s.instances();
            int[] ids = new int[w * h];
            short[] sids = new short[w * h];
            for (int k = 0; k < truth.size(); k++) {
                truth.mask(k).paintInto(ids, k + 1);
                truth.mask(k).paintInto(sids, k + 1);
            }
            Labeling l = ws.segment(g.bytes(), w, h);
            dsb += DsbScore.score(ids, l.labels());
            Instances pred = l.toInstances(new int[] {1});
            objects += pred.size();
            long id = s.id() + 1;
            ImageGroundTruth gt = ImageGroundTruth.of(id, truth);
            ImageDetections dt = ImageDetections.of(id, pred);
            coco.process(gt, dt);
            coco1000.process(gt, dt);
            LabelMap zero = new LabelMap(w, h, new short[w * h], LabelMap.DEFAULT_IGNORE, null);
            PanopticMap gtPan = Instances.fromInstanceIds(new LabelMap(w, h, sids, LabelMap.DEFAULT_IGNORE, null), v -> 1).toPanoptic(zero, all).map();
            pq.add(s.fileName(), gtPan, pred.toPanoptic(zero, all).map());
        }
        double[] c = coco.evaluate().stats(), c1000 = coco1000.evaluate().stats();
        PanopticResult pr = pq.compute();
        System.out.printf("classical Otsu + distance watershed on the same %d val images: DSB %.4f | AP %.4f AP50 %.4f AP75 %.4f AR100 %.4f"
                        + " | maxDets 1000: AP %.4f AP50 %.4f AR1000 %.4f | PQ %.4f SQ %.4f RQ %.4f | %d objects%n",
                val.length, dsb / val.length, c[0], c[1], c[2], c[8], c1000[0], c1000[1], c1000[8], pr.all().pq(), pr.all().sq(),
                pr.all().rq(), objects);
    }
}
