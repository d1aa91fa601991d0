package org.tessera.eval.panoptic;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Text tables of a {@link PanopticResult}. */
public final class PanopticFormat {
    private PanopticFormat() {}

    /**
     * panopticapi's summary table, character for character (percentages with one decimal, rounded as Python's
     * {@code format} rounds the exact binary value: half to even), lines ended by '\n':
     * <pre>
     *           |    PQ     SQ     RQ     N
     * --------------------------------------
     * All       |  28.7   32.5   31.5    14
     * </pre>
     */
    public static String summaryTable(PanopticResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append(pad("", 10)).append("| ").append(leftPad("PQ", 5)).append("  ").append(leftPad("SQ", 5)).append("  ")
                .append(leftPad("RQ", 5)).append(' ').append(leftPad("N", 5)).append('\n');
        sb.append("-".repeat(10 + 7 * 4)).append('\n');
        row(sb, "All", r.all());
        row(sb, "Things", r.things());
        row(sb, "Stuff", r.stuff());
        return sb.toString();
    }

    private static void row(StringBuilder sb, String name, PanopticResult.Summary s) {
        sb.append(pad(name, 10)).append("| ").append(pct(s.pq(), 5)).append("  ").append(pct(s.sq(), 5)).append("  ")
                .append(pct(s.rq(), 5)).append(' ').append(leftPad(Integer.toString(s.n()), 5)).append('\n');
    }

    /**
     * A per-category table: id, name, kind (thing/stuff), PQ / SQ / RQ in percent (one decimal), TP, FP, FN; categories
     * with TP + FP + FN = 0 are listed with '-' for the scores.
     */
    public static String perClassTable(PanopticResult r) {
        int w = 4;
        for (PanopticResult.PerClass c : r.perClass()) w = Math.max(w, c.name().length());
        StringBuilder sb = new StringBuilder();
        sb.append(leftPad("id", 5)).append("  ").append(pad("name", w)).append("  kind   ")
                .append(leftPad("PQ", 6)).append(' ').append(leftPad("SQ", 6)).append(' ').append(leftPad("RQ", 6))
                .append(' ').append(leftPad("TP", 7)).append(' ').append(leftPad("FP", 7)).append(' ').append(leftPad("FN", 7)).append('\n');
        sb.append("-".repeat(5 + 2 + w + 9 + 21 + 24)).append('\n');
        for (PanopticResult.PerClass c : r.perClass()) {
            sb.append(leftPad(Integer.toString(c.categoryId()), 5)).append("  ").append(pad(c.name(), w)).append("  ")
                    .append(c.isThing() ? "thing  " : "stuff  ");
            if (c.counted()) {
                sb.append(pct(c.pq(), 6)).append(' ').append(pct(c.sq(), 6)).append(' ').append(pct(c.rq(), 6));
            } else {
                sb.append(leftPad("-", 6)).append(' ').append(leftPad("-", 6)).append(' ').append(leftPad("-", 6));
            }
            sb.append(' ').append(leftPad(Long.toString(c.tp()), 7)).append(' ').append(leftPad(Long.toString(c.fp()), 7))
                    .append(' ').append(leftPad(Long.toString(c.fn()), 7)).append('\n');
        }
        return sb.toString();
    }

    /** 100 * v with one decimal, half-even on the exact binary value (Python's {@code '{:.1f}'}), right-aligned. */
    static String pct(double v, int width) {
        String s;
        if (Double.isNaN(v)) s = "nan";
        else if (Double.isInfinite(v)) s = v > 0 ? "inf" : "-inf";
        else s = new BigDecimal(100 * v).setScale(1, RoundingMode.HALF_EVEN).toPlainString();
        return leftPad(s, width);
    }

    static String pad(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }

    static String leftPad(String s, int w) {
        return s.length() >= w ? s : " ".repeat(w - s.length()) + s;
    }
}
