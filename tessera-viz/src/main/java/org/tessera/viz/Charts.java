package org.tessera.viz;

import java.util.List;
import java.util.Locale;
import org.tessera.core.image.Image;

/**
 * Evaluation charts rendered to images (PNG via {@code Images.writePng}) and to SVG text: precision/recall curves,
 * horizontal bar charts, confusion-matrix heat maps, and stacked line panels ({@link #panels}, e.g. learning curves).
 */
public final class Charts {
    private Charts() {}

    private static final int W = 720, H = 520, L = 70, R = 170, T = 40, B = 60;

    /**
     * Precision/recall curves, one per series. {@code recall} holds the common x values (e.g. COCO's 101 recall
     * thresholds); {@code precision[s][r]} is series s at recall r; negative values (undefined) break the line.
     */
    public static Image curves(String title, double[] recall, double[][] precision, String[] seriesNames) {
        Canvas c = frame(title, "recall", "precision");
        for (int s = 0; s < precision.length; s++) {
            int color = Colors.distinct(s);
            int px = -1, py = -1;
            for (int r = 0; r < recall.length; r++) {
                double p = precision[s][r];
                if (p < 0) {
                    px = -1;
                    continue;
                }
                int x = xOf(recall[r]), y = yOf(p);
                if (px >= 0) line(c, px, py, x, y, color);
                px = x;
                py = y;
            }
            c.fillRect(W - R + 15, T + 10 + s * 18, 14, 4, color);
            c.text(seriesNames[s], W - R + 34, T + 3 + s * 18, 0x202020, 12);
        }
        return c.toImage();
    }

