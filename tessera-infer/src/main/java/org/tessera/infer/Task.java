package org.tessera.infer;

import java.util.Locale;

/** What a segmentation model predicts. */
public enum Task {
    /** Objects with a class, a score, a box and a mask each ({@link Prediction#detections()}). */
    INSTANCE,
    /** A class per pixel, one {@link org.tessera.core.label.LabelMap} per head ({@link Prediction#labelMaps()}). */
    SEMANTIC,
    /** A foreground mask and an alpha matte ({@link Prediction#foreground()}). */
    FOREGROUND;

    /** Parses {@code instance}, {@code semantic}, or {@code foreground} (Ultralytics' {@code segment} = instance). */
    public static Task parse(String s) {
        String k = s.trim().toLowerCase(Locale.ROOT);
        return switch (k) {
            case "instance", "segment", "instance-segmentation" -> INSTANCE;
            case "semantic", "semantic-segmentation" -> SEMANTIC;
            case "foreground", "matting", "portrait" -> FOREGROUND;
            default -> throw new IllegalArgumentException("unknown task '" + s + "' (expected instance, semantic or foreground)");
        };
    }
}
