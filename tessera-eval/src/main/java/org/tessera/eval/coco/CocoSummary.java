package org.tessera.eval.coco;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * pycocotools' {@code COCOeval.summarize()}: the 12 statistics and their printed lines, bit for bit (means use
 * numpy's pairwise summation; numbers are printed with Python's correctly rounded {@code '{:0.3f}'}).
 */
public final class CocoSummary {
    private CocoSummary() {}

    record Summary(double[] stats, String[] lines) {}

    /** The 12 lines pycocotools prints for this result, joined with '\n' (no trailing newline). */
    public static String format(CocoResult result) {
        return result.toString();
    }

    /** Summarizes with the given mode (the result's own {@link CocoResult#stats()} use its params' mode). */
    public static String format(CocoResult result, CocoParams.SummaryMode mode) {
        return String.join("\n", summarize(result, mode).lines());
    }

    /** The 12 statistics under the given mode. */
    public static double[] stats(CocoResult result, CocoParams.SummaryMode mode) {
        return summarize(result, mode).stats();
    }

    static Summary summarize(CocoResult r, CocoParams.SummaryMode mode) {
        CocoParams p = r.params();
        int[] md = p.maxDets();
        int last, m0, m1;
        int first;
        if (mode == CocoParams.SummaryMode.PYCOCOTOOLS) {
            if (md.length < 3) {
                throw new IllegalStateException("pycocotools' summarize() needs at least 3 maxDets, got " + md.length);
            }
            first = 100;
            last = md[2];
            m0 = md[0];
            m1 = md[1];
        } else {
            last = md[md.length - 1];
            first = last;
            m0 = md[0];
            m1 = md[Math.min(1, md.length - 1)];
        }
        double[] s = new double[12];
        String[] l = new String[12];
        List<Object[]> spec = List.of(
                new Object[] {true, null, "all", first},
                new Object[] {true, .5, "all", last},
                new Object[] {true, .75, "all", last},
                new Object[] {true, null, "small", last},
                new Object[] {true, null, "medium", last},
                new Object[] {true, null, "large", last},
                new Object[] {false, null, "all", m0},
                new Object[] {false, null, "all", m1},
                new Object[] {false, null, "all", last},
                new Object[] {false, null, "small", last},
                new Object[] {false, null, "medium", last},
                new Object[] {false, null, "large", last});
        for (int i = 0; i < 12; i++) {
            Object[] q = spec.get(i);
            boolean ap = (Boolean) q[0];
            Double iouThr = (Double) q[1];
            String area = (String) q[2];
            int maxDets = (Integer) q[3];
            s[i] = one(r, ap, iouThr, area, maxDets);
            l[i] = line(p, ap, iouThr, area, maxDets, s[i]);
        }
        return new Summary(s, l);
    }

    /** {@code _summarize(ap, iouThr, areaRng, maxDets)}. */
    static double one(CocoResult r, boolean ap, Double iouThr, String areaLbl, int maxDets) {
        CocoParams p = r.params();
        List<Integer> aind = new ArrayList<>();
        for (int i = 0; i < p.areaRngLbl().length; i++) if (p.areaRngLbl()[i].equals(areaLbl)) aind.add(i);
        List<Integer> mind = new ArrayList<>();
        for (int i = 0; i < p.maxDets().length; i++) if (p.maxDets()[i] == maxDets) mind.add(i);
        // numpy broadcasting of the two index lists s[..., aind, mind]
        int na = aind.size(), nm = mind.size();
        int pairs;
        if (na == nm) pairs = na;
        else if (na == 1) pairs = nm;
        else if (nm == 1) pairs = na;
        else throw new IllegalStateException("shape mismatch: area index list of " + na + " vs maxDets index list of " + nm);
        int[] pa = new int[pairs], pm = new int[pairs];
        for (int i = 0; i < pairs; i++) {
            pa[i] = aind.get(na == 1 ? 0 : i);
            pm[i] = mind.get(nm == 1 ? 0 : i);
        }
        List<Integer> ts = new ArrayList<>();
        for (int t = 0; t < p.iouThrs().length; t++) if (iouThr == null || p.iouThrs()[t] == iouThr) ts.add(t);
        int nR = p.recThrs().length, nK = r.numCategories();
        double[] buf = new double[ts.size() * (ap ? nR : 1) * nK * pairs];
        int n = 0;
        for (int t : ts) {
            if (ap) {
                for (int ri = 0; ri < nR; ri++) {
                    for (int k = 0; k < nK; k++) {
                        for (int i = 0; i < pairs; i++) {
                            double v = r.precision(t, ri, k, pa[i], pm[i]);
                            if (v > -1) buf[n++] = v;
                        }
                    }
                }
            } else {
                for (int k = 0; k < nK; k++) {
                    for (int i = 0; i < pairs; i++) {
                        double v = r.recall(t, k, pa[i], pm[i]);
                        if (v > -1) buf[n++] = v;
                    }
                }
            }
        }
        return n == 0 ? -1 : NumpyCompat.mean(buf, n);
    }

    static String line(CocoParams p, boolean ap, Double iouThr, String area, int maxDets, double v) {
        String title = ap ? "Average Precision" : "Average Recall";
        String type = ap ? "(AP)" : "(AR)";
        double[] th = p.iouThrs();
        String iouStr = iouThr == null ? fixed(th[0], 2) + ":" + fixed(th[th.length - 1], 2) : fixed(iouThr, 2);
        return String.format(" %-18s %s @[ IoU=%-9s | area=%6s | maxDets=%3d ] = %s", title, type, iouStr, area, maxDets,
                fixed(v, 3));
    }

    /** Python's {@code '{:0.Nf}'.format(v)}: the exact binary value rounded half-to-even. */
    static String fixed(double v, int digits) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        String s = new BigDecimal(v).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
        if (v < 0 || (v == 0 && 1 / v < 0)) {
            if (!s.startsWith("-")) s = "-" + s; // Python keeps the sign of negative values rounding to zero
        }
        return s;
    }
}
