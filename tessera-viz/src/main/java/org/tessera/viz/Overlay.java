package org.tessera.viz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.tessera.core.image.Image;
import org.tessera.core.instances.Instances;
import org.tessera.core.label.LabelMap;
import org.tessera.core.label.Palette;
import org.tessera.core.mask.Mask;
import org.tessera.core.panoptic.PanopticMap;

/**
 * Renders segmentations over their image: translucent fills, 1-pixel contours, boxes and labels, and a legend of
 * the classes shown. Masks are read through their box-cropped bitmaps, never as full-image arrays per object.
 */
public final class Overlay {
    private Overlay() {}

    /**
     * Rendering options.
     *
     * @param alpha      fill opacity 0..1
     * @param contours   draw mask outlines
     * @param boxes      draw instance boxes
     * @param labels     draw "name score" labels
     * @param legend     append a legend panel on the right
     */
    public record Options(double alpha, boolean contours, boolean boxes, boolean labels, boolean legend) {
        public static Options defaults() {
            return new Options(0.5, true, true, true, true);
        }

        public Options {
            if (!(alpha >= 0 && alpha <= 1)) throw new IllegalArgumentException("alpha must be in 0..1, got " + alpha);
        }
    }

    /**
     * Instances over an image. Each instance gets its own color (instance index k → {@link Colors#distinct}); the
     * category name comes from {@code names} (null → the id).
     */
    public static Image instances(Image image, Instances inst, IntFunction<String> names, IntFunction<Integer> categoryColor,
                                  Options o) {
        checkSize(image, inst.width(), inst.height());
        Canvas c = Canvas.of(image);
        int n = inst.size();
        int[] order = inst.orderByScore();
        Map<String, Integer> legend = new LinkedHashMap<>();
        // paint the lowest score first so the most confident instance ends on top
        for (int a = n - 1; a >= 0; a--) {
            int k = order[a];
            int color = categoryColor != null ? categoryColor.apply(inst.categoryId(k)) : Colors.distinct(k);
            if (categoryColor != null) color = Colors.blend(color, Colors.distinct(k), 0.25);
            if (inst.hasMasks() && inst.mask(k) != null) paintMask(c, inst.mask(k), color, o.alpha(), o.contours());
        }
        for (int a = n - 1; a >= 0; a--) {
            int k = order[a];
            int color = categoryColor != null ? categoryColor.apply(inst.categoryId(k)) : Colors.distinct(k);
            double[] b = inst.box(k);
            if (o.boxes()) c.drawRect((int) Math.floor(b[0]), (int) Math.floor(b[1]), (int) Math.ceil(b[2]), (int) Math.ceil(b[3]), color, 2);
            String name = name(names, inst.categoryId(k));
            if (o.labels()) {
                String s = inst.score(k) < 1 ? name + String.format(" %.2f", inst.score(k)) : name;
                c.label(s, (int) Math.max(0, b[0]), (int) Math.max(0, b[1] - 16), color, 12);
            }
            legend.putIfAbsent(name, categoryColor != null ? categoryColor.apply(inst.categoryId(k)) : color);
        }
        return o.legend() ? withLegend(c, legend) : c.toImage();
    }

