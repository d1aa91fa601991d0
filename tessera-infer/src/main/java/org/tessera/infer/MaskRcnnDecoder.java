package org.tessera.infer;

import ai.onnxruntime.NodeInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tessera.core.mask.Rle;
import org.tessera.core.mask.RleBuilder;

/**
 * Decodes torchvision's Mask R-CNN export: {@code boxes [N,4]} (x1, y1, x2, y2 in input pixels), {@code labels [N]}
 * (int64 class ids, COCO: 1..90 with 0 = background; names are looked up in the spec's classes by this id),
 * {@code scores [N]} (already NMS'd inside the graph) and {@code masks [N,1,M,M]} probabilities, pasted exactly as
 * {@code torchvision.models.detection.roi_heads.paste_masks_in_image}: the M x M mask padded by one zero pixel on
 * each side, the box expanded by {@code (M+2)/M} about its centre and truncated to integers, the padded mask resized
 * bilinearly (align_corners=False) to {@code (y1-y0+1) x (x1-x0+1)} and placed at (x0, y0), clipped to the image;
 * a pixel is in when its probability is strictly above the mask threshold. Masks already pasted by the graph
 * ({@code [N,1,H,W]} at the input size) are thresholded as they are. Detections below the score threshold are
 * dropped; at most maxDetections are kept.
 */
final class MaskRcnnDecoder {
    private MaskRcnnDecoder() {}

    static final String[] ROLES = {"boxes", "labels", "scores", "masks"};

    /** Output name per role: the sidecar's {@code outputs}, else the outputs of those names. */
    static String name(ModelSpec spec, String role) {
        return spec.output(role, role);
    }

    static void check(String id, ModelSpec spec, Map<String, NodeInfo> ins, Map<String, NodeInfo> outs) throws ModelException {
        int[] ranks = {2, 1, 1, 4};
        for (int i = 0; i < 4; i++) {
            NodeInfo n = outs.get(name(spec, ROLES[i]));
            if (n == null || Segmenter.rank(n) != ranks[i]) {
                throw Segmenter.misfit(id, spec, ins, outs, "outputs boxes [N,4], labels [N], scores [N], masks [N,1,M,M]"
                        + " (or name them in the sidecar's \"outputs\")");
            }
        }
    }

    static List<Detection> decode(Map<String, Segmenter.Output> outs, ModelSpec spec, int image, Geometry g, PostSettings s) {
        if (image != 0) throw new InferenceException(spec.id() + ": Mask R-CNN exports take one image per run");
        Segmenter.Output bo = outs.get(name(spec, "boxes")), lo = outs.get(name(spec, "labels"));
        Segmenter.Output so = outs.get(name(spec, "scores")), mo = outs.get(name(spec, "masks"));
        int n = (int) so.shape()[0];
        float[] boxes = bo.f(), scores = so.f(), masks = mo.f();
        long[] labels = lo.l() != null ? lo.l() : toLong(lo.f());
        int mh = (int) mo.shape()[2], mw = (int) mo.shape()[3];
        // masks already pasted by the graph are at the input size; per-box masks are small squares (28 x 28)
        boolean pasted = mh == g.inH() && mw == g.inW() && !(mh == mw && mh <= 64);
        if (!pasted && mh != mw) {
            throw new InferenceException(spec.id() + ": masks output " + java.util.Arrays.toString(mo.shape())
                    + " is neither M x M per-box masks nor pasted at the input size " + g.inW() + "x" + g.inH());
        }
        List<Detection> out = new ArrayList<>();
        int W = g.origW(), H = g.origH();
        for (int i = 0; i < n && out.size() < s.maxDetections(); i++) {
            if (!(scores[i] > s.scoreThreshold())) continue;
            float bx1 = boxes[4 * i], by1 = boxes[4 * i + 1], bx2 = boxes[4 * i + 2], by2 = boxes[4 * i + 3];
            Rle mask = pasted ? thresholdFull(masks, i * mh * mw, mh, mw, g, s.maskThreshold())
                    : paste(masks, i * mh * mw, mh, bx1, by1, bx2, by2, g, s.maskThreshold());
            int c = (int) labels[i];
            double x1 = clamp(g.toOrigX(bx1), W), y1 = clamp(g.toOrigY(by1), H);
            double x2 = clamp(g.toOrigX(bx2), W), y2 = clamp(g.toOrigY(by2), H);
            out.add(new Detection(x1, y1, x2, y2, scores[i], c, YoloSegDecoder.className(spec.classes(), c), mask));
        }
        return out;
    }

    private static long[] toLong(float[] f) {
        long[] r = new long[f.length];
        for (int i = 0; i < f.length; i++) r[i] = (long) f[i];
        return r;
    }

    private static double clamp(double v, int max) {
        return v < 0 ? 0 : Math.min(v, max);
    }