    /** The same curves as SVG. */
    public static String curvesSvg(String title, double[] recall, double[][] precision, String[] seriesNames) {
        StringBuilder sb = svgFrame(title, "recall", "precision");
        for (int s = 0; s < precision.length; s++) {
            String color = hex(Colors.distinct(s));
            StringBuilder d = new StringBuilder();
            boolean pen = false;
            for (int r = 0; r < recall.length; r++) {
                double p = precision[s][r];
                if (p < 0) {
                    pen = false;
                    continue;
                }
                d.append(pen ? " L" : " M").append(xOf(recall[r])).append(',').append(yOf(p));
                pen = true;
            }
            sb.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"/>%n", d.toString().trim(), color));
            sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"4\" fill=\"%s\"/><text x=\"%d\" y=\"%d\" font-size=\"12\">%s</text>%n",
                    W - R + 15, T + 10 + s * 18, color, W - R + 34, T + 15 + s * 18, esc(seriesNames[s])));
        }
        return sb.append("</svg>\n").toString();
    }

    /** Horizontal bars (values in 0..1, negative = undefined, drawn as "n/a"), one row per label, in the given order. */
    public static Image bars(String title, String[] labels, double[] values) {
        int rowH = 16, h = Math.max(200, T + 20 + rowH * labels.length + 20), labelW = 150, w = 720;
        Canvas c = new Canvas(w, h, 0xFFFFFF);
        c.text(title, 10, 10, 0x000000, 15);
        int x0 = labelW + 10, x1 = w - 60;
        for (int i = 0; i < labels.length; i++) {
            int y = T + 10 + i * rowH;
            c.text(labels[i], 10, y, 0x202020, 11);
            double v = values[i];
            if (v >= 0) {
                c.fillRect(x0, y + 2, (int) Math.round((x1 - x0) * Math.min(1, v)), rowH - 4, Colors.distinct(i));
                c.text(String.format(Locale.ROOT, "%.3f", v), x0 + (int) Math.round((x1 - x0) * Math.min(1, v)) + 4, y, 0x202020, 11);
            } else {
                c.text("n/a", x0 + 4, y, 0x808080, 11);
            }
        }
        c.fillRect(x0, T, 1, h - T - 10, 0x000000);
        return c.toImage();
    }

    /** The same bars as SVG. */
    public static String barsSvg(String title, String[] labels, double[] values) {
        int rowH = 16, h = Math.max(200, T + 20 + rowH * labels.length + 20), labelW = 150, w = 720;
        int x0 = labelW + 10, x1 = w - 60;
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n<text x=\"10\" y=\"24\" font-size=\"15\">%s</text>%n",
                w, h, esc(title)));
        for (int i = 0; i < labels.length; i++) {
            int y = T + 10 + i * rowH;
            sb.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\" font-size=\"11\">%s</text>", y + 12, esc(labels[i])));
            double v = values[i];
            if (v >= 0) {
                int bw = (int) Math.round((x1 - x0) * Math.min(1, v));
                sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/><text x=\"%d\" y=\"%d\" font-size=\"11\">%.3f</text>%n",
                        x0, y + 2, bw, rowH - 4, hex(Colors.distinct(i)), x0 + bw + 4, y + 12, v));
            } else {
                sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"gray\">n/a</text>%n", x0 + 4, y + 12));
            }
        }
        return sb.append("</svg>\n").toString();
    }

    /**
     * A confusion matrix heat map, rows = ground truth, columns = prediction, each row normalised by its total
     * (so the diagonal shows per-class recall); cells with a row total of 0 are grey.
     */
    public static Image heatMap(String title, long[][] confusion, String[] names) {
        int n = confusion.length;
        int cell = Math.max(6, Math.min(40, 600 / Math.max(1, n))), labelW = 130;
        int w = labelW + n * cell + 20, h = T + labelW + n * cell + 20;
        Canvas c = new Canvas(Math.max(w, 300), h, 0xFFFFFF);
        c.text(title + " (rows: ground truth, normalised)", 10, 8, 0x000000, 14);
        int ox = labelW, oy = T + labelW - 100;
        for (int i = 0; i < n; i++) {
            long tot = 0;
            for (long v : confusion[i]) tot += v;
            for (int j = 0; j < n; j++) {
                int color;
                if (tot == 0) color = 0xDDDDDD;
                else {
                    double f = (double) confusion[i][j] / tot;
                    color = Colors.blend(0xFFFFFF, 0x08306B, Math.sqrt(f));
                }
                c.fillRect(ox + j * cell, oy + i * cell, cell - 1, cell - 1, color);
            }
            if (cell >= 10) c.text(names[i], 4, oy + i * cell + (cell - 12) / 2, 0x202020, Math.min(11, cell - 2));
        }
        return c.toImage();
    }

    /**
     * One panel of {@link #panels}: a line over the common x values; NaN values break the line.
     *
     * @param name  title of the panel (e.g. "train loss")
     * @param y     one value per x (NaN = none)
     * @param min   lower end of the y axis, NaN = the smallest value
     * @param max   upper end of the y axis, NaN = the largest value
     * @param color RGB
     */
    public record Panel(String name, double[] y, double min, double max, int color) {}

    private static final int PW = 720, PH = 170, PL = 80, PR = 20, PT = 36, PB = 26;

    /**
     * Stacked line panels over a common x axis (e.g. learning curves: training loss, validation mIoU and learning
     * rate per epoch), each with its own y range; the x axis runs from the first to the last x value.
     */
    public static Image panels(String title, String xLabel, double[] x, List<Panel> panels) {
        int h = 30 + panels.size() * PH + 20;
        Canvas c = new Canvas(PW, h, 0xFFFFFF);
        c.text(title, PL, 8, 0x000000, 15);
        for (int k = 0; k < panels.size(); k++) {
            Panel p = panels.get(k);
            int top = 30 + k * PH;
            double[] r = range(p);
            int y0 = top + PT, y1 = top + PH - PB;
            c.text(p.name(), PL, top + 14, 0x000000, 12);
            for (int t = 0; t <= 4; t++) {
                int yy = y1 - (y1 - y0) * t / 4;
                c.fillRect(PL, yy, PW - PL - PR, 1, 0xEEEEEE);
                c.text(tick(r[0] + (r[1] - r[0]) * t / 4), 4, yy - 7, 0x404040, 10);
            }
            c.fillRect(PL, y0, 1, y1 - y0, 0x000000);
            c.fillRect(PL, y1, PW - PL - PR, 1, 0x000000);
            int px = -1, py = -1;
            for (int i = 0; i < x.length; i++) {
                double v = i < p.y().length ? p.y()[i] : Double.NaN;
                if (Double.isNaN(v)) {
                    px = -1;
                    continue;
                }
                int xx = px(x, i), yy = py(v, r, y0, y1);
                if (px >= 0) line(c, px, py, xx, yy, p.color());
                c.fillRect(xx - 1, yy - 1, 3, 3, p.color());
                px = xx;
                py = yy;
            }
            if (k == panels.size() - 1) {
                for (int i = 0; i < x.length; i += Math.max(1, x.length / 10)) {
                    c.text(tick(x[i]), px(x, i) - 6, y1 + 4, 0x404040, 10);
                }
                c.text(xLabel, PW / 2 - 20, y1 + 18, 0x000000, 11);
            }
        }
        return c.toImage();
    }

    /** The same panels as SVG. */
    public static String panelsSvg(String title, String xLabel, double[] x, List<Panel> panels) {
        int h = 30 + panels.size() * PH + 20;
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n<text x=\"%d\" y=\"22\" font-size=\"15\">%s</text>%n",
                PW, h, PL, esc(title)));
        for (int k = 0; k < panels.size(); k++) {
            Panel p = panels.get(k);
            int top = 30 + k * PH;
            double[] r = range(p);
            int y0 = top + PT, y1 = top + PH - PB;
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\">%s</text>%n", PL, top + 26, esc(p.name())));
            for (int t = 0; t <= 4; t++) {
                int yy = y1 - (y1 - y0) * t / 4;
                sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#eee\"/><text x=\"4\" y=\"%d\" font-size=\"10\">%s</text>%n",
                        PL, yy, PW - PR, yy, yy + 4, tick(r[0] + (r[1] - r[0]) * t / 4)));
            }
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/><line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
                    PL, y0, PL, y1, PL, y1, PW - PR, y1));
            StringBuilder d = new StringBuilder();
            boolean pen = false;
            for (int i = 0; i < x.length; i++) {
                double v = i < p.y().length ? p.y()[i] : Double.NaN;
                if (Double.isNaN(v)) {
                    pen = false;
                    continue;
                }
                d.append(pen ? " L" : " M").append(px(x, i)).append(',').append(py(v, r, y0, y1));
                pen = true;
            }
            sb.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"/>%n", d.toString().trim(), hex(p.color())));
            if (k == panels.size() - 1) {
                for (int i = 0; i < x.length; i += Math.max(1, x.length / 10)) {
                    sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\">%s</text>", px(x, i) - 6, y1 + 14, tick(x[i])));
                }
                sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>%n", PW / 2 - 20, y1 + 26, esc(xLabel)));
            }
        }
        return sb.append("</svg>\n").toString();
    }

    private static double[] range(Panel p) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : p.y()) {
            if (Double.isNaN(v)) continue;
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        if (!Double.isNaN(p.min())) lo = p.min();
        if (!Double.isNaN(p.max())) hi = p.max();
        if (!(lo <= hi) || Double.isInfinite(lo) || Double.isInfinite(hi)) return new double[] {0, 1};
        if (lo == hi) return new double[] {lo - 0.5 * Math.max(1e-12, Math.abs(lo)), hi + 0.5 * Math.max(1e-12, Math.abs(hi))};
        return new double[] {lo, hi};
    }

    private static int px(double[] x, int i) {
        double a = x[0], b = x[x.length - 1];
        double f = b == a ? 0.5 : (x[i] - a) / (b - a);
        return PL + (int) Math.round(f * (PW - PL - PR));
    }

    private static int py(double v, double[] r, int y0, int y1) {
        double f = (v - r[0]) / (r[1] - r[0]);
        f = Math.max(0, Math.min(1, f));
        return y1 - (int) Math.round(f * (y1 - y0));
    }

    private static String tick(double v) {
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-2 || a >= 1e4)) return String.format(Locale.ROOT, "%.1e", v);
        if (v == Math.rint(v)) return String.format(Locale.ROOT, "%d", (long) v);
        return String.format(Locale.ROOT, "%.3f", v);
    }

    // ------------------------------------------------------------------ frame helpers

    private static int xOf(double v) {
        return L + (int) Math.round(v * (W - L - R));
    }

    private static int yOf(double v) {
        return H - B - (int) Math.round(v * (H - T - B));
    }

    private static Canvas frame(String title, String xLabel, String yLabel) {
        Canvas c = new Canvas(W, H, 0xFFFFFF);
        c.text(title, L, 10, 0x000000, 15);
        for (int k = 0; k <= 10; k++) {
            double v = k / 10.0;
            c.fillRect(xOf(v), T, 1, H - T - B, 0xEEEEEE);
            c.fillRect(L, yOf(v), W - L - R, 1, 0xEEEEEE);
            if (k % 2 == 0) {
                c.text(String.format(Locale.ROOT, "%.1f", v), xOf(v) - 8, H - B + 6, 0x404040, 11);
                c.text(String.format(Locale.ROOT, "%.1f", v), L - 30, yOf(v) - 7, 0x404040, 11);
            }
        }
        c.fillRect(L, T, 1, H - T - B, 0x000000);
        c.fillRect(L, H - B, W - L - R, 1, 0x000000);
        c.text(xLabel, (L + W - R) / 2 - 20, H - B + 24, 0x000000, 12);
        c.text(yLabel, 6, T - 18, 0x000000, 12);
        return c;
    }

    private static StringBuilder svgFrame(String title, String xLabel, String yLabel) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n<text x=\"%d\" y=\"24\" font-size=\"15\">%s</text>%n",
                W, H, L, esc(title)));
        for (int k = 0; k <= 10; k++) {
            double v = k / 10.0;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#eee\"/><line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#eee\"/>%n",
                    xOf(v), T, xOf(v), H - B, L, yOf(v), W - R, yOf(v)));
            if (k % 2 == 0) {
                sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">%.1f</text><text x=\"%d\" y=\"%d\" font-size=\"11\">%.1f</text>%n",
                        xOf(v) - 8, H - B + 18, v, L - 30, yOf(v) + 4, v));
            }
        }
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/><line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
                L, T, L, H - B, L, H - B, W - R, H - B));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\">%s</text><text x=\"6\" y=\"%d\" font-size=\"12\">%s</text>%n",
                (L + W - R) / 2 - 20, H - B + 36, esc(xLabel), T - 8, esc(yLabel)));
        return sb;
    }

    private static void line(Canvas c, int x0, int y0, int x1, int y1, int color) {
        int dx = Math.abs(x1 - x0), dy = -Math.abs(y1 - y0), sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1, err = dx + dy;
        while (true) {
            c.setPixel(x0, y0, color);
            c.setPixel(x0, y0 + 1, color);
            if (x0 == x1 && y0 == y1) break;
            int e2 = 2 * err;
            if (e2 >= dy) {
                err += dy;
                x0 += sx;
            }
            if (e2 <= dx) {
                err += dx;
                y0 += sy;
            }
        }
    }

    private static String hex(int rgb) {
        return String.format("#%06x", rgb & 0xFFFFFF);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
