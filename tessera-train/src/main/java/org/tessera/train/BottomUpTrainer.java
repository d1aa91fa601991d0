package org.tessera.train;

import org.tessera.core.instances.CenterGrouping;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.tessera.core.image.Image;
import org.tessera.core.image.ImageTransforms;
import org.tessera.core.image.FloatMap;
import org.tessera.core.instances.Instances;
import org.tessera.core.io.AtomicFiles;
import org.tessera.core.label.LabelMap;
import org.tessera.core.panoptic.PanopticMap;
import org.tessera.eval.coco.CocoEvaluator;
import org.tessera.eval.coco.CocoParams;
import org.tessera.eval.coco.ImageDetections;
import org.tessera.eval.coco.ImageGroundTruth;
import org.tessera.eval.coco.IouType;
import org.tessera.eval.instance.DsbScore;
import org.tessera.eval.panoptic.PanopticCategory;
import org.tessera.eval.panoptic.PanopticEvaluator;
import org.tessera.eval.panoptic.PanopticResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains a bottom-up instance / panoptic model in the spirit of Panoptic-DeepLab (B. Cheng et al., "Panoptic-DeepLab:
 * A Simple, Strong, and Fast Baseline for Bottom-Up Panoptic Segmentation", CVPR 2020): one network predicts
 * semantic logits, an instance-centre heat map and per-pixel offsets to the centre; {@link CenterGrouping} turns them
 * into instances and a panoptic map. So one model gives semantic, instance and panoptic output.
 *
 * <p>Network: {@link BottomUpNet}, a U-Net encoder-decoder with three 1x1 heads: semantic logits, the centre heat
 * map (linear, no activation, as the paper) and the offsets (dy, dx) in pixels. The paper's backbone (ResNet /
 * Xception with ASPP and two decoders) is not used: the encoder-decoder is shared by the heads.
 *
 * <p>Loss per batch: {@code CE(semantic) + centerLossWeight * MSE(heat) + offsetLossWeight * L1(offsets)}
 * ({@link Losses#crossEntropy}, {@link Losses#weightedMse}, {@link Losses#weightedL1}; targets {@link CenterTargets}
 * computed on each augmented crop). The paper's hard-pixel mining and small-instance weighting of the semantic loss
 * are not implemented.
 *
 * <p>Augmentation: {@link BottomUpConfig#augmenter()} (random crops at native resolution, by default with the 8
 * symmetries of the square; optionally random scale, rotation, colour jitter and blur) replayed on the image,
 * instance ids and semantic map by {@link InstanceData#augment}.
 *
 * <p>The loop is the one of {@link SegmentationTrainer}: order and augmentation seeded from (seed, epoch, position),
 * {@link ParamOptimizer} steps with the rate of {@link LrSchedule}, after each epoch a validation with the Kaggle DSB
 * 2018 score ({@link DsbScore}), class-aware COCO mask AP ({@link CocoEvaluator}, maxDets 100 and 1000) and PQ
 * ({@link PanopticEvaluator}), {@code last.ckpt}, {@code best.ckpt} (best validation DSB score) and {@code log.jsonl}
 * written atomically, early stopping after {@code patience} epochs without improvement, {@link #resume} bit-identical
 * to an uninterrupted run. Not thread-safe.
 */
public final class BottomUpTrainer implements AutoCloseable {
    /** Receives each finished epoch (after its checkpoint is written); an exception aborts the run. */
    @FunctionalInterface
    public interface EpochListener {
        void afterEpoch(EpochLog log) throws IOException;
    }

    /**
     * Validation figures.
     *
     * @param dsb        mean over images of the DSB 2018 score
     * @param coco       COCO segm stats with maxDets (1, 10, 100): AP, AP50, AP75, APs, APm, APl, AR1, AR10, AR100, ...
     * @param coco1000   the same with maxDets (1, 10, 1000) (images with more than 100 instances)
     * @param pq         panoptic quality (all categories)
     * @param sq         segmentation quality
     * @param rq         recognition quality
     * @param images     images scored
     * @param predicted  instances predicted in total
     * @param truth      ground-truth instances in total
     * @param seconds    wall time of the validation
     */
    public record Validation(double dsb, double[] coco, double[] coco1000, double pq, double sq, double rq, int images,
                             long predicted, long truth, double seconds) {
        public double ap() {
            return coco[0];
        }

        public double ap50() {
            return coco[1];
        }
    }

    /**
     * One epoch.
     *
     * @param epoch       1-based
     * @param steps       optimisation steps done so far in the run
     * @param lr          learning rate of the epoch's last step
     * @param trainLoss   mean total loss over the epoch's steps
     * @param semanticLoss mean cross-entropy
     * @param centerLoss  mean heat-map MSE (unweighted)
     * @param offsetLoss  mean offset L1 (unweighted)
     * @param validation  validation figures, or null without validation
     * @param improved    best so far (best.ckpt written)
     * @param seconds     wall time of the epoch including validation
     */
    public record EpochLog(int epoch, long steps, double lr, double trainLoss, double semanticLoss, double centerLoss,
                           double offsetLoss, Validation validation, boolean improved, double seconds) {}

    /**
     * Outcome of a run.
     *
     * @param epochsDone   epochs finished in total (over resumes)
     * @param bestEpoch    1-based epoch of best.ckpt
     * @param bestMetric   its validation DSB score (or minus the training loss without validation)
     * @param stoppedEarly early stopping ended the run
     * @param epochs       the epochs run by this call
     */
    public record Result(int epochsDone, int bestEpoch, double bestMetric, boolean stoppedEarly, List<EpochLog> epochs) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BottomUpConfig cfg;
    private final TrainConfig base;
    private final NDManager manager;
    private final BottomUpNet net;
    private final ParamUpdate update;
    private EpochListener listener = e -> { };
    private long retriedSteps;

    /** Builds the network with seeded initial weights. */
    public BottomUpTrainer(BottomUpConfig cfg) {
        this.cfg = cfg;
        this.base = cfg.base();
        this.manager = NDManager.newBaseManager();
        this.net = cfg.newNetwork();
        net.initializeParameters(manager, base.seed());
        net.zeroRegressionHeads();
        this.update = new ParamUpdate(net, base);
    }

    /**
     * A trainer holding the weights of {@code checkpoint} (e.g. {@code best.ckpt}), for {@link #predictInstances} /
     * {@link #evaluate}.
     *
     * @throws IOException when the file is not a checkpoint of this architecture
     */
    public static BottomUpTrainer load(BottomUpConfig cfg, Path checkpoint) throws IOException {
        BottomUpTrainer t = new BottomUpTrainer(cfg);
        try {
            Checkpoint.read(checkpoint, t.net, base(cfg).optimizer(), null);
        } catch (IOException | RuntimeException e) {
            t.close();
            throw e;
        }
        return t;
    }

    private static TrainConfig base(BottomUpConfig c) {
        return c.base();
    }

    /** The network. */
    public BottomUpNet model() {
        return net;
    }

    /** Steps recomputed because of non-finite gradients (see the step loop), since this trainer was built. */
    public long retriedSteps() {
        return retriedSteps;
    }

    public BottomUpConfig config() {
        return cfg;
    }

    public BottomUpTrainer onEpoch(EpochListener l) {
        this.listener = l == null ? e -> { } : l;
        return this;
    }

    /** Trains from the initial weights (overwrites checkpoints and log in the output folder). */
    public Result fit(InstanceData train, InstanceData validation) throws IOException {
        return run(train, validation, new Checkpoint.State(0, 0, base.seed(), Double.NaN, 0, 0, false), new ArrayList<>());
    }

    /** Continues the run of {@code last.ckpt} in the output folder (same configuration required). */
    public Result resume(InstanceData train, InstanceData validation) throws IOException {
        Path last = base.outputDir().resolve(SegmentationTrainer.LAST);
        if (!Files.isRegularFile(last)) throw new IOException(last + ": no checkpoint to resume from");
        Checkpoint.Loaded l = Checkpoint.read(last, net, base.optimizer(), update.optimizer());
        if (!l.fingerprint().equals(cfg.fingerprint())) {
            throw new IOException(last + ": written with another training configuration (" + l.fingerprint()
                    + "), this run has " + cfg.fingerprint());
        }
        List<String> lines = new ArrayList<>();
        Path log = base.outputDir().resolve(SegmentationTrainer.LOG);
        if (Files.isRegularFile(log)) {
            for (String s : Files.readAllLines(log)) if (!s.isBlank() && lines.size() < l.state().epochsDone()) lines.add(s);
        }
        return run(train, validation, l.state(), lines);
    }

    private Result run(InstanceData train, InstanceData val, Checkpoint.State st, List<String> logLines) throws IOException {
        if (train.size() == 0) throw new IllegalArgumentException("bottom-up training: the training set is empty");
        Files.createDirectories(base.outputDir());
        int n = train.size(), bs = base.batchSize();
        long stepsPerEpoch = (n + bs - 1) / bs;
        LrSchedule sched = new LrSchedule(base.schedule(), base.learningRate(), base.minLearningRate(), base.warmupSteps(),
                Math.max(1, stepsPerEpoch * base.epochs()), 0.9);
        List<EpochLog> ran = new ArrayList<>();
        long step = st.globalStep();
        EpochBook book = new EpochBook(st);
        int cw = base.cropWidth(), ch = base.cropHeight();
        Augmenter augmenter = cfg.augmenter();
        while (book.more(base.epochs())) {
            int epoch = book.epochsDone; // 0-based
            long t0 = System.nanoTime();
            int[] order = SegmentationTrainer.permutation(n, new SplittableRandom(SegmentationTrainer.mix(base.seed(), epoch, -1)));
            double[] sums = new double[4];
            int count = 0;
            float lr = 0;
            for (int b = 0; b < n; b += bs) {
                int m = Math.min(bs, n - b);
                InstanceData.Crop[] crops = new InstanceData.Crop[m];
                CenterTargets[] targets = new CenterTargets[m];
                for (int k = 0; k < m; k++) {
                    crops[k] = InstanceData.augment(train.read(order[b + k]), augmenter, train.ignoreIndex(),
                            new SplittableRandom(SegmentationTrainer.mix(base.seed(), epoch, b + k)));
                    targets[k] = CenterTargets.of(crops[k].instanceIds(), crops[k].semantic(), cw, ch, train.ignoreIndex(), cfg.sigma());
                }
                lr = sched.at(step);
                double[] l = step(crops, targets, lr, train.ignoreIndex());
                for (int i = 0; i < 4; i++) sums[i] += l[i];
                count++;
                step++;
            }
            Validation v = val == null ? null : evaluate(val);
            double trainLoss = sums[0] / count;
            double metric = v != null ? v.dsb() : -trainLoss;
            boolean improved = book.record(epoch, metric, base.patience(), base.epochs());
            EpochLog log = new EpochLog(book.epochsDone, step, lr, trainLoss, sums[1] / count, sums[2] / count, sums[3] / count,
                    v, improved, (System.nanoTime() - t0) / 1e9);
            book.write(base, net, cfg.fingerprint(), step, update.optimizer(), improved, logLines, toJson(log));
            ran.add(log);
            listener.afterEpoch(log);
        }
        return new Result(book.epochsDone, book.bestEpoch, book.best, book.stopped, ran);
    }

    /** One optimisation step; returns {total, semantic, centre, offset} losses before the update. */
    private double[] step(InstanceData.Crop[] crops, CenterTargets[] targets, float lr, int ignore) {
        int m = crops.length, h = base.cropHeight(), w = base.cropWidth(), plane = h * w, c = base.numClasses();
        float[] x = new float[m * 3 * plane], heat = new float[m * plane], cwt = new float[m * plane];
        float[] off = new float[m * 2 * plane], owt = new float[m * plane];
        short[][] sem = new short[m][];
        for (int k = 0; k < m; k++) {
            System.arraycopy(crops[k].chw(), 0, x, k * 3 * plane, 3 * plane);
            CenterTargets t = targets[k];
            System.arraycopy(t.center(), 0, heat, k * plane, plane);
            System.arraycopy(t.centerWeight(), 0, cwt, k * plane, plane);
            System.arraycopy(t.offset(), 0, off, k * 2 * plane, 2 * plane);
            System.arraycopy(t.offsetWeight(), 0, owt, k * plane, plane);
            sem[k] = t.semantic();
        }
        double[] out = new double[4];
        // PyTorch 2.7.1's oneDNN convolution backward intermittently returns NaN weight gradients on this host's CPU
        // (docs/train.md, "oneDNN NaN on AMD Zen 5"), even with ONEDNN_MAX_CPU_ISA=AVX2: such a step is computed
        // again (the BN running statistics then see the batch twice)
        for (int attempt = 1; ; attempt++) {
            try (NDManager sm = manager.newSubManager()) {
                NDArray input = sm.create(x, new Shape(m, 3, h, w));
                Targets st = Targets.encode(sm, sem, h, w, c, ignore, base.classWeights());
                NDArray heatT = sm.create(heat, new Shape(m, 1, h, w)), cwT = sm.create(cwt, new Shape(m, 1, h, w));
                NDArray offT = sm.create(off, new Shape(m, 2, h, w)), owT = sm.create(owt, new Shape(m, 1, h, w));
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.zeroGradients();
                    NDList y = net.forwardAll(input, true);
                    NDArray ce = Losses.crossEntropy(y.get(0), st);
                    NDArray mse = Losses.weightedMse(y.get(1), heatT, cwT);
                    NDArray l1 = Losses.weightedL1(y.get(2), offT, owT);
                    NDArray loss = ce.add(mse.mul((float) cfg.centerLossWeight())).add(l1.mul((float) cfg.offsetLossWeight()));
                    out[0] = loss.getFloat();
                    out[1] = ce.getFloat();
                    out[2] = mse.getFloat();
                    out[3] = l1.getFloat();
                    if (!Double.isFinite(out[0])) {
                        throw new IllegalStateException("training diverged: loss " + out[0] + " at step " + update.optimizer().steps() + " (lower the learning rate)");
                    }
                    gc.backward(loss);
                }
                if (update.applyIfFinite(lr)) break;
                retriedSteps++;
                if (attempt == 3) throw new IllegalStateException("non-finite gradients 3 times at step " + update.optimizer().steps() + " (" + update.lastNonFinite + ")");
            }
        }
        return out;
    }

    /**
     * The raw network outputs for one image, at the image's size: {@code probs} (softmax, C planes), {@code heat},
     * {@code offset} (dy, dx planes). The image is padded at the bottom / right with black to multiples of
     * {@code 2^depth}, run in inference mode, and the outputs are cropped back.
     */
    public record Outputs(int width, int height, float[] probs, float[] heat, float[] offset) {}

    /** Runs the network on an RGB (or gray / RGBA, converted) 8-bit image. */
    public Outputs infer(Image image) {
        Image rgb = image.is16Bit() ? image.to8Bit() : image;
        if (rgb.channels() != 3) rgb = rgb.toRgb();
        int w = rgb.width(), h = rgb.height(), f = net.sizeMultiple();
        int pw = (w + f - 1) / f * f, ph = (h + f - 1) / f * f, c = base.numClasses();
        FloatMap x = ImageTransforms.pad(new FloatMap(3, w, h, SegmentationData.toInput(rgb, w, h)), 0, ph - h, 0, pw - w, 0f);
        float[] probs, heat, off;
        try (NDManager sm = manager.newSubManager()) {
            NDList y = net.forwardAll(sm.create(x.data(), new Shape(1, 3, ph, pw)), false);
            probs = ImageTransforms.crop(new FloatMap(c, pw, ph, y.get(0).softmax(1).toFloatArray()), 0, 0, w, h).data();
            heat = ImageTransforms.crop(new FloatMap(1, pw, ph, y.get(1).toFloatArray()), 0, 0, w, h).data();
            off = ImageTransforms.crop(new FloatMap(2, pw, ph, y.get(2).toFloatArray()), 0, 0, w, h).data();
        }
        return new Outputs(w, h, probs, heat, off);
    }

    /** Semantic map, instances (thing classes) and their id map of an image ({@link CenterGrouping#group}). */
    public CenterGrouping.Result predict(Image image) {
        Outputs o = infer(image);
        return CenterGrouping.group(o.probs(), base.numClasses(), o.heat(), o.offset(), o.width(), o.height(),
                cfg.isThing(), cfg.grouping());
    }

    /** The instances of an image: masks, boxes, class ids, scores (see {@link CenterGrouping}). */
    public Instances predictInstances(Image image) {
        return predict(image).instances();
    }

    /** The panoptic segmentation of an image (things from the instances, stuff classes from the semantic map). */
    public PanopticMap predictPanoptic(Image image) {
        boolean[] stuff = cfg.isStuff();
        return predict(image).panoptic(l -> l < stuff.length && stuff[l], cfg.minStuffArea()).map();
    }

    /** Scores the current weights on a data set (see {@link Validation}). */
    public Validation evaluate(InstanceData data) throws IOException {
        long t0 = System.nanoTime();
        int[] things = cfg.thingClasses();
        CocoEvaluator coco = new CocoEvaluator(CocoParams.builder(IouType.SEGM).catIds(things).build());
        CocoEvaluator coco1000 = new CocoEvaluator(CocoParams.builder(IouType.SEGM).maxDets(new int[] {1, 10, 1000}).catIds(things).build());
        List<PanopticCategory> cats = new ArrayList<>();
        for (int c : things) cats.add(new PanopticCategory(c, "class" + c, true));
        for (int c : cfg.stuffClasses()) cats.add(new PanopticCategory(c, "class" + c, false));
        PanopticEvaluator pq = new PanopticEvaluator(cats);
        boolean[] stuff = cfg.isStuff();
        double dsb = 0;
        long predicted = 0, truthCount = 0;
        for (int i = 0; i < data.size(); i++) {
            InstanceData.Item it = data.read(i);
            CenterGrouping.Result r = predict(it.rgb());
            int[] truthIds = new int[it.instanceIds().length];
            for (int p = 0; p < truthIds.length; p++) truthIds[p] = it.instanceIds()[p] & 0xFFFF;
            dsb += DsbScore.score(truthIds, r.instanceId());
            long imageId = it.id() + 1;
            ImageGroundTruth gt = ImageGroundTruth.of(imageId, it.truth());
            ImageDetections dt = ImageDetections.of(imageId, r.instances());
            coco.process(gt, dt);
            coco1000.process(gt, dt);
            PanopticMap predPan = r.panoptic(l -> l < stuff.length && stuff[l], cfg.minStuffArea()).map();
            pq.add(it.name(), truthPanoptic(it, stuff), predPan);
            predicted += r.instances().size();
            truthCount += it.truth().size();
        }
        PanopticResult pr = pq.compute();
        return new Validation(dsb / Math.max(1, data.size()), coco.evaluate().stats(), coco1000.evaluate().stats(),
                pr.all().pq(), pr.all().sq(), pr.all().rq(), data.size(), predicted, truthCount,
                (System.nanoTime() - t0) / 1e9);
    }

    private PanopticMap truthPanoptic(InstanceData.Item it, boolean[] stuff) {
        Instances truth = it.truth();
        LabelMap ids = new LabelMap(it.width(), it.height(), it.instanceIds(), LabelMap.DEFAULT_IGNORE, null);
        Instances painted = Instances.fromInstanceIds(ids, v -> truth.categoryId(v - 1));
        int ignore = dataIgnore();
        LabelMap sem = new LabelMap(it.width(), it.height(), it.semantic(), ignore, null);
        return painted.toPanoptic(sem, new Instances.PanopticOptions(Double.NEGATIVE_INFINITY, 1.0, cfg.minStuffArea(),
                l -> l < stuff.length && stuff[l])).map();
    }

    private int dataIgnore() {
        return base.ignoreIndex() >= 0 ? base.ignoreIndex() : LabelMap.DEFAULT_IGNORE;
    }

    private static String toJson(EpochLog l) {
        ObjectNode o = JSON.createObjectNode();
        o.put("epoch", l.epoch());
        o.put("steps", l.steps());
        o.put("lr", l.lr());
        o.put("train_loss", l.trainLoss());
        o.put("semantic_loss", l.semanticLoss());
        o.put("center_loss", l.centerLoss());
        o.put("offset_loss", l.offsetLoss());
        Validation v = l.validation();
        if (v == null) {
            o.putNull("val_dsb");
        } else {
            o.put("val_dsb", v.dsb());
            o.put("val_ap", v.coco()[0]);
            o.put("val_ap50", v.coco()[1]);
            o.put("val_ap75", v.coco()[2]);
            o.put("val_ap_maxdets1000", v.coco1000()[0]);
            o.put("val_ap50_maxdets1000", v.coco1000()[1]);
            o.put("val_pq", v.pq());
            o.put("val_sq", v.sq());
            o.put("val_rq", v.rq());
            o.put("val_instances", v.predicted());
            o.put("val_truth_instances", v.truth());
            o.put("val_seconds", v.seconds());
        }
        o.put("best", l.improved());
        o.put("seconds", l.seconds());
        return o.toString();
    }

    @Override
    public void close() {
        manager.close();
    }
}
