package org.tessera.core.instances;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;
import org.tessera.core.label.LabelMap;
import org.tessera.core.mask.Mask;
import org.tessera.core.panoptic.PanopticMap;

/**
 * Instance segmentation / detection results on one image, framework-neutral and columnar: {@code N} instances, each
 * with a box, a category id, a score, optionally a {@link Mask}, an id and named attributes, on a canvas of
 * {@code height x width} pixels.
 *
 * <p><b>Units.</b> Boxes are {@code [x, y, w, h]} in pixels, double precision, top-left corner and size (COCO's
 * layout; the region {@code [x, x+w) x [y, y+h)}); a mask's box is its tight pixel box. Scores are doubles (higher =
 * more confident). Category ids are the data set's ids (e.g. COCO 1..90), not contiguous indices.
 *
 * <p>Storage is columnar (primitive arrays); instances of this class are immutable: every operation returns a new
 * object sharing the masks (which are immutable too). Attributes are columns: Java arrays (primitive or object) of
 * length N, copied in and out.
 */
public final class Instances {
    private final int height;
    private final int width;
    private final int n;
    private final double[] boxes; // 4n
    private final int[] categories;
    private final double[] scores;
    private final Mask[] masks; // null when no instance has a mask; else entries may be null
    private final long[] ids; // null when absent
    private final Map<String, Object> attributes; // name -> array of length n

    private Instances(int height, int width, int n, double[] boxes, int[] categories, double[] scores, Mask[] masks,
            long[] ids, Map<String, Object> attributes) {
        this.height = height;
        this.width = width;
        this.n = n;
        this.boxes = boxes;
        this.categories = categories;
        this.scores = scores;
        this.masks = masks;
        this.ids = ids;
        this.attributes = attributes;
    }

    /** A builder of instances on an {@code height x width} canvas. */
    public static Builder builder(int height, int width) {
        return new Builder(height, width);
    }

    /** No instances on an {@code height x width} canvas. */
    public static Instances empty(int height, int width) {
        return builder(height, width).build();
    }

    /** Adds instances one at a time, then columns of ids and attributes. */
    public static final class Builder {
        private final int height;
        private final int width;
        private int n;
        private double[] boxes = new double[64];
        private int[] categories = new int[16];
        private double[] scores = new double[16];
        private Mask[] masks = new Mask[16];
        private boolean anyMask;
        private long[] ids;
        private final Map<String, Object> attributes = new LinkedHashMap<>();

        private Builder(int height, int width) {
            if (height < 0 || width < 0) throw new IllegalArgumentException("bad canvas size " + height + "x" + width);
            this.height = height;
            this.width = width;
        }

        /**
         * Adds one instance and returns its index.
         *
         * @param mask       its mask on this canvas, or null
         * @param box        {@code [x, y, w, h]} in pixels, or null to take the mask's tight box
         * @param categoryId the category id
         * @param score      the confidence
         * @throws IllegalArgumentException on a mask of another canvas size, a missing box and mask, a box that is not
         *                                  4 finite numbers with w, h >= 0, or a NaN score
         */
        public int add(Mask mask, double[] box, int categoryId, double score) {
            int i = n;
            if (mask != null && (mask.height() != height || mask.width() != width)) {
                throw new IllegalArgumentException("instance " + i + ": mask canvas " + mask.height() + "x" + mask.width()
                        + " differs from the instances canvas " + height + "x" + width);
            }
            if (box == null) {
                if (mask == null) throw new IllegalArgumentException("instance " + i + ": neither a box nor a mask given");
                int[] b = mask.box();
                box = new double[] {b[0], b[1], b[2], b[3]};
            }
            checkBox(box, i);
            if (Double.isNaN(score)) throw new IllegalArgumentException("instance " + i + ": score is NaN");
            if (n == categories.length) {
                int cap = n * 2;
                boxes = Arrays.copyOf(boxes, cap * 4);
                categories = Arrays.copyOf(categories, cap);
                scores = Arrays.copyOf(scores, cap);
                masks = Arrays.copyOf(masks, cap);
            }
            System.arraycopy(box, 0, boxes, i * 4, 4);
            categories[i] = categoryId;
            scores[i] = score;
            masks[i] = mask;
            anyMask |= mask != null;
            n++;
            return i;
        }

