package org.tessera.cli;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.tessera.core.image.Image;
import org.tessera.core.image.Images;
import org.tessera.core.image.LabelMaps;
import org.tessera.core.io.AtomicFiles;
import org.tessera.core.label.LabelMap;
import org.tessera.data.Dataset;
import org.tessera.data.DatasetCategory;
import org.tessera.data.GroundTruth;
import org.tessera.data.ListDataset;
import org.tessera.data.ReadOptions;
import org.tessera.data.formats.LabelMapFolder;
import org.tessera.data.synthetic.SyntheticScene;
import org.tessera.train.Augmentation;
import org.tessera.train.ClassWeights;
import org.tessera.train.OnnxExport;
import org.tessera.train.SegmentationData;
import org.tessera.train.SegmentationTrainer;
import org.tessera.train.TrainConfig;
import org.tessera.train.ValidationSplit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tessera train}: trains a semantic segmentation network (tessera-train) on a data set read by tessera-data,
 * or on synthetic scenes, printing one line per epoch ({@code --arch bottomup}: the bottom-up instance / panoptic model,
 * {@link TrainBottomUp}); {@code --resume RUN_DIR} continues an interrupted run with the
 * options saved in {@code RUN_DIR/train.properties}.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a semantic segmentation network (U-Net, FCN, SegNet, DeepLabV3, ERFNet) or, with --arch bottomup, a bottom-up instance / panoptic model on a data set (--data) or synthetic scenes (--synthetic N); --resume RUN_DIR continues a run.")
final class TrainCommand implements Callable<Integer> {
    /** The run's saved command-line options, in the run folder. */
    static final String ARGS_FILE = "train.properties";
    static final List<String> ARCHS = java.util.stream.Stream.concat(org.tessera.train.Architectures.NAMES.stream(),
            java.util.stream.Stream.of(TrainBottomUp.ARCH)).toList();

    @Option(names = "--data", paramLabel = "DIR", description = "Data set with semantic ground truth (folder or file); with --arch bottomup, with instance annotations.")
    Path data;

    @Option(names = "--format", description = "Data-set format (detected when omitted).")
    String format;

    @Option(names = "--split", defaultValue = "train", description = "Training split (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--val-split", description = "Validation split, 'none' for no validation (default: val).")
    String valSplit;

    @Option(names = "--val-fraction", paramLabel = "F", description = "Validation = a seeded fraction 0 < F < 1 of the --split images (for data sets without splits; not with --val-split).")
    Double valFraction;

    @Option(names = "--split-seed", paramLabel = "S", description = "Seed of the --val-fraction split (default: 0).")
    Long splitSeed;

    @Option(names = "--ignore-index", defaultValue = "255", description = "Label-map folders: class value to ignore, -1 for none (default: ${DEFAULT-VALUE}).")
    int ignoreIndex;

    @Option(names = "--train-ids", description = "Cityscapes: category ids are trainIds.")
    boolean trainIds;

    @Option(names = "--classes", description = "Number of classes (default: largest category id + 1).")
    Integer classes;

    @Option(names = "--synthetic", paramLabel = "N", description = "Train on N synthetic scenes (labels 0..5) instead of --data; N/4 (at least 2) more for validation.")
    Integer synthetic;

    @Option(names = "--out", paramLabel = "RUN_DIR", description = "Run folder: checkpoints, log.jsonl, model.onnx.")
    Path out;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue the run in RUN_DIR with its saved options (other options are ignored).")
    Path resume;

    @Option(names = "--arch", defaultValue = "unet", description = "Architecture: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); see docs/train.md for what --width means for each.", completionCandidates = ArchNames.class)
    String arch;

    @Option(names = "--epochs", defaultValue = "50") int epochs;
    @Option(names = "--batch", defaultValue = "4") int batch;
    @Option(names = "--size", paramLabel = "HxW", defaultValue = "256x256", description = "Training size (resize, then centre crop): height x width, multiples of 2^depth (default: ${DEFAULT-VALUE}).")
    String size;
    @Option(names = "--lr", defaultValue = "1e-3") double lr;
    @Option(names = "--width", defaultValue = "16", description = "Network width, per architecture (docs/train.md); for unet the channels of the first level (default: ${DEFAULT-VALUE}).") int width;
    @Option(names = "--depth", defaultValue = "4", description = "Down-sampling levels of unet and segnet (default: ${DEFAULT-VALUE}).") int depth;
    @Option(names = "--patience", defaultValue = "10", description = "Early stopping: epochs without improvement (default: ${DEFAULT-VALUE}).") int patience;
    @Option(names = "--seed", defaultValue = "0") long seed;
    @Option(names = "--warmup", description = "Warm-up steps (default: min(100, total steps / 10)).") Integer warmup;

