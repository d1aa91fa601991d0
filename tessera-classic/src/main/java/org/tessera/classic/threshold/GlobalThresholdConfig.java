package org.tessera.classic.threshold;

/** Configuration of a global threshold segmentation. Call {@link #validate()} (the factory does). */
public final class GlobalThresholdConfig {
    /** The method; ignored when {@link #classes} > 2 (multi-Otsu is used). */
    public ThresholdMethod method = ThresholdMethod.OTSU;
    /** Number of classes: 2 = binary (labels 0/1), more = multi-Otsu labels 0..classes-1 (np.digitize order). */
    public int classes = 2;
    /** With 2 classes: true labels pixels {@code <= t} as 1 (dark objects). */
    public boolean darkForeground = false;

    public GlobalThresholdConfig() {
    }

    public GlobalThresholdConfig(ThresholdMethod method) {
        this.method = method;
    }

    /**
     * Checks every field.
     *
     * @throws IllegalArgumentException naming the first invalid field
     */
    public GlobalThresholdConfig validate() {
        if (method == null) {
            throw new IllegalArgumentException("GlobalThresholdConfig.method must not be null");
        }
        if (classes < 2 || classes > 5) {
            throw new IllegalArgumentException("GlobalThresholdConfig.classes must be in 2..5, got " + classes);
        }
        return this;
    }
}