    /** A semantic map over an image; colors from {@code palette} (null → the map's palette, else distinct colors). */
    public static Image labelMap(Image image, LabelMap map, Palette palette, IntFunction<String> names, Options o) {
        checkSize(image, map.width(), map.height());
        Palette p = palette != null ? palette : map.palette();
        Canvas c = Canvas.of(image);
        int[] px = c.pixels();
        short[] labels = map.data();
        int w = map.width(), h = map.height();
        long[] hist = new long[65536];
        for (int i = 0; i < labels.length; i++) {
            int l = labels[i] & 0xFFFF;
            hist[l]++;
            if (l == map.ignoreIndex()) continue;
            px[i] = Colors.blend(px[i], colorOf(p, l), o.alpha());
        }
        if (o.contours()) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int i = y * w + x;
                    int l = labels[i];
                    if ((x + 1 < w && labels[i + 1] != l) || (y + 1 < h && labels[i + w] != l)) px[i] = 0xFFFFFF;
                }
            }
        }
        Map<String, Integer> legend = new LinkedHashMap<>();
        for (int l = 0; l < hist.length; l++) {
            if (hist[l] > 0 && l != map.ignoreIndex()) legend.put(name(names, l), colorOf(p, l));
        }
        return o.legend() ? withLegend(c, legend) : c.toImage();
    }

    /** A panoptic map over an image: stuff in its category color, each thing segment in a shade of it. */
    public static Image panoptic(Image image, PanopticMap map, IntFunction<String> names, IntFunction<Integer> categoryColor,
                                 Options o) {
        checkSize(image, map.width(), map.height());
        Canvas c = Canvas.of(image);
        int[] px = c.pixels();
        int[] ids = map.data();
        Map<Integer, Integer> colorOfSegment = new java.util.HashMap<>();
        Map<String, Integer> legend = new LinkedHashMap<>();
        int k = 0;
        for (PanopticMap.Segment s : map.segments()) {
            int base = categoryColor != null ? categoryColor.apply(s.categoryId()) : Colors.distinct(s.categoryId());
            colorOfSegment.put(s.id(), Colors.blend(base, Colors.distinct(k++), 0.3));
            legend.putIfAbsent(name(names, s.categoryId()), base);
        }
        int w = map.width(), h = map.height();
        for (int i = 0; i < ids.length; i++) {
            Integer col = colorOfSegment.get(ids[i]);
            if (col != null) px[i] = Colors.blend(px[i], col, o.alpha());
        }
        if (o.contours()) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int i = y * w + x;
                    if ((x + 1 < w && ids[i + 1] != ids[i]) || (y + 1 < h && ids[i + w] != ids[i])) px[i] = 0xFFFFFF;
                }
            }
        }
        return o.legend() ? withLegend(c, legend) : c.toImage();
    }

    static void paintMask(Canvas c, Mask m, int color, double alpha, boolean contour) {
        Mask.Bitmap b = m.toCroppedBitmap();
        byte[] bits = b.bits();
        int bw = b.width(), bh = b.height();
        for (int y = 0; y < bh; y++) {
            for (int x = 0; x < bw; x++) {
                if (bits[y * bw + x] == 0) continue;
                boolean edge = x == 0 || y == 0 || x == bw - 1 || y == bh - 1 || bits[y * bw + x - 1] == 0
                        || bits[y * bw + x + 1] == 0 || bits[(y - 1) * bw + x] == 0 || bits[(y + 1) * bw + x] == 0;
                if (contour && edge) c.setPixel(b.x() + x, b.y() + y, color);
                else c.blendPixel(b.x() + x, b.y() + y, color, alpha);
            }
        }
    }

    private static int colorOf(Palette p, int l) {
        return p != null && l < p.size() ? p.rgb(l) : Colors.distinct(l);
    }

    private static String name(IntFunction<String> names, int id) {
        String s = names == null ? null : names.apply(id);
        return s == null ? String.valueOf(id) : s;
    }

    private static void checkSize(Image image, int w, int h) {
        if (image.width() != w || image.height() != h) {
            throw new IllegalArgumentException("image is " + image.width() + "x" + image.height() + " but the segmentation is " + w + "x" + h);
        }
    }

    /** Appends a legend panel (color swatch + name per entry) to the right of the canvas. */
    static Image withLegend(Canvas c, Map<String, Integer> entries) {
        if (entries.isEmpty()) return c.toImage();
        int rowH = 18, panelW = 150;
        List<Map.Entry<String, Integer>> list = new ArrayList<>(entries.entrySet());
        int h = Math.max(c.height(), 8 + rowH * list.size());
        Canvas out = new Canvas(c.width() + panelW, h, 0x202020);
        out.draw(c, 0, 0);
        for (int i = 0; i < list.size(); i++) {
            int y = 6 + i * rowH;
            out.fillRect(c.width() + 8, y + 2, 14, 14, list.get(i).getValue());
            out.text(list.get(i).getKey(), c.width() + 28, y + 1, 0xFFFFFF, 12);
        }
        return out.toImage();
    }
}
