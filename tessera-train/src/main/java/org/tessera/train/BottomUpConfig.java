package org.tessera.train;

import org.tessera.core.instances.CenterGrouping;
import java.util.Arrays;

/**
 * Configuration of a {@link BottomUpTrainer} run: the common training settings plus the bottom-up targets, loss
 * weights and grouping.
 *
 * <p>From {@code base} the trainer uses: numClasses (semantic classes), ignoreIndex, width, depth, batchNorm, crop
 * size (training crops are taken at the images' own resolution: the resize fields are not used and must equal the
 * crop), flip (left-right), batchSize, epochs, optimizer, learning rates, weight decay, momentum, schedule, warm-up,
 * classWeights (semantic cross-entropy), patience, seed and outputDir; its {@code loss} and {@code randomCrop} are not
 * used (crops are always random) and its {@code augmentation} must be {@link Augmentation#NONE}: the bottom-up
 * augmentation is this record's {@code augmentation}.
 *
 * <p>Augmentation ({@link #augmenter()}): {@link Augmenter#atNativeResolution} with the base's crop size and flip and
 * {@code augmentation} (scale factors of each image's own size, rotation, the vertical flip and transposition, colour
 * jitter, blur), replayed on the image, the instance-id map (fill 0: instance pixels cut off by rotation or padding
 * vanish) and the semantic map (fill: the ignore index, or 0 = background without one); the targets
 * ({@link CenterTargets}) are computed on the augmented crop. The default ({@link #defaultAugmentation}, also of
 * the constructor without it) is the random crop + 8 symmetries of the square the model has always been trained
 * with.
 *
 * @param base             common settings
 * @param sigma            centre Gaussian standard deviation in pixels ({@link CenterTargets}; 8 in the paper)
 * @param centerLossWeight weight of the heat-map MSE (200 in the paper)
 * @param offsetLossWeight weight of the offset L1 (0.01 in the paper)
 * @param grouping         post-processing for validation and prediction
 * @param thingClasses     classes with instances (e.g. {1} for nuclei)
 * @param stuffClasses     classes that form stuff segments in the panoptic output (classes in neither list are VOID,
 *                         e.g. the background 0 of a nuclei data set)
 * @param minStuffArea     stuff segments with fewer pixels are dropped
 * @param augmentation     the training augmentation beyond the random crop and the base's left-right flip
 */