        /** Adds an instance with a mask, its box taken from the mask. */
        public int add(Mask mask, int categoryId, double score) {
            return add(mask, null, categoryId, score);
        }

        /** Sets the ids column (length must equal the number of instances at {@link #build()}). */
        public Builder ids(long[] ids) {
            this.ids = ids.clone();
            return this;
        }

        /** Sets an attribute column: a Java array (primitive or object) with one value per instance. */
        public Builder attribute(String name, Object column) {
            Objects.requireNonNull(name, "attribute name");
            if (column == null || !column.getClass().isArray()) {
                throw new IllegalArgumentException("attribute '" + name + "' must be an array with one value per instance");
            }
            attributes.put(name, copyArray(column));
            return this;
        }

        /** @throws IllegalArgumentException when the ids or an attribute column do not have one value per instance */
        public Instances build() {
            if (ids != null && ids.length != n) {
                throw new IllegalArgumentException("ids column has " + ids.length + " values for " + n + " instances");
            }
            for (Map.Entry<String, Object> e : attributes.entrySet()) {
                int len = Array.getLength(e.getValue());
                if (len != n) {
                    throw new IllegalArgumentException("attribute '" + e.getKey() + "' has " + len + " values for " + n + " instances");
                }
            }
            return new Instances(height, width, n, Arrays.copyOf(boxes, n * 4), Arrays.copyOf(categories, n),
                    Arrays.copyOf(scores, n), anyMask ? Arrays.copyOf(masks, n) : null, ids,
                    Collections.unmodifiableMap(new LinkedHashMap<>(attributes)));
        }
    }

    private static void checkBox(double[] box, int i) {
        if (box.length != 4) throw new IllegalArgumentException("instance " + i + ": box has " + box.length + " values, expected 4 [x, y, w, h]");
        for (double v : box) {
            if (!Double.isFinite(v)) throw new IllegalArgumentException("instance " + i + ": box " + Arrays.toString(box) + " is not finite");
        }
        if (box[2] < 0 || box[3] < 0) {
            throw new IllegalArgumentException("instance " + i + ": box " + Arrays.toString(box) + " has a negative width or height");
        }
    }

    private static Object copyArray(Object a) {
        int len = Array.getLength(a);
        Object c = Array.newInstance(a.getClass().getComponentType(), len);
        System.arraycopy(a, 0, c, 0, len);
        return c;
    }

    // ------------------------------------------------------------------ accessors

    /** Number of instances. */
    public int size() {
        return n;
    }

    /** Canvas height in pixels. */
    public int height() {
        return height;
    }

    /** Canvas width in pixels. */
    public int width() {
        return width;
    }

    /** The box {@code [x, y, w, h]} of instance i (a copy). */
    public double[] box(int i) {
        Objects.checkIndex(i, n);
        return Arrays.copyOfRange(boxes, i * 4, i * 4 + 4);
    }

    /** All boxes packed {@code [x0, y0, w0, h0, x1, ...]} (a copy). */
    public double[] boxes() {
        return boxes.clone();
    }

    public int categoryId(int i) {
        return categories[Objects.checkIndex(i, n)];
    }

    /** All category ids (a copy). */
    public int[] categoryIds() {
        return categories.clone();
    }

    public double score(int i) {
        return scores[Objects.checkIndex(i, n)];
    }

    /** All scores (a copy). */
    public double[] scores() {
        return scores.clone();
    }

    /** Whether any instance has a mask. */
    public boolean hasMasks() {
        return masks != null;
    }

    /** The mask of instance i, or null. */
    public Mask mask(int i) {
        Objects.checkIndex(i, n);
        return masks == null ? null : masks[i];
    }

    /** Whether the ids column is present. */
    public boolean hasIds() {
        return ids != null;
    }

    /** The id of instance i. @throws IllegalStateException when there is no ids column */
    public long id(int i) {
        Objects.checkIndex(i, n);
        if (ids == null) throw new IllegalStateException("these instances have no ids column");
        return ids[i];
    }

    /** The ids column (a copy), or null. */
    public long[] ids() {
        return ids == null ? null : ids.clone();
    }

    /** The attribute names, in insertion order. */
    public Set<String> attributeNames() {
        return attributes.keySet();
    }

