package org.tessera.classic.threshold;

import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** The single-value global threshold methods of {@link GlobalThresholds}, by name. */
public enum ThresholdMethod {
    OTSU("otsu", GlobalThresholds::otsu),
    YEN("yen", GlobalThresholds::yen),
    TRIANGLE("triangle", GlobalThresholds::triangle),
    ISODATA("isodata", GlobalThresholds::isodata),
    LI("li", GlobalThresholds::li),
    MEAN("mean", GlobalThresholds::mean),
    MINIMUM("minimum", GlobalThresholds::minimum);

    private final String skimageName;
    private final ToDoubleFunction<GrayHistogram> f;

    ThresholdMethod(String skimageName, ToDoubleFunction<GrayHistogram> f) {
        this.skimageName = skimageName;
        this.f = f;
    }

    /** The suffix of the scikit-image function, e.g. "otsu" for {@code threshold_otsu}. */
    public String skimageName() {
        return skimageName;
    }

    /** The threshold of this histogram; foreground is {@code value > threshold}. */
    public double compute(GrayHistogram h) {
        return f.applyAsDouble(h);
    }

    /**
     * The method named (case-insensitive) like its scikit-image suffix.
     *
     * @throws IllegalArgumentException naming the valid names
     */
    public static ThresholdMethod parse(String name) {
        for (ThresholdMethod m : values()) {
            if (m.skimageName.equals(name.toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown threshold method '" + name
                + "' (expected one of otsu, yen, triangle, isodata, li, mean, minimum)");
    }
}
