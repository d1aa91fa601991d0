package org.tessera.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.tessera.core.image.FloatMap;
import org.tessera.core.image.Image;
import org.tessera.core.image.ImageTransforms;
import org.tessera.core.io.AtomicFiles;
import org.tessera.core.label.LabelMap;
import org.tessera.data.Dataset;
import org.tessera.eval.semantic.SemanticEvaluator;
import org.tessera.eval.semantic.SemanticResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains a {@link Network} (one of {@link Architectures}) for semantic segmentation on Tessera data sets (CPU, PyTorch engine through DJL).
 *
 * <p>Per epoch: the training samples are visited in an order shuffled by a generator seeded from (seed, epoch);
 * each sample is augmented ({@link Augmenter}) with a generator seeded from (seed, epoch, position);
 * batches of {@link TrainConfig#batchSize()} take one optimisation step each ({@link ParamOptimizer}, learning rate
 * from {@link LrSchedule} per step). After each epoch the model is scored on the validation set with
 * {@link SemanticEvaluator} (mIoU), {@code last.ckpt} is written, {@code best.ckpt} when mIoU improved, and
 * {@code log.jsonl} (one JSON object per finished epoch) is rewritten; training stops early after
 * {@link TrainConfig#patience()} epochs without improvement. All three files are written atomically.
 *
 * <p>Resume: {@link #resume} reads {@code last.ckpt} (weights, BN statistics, optimizer moments, step and epoch
 * counters; see {@link Checkpoint} for the random state) and continues; the result equals an uninterrupted run bit
 * for bit (on the same machine and thread count). Not thread-safe.
 */
public final class SegmentationTrainer implements AutoCloseable {
    /** Checkpoint file names in the output folder. */
    public static final String LAST = "last.ckpt", BEST = "best.ckpt", LOG = "log.jsonl";

    /** Receives each finished epoch (after its checkpoint is written). */
    @FunctionalInterface
    public interface EpochListener {
        void afterEpoch(EpochLog log) throws IOException;
    }

    /** Receives each optimisation step (e.g. for a progress display). */
    @FunctionalInterface
    public interface StepListener {
        /**
         * @param epoch   1-based epoch
         * @param batch   1-based step within the epoch
         * @param batches steps per epoch
         * @param loss    the step's loss (before the update)
         */
        void afterStep(int epoch, int batch, int batches, double loss);
    }

    /**
     * One epoch.
     *
     * @param epoch       1-based
     * @param steps       optimisation steps done so far in the run
     * @param lr          learning rate of the epoch's last step
     * @param trainLoss   mean loss over the epoch's steps
     * @param valMiou     validation mIoU (NaN without validation)
     * @param valPixelAccuracy validation pixel accuracy (NaN without validation)
     * @param improved    this epoch is the best so far (best.ckpt written)
     * @param seconds     wall time of the epoch
     */
    public record EpochLog(int epoch, long steps, double lr, double trainLoss, double valMiou, double valPixelAccuracy,
                           boolean improved, double seconds) {}

    /**
     * Outcome of a run.
     *
     * @param epochsDone   epochs finished in total (over resumes)
     * @param bestEpoch    1-based epoch of best.ckpt
     * @param bestMiou     its validation mIoU (NaN without validation)
     * @param stoppedEarly early stopping ended the run
     * @param epochs       the epochs run by this call
     */
    public record Result(int epochsDone, int bestEpoch, double bestMiou, boolean stoppedEarly, List<EpochLog> epochs) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TrainConfig cfg;
    private final NDManager manager;
    private final Network net;
    private final ParamUpdate update;
    private final ParamOptimizer optimizer;
    private EpochListener listener = e -> { };
    private StepListener stepListener = (e, b, n, l) -> { };
    private final java.util.concurrent.ExecutorService loader = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "tessera-train-loader");
        t.setDaemon(true);
        return t;
    });
    private long dataWaitNanos;

    /** Builds the model with seeded initial weights (parameters live in a new engine manager; {@link #close} frees them). */
    public SegmentationTrainer(TrainConfig cfg) {
        this.cfg = cfg;
        this.manager = NDManager.newBaseManager();
        this.net = cfg.newNetwork();
        net.initializeParameters(manager, cfg.seed());
        this.update = new ParamUpdate(net, cfg);
        this.optimizer = update.optimizer();
    }

    /** The model being trained. */
    public Network model() {
        return net;
    }

    /** Sets the per-epoch callback (an exception from it aborts training after that epoch's checkpoint). */
    public SegmentationTrainer onEpoch(EpochListener l) {
        this.listener = l == null ? e -> { } : l;
        return this;
    }

    /** Sets the per-step callback (null: none). */
    public SegmentationTrainer onStep(StepListener l) {
        this.stepListener = l == null ? (e, b, n, x) -> { } : l;
        return this;
    }

    /** Trains from the initial weights, overwriting checkpoints and log in the output folder. */
    public Result fit(Dataset train, Dataset validation) throws IOException {
        return run(train, validation, new Checkpoint.State(0, 0, cfg.seed(), Double.NaN, 0, 0, false), new ArrayList<>());
    }

    /**
     * Continues the run whose {@code last.ckpt} is in the output folder (same configuration required). A run that had
     * already finished (all epochs, or stopped early) returns at once with no new epochs.
     *
     * @throws IOException if there is no checkpoint, it is unreadable, or it was written with another configuration
     */
    public Result resume(Dataset train, Dataset validation) throws IOException {
        return resume(train, validation, false);
    }

    /**
     * {@link #resume(Dataset, Dataset)}, optionally with another number of epochs ({@code allowOtherEpochs}): a
     * finished run can then be extended to {@link TrainConfig#epochs()} (all other values must be equal). The LR
     * schedule is recomputed for the new total, so the steps after the resume follow the new schedule (the run is not
     * the same as one started with the new total). A run that stopped early stays stopped.
     *
     * @throws IOException as {@link #resume(Dataset, Dataset)}, or if more epochs are done than configured
     */
    public Result resume(Dataset train, Dataset validation, boolean allowOtherEpochs) throws IOException {
        Path last = cfg.outputDir().resolve(LAST);
        if (!Files.isRegularFile(last)) throw new IOException(last + ": no checkpoint to resume from");
        Checkpoint.Loaded l = Checkpoint.read(last, net, cfg.optimizer(), optimizer);
        boolean same = allowOtherEpochs ? withoutEpochs(l.fingerprint()).equals(withoutEpochs(fingerprint()))
                : l.fingerprint().equals(fingerprint());
        if (!same) {
            throw new IOException(last + ": written with another training configuration (" + l.fingerprint()
                    + "), this run has " + fingerprint());
        }
        if (l.state().epochsDone() > cfg.epochs()) {
            throw new IOException(last + ": " + l.state().epochsDone() + " epochs already done, more than the " + cfg.epochs() + " asked for");
        }
        List<String> lines = new ArrayList<>();
        Path log = cfg.outputDir().resolve(LOG);
        if (Files.isRegularFile(log)) {
            for (String s : Files.readAllLines(log)) if (!s.isBlank() && lines.size() < l.state().epochsDone()) lines.add(s);
        }
        return run(train, validation, l.state(), lines);
    }

    private String fingerprint() {
        return cfg.fingerprint();
    }

    private static String withoutEpochs(String fingerprint) {
        return fingerprint.replaceFirst(",epochs=\\d+,", ",");
    }

    private Result run(Dataset trainSet, Dataset valSet, Checkpoint.State st, List<String> logLines) throws IOException {
        SegmentationData train = new SegmentationData(trainSet, cfg.numClasses(), cfg.ignoreIndex());
        SegmentationData val = valSet == null ? null : new SegmentationData(valSet, cfg.numClasses(), cfg.ignoreIndex());
        Files.createDirectories(cfg.outputDir());
        Augmenter augmenter = Augmenter.of(cfg);
        int n = train.size();
        long stepsPerEpoch = (n + cfg.batchSize() - 1) / cfg.batchSize();
        LrSchedule sched = new LrSchedule(cfg.schedule(), cfg.learningRate(), cfg.minLearningRate(), cfg.warmupSteps(),
                Math.max(1, stepsPerEpoch * cfg.epochs()), 0.9);
        List<EpochLog> ran = new ArrayList<>();
        long step = st.globalStep();
        EpochBook book = new EpochBook(st);
        while (book.more(cfg.epochs())) {
            int epoch = book.epochsDone; // 0-based
            long t0 = System.nanoTime();
            int[] order = permutation(n, new SplittableRandom(mix(cfg.seed(), epoch, -1)));
            double lossSum = 0;
            int lossCount = 0;
            float lr = 0;
            // batches are prepared one ahead on a loader thread while the current step runs (each sample's random
            // draws depend only on (seed, epoch, position), so the result does not depend on the threading)
            Batch next = null;
            java.util.concurrent.Future<Batch> pending = loader.submit(batchTask(train, augmenter, order, 0, epoch));
            for (int b = 0; b < n; b += cfg.batchSize()) {
                long w0 = System.nanoTime();
                next = await(pending);
                dataWaitNanos += System.nanoTime() - w0;
                pending = b + cfg.batchSize() < n ? loader.submit(batchTask(train, augmenter, order, b + cfg.batchSize(), epoch)) : null;
                int m = next.m();
                float[] x = next.x();
                short[][] labels = next.labels();
                lr = sched.at(step);
                double stepLoss = step(x, labels, m, lr, train.ignoreIndex());
                lossSum += stepLoss;
                lossCount++;
                step++;
                stepListener.afterStep(epoch + 1, lossCount, (int) stepsPerEpoch, stepLoss);
            }
            double trainLoss = lossSum / lossCount;
            double miou = Double.NaN, pixAcc = Double.NaN;
            if (val != null) {
                SemanticResult r = evaluate(val);
                miou = r.miou();
                pixAcc = r.pixelAccuracy();
            }
            double metric = val != null ? miou : -trainLoss;
            boolean improved = book.record(epoch, metric, cfg.patience(), cfg.epochs());
            EpochLog log = new EpochLog(book.epochsDone, step, lr, trainLoss, miou, pixAcc, improved, (System.nanoTime() - t0) / 1e9);
            book.write(cfg, net, fingerprint(), step, optimizer, improved, logLines, toJson(log));
            ran.add(log);
            listener.afterEpoch(log);
        }
        return new Result(book.epochsDone, book.bestEpoch, val != null ? book.best : Double.NaN, book.stopped, ran);
    }

    /** One optimisation step on a batch; returns the loss before the update. */
    double step(float[] x, short[][] labels, int m, float lr, int ignore) {
        int h = cfg.cropHeight(), w = cfg.cropWidth();
        double lossValue;
        try (NDManager sm = manager.newSubManager()) {
            NDArray input = sm.create(x, new Shape(m, 3, h, w));
            Targets t = Targets.encode(sm, labels, h, w, cfg.numClasses(), ignore, cfg.classWeights());
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.zeroGradients();
                NDArray logits = net.forward(input, true);
                NDArray loss = loss(logits, t);
                lossValue = loss.getFloat();
                if (!Double.isFinite(lossValue)) throw new IllegalStateException("training diverged: loss " + lossValue + " at step " + optimizer.steps() + " (lower the learning rate; on AMD Zen 5 CPUs set the environment variable ONEDNN_MAX_CPU_ISA=SSE41, see docs/train.md)");
                gc.backward(loss);
            }
            update.apply(lr);
        }
        return lossValue;
    }

    private NDArray loss(NDArray logits, Targets t) {
        return switch (cfg.loss()) {
            case CROSS_ENTROPY -> Losses.crossEntropy(logits, t);
            case DICE -> Losses.dice(logits, t);
            case CROSS_ENTROPY_PLUS_DICE -> Losses.crossEntropy(logits, t).add(Losses.dice(logits, t));
            case FOCAL -> Losses.focal(logits, t, (float) cfg.focalGamma());
        };
    }

    /** Scores the current model on a data set (each image predicted at the crop size, labels resized back). */
    public SemanticResult evaluate(SegmentationData data) throws IOException {
        SemanticEvaluator ev = SemanticEvaluator.of(cfg.numClasses(), data.ignoreIndex() < 0 ? 65535 : data.ignoreIndex());
        for (int i = 0; i < data.size(); i++) {
            SegmentationData.Item item = data.read(i);
            ev.add(item.name(), item.labels(), predict(item.rgb()));
        }
        return ev.compute();
    }

    /**
     * Predicts the label map of an RGB 8-bit image at the training scale: resized (bilinear) to the resize size
     * ({@link TrainConfig#resizeWidth()} x {@link TrainConfig#resizeHeight()}, from which training crops are cut),
     * zero-padded on the right and bottom up to the network's size multiple, run in inference mode (BN running
     * statistics); the logits with the padding cut off are resized bilinearly (half-pixel centres, PyTorch
     * {@code interpolate(align_corners=False)}) to the image's size, then the arg-max over classes is taken (ties go
     * to the lower class). Logits are resized, never labels: the convention of tessera-infer's semantic decoder, so
     * that the model exported by {@link OnnxExport#writeServable} predicts the same labels through tessera-infer.
     */
    public LabelMap predict(Image rgb) {
        // the training scale: the resize size (crops are cut from it), padded with zeros up to the network's size
        // multiple; with resize == crop this is the crop size
        int w = cfg.resizeWidth(), h = cfg.resizeHeight();
        int f = net.sizeMultiple();
        int pw = (w + f - 1) / f * f, ph = (h + f - 1) / f * f;
        try (NDManager sm = manager.newSubManager()) {
            FloatMap input = ImageTransforms.pad(new FloatMap(3, w, h, SegmentationData.toInput(rgb, w, h)), 0, ph - h, 0, pw - w, 0f);
            NDArray in = sm.create(input.data(), new Shape(1, 3, ph, pw));
            float[] out = net.forward(in, false).toFloatArray();
            FloatMap small = ImageTransforms.crop(new FloatMap(out.length / (pw * ph), pw, ph, out), 0, 0, w, h);
            FloatMap full = rgb.width() == w && rgb.height() == h ? small : ImageTransforms.resizeBilinear(small, rgb.width(), rgb.height());
            return full.argmax();
        }
    }

    /** A prepared batch: {@code m} images as one NCHW float array and their label rows. */
    private record Batch(int m, float[] x, short[][] labels) {}

    private java.util.concurrent.Callable<Batch> batchTask(SegmentationData train, Augmenter augmenter, int[] order, int b, int epoch) {
        return () -> {
            int m = Math.min(cfg.batchSize(), order.length - b);
            float[] x = new float[m * 3 * cfg.cropWidth() * cfg.cropHeight()];
            short[][] labels = new short[m][];
            for (int k = 0; k < m; k++) {
                SegmentationData.Item item = train.read(order[b + k]);
                SegmentationData.Prepared p = SegmentationData.augment(item, augmenter, train.ignoreIndex(),
                        new SplittableRandom(mix(cfg.seed(), epoch, b + k)));
                System.arraycopy(p.chw(), 0, x, k * p.chw().length, p.chw().length);
                labels[k] = p.labels();
            }
            return new Batch(m, x, labels);
        };
    }

    private static Batch await(java.util.concurrent.Future<Batch> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while loading a batch", e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) throw io;
            if (c instanceof RuntimeException re) throw re;
            throw new IOException(c);
        }
    }

    /**
     * Wall time the training thread spent waiting for the loader (decoding + augmentation of the next batch) since
     * this trainer was made, in seconds; near zero when data loading keeps up with the steps.
     */
    public double dataWaitSeconds() {
        return dataWaitNanos / 1e9;
    }

    private static String toJson(EpochLog l) {
        ObjectNode o = JSON.createObjectNode();
        o.put("epoch", l.epoch());
        o.put("steps", l.steps());
        o.put("lr", l.lr());
        o.put("train_loss", l.trainLoss());
        if (Double.isNaN(l.valMiou())) o.putNull("val_miou"); else o.put("val_miou", l.valMiou());
        if (Double.isNaN(l.valPixelAccuracy())) o.putNull("val_pixel_accuracy"); else o.put("val_pixel_accuracy", l.valPixelAccuracy());
        o.put("best", l.improved());
        o.put("seconds", l.seconds());
        return o.toString();
    }

    /** A seed for (run seed, epoch, position) via SplitMix64 finalisation of a mixed key. */
    static long mix(long seed, int epoch, int position) {
        long z = seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + (position + 1L) * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static int[] permutation(int n, SplittableRandom r) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i]; p[i] = p[j]; p[j] = t;
        }
        return p;
    }

    @Override
    public void close() {
        loader.shutdownNow();
        manager.close();
    }
}
