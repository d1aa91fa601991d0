package org.tessera.core.instances;

import org.tessera.core.image.FloatMap;
import org.tessera.core.label.LabelMap;
import org.tessera.core.mask.Mask;

import java.util.Arrays;

/**
 * Post-processing of a bottom-up model (Panoptic-DeepLab, B. Cheng et al., CVPR 2020, section 3.3): instance centres
 * are the peaks of the predicted centre heat map, every "thing" pixel joins the centre nearest to where its predicted
 * offset points, and the instances are combined with the semantic prediction into instances and a panoptic map.
 *
 * <ol>
 *   <li><b>Centres</b> ({@link #findCenters}): pixels with heat &ge; {@code centerThreshold} that are the maximum of
 *       their {@code nmsKernel x nmsKernel} window (the paper's max-pooling NMS; on a plateau the first pixel in
 *       raster order wins), the {@code topK} highest kept (ties: raster order).</li>
 *   <li><b>Grouping</b> ({@link #assign}): a thing pixel (x, y) with offset (dy, dx) goes to the centre nearest in
 *       Euclidean distance to (y + dy, x + dx) (ties: the higher-ranked centre); pixels of non-thing classes, and
 *       all pixels when no centre exists, get none. A uniform grid over the centres makes this near-linear.</li>
 *   <li><b>Instances</b> ({@link #group}): one instance per centre with at least {@code minArea} pixels; class = the
 *       majority semantic class of its pixels; score = mean probability of that class over the mask x the centre's
 *       heat (the paper's instance score); the box is the mask's tight pixel box.</li>
 * </ol>
 * {@link Result#panoptic} merges them with the semantic map ({@link Instances#toPanoptic}): things first by score,
 * then stuff classes of at least {@code minStuffArea} pixels. All arrays are row-major, offsets as two planes
 * {@code [dy..., dx...]} in pixels, class probabilities as {@code numClasses} planes.
 */
public final class CenterGrouping {
    /**
     * Post-processing parameters.
     *
     * @param centerThreshold minimum heat of a centre (0.1 in the paper)
     * @param nmsKernel       odd NMS window side in pixels (7 in the paper)
     * @param topK            maximum number of centres (200 in the paper for Cityscapes)
     * @param minArea         instances with fewer pixels are dropped (their pixels become unassigned)
     */
    public record Options(double centerThreshold, int nmsKernel, int topK, int minArea) {
        public Options {
            if (!(centerThreshold >= 0) || !Double.isFinite(centerThreshold)) throw new IllegalArgumentException("grouping: centerThreshold must be >= 0, got " + centerThreshold);
            if (nmsKernel < 1 || nmsKernel % 2 == 0) throw new IllegalArgumentException("grouping: nmsKernel must be a positive odd number, got " + nmsKernel);
            if (topK < 1 || topK > 65535) throw new IllegalArgumentException("grouping: topK must be 1..65535, got " + topK);
            if (minArea < 0) throw new IllegalArgumentException("grouping: minArea must be >= 0, got " + minArea);
        }

        /** The paper's Cityscapes values (0.1, 7, 200) with no minimum area. */
        public static Options paper() {
            return new Options(0.1, 7, 200, 0);
        }

        /** Text stored in checkpoints / logs. */
        public String describe() {
            return "threshold=" + centerThreshold + ",nms=" + nmsKernel + ",topK=" + topK + ",minArea=" + minArea;
        }
    }

    /** Centres by decreasing heat: row {@code y[i]}, column {@code x[i]}, heat {@code score[i]}. */
    public record Centers(int[] y, int[] x, float[] score) {
        public int size() {
            return y.length;
        }
    }

    /**
     * The outcome for one image.
     *
     * @param instances  one instance per kept centre, in centre order (masks, boxes, classes, scores)
     * @param semantic   arg-max class per pixel
     * @param instanceId per pixel, 1 + the index of its instance in {@code instances}, 0 for none
     */
    public record Result(Instances instances, LabelMap semantic, int[] instanceId) {
        /**
         * Panoptic merge of the instances and the semantic map ({@link Instances#toPanoptic}, every instance used,
         * overlap rule inactive since the masks are disjoint).
         *
         * @param isStuff      which semantic labels make stuff segments
         * @param minStuffArea stuff segments with fewer pixels are dropped (VOID)
         */
        public Instances.PanopticResult panoptic(java.util.function.IntPredicate isStuff, long minStuffArea) {
            return instances.toPanoptic(semantic, new Instances.PanopticOptions(Double.NEGATIVE_INFINITY, 1.0, minStuffArea, isStuff));
        }
    }

