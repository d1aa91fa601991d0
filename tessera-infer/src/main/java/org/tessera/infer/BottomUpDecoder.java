package org.tessera.infer;

import ai.onnxruntime.NodeInfo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tessera.core.image.FloatMap;
import org.tessera.core.instances.CenterGrouping;
import org.tessera.core.instances.Instances;
import org.tessera.core.label.LabelMap;

/**
 * Decodes a {@link ModelSpec.Family#BOTTOM_UP} model (Panoptic-DeepLab style, e.g. tessera-train's
 * {@code BottomUpNet}): three dense outputs, the {@code semantic} logits [B, C, h, w], the {@code center} heat map
 * [B, 1, h, w] and the {@code offset} [B, 2, h, w] = (dy, dx) from each pixel to its instance centre in input-tensor
 * pixels.
 *
 * <p>The three grids are brought to the original image like semantic logits ({@link DenseDecoder#resample}: the
 * content region, padding cut off, bilinear with half-pixel centres; at native resolution a plain crop), the offsets
 * are scaled by original pixels per input pixel, the logits go through a softmax, and core's {@link CenterGrouping}
 * groups them with the sidecar's {@link ModelSpec.Grouping}. So for a model fed at the image's own size (no sidecar
 * width / height: each image padded right / bottom to {@code pad_to_multiple}) the result is that of
 * tessera-train's {@code BottomUpTrainer.predict}.
 */
final class BottomUpDecoder {
    private BottomUpDecoder() {}

    /** The three output roles, in order. */
    static final List<String> ROLES = List.of("semantic", "center", "offset");

    /**
     * The graph output names of the three roles (sidecar {@code "outputs"}, default the role names), checked against
     * the graph at load.
     */
    static String[] check(String id, ModelSpec spec, Map<String, NodeInfo> ins, Map<String, NodeInfo> outs) throws ModelException {
        String[] names = new String[3];
        for (int k = 0; k < 3; k++) {
            String role = ROLES.get(k);
            names[k] = spec.output(role, role);
            NodeInfo ni = outs.get(names[k]);
            long[] s = ni == null ? null : Segmenter.shape(ni);
            if (s == null || s.length != 4 || Segmenter.isInteger(ni)) {
                throw Segmenter.misfit(id, spec, ins, outs, "float outputs [B, C, H, W] '" + names[0] + "' (semantic logits), '"
                        + spec.output("center", "center") + "' [B, 1, H, W] (centre heat map) and '" + spec.output("offset", "offset")
                        + "' [B, 2, H, W] (offsets), named in the sidecar's \"outputs\" when they differ");
            }
            long want = k == 1 ? 1 : k == 2 ? 2 : -1;
            if (want > 0 && s[1] > 0 && s[1] != want) {
                throw Segmenter.misfit(id, spec, ins, outs, "output '" + names[k] + "' (" + role + ") with " + want + " channel" + (want > 1 ? "s" : ""));
            }
            if (k == 0 && s[1] > 0) {
                if (s[1] < 2) throw Segmenter.misfit(id, spec, ins, outs, "semantic logits '" + names[0] + "' with at least 2 classes");
                if (!spec.classes().isEmpty() && s[1] != spec.classes().size()) {
                    throw new ModelException(id + ": the sidecar names " + spec.classes().size() + " classes but output '" + names[0]
                            + "' has " + s[1] + " channels");
                }
                try {
                    spec.grouping().checkClasses((int) s[1]);
                } catch (IllegalArgumentException e) {
                    throw new ModelException(id + ": " + e.getMessage());
                }
            }
        }
        return names;
    }

    /** What one image gives: the instances (category ids mapped), the semantic labels and the panoptic result. */
    record Decoded(Instances instances, LabelMap semantic, Instances.PanopticResult panoptic, FloatMap probabilities) {}

