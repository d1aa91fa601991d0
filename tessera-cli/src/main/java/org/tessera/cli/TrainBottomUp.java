package org.tessera.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tessera.core.image.Image;
import org.tessera.core.image.Images;
import org.tessera.core.io.AtomicFiles;
import org.tessera.data.Annotation;
import org.tessera.data.Dataset;
import org.tessera.data.DatasetCategory;
import org.tessera.data.DatasetFormat;
import org.tessera.data.GroundTruth;
import org.tessera.data.IdMaps;
import org.tessera.data.ListDataset;
import org.tessera.data.ReadOptions;
import org.tessera.data.Sample;
import org.tessera.data.Segmentation;
import org.tessera.data.coco.CocoJson;
import org.tessera.data.synthetic.SyntheticScene;
import org.tessera.train.Augmentation;
import org.tessera.train.BottomUpConfig;
import org.tessera.train.BottomUpTrainer;
import org.tessera.train.Checkpoint;
import org.tessera.train.InstanceData;
import org.tessera.train.OnnxExport;
import org.tessera.train.SegmentationTrainer;
import org.tessera.train.TrainConfig;

/**
 * {@code tessera train --arch bottomup}: the bottom-up instance / panoptic model of tessera-train
 * ({@link BottomUpTrainer}) on a data set with instance annotations (COCO, COCO panoptic, DSB 2018, YOLO, labelme,
 * VOC, instance-id label maps ...) or on synthetic scenes written as COCO. Classes: label = category id, the number of
 * classes the largest id + 1 (0 is the background when no category has id 0); thing classes = the categories that
 * are things, stuff classes = the others. Two classes with thing 1 (nuclei, cells, one object class) take
 * {@link BottomUpConfig#nuclei}; more classes {@link BottomUpConfig#of} (same targets, loss weights and grouping).
 * Augmentation: random crops of {@code --size} at native resolution with the 8 symmetries of the square, plus the
 * {@code --aug} / {@code --aug-*} ranges (scale factors of each image's own size); {@code --val-fraction} splits a
 * data set without splits as for semantic training.
 */
final class TrainBottomUp {
    static final String ARCH = "bottomup";

    private TrainBottomUp() {
    }

