package org.tessera.infer;

import java.util.ArrayList;
import java.util.List;
import org.tessera.core.mask.Rle;
import org.tessera.core.mask.RleBuilder;

/**
 * Decodes the YOLO segmentation contract shared by Ultralytics YOLOv5/v8/11 and YOLOv7-seg.
 *
 * <p>{@code output0} is {@code [B, 4+nc+nm, N]} (v8/11) or {@code [B, N, 5+nc+nm]} (v5/v7, with objectness); the
 * orientation is taken from the shape. Rows hold cx, cy, w, h in input pixels, [objectness,] nc class scores
 * (probabilities) and nm mask coefficients. {@code output1} holds nm prototypes {@code [B, nm, mh, mw]}.
 *
 * <p>Steps, as Ultralytics' {@code non_max_suppression} + {@code process_mask_native} (predict with
 * {@code retina_masks=True}): score = best class probability (times objectness), keep score &gt; threshold, at most
 * 30000 candidates, per-class NMS, at most maxDetections; boxes mapped to the original image and clipped. Masks are
 * computed only for kept detections and only inside their box: mask logits {@code coefficients . prototypes} at
 * prototype resolution, the letterbox padding removed (integer crop, {@code scale_masks}), bilinearly sampled
 * (half-pixel centres, PyTorch {@code interpolate(align_corners=False)}) at each original pixel inside the box
 * ({@code crop_mask}: columns x with {@code x1 <= x < x2}), and thresholded as a logit ({@code sigmoid > t}). No
 * full-image array is allocated per instance: each mask is written straight into an RLE.
 */
final class YoloSegDecoder {
    private YoloSegDecoder() {}

    static final int MAX_NMS = 30000;

    /** Shapes of one model's outputs, fixed at load time. */
    record Layout(int rows, int anchors, boolean channelsFirst, boolean objectness, int nc, int nm, int mh, int mw) {
        int rowLength() {
            return (objectness ? 5 : 4) + nc + nm;
        }
    }

    /**
     * Works out the layout of output0 from its two trailing dims, the prototype count and (when known) the class count.
     *
     * @param nc  class count from the names, or -1 when unknown
     * @param obj null = detect; true/false = the sidecar's word
     * @return null when the shape fits no variant
     */
    static Layout layout(long d1, long d2, int nm, int mh, int mw, int nc, Boolean obj) {
        for (int pass = 0; pass < 2; pass++) {
            boolean first = pass == 0 ? d1 <= d2 : d1 > d2; // the row dim is usually the smaller one
            long rows = first ? d1 : d2, anchors = first ? d2 : d1;
            if (rows <= 0 || anchors <= 0) continue;
            for (int o = 0; o < 2; o++) {
                boolean objness = o == 1;
                if (obj != null && obj != objness) continue;
                long classes = rows - (objness ? 5 : 4) - nm;
                if (classes < 1) continue;
                if (nc >= 0 && classes != nc) continue;
                if (nc < 0 && obj == null && objness) continue; // without names, assume v8 (no objectness)
                return new Layout((int) rows, (int) anchors, first, objness, (int) classes, nm, mh, mw);
            }
        }
        return null;
    }

