package org.tessera.train;

/**
 * Ranges of the random augmentations beyond resize / crop / flip, applied by {@link Augmenter}. A validated value:
 * the constructor names the first bad field. {@link #NONE} disables all of them; {@link #ofStrength(double)} maps one
 * knob in [0, 1] to the ranges listed there; explicit values through the constructor or the {@code with...}
 * methods.
 *
 * <p>Conventions: scales are factors of the resize size; angles in degrees, positive = counter-clockwise on screen;
 * colour factors as torchvision's {@code ColorJitter} (a brightness value {@code b} draws a factor uniformly from
 * {@code [max(0, 1 - b), 1 + b]}, the same for contrast and saturation; hue {@code h} draws a shift of the HSV hue
 * uniformly from {@code [-h, h]} turns); blur sigma in pixels (of the network input).
 *
 * <p>Besides the left-right flip (a training-configuration flag), {@code verticalFlip} and {@code transpose} add the
 * other symmetries of the square: with all three the crop is mapped by one of the 8 symmetries (identity, 3
 * rotations by multiples of 90 degrees, 4 reflections), each with probability 1/8 on a square crop. Useful where the
 * images have no up direction (microscopy, nuclei, aerial); off in {@link #NONE} and {@link #ofStrength}.
 *
 * @param minScale        smallest scale factor (&gt; 0)
 * @param maxScale        largest scale factor (&ge; minScale, &le; 8); a factor is drawn uniformly in between
 * @param maxRotation     rotation angle drawn uniformly from [-maxRotation, maxRotation] degrees (0..180; 0 = none)
 * @param brightness      0..1
 * @param contrast        0..1
 * @param saturation      0..1
 * @param hue             0..0.5
 * @param blurProbability probability of a Gaussian blur (0..1)
 * @param minSigma        smallest blur sigma (&gt; 0 when blurProbability &gt; 0)
 * @param maxSigma        largest blur sigma (&ge; minSigma, &le; 20)
 * @param verticalFlip    up-down flip of the crop with probability 1/2
 * @param transpose       transposition of the crop (x and y swapped) with probability 1/2; square crops only (no draw
 *                        for other crops)
 */
public record Augmentation(double minScale, double maxScale, double maxRotation, double brightness, double contrast,
                           double saturation, double hue, double blurProbability, double minSigma, double maxSigma,
                           boolean verticalFlip, boolean transpose) {

    /**
     * No augmentation beyond resize / crop / left-right flip (scale 1, no rotation, no colour change, no blur, no
     * vertical flip or transposition).
     */
    public static final Augmentation NONE = new Augmentation(1, 1, 0, 0, 0, 0, 0, 0, 1, 1);

    /** The ranges without the vertical flip and transposition. */
    public Augmentation(double minScale, double maxScale, double maxRotation, double brightness, double contrast,
                        double saturation, double hue, double blurProbability, double minSigma, double maxSigma) {
        this(minScale, maxScale, maxRotation, brightness, contrast, saturation, hue, blurProbability, minSigma, maxSigma, false, false);
    }

    public Augmentation {
        req(minScale > 0 && maxScale >= minScale && maxScale <= 8, "scale range [" + minScale + ", " + maxScale + "] must satisfy 0 < min <= max <= 8");
        req(maxRotation >= 0 && maxRotation <= 180, "maxRotation must be in [0, 180] degrees, got " + maxRotation);
        req(brightness >= 0 && brightness <= 1, "brightness must be in [0, 1], got " + brightness);
        req(contrast >= 0 && contrast <= 1, "contrast must be in [0, 1], got " + contrast);
        req(saturation >= 0 && saturation <= 1, "saturation must be in [0, 1], got " + saturation);
        req(hue >= 0 && hue <= 0.5, "hue must be in [0, 0.5], got " + hue);
        req(blurProbability >= 0 && blurProbability <= 1, "blurProbability must be in [0, 1], got " + blurProbability);
        req(minSigma > 0 && maxSigma >= minSigma && maxSigma <= 20, "blur sigma range [" + minSigma + ", " + maxSigma + "] must satisfy 0 < min <= max <= 20");
    }

    /**
     * One knob: {@code s} in [0, 1] scales these ranges linearly from nothing ({@code s = 0} equals {@link #NONE}):
     * scale [1 - 0.5 s, 1 + s] (s = 1: [0.5, 2], mmsegmentation's usual ratio range), rotation &plusmn;10 s degrees,
     * brightness / contrast / saturation 0.3 s, hue 0.05 s, blur with probability 0.25 s and sigma in [0.1, 0.1 + 1.4 s].
     *
     * @throws IllegalArgumentException if s is outside [0, 1]
     */
    public static Augmentation ofStrength(double s) {
        req(s >= 0 && s <= 1, "strength must be in [0, 1], got " + s);
        if (s == 0) return NONE;
        return new Augmentation(1 - 0.5 * s, 1 + s, 10 * s, 0.3 * s, 0.3 * s, 0.3 * s, 0.05 * s, 0.25 * s, 0.1, 0.1 + 1.4 * s);
    }

    public Augmentation withScale(double min, double max) {
        return new Augmentation(min, max, maxRotation, brightness, contrast, saturation, hue, blurProbability, minSigma, maxSigma, verticalFlip, transpose);
    }

    public Augmentation withRotation(double degrees) {
        return new Augmentation(minScale, maxScale, degrees, brightness, contrast, saturation, hue, blurProbability, minSigma, maxSigma, verticalFlip, transpose);
    }

    public Augmentation withColor(double brightness, double contrast, double saturation, double hue) {
        return new Augmentation(minScale, maxScale, maxRotation, brightness, contrast, saturation, hue, blurProbability, minSigma, maxSigma, verticalFlip, transpose);
    }

    public Augmentation withBlur(double probability, double minSigma, double maxSigma) {
        return new Augmentation(minScale, maxScale, maxRotation, brightness, contrast, saturation, hue, probability, minSigma, maxSigma, verticalFlip, transpose);
    }

    /**
     * These ranges with the vertical flip and transposition on or off (both on, with the left-right flip of the
     * training configuration: the 8 symmetries of the square).
     */
    public Augmentation withSymmetries(boolean verticalFlip, boolean transpose) {
        return new Augmentation(minScale, maxScale, maxRotation, brightness, contrast, saturation, hue, blurProbability, minSigma, maxSigma, verticalFlip, transpose);
    }

    /** True when this draws nothing (equal to {@link #NONE} up to the unused sigma range). */
    public boolean isNone() {
        return minScale == 1 && maxScale == 1 && maxRotation == 0 && brightness == 0 && contrast == 0
                && saturation == 0 && hue == 0 && blurProbability == 0 && !verticalFlip && !transpose;
    }

    /** Compact text for fingerprints and logs. */
    @Override
    public String toString() {
        return "scale[" + minScale + "," + maxScale + "],rot=" + maxRotation + ",bcsh=" + brightness + "/" + contrast + "/"
                + saturation + "/" + hue + ",blur=" + blurProbability + "@[" + minSigma + "," + maxSigma + "]"
                + (verticalFlip ? ",vflip" : "") + (transpose ? ",transpose" : "");
    }

    private static void req(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException("augmentation: " + message);
    }
}
