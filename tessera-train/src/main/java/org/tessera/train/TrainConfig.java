package org.tessera.train;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * A validated training configuration for {@link SegmentationTrainer}. Sizes are in pixels. Build with
 * {@link #builder(int, Path)}; {@link Builder#build()} checks every value and names the first bad one.
 *
 * <p>Geometry: every training image is resized (bilinear; labels nearest) to {@code resizeWidth x resizeHeight},
 * then a {@code cropWidth x cropHeight} window is cut (at a random place when {@code randomCrop}, else centred) and
 * flipped left-right with probability 1/2 when {@code flip}. Validation images are resized to the crop size, the
 * predicted labels are resized (nearest) back to the image's own size and scored against its original labels.
 * Crop sizes must be multiples of the network's {@link Network#sizeMultiple()} ({@code 2^depth} for U-Net). {@link #augmentation()} adds random scale, rotation, colour
 * jitter and blur ({@link Augmenter} describes the whole pipeline).
 *
 * @param arch         architecture name, one of {@link Architectures#NAMES}
 * @param numClasses   classes 0..numClasses-1 (labels above are an error unless equal to the ignore index)
 * @param ignoreIndex  label ignored by the loss and the evaluation; -1 = use the data set's
 * @param width        network width (per architecture, see {@link Architectures}; for U-Net the channels of the
 *                     first stage)
 * @param depth        down-sampling stages (U-Net and SegNet; ignored by the other architectures)
 * @param batchNorm    batch normalisation (see {@link Architectures})
 * @param resizeWidth  training resize width
 * @param resizeHeight training resize height
 * @param cropWidth    network input width
 * @param cropHeight   network input height
 * @param randomCrop   random (else centre) crop in training
 * @param flip         random left-right flip in training
 * @param batchSize    images per step (the last batch of an epoch may be smaller)
 * @param epochs       maximum epochs
 * @param optimizer    AdamW or SGD ({@link ParamOptimizer})
 * @param learningRate base rate
 * @param minLearningRate rate at the end of the decay
 * @param weightDecay  decoupled (AdamW) or coupled (SGD) decay on convolution weights only
 * @param momentum     SGD momentum
 * @param schedule     decay shape ({@link LrSchedule})
 * @param warmupSteps  linear warm-up steps
 * @param loss         loss function
 * @param classWeights one weight per class for cross-entropy, or null (see {@link ClassWeights})
 * @param patience     early stopping: stop after this many epochs without a better validation mIoU (0 = never)
 * @param seed         fixes initial weights, data order and augmentation
 * @param outputDir    checkpoints ({@code last.ckpt}, {@code best.ckpt}) and the log ({@code log.jsonl})
 * @param augmentation scale / rotation / colour / blur ranges applied with resize, crop and flip by
 *                     {@link Augmenter} ({@link Augmentation#NONE}: resize, crop, flip only)
 * @param focalGamma   focusing parameter of {@link Loss#FOCAL} ({@link Losses#focal}; the class weights are its alpha)
 */
public record TrainConfig(String arch,
                          int numClasses, int ignoreIndex, int width, int depth, boolean batchNorm,
                          int resizeWidth, int resizeHeight, int cropWidth, int cropHeight, boolean randomCrop,
                          boolean flip, int batchSize, int epochs, ParamOptimizer.Kind optimizer, double learningRate,
                          double minLearningRate, double weightDecay, double momentum, LrSchedule.Kind schedule,
                          int warmupSteps, Loss loss, float[] classWeights, int patience, long seed, Path outputDir,
                          Augmentation augmentation, double focalGamma) {

    /** Loss function. */
    public enum Loss {
        CROSS_ENTROPY("ce"), DICE("dice"), CROSS_ENTROPY_PLUS_DICE("ce+dice"), FOCAL("focal");

        private final String cliName;

        Loss(String cliName) {
            this.cliName = cliName;
        }

        /** Short name: ce, dice, ce+dice, focal. */
        public String cliName() {
            return cliName;
        }

        /** The loss of a short name ({@link #cliName}) or an enum name, case-insensitive. */
        public static Loss parse(String s) {
            for (Loss l : values()) if (l.cliName.equalsIgnoreCase(s) || l.name().equalsIgnoreCase(s)) return l;
            throw new IllegalArgumentException("unknown loss '" + s + "' (ce, dice, focal, ce+dice)");
        }
    }

    public TrainConfig {
        req(arch != null && Architectures.NAMES.contains(arch),
                "arch '" + arch + "' is unknown; available: " + String.join(", ", Architectures.NAMES));
        req(numClasses >= 2, "numClasses must be >= 2, got " + numClasses);
        req(ignoreIndex >= -1 && ignoreIndex <= 65535, "ignoreIndex must be -1 (data set's) or 0..65535, got " + ignoreIndex);
        req(ignoreIndex < 0 || ignoreIndex >= numClasses, "ignoreIndex " + ignoreIndex + " is one of the classes 0.." + (numClasses - 1));
        int f = Architectures.create(arch, 3, numClasses, width, depth, batchNorm).sizeMultiple(); // validates the options
        req(cropWidth >= f && cropHeight >= f && cropWidth % f == 0 && cropHeight % f == 0,
                "crop " + cropWidth + "x" + cropHeight + " must be positive multiples of "
                        + (Architectures.usesDepth(arch) ? "2^depth = " + f : f + " (" + arch + " down-sampling factor)"));
        req(resizeWidth >= cropWidth && resizeHeight >= cropHeight,
                "resize " + resizeWidth + "x" + resizeHeight + " must be at least the crop " + cropWidth + "x" + cropHeight);
        req(batchSize >= 1, "batchSize must be >= 1, got " + batchSize);
        req(epochs >= 1, "epochs must be >= 1, got " + epochs);
        req(optimizer != null && schedule != null && loss != null, "optimizer, schedule and loss must be set");
        req(learningRate > 0 && Double.isFinite(learningRate), "learningRate must be > 0, got " + learningRate);
        req(minLearningRate >= 0 && minLearningRate <= learningRate, "minLearningRate must be in [0, learningRate], got " + minLearningRate);
        req(weightDecay >= 0 && Double.isFinite(weightDecay), "weightDecay must be >= 0, got " + weightDecay);
        req(momentum >= 0 && momentum < 1, "momentum must be in [0, 1), got " + momentum);
        req(warmupSteps >= 0, "warmupSteps must be >= 0, got " + warmupSteps);
        req(patience >= 0, "patience must be >= 0, got " + patience);
        req(outputDir != null, "outputDir must be set");
        req(augmentation != null, "augmentation must be set (Augmentation.NONE for none)");
        req(focalGamma >= 0 && focalGamma <= 10, "focalGamma must be in [0, 10], got " + focalGamma);
        if (classWeights != null) {
            req(classWeights.length == numClasses, "classWeights has " + classWeights.length + " values for " + numClasses + " classes");
            for (float w : classWeights) req(w >= 0 && Float.isFinite(w), "class weights must be finite and >= 0: " + Arrays.toString(classWeights));
            classWeights = classWeights.clone();
        }
    }

    /** The class weights (a copy), or null. */
    @Override
    public float[] classWeights() {
        return classWeights == null ? null : classWeights.clone();
    }

    /**
     * Every value except the output folder, as text: a run may only be resumed with an equal fingerprint (stored in
     * checkpoints).
     */
    public String fingerprint() {
        return (arch.equals("unet") ? "" : "arch=" + arch + ",") + "numClasses=" + numClasses + ",ignoreIndex=" + ignoreIndex + ",width=" + width + ",depth=" + depth
                + ",batchNorm=" + batchNorm + ",resize=" + resizeWidth + "x" + resizeHeight + ",crop=" + cropWidth + "x"
                + cropHeight + ",randomCrop=" + randomCrop + ",flip=" + flip + ",batchSize=" + batchSize + ",epochs="
                + epochs + ",optimizer=" + optimizer + ",learningRate=" + learningRate + ",minLearningRate="
                + minLearningRate + ",weightDecay=" + weightDecay + ",momentum=" + momentum + ",schedule=" + schedule
                + ",warmupSteps=" + warmupSteps + ",loss=" + loss + ",classWeights=" + Arrays.toString(classWeights)
                + ",patience=" + patience + ",seed=" + seed
                + (augmentation.isNone() ? "" : ",augmentation=" + augmentation)
                + (loss == Loss.FOCAL ? ",focalGamma=" + focalGamma : "");
    }

    private static void req(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException("train config: " + message);
    }

    /** A new network of this configuration (RGB input; parameters not yet initialised). */
    public Network newNetwork() {
        return Architectures.create(arch, 3, numClasses, width, depth, batchNorm);
    }

    /** Defaults: U-Net width 16 depth 4 with BN, 256x256 resize and crop with flip, batch 4, 50 epochs, AdamW 1e-3,
     *  weight decay 1e-4, poly schedule with 100 warm-up steps, cross-entropy, patience 10, seed 0. */
    public static Builder builder(int numClasses, Path outputDir) {
        return new Builder(numClasses, outputDir);
    }

    /** A builder initialised with this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder(numClasses, outputDir);
        b.arch = arch;
        b.ignoreIndex = ignoreIndex; b.width = width; b.depth = depth; b.batchNorm = batchNorm;
        b.resizeWidth = resizeWidth; b.resizeHeight = resizeHeight; b.cropWidth = cropWidth; b.cropHeight = cropHeight;
        b.randomCrop = randomCrop; b.flip = flip; b.batchSize = batchSize; b.epochs = epochs; b.optimizer = optimizer;
        b.learningRate = learningRate; b.minLearningRate = minLearningRate; b.weightDecay = weightDecay;
        b.momentum = momentum; b.schedule = schedule; b.warmupSteps = warmupSteps; b.loss = loss;
        b.classWeights = classWeights; b.patience = patience; b.seed = seed; b.augmentation = augmentation;
        b.focalGamma = focalGamma;
        return b;
    }

    /** Builder with the defaults of {@link #builder}. */
    public static final class Builder {
        private int numClasses;
        private Path outputDir;
        private String arch = "unet";
        private int ignoreIndex = -1, width = 16, depth = 4;
        private boolean batchNorm = true;
        private int resizeWidth = 256, resizeHeight = 256, cropWidth = 256, cropHeight = 256;
        private boolean randomCrop = false, flip = true;
        private int batchSize = 4, epochs = 50;
        private ParamOptimizer.Kind optimizer = ParamOptimizer.Kind.ADAMW;
        private double learningRate = 1e-3, minLearningRate = 0, weightDecay = 1e-4, momentum = 0.9;
        private LrSchedule.Kind schedule = LrSchedule.Kind.POLY;
        private int warmupSteps = 100;
        private Loss loss = Loss.CROSS_ENTROPY;
        private float[] classWeights;
        private int patience = 10;
        private long seed;
        private Augmentation augmentation = Augmentation.NONE;
        private double focalGamma = 2;

        private Builder(int numClasses, Path outputDir) {
            this.numClasses = numClasses;
            this.outputDir = outputDir;
        }

        /** Architecture name ({@link Architectures#NAMES}). */
        public Builder arch(String v) { arch = v; return this; }
        public Builder numClasses(int v) { numClasses = v; return this; }
        public Builder outputDir(Path v) { outputDir = v; return this; }
        public Builder ignoreIndex(int v) { ignoreIndex = v; return this; }
        public Builder width(int v) { width = v; return this; }
        public Builder depth(int v) { depth = v; return this; }
        public Builder batchNorm(boolean v) { batchNorm = v; return this; }
        /** Training resize size. */
        public Builder resize(int w, int h) { resizeWidth = w; resizeHeight = h; return this; }
        /** Network input size. */
        public Builder crop(int w, int h) { cropWidth = w; cropHeight = h; return this; }
        public Builder randomCrop(boolean v) { randomCrop = v; return this; }
        public Builder flip(boolean v) { flip = v; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder epochs(int v) { epochs = v; return this; }
        public Builder optimizer(ParamOptimizer.Kind v) { optimizer = v; return this; }
        public Builder learningRate(double v) { learningRate = v; return this; }
        public Builder minLearningRate(double v) { minLearningRate = v; return this; }
        public Builder weightDecay(double v) { weightDecay = v; return this; }
        public Builder momentum(double v) { momentum = v; return this; }
        public Builder schedule(LrSchedule.Kind v) { schedule = v; return this; }
        public Builder warmupSteps(int v) { warmupSteps = v; return this; }
        public Builder loss(Loss v) { loss = v; return this; }
        public Builder classWeights(float[] v) { classWeights = v; return this; }
        public Builder patience(int v) { patience = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        /** Scale / rotation / colour / blur ranges ({@link Augmentation#NONE} by default). */
        public Builder augmentation(Augmentation v) { augmentation = v; return this; }
        /** Focusing parameter of the focal loss (default 2, as Lin et al.). */
        public Builder focalGamma(double v) { focalGamma = v; return this; }

        public TrainConfig build() {
            return new TrainConfig(arch, numClasses, ignoreIndex, width, depth, batchNorm, resizeWidth, resizeHeight,
                    cropWidth, cropHeight, randomCrop, flip, batchSize, epochs, optimizer, learningRate,
                    minLearningRate, weightDecay, momentum, schedule, warmupSteps, loss, classWeights, patience, seed,
                    outputDir, augmentation, focalGamma);
        }
    }
}