    static int run(TrainCommand c, Path run, boolean resuming, boolean extend, int[] hw) throws IOException {
        if (extend) {
            throw new BadInputException("--resume with --epochs: a bottom-up run cannot be extended (its checkpoints hold the epoch count); train a new run");
        }
        if (!c.loss.equals("ce")) throw new BadInputException("--loss " + c.loss + ": --arch bottomup has its own loss (cross-entropy + centre MSE + offset L1; see --center-weight, --offset-weight)");
        if (!c.classWeights.equals("none")) throw new BadInputException("--class-weights is not used by --arch bottomup");
        // random crops at native resolution with the 8 symmetries of the square, plus --aug / --aug-* (scale factors of
        // each image's own size)
        Augmentation aug = c.augmentation().withSymmetries(true, true);
        try { // options checked before any data is read or written
            TrainConfig probe = TrainConfig.builder(2, run).width(c.width).depth(c.depth).resize(hw[1], hw[0]).crop(hw[1], hw[0])
                    .batchSize(c.batch).epochs(c.epochs).learningRate(c.lr).warmupSteps(c.warmup != null ? c.warmup : 0)
                    .patience(c.patience).seed(c.seed).build();
            BottomUpConfig n = BottomUpConfig.nuclei(probe);
            new BottomUpConfig(probe, c.sigma != null ? c.sigma : n.sigma(), c.centerWeight != null ? c.centerWeight : n.centerLossWeight(),
                    c.offsetWeight != null ? c.offsetWeight : n.offsetLossWeight(), n.grouping(), n.thingClasses(), null, 0, aug);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        Dataset train, val;
        if (c.synthetic != null) {
            int vals = Math.max(2, c.synthetic / 4);
            train = scenes(run.resolve("synthetic/train"), c.synthetic, hw[0], hw[1], c.seed * 1_000_003L);
            val = scenes(run.resolve("synthetic/val"), vals, hw[0], hw[1], c.seed * 1_000_003L + 500_000);
        } else {
            DataSources.Resolved r = DataSources.resolve(c.format, c.data, "--format");
            DataSources.requireExists(r.path());
            train = read(c, r, c.split);
            if (c.valFraction != null) {
                Dataset[] tv = c.splitOff(train);
                train = tv[0];
                val = tv[1];
            } else {
                val = "none".equalsIgnoreCase(c.valSplit()) ? null : read(c, r, c.valSplit());
            }
        }
        if (train.size() == 0) throw new BadInputException((c.data != null ? c.data : run) + ": no training images" + (c.data != null ? " in split '" + c.split + "'" : ""));
        if (val != null && val.size() == 0) val = null;
        int numClasses = c.classes != null ? c.classes : Math.max(2, maxCategory(train) + 1);
        boolean semantic = train.groundTruth().contains(GroundTruth.SEMANTIC);
        int ignore = semantic ? train.ignoreIndex() : numClasses <= 255 ? 255 : -1; // crowd regions are ignored
        List<Integer> things = new ArrayList<>(), stuff = new ArrayList<>();
        for (DatasetCategory cat : train.categories()) {
            if (cat.id() == ignore) continue;
            if (cat.id() < 0 || cat.id() >= numClasses) {
                throw new BadInputException(train.source() + ": category " + cat.id() + " (" + cat.name() + ") is not one of the " + numClasses + " classes 0.." + (numClasses - 1));
            }
            (cat.isThing() ? things : stuff).add(cat.id());
        }
        if (things.isEmpty()) throw new BadInputException(train.source() + ": no thing category (objects with instances) to train --arch bottomup on");
        long stepsPerEpoch = (train.size() + c.batch - 1) / Math.max(1, c.batch);
        int warm = c.warmup != null ? c.warmup : (int) Math.min(100, stepsPerEpoch * (long) c.epochs / 10);
        TrainConfig base;
        BottomUpConfig cfg;
        try {
            base = TrainConfig.builder(numClasses, run).ignoreIndex(ignore).width(c.width).depth(c.depth)
                    .resize(hw[1], hw[0]).crop(hw[1], hw[0]).flip(true).batchSize(c.batch).epochs(c.epochs).learningRate(c.lr)
                    .warmupSteps(warm).patience(c.patience).seed(c.seed).build();
            int[] t = things.stream().mapToInt(Integer::intValue).sorted().toArray();
            int[] s = stuff.stream().mapToInt(Integer::intValue).sorted().toArray();
            BottomUpConfig d = numClasses == 2 && Arrays.equals(t, new int[] {1}) && s.length == 0 ? BottomUpConfig.nuclei(base) : BottomUpConfig.of(base, t, s);
            cfg = new BottomUpConfig(base, c.sigma != null ? c.sigma : d.sigma(), c.centerWeight != null ? c.centerWeight : d.centerLossWeight(),
                    c.offsetWeight != null ? c.offsetWeight : d.offsetLossWeight(), d.grouping(), d.thingClasses(), d.stuffClasses(), d.minStuffArea(), aug);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        if (!resuming) {
            Files.createDirectories(run);
            AtomicFiles.writeString(run.resolve(TrainCommand.ARGS_FILE), c.save());
        }
        InstanceData trainData = data(train, numClasses, ignore), valData = val == null ? null : data(val, numClasses, ignore);
        System.out.printf(Locale.ROOT, "%s %d train / %d val images, %d classes (things %s, stuff %s), %s, %dx%d crops%s, %d epochs%n",
                resuming ? "resuming" : "training", train.size(), val == null ? 0 : val.size(), numClasses, things, stuff,
                cfg.newNetwork().describe(), hw[0], hw[1], aug.withSymmetries(false, false).isNone() ? "" : " (augmentation " + aug + ")", c.epochs);
        String title = "tessera train " + run.getFileName() + " (bottomup width " + c.width + ", lr " + c.lr + ")";
        try (BottomUpTrainer t = new BottomUpTrainer(cfg)) {
            t.onEpoch(e -> {
                TrainCurves.write(run, title, "val_dsb", "validation DSB 2018 score");
                BottomUpTrainer.Validation v = e.validation();
                System.out.printf(Locale.ROOT, "epoch %d/%d  loss %.4f (semantic %.4f, centre %.5f, offset %.3f)  %s  lr %.2e  %.1f s%s%n",
                        e.epoch(), c.epochs, e.trainLoss(), e.semanticLoss(), e.centerLoss(), e.offsetLoss(),
                        v == null ? "no validation" : String.format(Locale.ROOT, "val DSB %.4f AP %.4f PQ %.4f (%d instances)", v.dsb(), v.ap(), v.pq(), v.predicted()),
                        e.lr(), e.seconds(), e.improved() ? "  (best)" : "");
                System.out.flush();
            });
            BottomUpTrainer.Result r;
            try {
                r = resuming ? t.resume(trainData, valData) : t.fit(trainData, valData);
            } catch (IllegalArgumentException e) {
                throw new BadInputException(e.getMessage());
            }
            if (resuming && r.epochs().isEmpty()) System.out.println("run already finished (" + r.epochsDone() + " epochs); nothing to do");
            System.out.printf(Locale.ROOT, "done: %d epochs%s, best epoch %d, %s; %s%n", r.epochsDone(),
                    r.stoppedEarly() ? " (stopped early)" : "", r.bestEpoch(),
                    valData == null ? "training loss " + String.format(Locale.ROOT, "%.4f", -r.bestMetric())
                            : "val DSB " + String.format(Locale.ROOT, "%.4f", r.bestMetric()),
                    run.resolve(SegmentationTrainer.BEST));
            if (c.onnx) {
                Path best = run.resolve(SegmentationTrainer.BEST);
                if (Files.isRegularFile(best)) Checkpoint.read(best, t.model(), base.optimizer(), null);
                Path model = run.resolve("model.onnx");
                Path side = OnnxExport.writeServable(t.model(), cfg, classNames(train, numClasses, ignore), model);
                System.out.println("wrote " + model + " and " + side.getFileName() + " (run it: tessera predict --model " + model + " IMAGE...)");
            }
        }
        return 0;
    }

    /** Class names by label: the category names, {@code background} for a label 0 that no category has. */
    static List<String> classNames(Dataset d, int numClasses, int ignore) {
        Map<Integer, String> names = new HashMap<>();
        for (DatasetCategory cat : d.categories()) names.put(cat.id(), cat.name());
        if (!names.containsKey(0)) names.put(0, "background");
        return OnnxExport.classNames(numClasses, names, ignore);
    }

    /**
     * Decoded items are cached when they take at most a quarter of the JVM's maximum heap (RGB + instance ids + labels,
     * 7 bytes a pixel): the full DSB 2018 training set (~0.7 GB decoded) is then cached with the launcher's -Xmx8g,
     * instead of being decoded (28,986 mask PNGs) again every epoch.
     */
    private static InstanceData data(Dataset d, int numClasses, int ignore) {
        long pixels = 0;
        for (int i = 0; i < d.size(); i++) pixels += (long) d.get(i).width() * d.get(i).height();
        return InstanceData.all(d, numClasses, ignore, pixels * 7 <= Runtime.getRuntime().maxMemory() / 4);
    }

    private static Dataset read(TrainCommand c, DataSources.Resolved r, String split) throws IOException {
        Dataset d = DataSources.open(r.path(), r.format(), new ReadOptions(split, c.trainIds, false, c.ignoreIndex, null));
        if (!d.groundTruth().contains(GroundTruth.INSTANCES)) {
            throw new BadInputException(r.path() + ": " + r.format().cliName() + " data has no instance annotations to train --arch bottomup on"
                    + " (formats with instances: coco, coco-panoptic, dsb-kaggle, yolo, labelme, voc, labelmaps with --instance-ids)");
        }
        return d;
    }

    private static int maxCategory(Dataset d) {
        int max = -1;
        for (DatasetCategory c : d.categories()) if (c.id() != d.ignoreIndex()) max = Math.max(max, c.id());
        if (max < 0) throw new BadInputException(d.source() + ": the data set names no categories; give --classes");
        return max;
    }

    /**
     * Renders {@code n} synthetic scenes as a COCO instances data set ({@code root/images/sNNNNN.png} and
     * {@code root/annotations.json}; kept in the run folder so that a resume reads the same images): the discs,
     * squares and triangles (category ids 1-3) are the instances; sky and ground are background.
     */
    static Dataset scenes(Path root, int n, int h, int w, long seed) throws IOException {
        Path json = root.resolve("annotations.json");
        if (!Files.isRegularFile(json)) {
            List<Sample> samples = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String name = String.format("s%05d.png", i);
                Path img = root.resolve("images").resolve(name);
                SyntheticScene s = SyntheticScene.render(w, h, 4, seed + i);
                Images.writePng(Image.of8(w, h, 3, s.rgb()), img);
                List<Annotation> anns = new ArrayList<>();
                for (IdMaps.Region r : IdMaps.regions(s.instanceIds(), w, h, v -> v == 0)) {
                    int[] bb = r.bbox();
                    anns.add(Annotation.of(r.id(), s.instanceCategory(r.id()), false, r.area(), new double[] {bb[0], bb[1], bb[2], bb[3]},
                            new Segmentation.OfRle(r.rle(), true)));
                }
                samples.add(Sample.builder(i + 1, name, w, h).imagePath(img).annotations(anns).build());
            }
            List<DatasetCategory> cats = new ArrayList<>();
            for (int k = SyntheticScene.DISC; k <= SyntheticScene.TRIANGLE; k++) {
                cats.add(new DatasetCategory(k, SyntheticScene.CATEGORY_NAMES.get(k - 1), "shape", true, SyntheticScene.CATEGORY_COLORS[k - 1]));
            }
            CocoJson.write(new ListDataset(samples, cats, java.util.EnumSet.of(GroundTruth.INSTANCES), json, 255), json);
        }
        return DatasetFormat.COCO.read(json, ReadOptions.defaults());
    }
}
