package org.tessera.eval.semantic;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import org.tessera.core.category.CityscapesLabel;

/** Text tables of semantic results. Numbers are rounded half-even on the exact binary value (as Python's format). */
public final class SemanticFormat {
    private SemanticFormat() {}

    /**
     * Per-class table (IoU, accuracy, Dice in percent with two decimals, GT and predicted pixels; '-' where undefined)
     * followed by the summary lines (pixel accuracy, mean class accuracy, mIoU, FWIoU, mean Dice).
     */
    public static String perClassTable(SemanticResult r) {
        int w = 5;
        for (SemanticResult.PerClass c : r.perClass()) w = Math.max(w, c.name().length());
        StringBuilder sb = new StringBuilder();
        sb.append(left("id", 4)).append("  ").append(right("class", w)).append("  ").append(left("IoU", 7)).append(' ')
                .append(left("Acc", 7)).append(' ').append(left("Dice", 7)).append(' ').append(left("GT px", 12)).append(' ')
                .append(left("pred px", 12)).append('\n');
        String rule = "-".repeat(4 + 2 + w + 2 + 24 + 26) + "\n";
        sb.append(rule);
        for (SemanticResult.PerClass c : r.perClass()) {
            sb.append(left(Integer.toString(c.index()), 4)).append("  ").append(right(c.name(), w)).append("  ")
                    .append(left(pct(c.iou()), 7)).append(' ').append(left(pct(c.accuracy()), 7)).append(' ')
                    .append(left(pct(c.dice()), 7)).append(' ').append(left(Long.toString(c.gtPixels()), 12)).append(' ')
                    .append(left(Long.toString(c.predPixels()), 12)).append('\n');
        }
        sb.append(rule);
        sb.append("pixel accuracy      ").append(pct(r.pixelAccuracy())).append('\n');
        sb.append("mean class accuracy ").append(pct(r.meanClassAccuracy())).append('\n');
        sb.append("mIoU                ").append(pct(r.miou())).append('\n');
        sb.append("FWIoU               ").append(pct(r.fwiou())).append('\n');
        sb.append("mean Dice           ").append(pct(r.meanDice())).append('\n');
        sb.append("pixels ").append(r.totalPixels()).append(" counted, ").append(r.ignoredPixels()).append(" ignored");
        if (r.outOfRangeGtPixels() > 0) sb.append(", ").append(r.outOfRangeGtPixels()).append(" with GT outside the classes");
        sb.append('\n');
        return sb.toString();
    }

    /** cityscapesScripts' class table ("classes IoU nIoU", three decimals, 'nan' where undefined) and averages. */
    public static String cityscapesTable(CityscapesResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append("classes          IoU      nIoU\n--------------------------------\n");
        for (CityscapesLabel l : CityscapesLabel.all()) {
            if (l.id() < 0 || l.ignoreInEval()) continue;
            sb.append(right(l.name(), 14)).append(": ").append(fix3(r.classScores().get(l.name()))).append("    ")
                    .append(fix3(r.classInstScores().get(l.name()))).append('\n');
        }
        sb.append("--------------------------------\n");
        sb.append("Score Average : ").append(fix3(r.averageScoreClasses())).append("    ").append(fix3(r.averageScoreInstClasses())).append('\n');
        sb.append("--------------------------------\n\n");
        sb.append("categories       IoU      nIoU\n--------------------------------\n");
        for (Map.Entry<String, Double> e : r.categoryScores().entrySet()) {
            if (e.getKey().equals("void")) continue;
            sb.append(right(e.getKey(), 14)).append(": ").append(fix3(e.getValue())).append("    ")
                    .append(fix3(r.categoryInstScores().get(e.getKey()))).append('\n');
        }
        sb.append("--------------------------------\n");
        sb.append("Score Average : ").append(fix3(r.averageScoreCategories())).append("    ").append(fix3(r.averageScoreInstCategories())).append('\n');
        sb.append("--------------------------------\n");
        return sb.toString();
    }

    private static String pct(Double v) {
        if (v == null || v.isNaN()) return "-";
        return new BigDecimal(100 * v).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static String fix3(Double v) {
        if (v == null || v.isNaN()) return "  nan";
        return left(new BigDecimal(v).setScale(3, RoundingMode.HALF_EVEN).toPlainString(), 5);
    }

    private static String left(String s, int w) {
        return s.length() >= w ? s : " ".repeat(w - s.length()) + s;
    }

    private static String right(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }
}