    static List<Detection> decode(float[] out0, int off0, Layout L, float[] protos, int offP, Geometry g,
                                  PostSettings s, List<String> names) {
        int n = L.anchors(), rows = L.rows();
        int cls0 = L.objectness() ? 5 : 4;
        int nc = L.nc();
        // 1. candidates
        int cap = 64, m = 0;
        int[] cand = new int[cap];
        float[] candScore = new float[cap];
        int[] candClass = new int[cap];
        float conf = s.scoreThreshold();
        float[] bestScore = null;
        int[] bestClass = null;
        if (L.channelsFirst()) { // class-major scan: each class row is contiguous
            bestScore = new float[n];
            bestClass = new int[n];
            System.arraycopy(out0, off0 + cls0 * n, bestScore, 0, n);
            for (int c = 1; c < nc; c++) {
                int base = off0 + (cls0 + c) * n;
                for (int a = 0; a < n; a++) {
                    float v = out0[base + a];
                    if (v > bestScore[a]) {
                        bestScore[a] = v;
                        bestClass[a] = c;
                    }
                }
            }
        }
        for (int a = 0; a < n; a++) {
            float obj = 1f;
            if (L.objectness()) {
                obj = at(out0, off0, L, a, 4);
                if (!(obj > conf)) continue;
            }
            float best;
            int bc;
            if (bestScore != null) {
                best = bestScore[a];
                bc = bestClass[a];
            } else {
                best = -Float.MAX_VALUE;
                bc = -1;
                int base = off0 + a * rows + cls0;
                for (int c = 0; c < nc; c++) {
                    float v = out0[base + c];
                    if (v > best) {
                        best = v;
                        bc = c;
                    }
                }
            }
            best *= obj;
            if (!(best > conf)) continue;
            if (m == cap) {
                cap *= 2;
                cand = java.util.Arrays.copyOf(cand, cap);
                candScore = java.util.Arrays.copyOf(candScore, cap);
                candClass = java.util.Arrays.copyOf(candClass, cap);
            }
            cand[m] = a;
            candScore[m] = best;
            candClass[m] = bc;
            m++;
        }
        if (m > MAX_NMS) { // keep the best MAX_NMS, as Ultralytics
            int[] ord = Nms.orderByScore(candScore, m);
            int[] c2 = new int[MAX_NMS], k2 = new int[MAX_NMS];
            float[] s2 = new float[MAX_NMS];
            for (int i = 0; i < MAX_NMS; i++) {
                c2[i] = cand[ord[i]];
                s2[i] = candScore[ord[i]];
                k2[i] = candClass[ord[i]];
            }
            cand = c2;
            candScore = s2;
            candClass = k2;
            m = MAX_NMS;
        }
        // 2. boxes (input pixels) and NMS
        float[] boxes = new float[4 * m];
        for (int i = 0; i < m; i++) {
            int a = cand[i];
            float cx = at(out0, off0, L, a, 0), cy = at(out0, off0, L, a, 1);
            float w = at(out0, off0, L, a, 2), h = at(out0, off0, L, a, 3);
            boxes[4 * i] = cx - w / 2;
            boxes[4 * i + 1] = cy - h / 2;
            boxes[4 * i + 2] = cx + w / 2;
            boxes[4 * i + 3] = cy + h / 2;
        }
        int[] keep = Nms.run(boxes, candScore, s.classAgnostic() ? null : candClass, m, s.nmsIou(), s.maxDetections());
        // 3. original coordinates + masks
        MaskSampler sampler = new MaskSampler(protos, offP, L.nm(), L.mh(), L.mw(), g);
        float[] coef = new float[L.nm()];
        List<Detection> out = new ArrayList<>(keep.length);
        int W = g.origW(), H = g.origH();
        for (int i : keep) {
            double x1 = clamp(g.toOrigX(boxes[4 * i]), W), y1 = clamp(g.toOrigY(boxes[4 * i + 1]), H);
            double x2 = clamp(g.toOrigX(boxes[4 * i + 2]), W), y2 = clamp(g.toOrigY(boxes[4 * i + 3]), H);
            for (int k = 0; k < L.nm(); k++) coef[k] = at(out0, off0, L, cand[i], cls0 + nc + k);
            Rle mask = sampler.paint(coef, x1, y1, x2, y2, s.maskLogit());
            int c = candClass[i];
            out.add(new Detection(x1, y1, x2, y2, candScore[i], c, className(names, c), mask));
        }
        return out;
    }

    static String className(List<String> names, int c) {
        return c >= 0 && c < names.size() ? names.get(c) : "class" + c;
    }

    private static double clamp(double v, int max) {
        return v < 0 ? 0 : Math.min(v, max);
    }

    private static float at(float[] o, int off, Layout L, int anchor, int k) {
        return L.channelsFirst() ? o[off + k * L.anchors() + anchor] : o[off + anchor * L.rows() + k];
    }

    /**
     * Samples one instance's mask logits (coefficients . prototypes) at original-image pixels inside a box and writes
     * the thresholded result as an RLE.
     */
    static final class MaskSampler {
        private final float[] protos;
        private final int offP, nm, mh, mw, W, H;
        // prototype crop without the letterbox padding (Ultralytics scale_masks)
        private final int top, left, cropH, cropW;