    /** A copy of attribute column {@code name}. @throws IllegalArgumentException when absent */
    public Object attribute(String name) {
        Object a = attributes.get(name);
        if (a == null) throw new IllegalArgumentException("no attribute '" + name + "'; have " + attributes.keySet());
        return copyArray(a);
    }

    /** The value of attribute {@code name} for instance i (boxed). */
    public Object attribute(String name, int i) {
        Object a = attributes.get(name);
        if (a == null) throw new IllegalArgumentException("no attribute '" + name + "'; have " + attributes.keySet());
        return Array.get(a, Objects.checkIndex(i, n));
    }

    // ------------------------------------------------------------------ selection

    /** The instances at {@code indices}, in that order (an index may repeat). */
    public Instances select(int[] indices) {
        int k = indices.length;
        double[] b = new double[k * 4];
        int[] c = new int[k];
        double[] s = new double[k];
        Mask[] m = masks == null ? null : new Mask[k];
        long[] id = ids == null ? null : new long[k];
        for (int j = 0; j < k; j++) {
            int i = Objects.checkIndex(indices[j], n);
            System.arraycopy(boxes, i * 4, b, j * 4, 4);
            c[j] = categories[i];
            s[j] = scores[i];
            if (m != null) m[j] = masks[i];
            if (id != null) id[j] = ids[i];
        }
        Map<String, Object> attrs = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : attributes.entrySet()) {
            Object src = e.getValue();
            Object dst = Array.newInstance(src.getClass().getComponentType(), k);
            for (int j = 0; j < k; j++) System.arraycopy(src, indices[j], dst, j, 1);
            attrs.put(e.getKey(), dst);
        }
        return new Instances(height, width, k, b, c, s, m, id, Collections.unmodifiableMap(attrs));
    }

    /** The instances whose index satisfies {@code keep}, in their order. */
    public Instances filter(IntPredicate keep) {
        int[] idx = new int[n];
        int k = 0;
        for (int i = 0; i < n; i++) if (keep.test(i)) idx[k++] = i;
        return select(Arrays.copyOf(idx, k));
    }

    /** The instances with score >= {@code threshold}. */
    public Instances withMinScore(double threshold) {
        return filter(i -> scores[i] >= threshold);
    }

    /** Indices ordered by descending score, ties kept in index order (a stable sort). */
    public int[] orderByScore() {
        int[] o = new int[n], tmp = new int[n];
        for (int i = 0; i < n; i++) o[i] = i;
        mergeSort(o, tmp, 0, n);
        return o;
    }

    /** Stable merge sort of indices by descending score (Double.compare order: NaN never occurs). */
    private void mergeSort(int[] a, int[] tmp, int lo, int hi) {
        if (hi - lo < 16) {
            for (int i = lo + 1; i < hi; i++) {
                int v = a[i], j = i - 1;
                while (j >= lo && scores[a[j]] < scores[v]) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = v;
            }
            return;
        }
        int mid = (lo + hi) >>> 1;
        mergeSort(a, tmp, lo, mid);
        mergeSort(a, tmp, mid, hi);
        if (scores[a[mid - 1]] >= scores[a[mid]]) return;
        System.arraycopy(a, lo, tmp, lo, hi - lo);
        for (int i = lo, l = lo, r = mid; i < hi; i++) {
            if (r >= hi || (l < mid && scores[tmp[l]] >= scores[tmp[r]])) a[i] = tmp[l++];
            else a[i] = tmp[r++];
        }
    }

    /** Sorted by descending score; equal scores keep their order. */
    public Instances sortByScore() {
        return select(orderByScore());
    }

    /** The {@code k} highest-scoring instances in descending score order (all when k >= size). */
    public Instances topK(int k) {
        if (k < 0) throw new IllegalArgumentException("topK needs k >= 0, got " + k);
        int[] o = orderByScore();
        return select(Arrays.copyOf(o, Math.min(k, n)));
    }

    // ------------------------------------------------------------------ NMS

    /**
     * Greedy box non-maximum suppression with the semantics of {@code torchvision.ops.nms} (class-agnostic) and
     * {@code torchvision.ops.batched_nms} (class-aware: only boxes of the same category suppress each other).
     * Instances are visited by descending score (ties in index order); an instance is dropped when its IoU with an
     * already kept one is strictly greater than {@code iouThreshold}. IoU uses continuous box areas {@code w * h}
     * (torchvision's convention for {@code x2 = x + w}); computed in double precision. The result is ordered by
     * descending score, as torchvision's keep indices.
     */
    public Instances nms(double iouThreshold, boolean classAware) {
        return select(nmsIndices(iouThreshold, classAware, false));
    }

    /**
     * Non-maximum suppression as {@link #nms} but with mask IoU (pixel counts, computed on the compact masks; pairs
     * whose boxes do not meet are not compared pixel-wise). Empty masks never suppress.
     *
     * @throws IllegalStateException when an instance has no mask
     */
    public Instances maskNms(double iouThreshold, boolean classAware) {
        requireMasks("mask NMS");
        return select(nmsIndices(iouThreshold, classAware, true));
    }

    /** The kept indices of {@link #nms} / {@link #maskNms}, by descending score. */
    public int[] nmsIndices(double iouThreshold, boolean classAware, boolean useMasks) {
        if (useMasks) {
            requireMasks("mask NMS");
            for (Mask m : masks) m.toRle(); // both forms cached: each pair then takes the cheaper walk
        }
        int[] order = orderByScore();
        boolean[] suppressed = new boolean[n];
        int[] keep = new int[n];
        int k = 0;
        for (int a = 0; a < n; a++) {
            int i = order[a];
            if (suppressed[i]) continue;
            keep[k++] = i;
            for (int b = a + 1; b < n; b++) {
                int j = order[b];
                if (suppressed[j] || (classAware && categories[j] != categories[i])) continue;
                double iou = useMasks ? masks[i].iou(masks[j]) : boxIou(i, j);
                if (iou > iouThreshold) suppressed[j] = true;
            }
        }
        return Arrays.copyOf(keep, k);
    }

    private double boxIou(int i, int j) {
        double ax1 = boxes[i * 4], ay1 = boxes[i * 4 + 1], ax2 = ax1 + boxes[i * 4 + 2], ay2 = ay1 + boxes[i * 4 + 3];
        double bx1 = boxes[j * 4], by1 = boxes[j * 4 + 1], bx2 = bx1 + boxes[j * 4 + 2], by2 = by1 + boxes[j * 4 + 3];
        double iw = Math.max(0, Math.min(ax2, bx2) - Math.max(ax1, bx1));
        double ih = Math.max(0, Math.min(ay2, by2) - Math.max(ay1, by1));
        double inter = iw * ih;
        double areaA = (ax2 - ax1) * (ay2 - ay1), areaB = (bx2 - bx1) * (by2 - by1);
        return inter / (areaA + areaB - inter); // NaN for two empty boxes: never > threshold, as in torchvision
    }

    private void requireMasks(String what) {
        if (masks == null) throw new IllegalStateException(what + " needs masks but these instances have none");
        for (int i = 0; i < n; i++) {
            if (masks[i] == null) throw new IllegalStateException(what + " needs masks but instance " + i + " has none");
        }
    }

    // ------------------------------------------------------------------ label maps

    /**
     * A semantic label map: every instance mask painted with its category id on a background of {@code background},
     * in <b>ascending score order so the highest score wins</b> where masks overlap (on equal scores the lower index
     * wins, i.e. the first in {@link #sortByScore()} order). Ignore index of the result: 255.
     *
     * @throws IllegalStateException    when an instance has no mask
     * @throws IllegalArgumentException when a category id or the background does not fit 0..65535
     */
    public LabelMap toLabelMap(int background) {
        requireMasks("toLabelMap");
        checkU16(background, "background");
        short[] labels = new short[Math.multiplyExact(height, width)];
        if (background != 0) Arrays.fill(labels, (short) background);
        int[] order = orderByScore();
        for (int a = n - 1; a >= 0; a--) {
            int i = order[a];
            checkU16(categories[i], "category id of instance " + i);
            masks[i].paintInto(labels, categories[i]);
        }
        return new LabelMap(width, height, labels, LabelMap.DEFAULT_IGNORE, null);
    }

    /** {@link #toLabelMap(int)} with background 0. */
    public LabelMap toLabelMap() {
        return toLabelMap(0);
    }

    private static void checkU16(int v, String what) {
        if (v < 0 || v > 0xFFFF) throw new IllegalArgumentException(what + " is " + v + ", outside the label range 0..65535");
    }

    /**
     * An instance label map: instance i painted with value {@code i + 1} (0 = background), highest score on top as
     * in {@link #toLabelMap(int)}.
     *
     * @throws IllegalArgumentException when there are more than 65535 instances
     */
    public LabelMap toInstanceIdMap() {
        requireMasks("toInstanceIdMap");
        if (n > 0xFFFF) throw new IllegalArgumentException(n + " instances do not fit a 16-bit instance map");
        short[] labels = new short[Math.multiplyExact(height, width)];
        int[] order = orderByScore();
        for (int a = n - 1; a >= 0; a--) masks[order[a]].paintInto(labels, order[a] + 1);
        return new LabelMap(width, height, labels, LabelMap.DEFAULT_IGNORE, null);
    }

    /**
     * Instances from a map of instance ids: every distinct non-zero value v becomes one instance (ascending v) with
     * the mask of its pixels, id v, score 1 and category {@code categoryOf.applyAsInt(v)}; a negative category skips
     * the value (e.g. {@code v -> v == 255 ? -1 : 1} for a VOC SegmentationObject map, or
     * {@code v -> v >= 1000 ? v / 1000 : -1} for Cityscapes instanceIds). 0 is always background. Two passes over the
     * map; each mask is built on its own box only.
     */
    public static Instances fromInstanceIds(LabelMap map, IntUnaryOperator categoryOf) {
        int w = map.width(), h = map.height();
        short[] d = map.data();
        int[] minX = new int[65536], minY = new int[65536], maxX = new int[65536], maxY = new int[65536];
        Arrays.fill(minX, Integer.MAX_VALUE);
        boolean[] seen = new boolean[65536];
        for (int y = 0, i = 0; y < h; y++) {
            for (int x = 0; x < w; x++, i++) {
                int v = d[i] & 0xFFFF;
                if (v == 0) continue;
                if (!seen[v]) {
                    seen[v] = true;
                    minX[v] = x;
                    maxX[v] = x;
                    minY[v] = y;
                }
                if (x < minX[v]) minX[v] = x;
                if (x > maxX[v]) maxX[v] = x;
                maxY[v] = y;
            }
        }
        Builder b = builder(h, w);
        List<Long> idList = new ArrayList<>();
        for (int v = 1; v < 65536; v++) {
            if (!seen[v]) continue;
            int cat = categoryOf.applyAsInt(v);
            if (cat < 0) continue;
            int bw = maxX[v] - minX[v] + 1, bh = maxY[v] - minY[v] + 1;
            byte[] bits = new byte[bw * bh];
            for (int r = 0; r < bh; r++) {
                int src = (minY[v] + r) * w + minX[v], dst = r * bw;
                for (int c = 0; c < bw; c++) if ((d[src + c] & 0xFFFF) == v) bits[dst + c] = 1;
            }
            b.add(Mask.fromBitmap(bits, minX[v], minY[v], bw, bh, h, w), cat, 1.0);
            idList.add((long) v);
        }
        long[] ids = new long[idList.size()];
        for (int i = 0; i < ids.length; i++) ids[i] = idList.get(i);
        return b.ids(ids).build();
    }

    // ------------------------------------------------------------------ panoptic

    /**
     * Rules of {@link #toPanoptic}; the defaults are Detectron2's Panoptic FPN inference defaults.
     *
     * @param scoreThreshold     instances with a score below this are not used (0.5)
     * @param overlapThreshold   an instance is dropped when more than this fraction of its mask is already covered
     *                           by higher-scoring instances (0.5)
     * @param stuffAreaThreshold a stuff segment with fewer pixels than this is dropped (4096)
     * @param isStuffLabel       which semantic labels make stuff segments; Detectron2 uses every label except 0 (its
     *                           "things" class). The semantic map's ignore index never makes a segment.
     */
    public record PanopticOptions(double scoreThreshold, double overlapThreshold, long stuffAreaThreshold,
            IntPredicate isStuffLabel) {
        /** Detectron2's defaults: 0.5, 0.5, 4096, every label but 0. */
        public static PanopticOptions detectron2() {
            return new PanopticOptions(0.5, 0.5, 4096, l -> l != 0);
        }
    }

    /**
     * The panoptic combination and, per segment, the index of the instance it came from (-1 for stuff).
     *
     * @param map             segments numbered 1.. in the order made: things first, then stuff by ascending label
     * @param instanceIndex   {@code instanceIndex[k]} is the instance of the k-th segment in {@code map.segments()}
     */
    public record PanopticResult(PanopticMap map, int[] instanceIndex) {}

    /**
     * Combines these instances with a semantic label map into a panoptic segmentation, following Detectron2's
     * {@code combine_semantic_and_instance_outputs}:
     * <ol>
     *   <li>instances are visited by descending score (ties in index order) and the visit stops at the first score
     *       below {@code scoreThreshold};</li>
     *   <li>an instance with an empty mask is skipped; one whose mask is covered by earlier segments over more than
     *       {@code overlapThreshold} of its area is dropped; otherwise its not-yet-covered pixels become a new thing
     *       segment with the instance's category (so higher scores win overlaps);</li>
     *   <li>then each semantic label l (ascending) with {@code isStuffLabel(l)}, other than the map's ignore index,
     *       takes the still uncovered pixels of that label as a stuff segment with category l, unless they number
     *       fewer than {@code stuffAreaThreshold};</li>
     *   <li>remaining pixels are 0 (VOID).</li>
     * </ol>
     * Segment ids are 1, 2, ... in creation order; areas and boxes are those of the painted pixels; iscrowd false.
     *
     * @throws IllegalArgumentException when the semantic map's size differs from the canvas
     * @throws IllegalStateException    when a used instance has no mask
     */
    public PanopticResult toPanoptic(LabelMap semantic, PanopticOptions options) {
        if (semantic.width() != width || semantic.height() != height) {
            throw new IllegalArgumentException("semantic map is " + semantic.height() + "x" + semantic.width()
                    + " but the instances canvas is " + height + "x" + width);
        }
        int[] ids = new int[Math.multiplyExact(height, width)];
        List<Integer> cats = new ArrayList<>();
        List<Integer> inst = new ArrayList<>();
        int next = 1;
        for (int i : orderByScore()) {
            if (scores[i] < options.scoreThreshold()) break;
            Mask m = masks == null ? null : masks[i];
            if (m == null) throw new IllegalStateException("toPanoptic needs masks but instance " + i + " has none");
            long area = m.area();
            if (area == 0) continue;
            long inter = m.countNonZeroUnder(ids);
            if ((double) inter / area > options.overlapThreshold()) continue;
            m.paintWhereZero(ids, next++);
            cats.add(categories[i]);
            inst.add(i);
        }
        short[] sem = semantic.data();
        long[] count = new long[65536];
        for (int p = 0; p < ids.length; p++) if (ids[p] == 0) count[sem[p] & 0xFFFF]++;
        int[] segOfLabel = new int[65536];
        for (int l = 0; l < 65536; l++) {
            if (count[l] == 0 || l == semantic.ignoreIndex() || !options.isStuffLabel().test(l)) continue;
            if (count[l] < options.stuffAreaThreshold()) continue;
            segOfLabel[l] = next++;
            cats.add(l);
            inst.add(-1);
        }
        for (int p = 0; p < ids.length; p++) {
            if (ids[p] == 0) ids[p] = segOfLabel[sem[p] & 0xFFFF];
        }
        int s = next - 1;
        long[] area = new long[s + 1];
        int[] x0 = new int[s + 1], y0 = new int[s + 1], x1 = new int[s + 1], y1 = new int[s + 1];
        Arrays.fill(x0, Integer.MAX_VALUE);
        Arrays.fill(y0, Integer.MAX_VALUE);
        Arrays.fill(x1, -1);
        Arrays.fill(y1, -1);
        for (int y = 0, p = 0; y < height; y++) {
            for (int x = 0; x < width; x++, p++) {
                int id = ids[p];
                if (id == 0) continue;
                area[id]++;
                if (x < x0[id]) x0[id] = x;
                if (x > x1[id]) x1[id] = x;
                if (y < y0[id]) y0[id] = y;
                y1[id] = y;
            }
        }
        List<PanopticMap.Segment> segs = new ArrayList<>();
        int[] instanceIndex = new int[s];
        for (int k = 1; k <= s; k++) {
            double[] bb = area[k] == 0 ? new double[4] : new double[] {x0[k], y0[k], x1[k] - x0[k] + 1, y1[k] - y0[k] + 1};
            segs.add(new PanopticMap.Segment(k, cats.get(k - 1), false, area[k], bb));
            instanceIndex[k - 1] = inst.get(k - 1);
        }
        return new PanopticResult(new PanopticMap(width, height, ids, segs), instanceIndex);
    }

    /**
     * The thing segments of a panoptic map as instances, in the order of {@code map.segments()}: mask = the segment's
     * pixels, box = its tight pixel box, category = the segment's, score 1, id = segment id, attribute
     * {@code "iscrowd"} (boolean[]). Segments with {@code isThing(categoryId)} false, and segments with no pixel, are
     * left out. Pixels whose id has no segment are ignored.
     */
    public static Instances fromPanoptic(PanopticMap map, IntPredicate isThing) {
        int w = map.width(), h = map.height();
        List<PanopticMap.Segment> all = map.segments();
        int s = all.size();
        long[] sortedIds = new long[s];
        for (int k = 0; k < s; k++) sortedIds[k] = ((long) all.get(k).id() << 32) | k;
        Arrays.sort(sortedIds);
        int[] keys = new int[s], pos = new int[s];
        for (int k = 0; k < s; k++) {
            keys[k] = (int) (sortedIds[k] >> 32);
            pos[k] = (int) sortedIds[k];
        }
        int[] minX = new int[s], minY = new int[s], maxX = new int[s], maxY = new int[s];
        Arrays.fill(minX, Integer.MAX_VALUE);
        Arrays.fill(minY, Integer.MAX_VALUE);
        Arrays.fill(maxX, -1);
        Arrays.fill(maxY, -1);
        int[] d = map.data();
        int lastId = 0, lastSeg = -1;
        for (int y = 0, p = 0; y < h; y++) {
            for (int x = 0; x < w; x++, p++) {
                int id = d[p];
                if (id == 0) continue;
                int seg;
                if (id == lastId) {
                    seg = lastSeg;
                } else {
                    int f = Arrays.binarySearch(keys, id);
                    seg = f < 0 ? -1 : pos[f];
                    lastId = id;
                    lastSeg = seg;
                }
                if (seg < 0) continue;
                if (x < minX[seg]) minX[seg] = x;
                if (x > maxX[seg]) maxX[seg] = x;
                if (y < minY[seg]) minY[seg] = y;
                maxY[seg] = y;
            }
        }
        Builder b = builder(h, w);
        List<Long> idList = new ArrayList<>();
        List<Boolean> crowd = new ArrayList<>();
        for (int k = 0; k < s; k++) {
            PanopticMap.Segment seg = all.get(k);
            if (!isThing.test(seg.categoryId()) || maxX[k] < 0) continue;
            int bw = maxX[k] - minX[k] + 1, bh = maxY[k] - minY[k] + 1;
            byte[] bits = new byte[bw * bh];
            for (int r = 0; r < bh; r++) {
                int src = (minY[k] + r) * w + minX[k], dst = r * bw;
                for (int c = 0; c < bw; c++) if (d[src + c] == seg.id()) bits[dst + c] = 1;
            }
            b.add(Mask.fromBitmap(bits, minX[k], minY[k], bw, bh, h, w), seg.categoryId(), 1.0);
            idList.add((long) seg.id());
            crowd.add(seg.iscrowd());
        }
        long[] ids = new long[idList.size()];
        boolean[] iscrowd = new boolean[ids.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = idList.get(i);
            iscrowd[i] = crowd.get(i);
        }
        return b.ids(ids).attribute("iscrowd", iscrowd).build();
    }

    @Override
    public String toString() {
        return "Instances[" + n + " on " + height + "x" + width + (masks != null ? ", masks" : "") + (ids != null ? ", ids" : "")
                + (attributes.isEmpty() ? "" : ", attributes " + attributes.keySet()) + "]";
    }
}
