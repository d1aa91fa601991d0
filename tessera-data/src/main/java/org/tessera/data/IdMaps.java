package org.tessera.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tessera.core.mask.Rle;

/**
 * Conversions between id maps (a row-major {@code int} per pixel: instance ids, class ids, panoptic segment ids)
 * and per-id masks, in one pass and without a full-image array per id.
 */
public final class IdMaps {
    private IdMaps() {}

    /**
     * One id's region: its COCO RLE (column-major, as pycocotools), pixel count, and the tight box
     * {@code [x, y, width, height]} from the first/last occupied column and row (as numpy's nonzero gives it, which
     * cityscapesScripts and panopticapi use; unlike {@link Rle#toBbox()} it never spans the full height for runs
     * that wrap columns).
     */
    public record Region(int id, Rle rle, long area, int[] bbox) {}

    /**
     * The regions of every id present in the row-major {@code ids} (width x height), ascending by id, except the ids
     * for which {@code skip} is true.
     */
    public static List<Region> regions(int[] ids, int width, int height, java.util.function.IntPredicate skip) {
        if ((long) width * height != ids.length) {
            throw new IllegalArgumentException(ids.length + " ids do not fit " + width + "x" + height);
        }
        int max = 0, min = 0;
        for (int v : ids) {
            if (v > max) max = v;
            if (v < min) min = v;
        }
        boolean dense = min >= 0 && max <= (1 << 22);
        int[] slot = dense ? new int[max + 1] : null;
        if (dense) Arrays.fill(slot, -1);
        Map<Integer, Integer> slotMap = dense ? null : new HashMap<>();
        List<Acc> accs = new ArrayList<>();
        int lastV = 0, lastS = Integer.MIN_VALUE;
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                int v = ids[y * width + x];
                int s;
                if (v == lastV && lastS != Integer.MIN_VALUE) {
                    s = lastS; // runs of one id: no lookup
                } else if (dense) {
                    s = slot[v];
                    if (s == -1) {
                        s = skip != null && skip.test(v) ? -2 : accs.size();
                        slot[v] = s;
                        if (s >= 0) accs.add(new Acc(v, width, height));
                    }
                } else {
                    Integer o = slotMap.get(v);
                    if (o == null) {
                        o = skip != null && skip.test(v) ? -2 : accs.size();
                        slotMap.put(v, o);
                        if (o >= 0) accs.add(new Acc(v, width, height));
                    }
                    s = o;
                }
                lastV = v;
                lastS = s;
                if (s < 0) continue;
                accs.get(s).add(x * height + y, x, y);
            }
        }
        accs.sort((a, b) -> Integer.compare(a.id, b.id));
        List<Region> out = new ArrayList<>(accs.size());
        for (Acc a : accs) out.add(a.finish());
        return out;
    }

    private static final class Acc {
        final int id, w, h;
        int[] counts = new int[8];
        int n; // counts used
        int end; // column-major position after the last foreground run
        long area;
        int x0 = Integer.MAX_VALUE, y0 = Integer.MAX_VALUE, x1 = -1, y1 = -1;

        Acc(int id, int w, int h) {
            this.id = id;
            this.w = w;
            this.h = h;
        }

        void add(int p, int x, int y) {
            if (n > 0 && end == p) {
                counts[n - 1]++;
            } else {
                if (n + 2 > counts.length) counts = Arrays.copyOf(counts, counts.length * 2);
                counts[n++] = p - end;
                counts[n++] = 1;
            }
            end = p + 1;
            area++;
            if (x < x0) x0 = x;
            if (x > x1) x1 = x;
            if (y < y0) y0 = y;
            if (y > y1) y1 = y;
        }

        Region finish() {
            int total = w * h;
            if (end < total) {
                if (n + 1 > counts.length) counts = Arrays.copyOf(counts, n + 1);
                counts[n++] = total - end;
            }
            Rle rle = Rle.fromCounts(h, w, Arrays.copyOf(counts, n));
            return new Region(id, rle, area, new int[] {x0, y0, x1 - x0 + 1, y1 - y0 + 1});
        }
    }

    /**
     * Paints a mask into a row-major plane: every foreground pixel gets {@code value}; with {@code onlyUnset},
     * pixels already different from {@code unset} are left as they are (first-come wins).
     */
    public static void paint(Rle rle, int[] plane, int width, int value, boolean onlyUnset, int unset) {
        int h = rle.height();
        if (rle.width() != width || (long) h * width != plane.length) {
            throw new IllegalArgumentException("mask " + rle.height() + "x" + rle.width() + " does not fit the plane");
        }
        int[] c = rle.countsView();
        int p = 0;
        for (int j = 0; j < c.length; j++) {
            int e = p + c[j];
            if ((j & 1) == 1) {
                for (int q = p; q < e; q++) {
                    int x = q / h, y = q - x * h;
                    int i = y * width + x;
                    if (!onlyUnset || plane[i] == unset) plane[i] = value;
                }
            }
            p = e;
        }
    }
}