        MaskSampler(float[] protos, int offP, int nm, int mh, int mw, Geometry g) {
            this.protos = protos;
            this.offP = offP;
            this.nm = nm;
            this.mh = mh;
            this.mw = mw;
            this.W = g.origW();
            this.H = g.origH();
            if (g.padX() == 0 && g.padY() == 0 && g.contentW() == g.inW() && g.contentH() == g.inH()) {
                top = 0;
                left = 0;
                cropH = mh;
                cropW = mw;
            } else {
                double gain = Math.min((double) mh / H, (double) mw / W);
                double pw = (mw - W * gain) / 2, ph = (mh - H * gain) / 2;
                top = (int) Math.rint(ph - 0.1);
                left = (int) Math.rint(pw - 0.1);
                int bottom = mh - (int) Math.rint(ph + 0.1), right = mw - (int) Math.rint(pw + 0.1);
                cropH = Math.max(1, bottom - top);
                cropW = Math.max(1, right - left);
            }
        }

        Rle paint(float[] coef, double x1, double y1, double x2, double y2, float logitThreshold) {
            // pixels x with x1 <= x < x2
            int xs = (int) Math.ceil(x1), xe = (int) Math.ceil(x2) - 1;
            int ys = (int) Math.ceil(y1), ye = (int) Math.ceil(y2) - 1;
            xs = Math.max(xs, 0);
            ys = Math.max(ys, 0);
            xe = Math.min(xe, W - 1);
            ye = Math.min(ye, H - 1);
            RleBuilder rb = new RleBuilder(H, W);
            if (xs > xe || ys > ye) return rb.build();
            int bw = xe - xs + 1, bh = ye - ys + 1;
            // taps for the box columns / rows into the prototype crop
            int[] tx0 = new int[bw], tx1 = new int[bw];
            float[] fx = new float[bw];
            taps(xs, bw, W, cropW, left, tx0, tx1, fx);
            int[] ty0 = new int[bh], ty1 = new int[bh];
            float[] fy = new float[bh];
            taps(ys, bh, H, cropH, top, ty0, ty1, fy);
            int px0 = tx0[0], px1 = tx1[bw - 1], py0 = ty0[0], py1 = ty1[bh - 1];
            int rw = px1 - px0 + 1, rh = py1 - py0 + 1;
            // logits of the prototype region under the box
            float[] L = new float[rw * rh];
            int plane = mh * mw;
            for (int k = 0; k < nm; k++) {
                float c = coef[k];
                int base = offP + k * plane;
                for (int py = 0; py < rh; py++) {
                    int src = base + (py + py0) * mw + px0, dst = py * rw;
                    for (int px = 0; px < rw; px++) L[dst + px] += c * protos[src + px];
                }
            }
            float[] col = new float[rh];
            rb.pushRun(false, xs * H);
            for (int x = 0; x < bw; x++) {
                int a = tx0[x] - px0, b = tx1[x] - px0;
                float w = fx[x];
                for (int py = 0; py < rh; py++) {
                    float va = L[py * rw + a];
                    col[py] = va + (L[py * rw + b] - va) * w;
                }
                rb.pushRun(false, ys);
                boolean cur = false;
                int run = 0;
                for (int y = 0; y < bh; y++) {
                    float v0 = col[ty0[y] - py0];
                    boolean in = v0 + (col[ty1[y] - py0] - v0) * fy[y] > logitThreshold;
                    if (in != cur) {
                        rb.pushRun(cur, run);
                        cur = in;
                        run = 0;
                    }
                    run++;
                }
                rb.pushRun(cur, run);
                rb.pushRun(false, H - 1 - ye);
            }
            return rb.build();
        }

        /** PyTorch bilinear (align_corners=False) taps from an n-sample crop starting at {@code origin} to {@code outN} outputs. */
        private static void taps(int start, int count, int outN, int n, int origin, int[] i0, int[] i1, float[] f) {
            double scale = (double) n / outN;
            for (int i = 0; i < count; i++) {
                double p = (start + i + 0.5) * scale - 0.5;
                if (p < 0) p = 0;
                int a = (int) p;
                if (a > n - 1) a = n - 1;
                int b = a < n - 1 ? a + 1 : a;
                i0[i] = origin + a;
                i1[i] = origin + b;
                f[i] = (float) (p - a);
            }
        }
    }
}