    @Option(names = "--onnx", description = "Write RUN_DIR/model.onnx (best weights) at the end.")
    boolean onnx;

    @Option(names = "--aug", paramLabel = "S", defaultValue = "0", description = "Augmentation strength 0..1: random scale + crop, rotation, colour jitter, blur (0: flip only; default: ${DEFAULT-VALUE}).")
    double aug;
    @Option(names = "--aug-scale", paramLabel = "MIN,MAX", description = "Explicit scale range (overrides --aug's).")
    String augScale;
    @Option(names = "--aug-rotate", paramLabel = "DEG", description = "Explicit maximum rotation in degrees (overrides --aug's).")
    Double augRotate;
    @Option(names = "--aug-color", paramLabel = "B,C,S,H", description = "Explicit brightness, contrast, saturation, hue jitter (overrides --aug's).")
    String augColor;
    @Option(names = "--aug-blur", paramLabel = "P,SMIN,SMAX", description = "Explicit blur probability and sigma range (overrides --aug's).")
    String augBlur;
    @Option(names = "--loss", defaultValue = "ce", description = "ce, dice, focal or ce+dice (default: ${DEFAULT-VALUE}).")
    String loss;
    @Option(names = "--focal-gamma", defaultValue = "2", description = "Focusing parameter of --loss focal (default: ${DEFAULT-VALUE}).")
    double focalGamma;
    @Option(names = "--class-weights", defaultValue = "none", description = "none or median (median frequency balancing of the training labels; default: ${DEFAULT-VALUE}).")
    String classWeights;

    @Option(names = "--sigma", paramLabel = "PX", description = "--arch bottomup: centre Gaussian sigma in pixels (default 2).")
    Double sigma;
    @Option(names = "--center-weight", description = "--arch bottomup: weight of the centre heat-map MSE (default 200).")
    Double centerWeight;
    @Option(names = "--offset-weight", description = "--arch bottomup: weight of the offset L1 (default 0.1).")
    Double offsetWeight;

    @Option(names = "--config", paramLabel = "JSON", description = "Options from a JSON object ({\"lr\": 0.003, \"width\": 8, ...}; lists make a sweep); command-line options win.")
    Path config;
    @Option(names = "--sweep", paramLabel = "grid|random[:N]", description = "Train every combination (grid) or N random ones of the --sweep-* values into RUN_DIR/run-XXX; rerun to resume.")
    String sweep;
    @Option(names = "--sweep-lr", split = ",", paramLabel = "V") List<String> sweepLr;
    @Option(names = "--sweep-width", split = ",", paramLabel = "V") List<String> sweepWidth;
    @Option(names = "--sweep-depth", split = ",", paramLabel = "V") List<String> sweepDepth;
    @Option(names = "--sweep-batch", split = ",", paramLabel = "V") List<String> sweepBatch;
    @Option(names = "--sweep-aug", split = ",", paramLabel = "V") List<String> sweepAug;
    @Option(names = "--sweep-loss", split = ",", paramLabel = "V") List<String> sweepLoss;
    @Option(names = "--sweep-seed", split = ",", paramLabel = "V") List<String> sweepSeed;
    @Option(names = "--sweep-arch", split = ",", paramLabel = "V") List<String> sweepArch;

    @Spec
    CommandSpec spec;

    /** Set by a sweep: the outcome of the run, read back by {@link TrainSweep}. */
    SegmentationTrainer.Result result;

