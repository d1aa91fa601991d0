package org.tessera.train;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A seeded train / validation split of the sample indices {@code 0..n-1} of a data set without splits (a label-map
 * folder, DSB 2018's {@code stage1_train}, a single COCO file): the permutation
 * {@code SegmentationTrainer.permutation(n, new SplittableRandom(seed))} (Fisher-Yates from the last index
 * down, {@code nextInt(i + 1)}), whose first {@code round(n * fraction)} indices are the validation images and the
 * rest the training images, each list sorted ascending. The same n, fraction and seed give the same split on every
 * machine; DSB 2018 stage 1 (664 images) with fraction 0.15 and seed 2018 gives the 564 / 100 split of
 * docs/benchmarks/train.md.
 *
 * @param train      training indices, ascending
 * @param validation validation indices, ascending
 */
public record ValidationSplit(int[] train, int[] validation) {

    public ValidationSplit {
        train = train.clone();
        validation = validation.clone();
    }

    /**
     * The split of {@code n} samples.
     *
     * @param n        number of samples
     * @param fraction share of validation images, 0 &lt; fraction &lt; 1
     * @param seed     split seed
     * @throws IllegalArgumentException when the fraction is outside (0, 1) or leaves one side empty
     */
    public static ValidationSplit seeded(int n, double fraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) throw new IllegalArgumentException("validation fraction must be in (0, 1), got " + fraction);
        int nVal = (int) Math.round(n * fraction);
        if (nVal < 1) throw new IllegalArgumentException("validation fraction " + fraction + " of " + n + " images gives no validation image");
        if (nVal >= n) throw new IllegalArgumentException("validation fraction " + fraction + " of " + n + " images leaves no training image");
        int[] perm = SegmentationTrainer.permutation(n, new SplittableRandom(seed));
        int[] val = Arrays.copyOfRange(perm, 0, nVal), train = Arrays.copyOfRange(perm, nVal, n);
        Arrays.sort(val);
        Arrays.sort(train);
        return new ValidationSplit(train, val);
    }

    @Override
    public int[] train() {
        return train.clone();
    }

    @Override
    public int[] validation() {
        return validation.clone();
    }
}