    /**
     * Image {@code i} of the batch.
     *
     * @param categoryOf  category id per class index (see {@link Segmenter#categoryMapping})
     * @param classNames  class names by index, or empty
     * @param wantProbs   also return the class probabilities at the image's size
     */
    static Decoded decode(String id, Map<String, Segmenter.Output> outs, String[] names, int i, Geometry g,
                          ModelSpec.Grouping grouping, int[] categoryOf, List<String> classNames, boolean wantProbs) {
        Segmenter.Output so = outs.get(names[0]), co = outs.get(names[1]), oo = outs.get(names[2]);
        long[] ss = so.shape(), cs = co.shape(), os = oo.shape();
        if (ss[2] != cs[2] || ss[3] != cs[3] || ss[2] != os[2] || ss[3] != os[3] || cs[1] != 1 || os[1] != 2) {
            throw new InferenceException(id + ": bottom-up outputs must share one grid: semantic " + java.util.Arrays.toString(ss)
                    + ", center " + java.util.Arrays.toString(cs) + ", offset " + java.util.Arrays.toString(os));
        }
        int C = (int) ss[1], gh = (int) ss[2], gw = (int) ss[3];
        int W = g.origW(), H = g.origH(), n = W * H;
        boolean[] isThing, isStuff;
        try {
            isThing = grouping.isThing(C);
            isStuff = grouping.isStuff(C);
        } catch (IllegalArgumentException e) {
            throw new InferenceException(id + ": " + e.getMessage());
        }
        float[] probs = DenseDecoder.resample(DenseDecoder.Grid.nchw(so.f(), (int) (i * so.perImage()), C, gh, gw), g);
        softmax(probs, C, n);
        float[] heat = DenseDecoder.resample(DenseDecoder.Grid.nchw(co.f(), (int) (i * co.perImage()), 1, gh, gw), g);
        float[] off = DenseDecoder.resample(DenseDecoder.Grid.nchw(oo.f(), (int) (i * oo.perImage()), 2, gh, gw), g);
        // offsets are in input pixels: scale to original pixels (1 at native resolution)
        float sy = (float) ((double) H / g.contentH()), sx = (float) ((double) W / g.contentW());
        if (sy != 1f) for (int p = 0; p < n; p++) off[p] *= sy;
        if (sx != 1f) for (int p = n; p < 2 * n; p++) off[p] *= sx;
        CenterGrouping.Result r = CenterGrouping.group(probs, C, heat, off, W, H, isThing, grouping.options());

        Instances in = r.instances();
        Instances.Builder b = Instances.builder(H, W);
        int[] idx = new int[in.size()];
        String[] nm = new String[in.size()];
        boolean identity = true;
        for (int k = 0; k < in.size(); k++) {
            int c = in.categoryId(k);
            int cat = c < categoryOf.length ? categoryOf[c] : c;
            identity &= cat == c;
            b.add(in.mask(k), in.box(k), cat, in.score(k));
            idx[k] = c;
            nm[k] = c < classNames.size() ? classNames.get(c) : "class_" + c;
        }
        Instances mapped = b.attribute("class_index", idx).attribute("class_name", nm).build();
        for (int c = 0; c < C; c++) if (isStuff[c] && c < categoryOf.length && categoryOf[c] != c) identity = false;
        Instances.PanopticResult pan;
        if (identity) {
            pan = r.panoptic(l -> l < isStuff.length && isStuff[l], grouping.minStuffArea());
        } else { // stuff labels mapped to their category ids as the things are
            Map<Integer, Integer> stuff = new HashMap<>();
            for (int c = 0; c < C; c++) if (isStuff[c]) stuff.put(c, c < categoryOf.length ? categoryOf[c] : c);
            pan = PanopticFusion.fuse(mapped, r.semantic(), stuff,
                    new Instances.PanopticOptions(Double.NEGATIVE_INFINITY, 1.0, grouping.minStuffArea(), l -> true));
        }
        return new Decoded(mapped, r.semantic(), pan, wantProbs ? new FloatMap(C, W, H, probs) : null);
    }

    /** Softmax over {@code c} planes of {@code n} values, in place (max subtracted; float, as PyTorch's). */
    static void softmax(float[] v, int c, int n) {
        for (int p = 0; p < n; p++) {
            float m = v[p];
            for (int k = 1; k < c; k++) m = Math.max(m, v[k * n + p]);
            float sum = 0;
            for (int k = 0; k < c; k++) {
                float e = (float) Math.exp(v[k * n + p] - m);
                v[k * n + p] = e;
                sum += e;
            }
            for (int k = 0; k < c; k++) v[k * n + p] /= sum;
        }
    }
}
