package org.tessera.eval.semantic;

import java.util.Map;

/**
 * The scores of cityscapesScripts' {@code evaluateImgLists} (evalPixelLevelSemanticLabeling). Maps are keyed by
 * label / category name in cityscapesScripts' order; a value is null where the reference gives NaN (ignored label,
 * 0/0). Averages are means over the non-null values (NaN if none).
 *
 * @param classScores                per labelId: IoU = TP / (TP + FP + FN), FP counted on non-ignored GT only
 * @param classInstScores            per labelId: iIoU, TP and FN weighted per instance by avgClassSize / instance size
 * @param categoryScores             per category: IoU of the category's non-ignored labels merged
 * @param categoryInstScores         per category (human, vehicle): iIoU
 * @param averageScoreClasses        mean IoU over the 19 classes ("Score Average" IoU)
 * @param averageScoreInstClasses    mean iIoU over the 8 instance classes
 * @param averageScoreCategories     mean category IoU
 * @param averageScoreInstCategories mean category iIoU
 * @param priors                     per labelId: GT pixel share (row sum / all pixels)
 * @param confusion                  the 34 x 34 labelId confusion matrix {@code [gt][pred]}, all pixels
 */
public record CityscapesResult(Map<String, Double> classScores, Map<String, Double> classInstScores,
                               Map<String, Double> categoryScores, Map<String, Double> categoryInstScores,
                               double averageScoreClasses, double averageScoreInstClasses,
                               double averageScoreCategories, double averageScoreInstCategories,
                               Map<String, Double> priors, long[][] confusion) {}