    @Override
    public Integer call() throws Exception {
        List<String> args = spec != null && spec.commandLine().getParseResult() != null
                ? spec.commandLine().getParseResult().originalArgs() : List.of();
        if (spec != null && spec.parent() != null) { // invoked as 'tessera [global options] train ...': this command's arguments
            int at = args.indexOf(spec.name());
            args = at < 0 ? args : args.subList(at + 1, args.size());
        }
        if (config != null) return TrainSweep.withConfig(config, args);
        if (TrainSweep.isSweep(this)) {
            if (TrainBottomUp.ARCH.equalsIgnoreCase(arch) || (sweepArch != null && sweepArch.stream().anyMatch(TrainBottomUp.ARCH::equalsIgnoreCase))) {
                throw new BadInputException("--sweep: not available for --arch bottomup yet (sweeps compare validation mIoU of semantic runs)");
            }
            if (resume != null) throw new BadInputException("--resume continues one run; to resume a sweep, run the same sweep command again");
            return new TrainSweep(this, args).run();
        }
        boolean resuming = resume != null;
        boolean extend = resuming && spec != null && spec.commandLine().getParseResult() != null
                && spec.commandLine().getParseResult().hasMatchedOption("--epochs");
        int newEpochs = epochs, savedEpochs = epochs;
        Path run;
        if (resuming) {
            run = resume;
            Path saved = run.resolve(ARGS_FILE);
            if (!Files.isRegularFile(saved)) throw new BadInputException(saved + ": no such file; not a 'tessera train' run folder");
            load(saved);
            savedEpochs = epochs;
            if (extend) epochs = newEpochs;
        } else {
            if (out == null) throw new BadInputException("give --out RUN_DIR (or --resume RUN_DIR)");
            run = out;
        }
        if (!ARCHS.contains(arch.toLowerCase(Locale.ROOT))) {
            throw new BadInputException("--arch " + arch + ": unknown architecture; available: " + String.join(", ", ARCHS));
        }
        if ((data == null) == (synthetic == null)) throw new BadInputException("give exactly one of --data DIR and --synthetic N");
        if (synthetic != null && synthetic < 1) throw new BadInputException("--synthetic " + synthetic + ": must be at least 1");
        int[] hw = Sizes.parseHxW(size, "--size");
        checkValFraction();
        arch = arch.toLowerCase(Locale.ROOT);
        if (arch.equals(TrainBottomUp.ARCH)) return TrainBottomUp.run(this, run, resuming, extend, hw);
        if (sigma != null || centerWeight != null || offsetWeight != null) {
            throw new BadInputException("--sigma, --center-weight and --offset-weight are options of --arch bottomup");
        }

        // options checked before any data is read or written (classes and warm-up are only known later)
        TrainConfig.Loss lossKind;
        try {
            lossKind = TrainConfig.Loss.parse(loss);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--loss: " + e.getMessage());
        }
        if (!classWeights.equals("none") && !classWeights.equals("median")) {
            throw new BadInputException("--class-weights " + classWeights + ": use none or median");
        }
        Augmentation augmentation = augmentation();
        TrainConfig.builder(classes != null ? classes : 2, run).arch(arch).width(width).depth(depth).resize(hw[1], hw[0])
                .crop(hw[1], hw[0]).batchSize(batch).epochs(epochs).learningRate(lr).warmupSteps(warmup != null ? warmup : 0)
                .patience(patience).seed(seed).loss(lossKind).focalGamma(focalGamma).augmentation(augmentation).build();
        Dataset train, val;
        int ignore;
        if (synthetic != null) {
            int vals = Math.max(2, synthetic / 4);
            train = scenes(run.resolve("synthetic/train"), synthetic, hw[0], hw[1], seed * 1_000_003L);
            val = scenes(run.resolve("synthetic/val"), vals, hw[0], hw[1], seed * 1_000_003L + 500_000);
            ignore = 255;
        } else {
            DataSources.Resolved r = DataSources.resolve(format, data, "--format");
            DataSources.requireExists(r.path());
            train = read(r, split);
            if (valFraction != null) {
                Dataset[] tv = splitOff(train);
                train = tv[0];
                val = tv[1];
            } else {
                val = "none".equalsIgnoreCase(valSplit()) ? null : read(r, valSplit());
            }
            ignore = train.ignoreIndex();
        }
        if (train.size() == 0) throw new BadInputException((data != null ? data : run) + ": no training images" + (data != null ? " in split '" + split + "'" : ""));
        if (val != null && val.size() == 0) val = null;
        int numClasses = classes != null ? classes : classesOf(train);

        long stepsPerEpoch = (train.size() + batch - 1) / Math.max(1, batch);
        // extending a run keeps the warm-up of its original length (recorded in the options from then on)
        int warm = warmup != null ? warmup : (int) Math.min(100, stepsPerEpoch * (long) savedEpochs / 10);
        if (extend) warmup = warm;
        float[] weights = null;
        if (classWeights.equals("median")) {
            weights = ClassWeights.medianFrequency(new SegmentationData(train, numClasses, ignore));
            StringBuilder sb = new StringBuilder();
            for (float v : weights) sb.append(sb.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.3f", v));
            System.out.println("class weights (median frequency): " + sb);
        }
        TrainConfig cfg = TrainConfig.builder(numClasses, run).arch(arch).ignoreIndex(ignore).width(width).depth(depth)
                .resize(hw[1], hw[0]).crop(hw[1], hw[0]).randomCrop(!augmentation.isNone()).batchSize(batch).epochs(epochs).learningRate(lr)
                .warmupSteps(warm).patience(patience).seed(seed).loss(lossKind).focalGamma(focalGamma)
                .augmentation(augmentation).classWeights(weights).build();
        if (!resuming || extend) {
            Files.createDirectories(run);
            AtomicFiles.writeString(run.resolve(ARGS_FILE), save());
        }
        System.out.printf(Locale.ROOT, "%s %d train / %d val images, %d classes, %s, %dx%d, %d epochs%n",
                resuming ? "resuming" : "training", train.size(), val == null ? 0 : val.size(), numClasses,
                cfg.newNetwork().describe(), hw[0], hw[1], epochs);
        String title = "tessera train " + run.getFileName() + " (" + loss + ", lr " + lr + ", " + arch + " width " + width + ", aug " + aug + ")";
        try (SegmentationTrainer t = new SegmentationTrainer(cfg)) {
            Progress[] bar = new Progress[1];
            double[] sum = new double[1];
            t.onStep((ep, b, n, l) -> {
                if (b == 1) {
                    bar[0] = new Progress("steps of epoch " + ep, n);
                    sum[0] = 0;
                }
                sum[0] += l;
                bar[0].step(String.format(Locale.ROOT, "loss %.4f (epoch mean %.4f)", l, sum[0] / b));
                if (b == n) bar[0].close();
            });
            t.onEpoch(e -> {
                TrainCurves.write(run, title);
                System.out.printf(Locale.ROOT, "epoch %d/%d  loss %.4f  val mIoU %s  lr %.2e  %.1f s%s%n", e.epoch(), epochs,
                        e.trainLoss(), Double.isNaN(e.valMiou()) ? "-" : String.format(Locale.ROOT, "%.4f", e.valMiou()),
                        e.lr(), e.seconds(), e.improved() ? "  (best)" : "");
                System.out.flush();
            });
            SegmentationTrainer.Result r = resuming ? t.resume(train, val, extend) : t.fit(train, val);
            result = r;
            if (resuming && r.epochs().isEmpty()) System.out.println("run already finished (" + r.epochsDone() + " epochs); nothing to do");
            System.out.printf(Locale.ROOT, "done: %d epochs%s, best epoch %d, val mIoU %s; %s%n", r.epochsDone(),
                    r.stoppedEarly() ? " (stopped early)" : "", r.bestEpoch(),
                    Double.isNaN(r.bestMiou()) ? "-" : String.format(Locale.ROOT, "%.4f", r.bestMiou()),
                    run.resolve(SegmentationTrainer.BEST));
            if (onnx) {
                Path best = run.resolve(SegmentationTrainer.BEST);
                if (Files.isRegularFile(best)) org.tessera.train.Checkpoint.read(best, t.model(), cfg.optimizer(), null);
                Path model = run.resolve("model.onnx");
                java.util.Map<Integer, String> names = new java.util.HashMap<>();
                for (DatasetCategory c : train.categories()) names.put(c.id(), c.name());
                Path side = OnnxExport.writeServable(t.model(), cfg, OnnxExport.classNames(numClasses, names, ignore), model);
                System.out.println("wrote " + model + " and " + side.getFileName() + " (run it: tessera predict --model " + model + " IMAGE...)");
            }
        }
        return 0;
    }

    /** The architecture names for the --arch help. */
    static final class ArchNames extends ArrayList<String> {
        ArchNames() {
            super(ARCHS);
        }
    }

    /** The validation split: {@code --val-split}, default {@code val}. */
    String valSplit() {
        return valSplit != null ? valSplit : "val";
    }

    /** Checks {@code --val-fraction} and {@code --split-seed} (before anything is read or written). */
    void checkValFraction() {
        if (valFraction == null) {
            if (splitSeed != null) throw new BadInputException("--split-seed " + splitSeed + ": only used with --val-fraction F");
            return;
        }
        if (!(valFraction > 0 && valFraction < 1)) throw new BadInputException("--val-fraction " + valFraction + ": must be in (0, 1)");
        if (valSplit != null) {
            throw new BadInputException("--val-fraction splits the --split images into training and validation; give it or --val-split " + valSplit + ", not both");
        }
        if (synthetic != null) throw new BadInputException("--val-fraction splits a --data set; --synthetic renders its own validation images");
    }

    /**
     * {@code --val-fraction}: the training and validation parts of {@code all}, the seeded split of
     * {@link ValidationSplit#seeded} with {@code --split-seed}; prints their sizes.
     */
    Dataset[] splitOff(Dataset all) {
        long seed = splitSeed != null ? splitSeed : 0;
        ValidationSplit s;
        try {
            s = ValidationSplit.seeded(all.size(), valFraction, seed);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--val-fraction " + valFraction + ": " + e.getMessage() + " (" + (all.source() != null ? all.source() : data) + ")");
        }
        System.out.printf(Locale.ROOT, "validation split: %d of the %d images (--val-fraction %s, --split-seed %d), %d for training%n",
                s.validation().length, all.size(), valFraction, seed, s.train().length);
        return new Dataset[] {ListDataset.subset(all, s.train()), ListDataset.subset(all, s.validation())};
    }

    /** {@code --aug} strength with the explicit {@code --aug-*} ranges applied over it. */
    Augmentation augmentation() {
        if (!(aug >= 0 && aug <= 1)) throw new BadInputException("--aug " + aug + ": strength must be in [0, 1]");
        Augmentation a = Augmentation.ofStrength(aug);
        String at = "--aug-scale";
        try {
            if (augScale != null) {
                double[] v = numbers(augScale, 2, at);
                a = a.withScale(v[0], v[1]);
            }
            at = "--aug-rotate";
            if (augRotate != null) a = a.withRotation(augRotate);
            at = "--aug-color";
            if (augColor != null) {
                double[] v = numbers(augColor, 4, at);
                a = a.withColor(v[0], v[1], v[2], v[3]);
            }
            at = "--aug-blur";
            if (augBlur != null) {
                double[] v = numbers(augBlur, 3, at);
                a = a.withBlur(v[0], v[1], v[2]);
            }
        } catch (IllegalArgumentException e) {
            throw new BadInputException(at + ": " + e.getMessage());
        }
        return a;
    }

    private static double[] numbers(String text, int n, String option) {
        String[] parts = text.split(",");
        if (parts.length != n) throw new BadInputException(option + " " + text + ": expected " + n + " comma-separated numbers");
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            try {
                v[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new BadInputException(option + " " + text + ": '" + parts[i] + "' is not a number");
            }
        }
        return v;
    }

    private Dataset read(DataSources.Resolved r, String s) throws IOException {
        Dataset d = DataSources.open(r.path(), r.format(), new ReadOptions(s, trainIds, false, ignoreIndex, null));
        if (!d.groundTruth().contains(GroundTruth.SEMANTIC)) {
            throw new BadInputException(r.path() + ": " + r.format().cliName() + " data has no semantic ground truth to train on");
        }
        return d;
    }

    private static int classesOf(Dataset d) {
        int max = -1;
        for (DatasetCategory c : d.categories()) {
            if (c.id() != d.ignoreIndex()) max = Math.max(max, c.id());
        }
        if (max < 0) throw new BadInputException(d.source() + ": the data set names no categories; give --classes");
        return max + 1;
    }

    /** Renders {@code n} scenes as a label-map folder (kept in the run folder so a resume reads the same images). */
    static Dataset scenes(Path root, int n, int h, int w, long seed) throws IOException {
        for (int i = 0; i < n; i++) {
            Path img = root.resolve("images").resolve(String.format("s%05d.png", i));
            Path lab = root.resolve("labels").resolve(String.format("s%05d.png", i));
            if (Files.isRegularFile(img) && Files.isRegularFile(lab)) continue;
            SyntheticScene s = SyntheticScene.render(w, h, 4, seed + i);
            Images.writePng(Image.of8(w, h, 3, s.rgb()), img);
            LabelMaps.writePng(new LabelMap(w, h, s.semantic(), 255, null), lab);
        }
        List<String> names = new ArrayList<>();
        names.add("none");
        names.addAll(SyntheticScene.CATEGORY_NAMES);
        return LabelMapFolder.read(root, LabelMapFolder.Options.classes(255, names));
    }

    /** The options as properties text (the run's {@code train.properties}). */
    String save() throws IOException {
        Properties p = new Properties();
        if (data != null) p.setProperty("data", data.toAbsolutePath().toString());
        if (format != null) p.setProperty("format", format);
        if (synthetic != null) p.setProperty("synthetic", synthetic.toString());
        if (classes != null) p.setProperty("classes", classes.toString());
        if (warmup != null) p.setProperty("warmup", warmup.toString());
        p.setProperty("split", split);
        if (valFraction != null) {
            p.setProperty("val-fraction", valFraction.toString());
            p.setProperty("split-seed", Long.toString(splitSeed != null ? splitSeed : 0));
        } else {
            p.setProperty("val-split", valSplit());
        }
        p.setProperty("ignore-index", Integer.toString(ignoreIndex));
        p.setProperty("train-ids", Boolean.toString(trainIds));
        p.setProperty("arch", arch);
        p.setProperty("epochs", Integer.toString(epochs));
        p.setProperty("batch", Integer.toString(batch));
        p.setProperty("size", size);
        p.setProperty("lr", Double.toString(lr));
        p.setProperty("width", Integer.toString(width));
        p.setProperty("depth", Integer.toString(depth));
        p.setProperty("patience", Integer.toString(patience));
        p.setProperty("seed", Long.toString(seed));
        p.setProperty("aug", Double.toString(aug));
        p.setProperty("loss", loss);
        p.setProperty("focal-gamma", Double.toString(focalGamma));
        p.setProperty("class-weights", classWeights);
        if (augScale != null) p.setProperty("aug-scale", augScale);
        if (augRotate != null) p.setProperty("aug-rotate", augRotate.toString());
        if (augColor != null) p.setProperty("aug-color", augColor);
        if (augBlur != null) p.setProperty("aug-blur", augBlur);
        if (sigma != null) p.setProperty("sigma", sigma.toString());
        if (centerWeight != null) p.setProperty("center-weight", centerWeight.toString());
        if (offsetWeight != null) p.setProperty("offset-weight", offsetWeight.toString());
        StringWriter w = new StringWriter();
        p.store(w, "tessera train options (read by --resume)");
        return w.toString();
    }

    private void load(Path file) throws IOException {
        Properties p = new Properties();
        try (StringReader r = new StringReader(Files.readString(file))) {
            p.load(r);
        }
        try {
            data = p.containsKey("data") ? Path.of(p.getProperty("data")) : null;
            format = p.getProperty("format");
            synthetic = p.containsKey("synthetic") ? Integer.valueOf(p.getProperty("synthetic")) : null;
            classes = p.containsKey("classes") ? Integer.valueOf(p.getProperty("classes")) : null;
            warmup = p.containsKey("warmup") ? Integer.valueOf(p.getProperty("warmup")) : null;
            split = p.getProperty("split", "train");
            valSplit = p.getProperty("val-split");
            valFraction = p.containsKey("val-fraction") ? Double.valueOf(p.getProperty("val-fraction")) : null;
            splitSeed = p.containsKey("split-seed") ? Long.valueOf(p.getProperty("split-seed")) : null;
            ignoreIndex = Integer.parseInt(p.getProperty("ignore-index", "255"));
            trainIds = Boolean.parseBoolean(p.getProperty("train-ids", "false"));
            arch = p.getProperty("arch", "unet");
            epochs = Integer.parseInt(req(p, "epochs", file));
            batch = Integer.parseInt(req(p, "batch", file));
            size = req(p, "size", file);
            lr = Double.parseDouble(req(p, "lr", file));
            width = Integer.parseInt(req(p, "width", file));
            depth = Integer.parseInt(req(p, "depth", file));
            patience = Integer.parseInt(req(p, "patience", file));
            seed = Long.parseLong(req(p, "seed", file));
            aug = Double.parseDouble(p.getProperty("aug", "0"));
            loss = p.getProperty("loss", "ce");
            focalGamma = Double.parseDouble(p.getProperty("focal-gamma", "2"));
            classWeights = p.getProperty("class-weights", "none");
            augScale = p.getProperty("aug-scale");
            augRotate = p.containsKey("aug-rotate") ? Double.valueOf(p.getProperty("aug-rotate")) : null;
            augColor = p.getProperty("aug-color");
            augBlur = p.getProperty("aug-blur");
            sigma = p.containsKey("sigma") ? Double.valueOf(p.getProperty("sigma")) : null;
            centerWeight = p.containsKey("center-weight") ? Double.valueOf(p.getProperty("center-weight")) : null;
            offsetWeight = p.containsKey("offset-weight") ? Double.valueOf(p.getProperty("offset-weight")) : null;
        } catch (NumberFormatException e) {
            throw new BadInputException(file + ": not a valid options file (" + e.getMessage() + ")");
        }
    }

    private static String req(Properties p, String key, Path file) {
        String v = p.getProperty(key);
        if (v == null) throw new BadInputException(file + ": missing '" + key + "'");
        return v;
    }
}