    private CenterGrouping() {
    }

    /** Step 1: NMS on the heat map (see the class comment). */
    public static Centers findCenters(float[] heat, int width, int height, Options o) {
        if (heat.length != width * height) throw new IllegalArgumentException("grouping: heat map has " + heat.length + " values for " + width + "x" + height);
        int r = o.nmsKernel() / 2;
        float thr = (float) o.centerThreshold();
        int[] cand = new int[16];
        int nc = 0;
        for (int y = 0, p = 0; y < height; y++) {
            for (int x = 0; x < width; x++, p++) {
                float v = heat[p];
                if (!(v >= thr)) continue;
                boolean peak = true;
                for (int yy = Math.max(0, y - r); yy <= Math.min(height - 1, y + r) && peak; yy++) {
                    int row = yy * width;
                    for (int xx = Math.max(0, x - r); xx <= Math.min(width - 1, x + r); xx++) {
                        int q = row + xx;
                        float u = heat[q];
                        if (u > v || (u == v && q < p)) {
                            peak = false;
                            break;
                        }
                    }
                }
                if (!peak) continue;
                if (nc == cand.length) cand = Arrays.copyOf(cand, 2 * nc);
                cand[nc++] = p;
            }
        }
        // sort by heat descending, raster order on ties (stable over the raster-ordered candidates)
        long[] keys = new long[nc];
        for (int i = 0; i < nc; i++) {
            // heat >= 0 here, so its float bits order like the value; invert for descending
            keys[i] = ((long) (Integer.MAX_VALUE - Float.floatToIntBits(heat[cand[i]] + 0.0f)) << 32) | cand[i];
        }
        Arrays.sort(keys);
        int k = Math.min(nc, o.topK());
        int[] ys = new int[k], xs = new int[k];
        float[] sc = new float[k];
        for (int i = 0; i < k; i++) {
            int p = (int) keys[i];
            ys[i] = p / width;
            xs[i] = p % width;
            sc[i] = heat[p];
        }
        return new Centers(ys, xs, sc);
    }

    /**
     * Step 2: the centre (1-based index into {@code centers}) of every pixel with {@code thing[p] != 0}, 0 elsewhere.
     *
     * @param offset two planes {@code [dy..., dx...]} in pixels
     */
    public static int[] assign(Centers centers, float[] offset, byte[] thing, int width, int height) {
        int n = width * height;
        if (offset.length != 2 * n || thing.length != n) throw new IllegalArgumentException("grouping: offsets / thing mask do not match " + width + "x" + height);
        int[] out = new int[n];
        int nc = centers.size();
        if (nc == 0) return out;
        // uniform grid of cell x cell pixels holding the centre indices (ascending) of each cell
        int cell = 16;
        int gw = (width + cell - 1) / cell, gh = (height + cell - 1) / cell;
        int[] start = new int[gw * gh + 1];
        for (int i = 0; i < nc; i++) start[(centers.y()[i] / cell) * gw + centers.x()[i] / cell + 1]++;
        for (int c = 0; c < gw * gh; c++) start[c + 1] += start[c];
        int[] items = new int[nc], fill = Arrays.copyOf(start, gw * gh);
        for (int i = 0; i < nc; i++) items[fill[(centers.y()[i] / cell) * gw + centers.x()[i] / cell]++] = i;
        int[] cy = centers.y(), cx = centers.x();
        int maxRing = Math.max(gw, gh);
        for (int y = 0, p = 0; y < height; y++) {
            for (int x = 0; x < width; x++, p++) {
                if (thing[p] == 0) continue;
                float qy = y + offset[p], qx = x + offset[n + p];
                int gy = clamp((int) Math.floor(qy / cell), gh), gx = clamp((int) Math.floor(qx / cell), gw);
                int best = -1;
                float bestD = Float.POSITIVE_INFINITY;
                for (int ring = 0; ring <= maxRing; ring++) {
                    if (best >= 0) {
                        float lower = (ring - 1) * (float) cell; // cells of this ring are at least this far away
                        if (lower > 0 && lower * lower > bestD) break;
                    }
                    for (int ry = gy - ring; ry <= gy + ring; ry++) {
                        if (ry < 0 || ry >= gh) continue;
                        boolean edgeRow = ry == gy - ring || ry == gy + ring;
                        int step = edgeRow ? 1 : 2 * ring;
                        for (int rx = gx - ring; rx <= gx + ring; rx += Math.max(1, step)) {
                            if (rx < 0 || rx >= gw) continue;
                            int c = ry * gw + rx;
                            for (int t = start[c]; t < start[c + 1]; t++) {
                                int i = items[t];
                                float dy = cy[i] - qy, dx = cx[i] - qx;
                                float d = dy * dy + dx * dx;
                                if (d < bestD || (d == bestD && i < best)) {
                                    bestD = d;
                                    best = i;
                                }
                            }
                        }
                    }
                }
                out[p] = best + 1;
            }
        }
        return out;
    }