    /**
     * torchvision {@code paste_masks_in_image(padding=1)} of one M x M mask for a box in input pixels; when the
     * model input was resized, each original pixel is mapped into input coordinates first.
     */
    static Rle paste(float[] m, int off, int M, float bx1, float by1, float bx2, float by2, Geometry g, float thr) {
        int W = g.origW(), H = g.origH();
        double scale = (M + 2.0) / M;
        double wh = (bx2 - bx1) * 0.5 * scale, hh = (by2 - by1) * 0.5 * scale;
        double xc = (bx2 + bx1) * 0.5, yc = (by2 + by1) * 0.5;
        long x0 = (long) (xc - wh), y0 = (long) (yc - hh), x1 = (long) (xc + wh), y1 = (long) (yc + hh); // int64 cast truncates
        int w = (int) Math.max(x1 - x0 + 1, 1), h = (int) Math.max(y1 - y0 + 1, 1);
        int P = M + 2;
        boolean identity = g.scaleX() == 1 && g.scaleY() == 1 && g.padX() == 0 && g.padY() == 0;
        RleBuilder rb = new RleBuilder(H, W);
        // in input pixels the pasted region is [max(x0,0), min(x1+1, inW)) x [max(y0,0), min(y1+1, inH))
        int ix0 = (int) Math.max(x0, 0), ix1 = (int) Math.min(x1 + 1, g.inW());
        int iy0 = (int) Math.max(y0, 0), iy1 = (int) Math.min(y1 + 1, g.inH());
        if (ix0 >= ix1 || iy0 >= iy1) return rb.build();
        // original pixel columns/rows whose input position falls in the region
        int xs, xe, ys, ye;
        if (identity) {
            xs = ix0;
            xe = ix1 - 1;
            ys = iy0;
            ye = iy1 - 1;
        } else {
            xs = Math.max(0, (int) Math.floor(g.toOrigX(ix0)));
            xe = Math.min(W - 1, (int) Math.ceil(g.toOrigX(ix1)));
            ys = Math.max(0, (int) Math.floor(g.toOrigY(iy0)));
            ye = Math.min(H - 1, (int) Math.ceil(g.toOrigY(iy1)));
        }
        rb.pushRun(false, xs * H);
        for (int x = xs; x <= xe; x++) {
            int xi = identity ? x : (int) Math.floor((x + 0.5) * g.scaleX() + g.padX());
            boolean colIn = xi >= ix0 && xi < ix1;
            double sx = Math.max(0, ((xi - x0) + 0.5) * P / w - 0.5);
            int a0 = Math.min((int) sx, P - 1), a1 = Math.min(a0 + 1, P - 1);
            float fx = (float) (sx - (int) sx);
            rb.pushRun(false, ys);
            for (int y = ys; y <= ye; y++) {
                int yi = identity ? y : (int) Math.floor((y + 0.5) * g.scaleY() + g.padY());
                if (!colIn || yi < iy0 || yi >= iy1) {
                    rb.push(false);
                    continue;
                }
                double sy = Math.max(0, ((yi - y0) + 0.5) * P / h - 0.5);
                int b0 = Math.min((int) sy, P - 1), b1 = Math.min(b0 + 1, P - 1);
                float fy = (float) (sy - (int) sy);
                float v00 = padded(m, off, M, b0, a0), v01 = padded(m, off, M, b0, a1);
                float v10 = padded(m, off, M, b1, a0), v11 = padded(m, off, M, b1, a1);
                float top = v00 + (v01 - v00) * fx, bot = v10 + (v11 - v10) * fx;
                rb.push(top + (bot - top) * fy > thr);
            }
            rb.pushRun(false, H - 1 - ye);
        }
        return rb.build();
    }

    /** Element (r, c) of the mask padded by one zero pixel on each side. */
    private static float padded(float[] m, int off, int M, int r, int c) {
        r -= 1;
        c -= 1;
        return r < 0 || c < 0 || r >= M || c >= M ? 0f : m[off + r * M + c];
    }

    /** A mask already pasted at input resolution, mapped to the original by nearest input pixel. */
    private static Rle thresholdFull(float[] m, int off, int mh, int mw, Geometry g, float thr) {
        int W = g.origW(), H = g.origH();
        RleBuilder rb = new RleBuilder(H, W);
        for (int x = 0; x < W; x++) {
            int xi = Math.min(mw - 1, Math.max(0, (int) Math.floor((x + 0.5) * g.scaleX() + g.padX())));
            for (int y = 0; y < H; y++) {
                int yi = Math.min(mh - 1, Math.max(0, (int) Math.floor((y + 0.5) * g.scaleY() + g.padY())));
                rb.push(m[off + yi * mw + xi] > thr);
            }
        }
        return rb.build();
    }
}