public record BottomUpConfig(TrainConfig base, double sigma, double centerLossWeight, double offsetLossWeight,
                             CenterGrouping.Options grouping, int[] thingClasses, int[] stuffClasses, long minStuffArea,
                             Augmentation augmentation) {

    public BottomUpConfig {
        req(base != null && grouping != null, "base and grouping must be set");
        req(augmentation != null, "augmentation must be set (Augmentation.NONE for none)");
        req(base.augmentation().isNone(), "the base's augmentation (" + base.augmentation()
                + ") is not used by the bottom-up trainer; give it as the BottomUpConfig's augmentation");
        req(sigma > 0 && Double.isFinite(sigma), "sigma must be > 0, got " + sigma);
        req(centerLossWeight >= 0 && Double.isFinite(centerLossWeight), "centerLossWeight must be >= 0, got " + centerLossWeight);
        req(offsetLossWeight >= 0 && Double.isFinite(offsetLossWeight), "offsetLossWeight must be >= 0, got " + offsetLossWeight);
        req(base.resizeWidth() == base.cropWidth() && base.resizeHeight() == base.cropHeight(),
                "bottom-up training crops at native resolution: resize " + base.resizeWidth() + "x" + base.resizeHeight()
                        + " must equal the crop " + base.cropWidth() + "x" + base.cropHeight());
        req(thingClasses != null && thingClasses.length > 0, "at least one thing class is needed");
        thingClasses = thingClasses.clone();
        stuffClasses = stuffClasses == null ? new int[0] : stuffClasses.clone();
        boolean[] seen = new boolean[base.numClasses()];
        for (int[] list : new int[][] {thingClasses, stuffClasses}) {
            for (int c : list) {
                req(c >= 0 && c < base.numClasses(), "class " + c + " is not one of 0.." + (base.numClasses() - 1));
                req(!seen[c], "class " + c + " is listed twice among thing / stuff classes");
                seen[c] = true;
            }
        }
        req(minStuffArea >= 0, "minStuffArea must be >= 0, got " + minStuffArea);
    }

    /** With the {@link #defaultAugmentation} of the base's flip flag. */
    public BottomUpConfig(TrainConfig base, double sigma, double centerLossWeight, double offsetLossWeight,
                          CenterGrouping.Options grouping, int[] thingClasses, int[] stuffClasses, long minStuffArea) {
        this(base, sigma, centerLossWeight, offsetLossWeight, grouping, thingClasses, stuffClasses, minStuffArea,
                base == null ? Augmentation.NONE : defaultAugmentation(base.flip()));
    }

    /**
     * The augmentation the bottom-up model was trained with before it used {@link Augmenter}: with {@code flip}
     * (the base's left-right flip) also the vertical flip and transposition, i.e. the 8 symmetries of the square on
     * square crops; nothing else (no scale, rotation, colour or blur).
     */
    public static Augmentation defaultAugmentation(boolean flip) {
        return flip ? Augmentation.NONE.withSymmetries(true, true) : Augmentation.NONE;
    }

    /** This configuration with another augmentation. */
    public BottomUpConfig withAugmentation(Augmentation a) {
        return new BottomUpConfig(base, sigma, centerLossWeight, offsetLossWeight, grouping, thingClasses, stuffClasses,
                minStuffArea, a);
    }

    /** The training augmenter: random crops of the base's crop size at native resolution, see the class comment. */
    public Augmenter augmenter() {
        return Augmenter.atNativeResolution(base.cropWidth(), base.cropHeight(), base.flip(), augmentation);
    }

    /**
     * Defaults for a data set of one thing class on a background (e.g. nuclei): classes {0 background, 1 thing},
     * sigma 2 px, loss weights 1 / 200 / 0.1 (offsets: 10x the paper's 0.01, see docs/train.md), grouping threshold
     * 0.1, NMS window 5, top 1000, minimum area 10 px; augmentation {@link #defaultAugmentation} of the base's flip
     * (random crop + the 8 symmetries of the square).
     */
    public static BottomUpConfig nuclei(TrainConfig base) {
        return new BottomUpConfig(base, 2.0, 200, 0.1, new CenterGrouping.Options(0.1, 5, 1000, 10),
                new int[] {1}, new int[0], 0);
    }

    /**
     * The {@link #nuclei} targets, loss weights and grouping with other classes: for data sets of several thing
     * classes (and stuff classes) whose objects are, like nuclei, some 5-30 px across.
     */
    public static BottomUpConfig of(TrainConfig base, int[] thingClasses, int[] stuffClasses) {
        BottomUpConfig n = nuclei(base);
        return new BottomUpConfig(base, n.sigma(), n.centerLossWeight(), n.offsetLossWeight(), n.grouping(), thingClasses,
                stuffClasses, 0, n.augmentation());
    }

    @Override
    public int[] thingClasses() {
        return thingClasses.clone();
    }

    @Override
    public int[] stuffClasses() {
        return stuffClasses.clone();
    }

    /** Per class: is it a thing class. */
    public boolean[] isThing() {
        boolean[] t = new boolean[base.numClasses()];
        for (int c : thingClasses) t[c] = true;
        return t;
    }

    /** Per class: is it a stuff class. */
    public boolean[] isStuff() {
        boolean[] t = new boolean[base.numClasses()];
        for (int c : stuffClasses) t[c] = true;
        return t;
    }

    /** Output channels of the network: semantic classes, 1 centre heat map, 2 offsets (dy, dx). */
    public int outputChannels() {
        return base.numClasses() + 3;
    }

    /** A new network (parameters not initialised): {@link BottomUpNet} with the base's width, depth and BN. */
    public BottomUpNet newNetwork() {
        return new BottomUpNet(base.numClasses(), base.width(), base.depth(), base.batchNorm());
    }

    /**
     * Every value but the output folder (checkpoints of another fingerprint cannot be resumed). The augmentation is
     * named only when it differs from {@link #defaultAugmentation} (which draws exactly what the trainer drew before
     * it was configurable), so checkpoints written before still resume.
     */
    public String fingerprint() {
        Augmentation d = defaultAugmentation(base.flip());
        boolean asBefore = augmentation.withSymmetries(false, false).isNone() && augmentation.verticalFlip() == d.verticalFlip()
                && augmentation.transpose() == d.transpose();
        return "bottomup(" + base.fingerprint() + ",sigma=" + sigma + ",centerLoss=" + centerLossWeight + ",offsetLoss="
                + offsetLossWeight + ",grouping=" + grouping.describe() + ",things=" + Arrays.toString(thingClasses)
                + ",stuff=" + Arrays.toString(stuffClasses) + ",minStuffArea=" + minStuffArea
                + (asBefore ? "" : ",augmentation=" + augmentation) + ")";
    }

    private static void req(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException("bottom-up config: " + message);
    }
}