    private static int clamp(int v, int size) {
        return v < 0 ? 0 : (v >= size ? size - 1 : v);
    }

    /**
     * Steps 1-3 on one image.
     *
     * @param probs      class probabilities, {@code numClasses} planes of {@code width * height}
     * @param heat       centre heat map
     * @param offset     two planes {@code [dy..., dx...]}
     * @param isThing    per class: true for instance ("thing") classes
     */
    public static Result group(float[] probs, int numClasses, float[] heat, float[] offset, int width, int height,
                               boolean[] isThing, Options o) {
        int n = width * height;
        if (probs.length != numClasses * n || isThing.length != numClasses) {
            throw new IllegalArgumentException("grouping: " + numClasses + " classes need " + numClasses * n
                    + " probabilities and as many thing flags, got " + probs.length + " and " + isThing.length);
        }
        short[] sem = new FloatMap(numClasses, width, height, probs).argmax().data();
        byte[] thing = new byte[n];
        for (int p = 0; p < n; p++) if (isThing[sem[p]]) thing[p] = 1;
        Centers centers = findCenters(heat, width, height, o);
        int[] ids = assign(centers, offset, thing, width, height);
        int nc = centers.size();
        long[] area = new long[nc + 1];
        long[] votes = new long[(nc + 1) * numClasses];
        int[] x0 = new int[nc + 1], y0 = new int[nc + 1], x1 = new int[nc + 1], y1 = new int[nc + 1];
        Arrays.fill(x0, Integer.MAX_VALUE);
        Arrays.fill(y0, Integer.MAX_VALUE);
        for (int y = 0, p = 0; y < height; y++) {
            for (int x = 0; x < width; x++, p++) {
                int k = ids[p];
                if (k == 0) continue;
                area[k]++;
                votes[k * numClasses + sem[p]]++;
                if (x < x0[k]) x0[k] = x;
                if (x > x1[k]) x1[k] = x;
                if (y < y0[k]) y0[k] = y;
                y1[k] = y;
            }
        }
        int[] newId = new int[nc + 1];
        int[] cls = new int[nc + 1];
        int kept = 0;
        for (int k = 1; k <= nc; k++) {
            if (area[k] == 0 || area[k] < o.minArea()) continue;
            newId[k] = ++kept;
            int bc = -1;
            long bv = -1;
            for (int c = 0; c < numClasses; c++) {
                if (isThing[c] && votes[k * numClasses + c] > bv) {
                    bv = votes[k * numClasses + c];
                    bc = c;
                }
            }
            cls[k] = bc;
        }
        double[] probSum = new double[nc + 1];
        for (int p = 0; p < n; p++) {
            int k = ids[p];
            if (k != 0 && newId[k] == 0) ids[p] = 0;
            else if (k != 0) probSum[k] += probs[cls[k] * n + p];
        }
        Instances.Builder b = Instances.builder(height, width);
        for (int k = 1; k <= nc; k++) {
            if (newId[k] == 0) continue;
            int bw = x1[k] - x0[k] + 1, bh = y1[k] - y0[k] + 1;
            byte[] bits = new byte[bw * bh];
            for (int r = 0; r < bh; r++) {
                int src = (y0[k] + r) * width + x0[k], dst = r * bw;
                for (int c = 0; c < bw; c++) if (ids[src + c] == k) bits[dst + c] = 1;
            }
            double score = probSum[k] / area[k] * centers.score()[k - 1];
            b.add(Mask.fromBitmap(bits, x0[k], y0[k], bw, bh, height, width),
                    new double[] {x0[k], y0[k], bw, bh}, cls[k], score);
        }
        for (int p = 0; p < n; p++) ids[p] = newId[ids[p]];
        return new Result(b.build(), new LabelMap(width, height, sem, LabelMap.DEFAULT_IGNORE, null), ids);
    }
}
