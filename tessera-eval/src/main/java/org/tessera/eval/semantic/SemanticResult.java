package org.tessera.eval.semantic;

import java.util.List;

/**
 * Semantic segmentation scores from a confusion matrix ({@code cm[g][p]}, rows = GT, columns = prediction), with
 * TP_c = cm[c][c], G_c = row sum, P_c = column sum, N = total of the matrix (non-ignored pixels). All values are
 * fractions in [0, 1]. Per-class values are null where undefined (0/0); means are over the defined values only
 * (numpy {@code nanmean}) and NaN if none is defined.
 *
 * @param pixelAccuracy     sum TP_c / N
 * @param meanClassAccuracy mean of TP_c / G_c over classes with G_c &gt; 0
 * @param miou              mean IoU over classes present in GT or prediction (a class only predicted has IoU 0;
 *                          a class absent from both is excluded)
 * @param fwiou             sum over classes with G_c &gt; 0 of (G_c / N) IoU_c
 * @param meanDice          mean Dice (F1) over classes present in GT or prediction
 * @param totalPixels       N
 * @param ignoredPixels     pixels left out because their GT is the ignore index
 * @param outOfRangeGtPixels pixels left out because their GT is not a class (neither 0..C-1 nor the ignore index)
 * @param perClass          one entry per class, in class order
 * @param confusion         the matrix, {@code confusion[g][p]}
 */
public record SemanticResult(double pixelAccuracy, double meanClassAccuracy, double miou, double fwiou, double meanDice,
                             long totalPixels, long ignoredPixels, long outOfRangeGtPixels, List<PerClass> perClass,
                             long[][] confusion) {

    /**
     * One class.
     *
     * @param index     class index (0..C-1)
     * @param name      class name
     * @param iou       TP / (G + P - TP), null if G + P = 0
     * @param accuracy  TP / G (recall), null if G = 0
     * @param dice      2 TP / (G + P) (F1), null if G + P = 0
     * @param gtPixels  G
     * @param predPixels P (on non-ignored pixels)
     */
    public record PerClass(int index, String name, Double iou, Double accuracy, Double dice, long gtPixels, long predPixels) {}
}
