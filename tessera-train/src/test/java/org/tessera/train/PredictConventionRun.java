package org.tessera.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.tessera.core.image.Image;
import org.tessera.core.image.ImageTransforms;
import org.tessera.core.label.LabelMap;
import org.tessera.data.Dataset;
import org.tessera.data.formats.CamVid;
import org.tessera.eval.semantic.SemanticEvaluator;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Measurement (not a test): CamVid val mIoU of a U-Net checkpoint with {@link SegmentationTrainer#predict}'s
 * convention (float input resize, logits resized bilinearly, then arg-max; what tessera-infer does) and with the
 * earlier one (8-bit input resize, arg-max at the training scale, labels resized by nearest neighbour).
 * args: CAMVID_DIR CHECKPOINT WIDTH DEPTH W H
 */
public final class PredictConventionRun {
    public static void main(String[] a) throws Exception {
        Path root = Path.of(a[0]), ckpt = Path.of(a[1]);
        int width = Integer.parseInt(a[2]), depth = Integer.parseInt(a[3]), w = Integer.parseInt(a[4]), h = Integer.parseInt(a[5]);
        Dataset val = CamVid.read(root, "val");
        SegmentationData vd = new SegmentationData(val, 11, -1);
        TrainConfig cfg = TrainConfig.builder(11, Path.of(System.getProperty("java.io.tmpdir"), "predict-convention"))
                .width(width).depth(depth).resize(w, h).crop(w, h).build();
        try (SegmentationTrainer t = new SegmentationTrainer(cfg); NDManager m = NDManager.newBaseManager()) {
            Checkpoint.read(ckpt, t.model(), cfg.optimizer(), null);
            SemanticEvaluator now = SemanticEvaluator.of(11, 11), before = SemanticEvaluator.of(11, 11);
            long differ = 0, pixels = 0;
            for (int i = 0; i < vd.size(); i++) {
                SegmentationData.Item item = vd.read(i);
                LabelMap p = t.predict(item.rgb());
                LabelMap q = oldPredict(t.model(), m, item.rgb(), w, h);
                now.add(item.name(), item.labels(), p);
                before.add(item.name(), item.labels(), q);
                for (int k = 0; k < p.data().length; k++) if (p.data()[k] != q.data()[k]) differ++;
                pixels += p.data().length;
            }
            System.out.printf(Locale.ROOT, "val %d images: mIoU logits-bilinear %.4f (pixel acc %.4f), labels-nearest %.4f (pixel acc %.4f); %.2f%% of pixels differ%n",
                    vd.size(), now.compute().miou(), now.compute().pixelAccuracy(), before.compute().miou(), before.compute().pixelAccuracy(),
                    100.0 * differ / pixels);
        }
    }

    /** The convention before the serving change: 8-bit resize, arg-max at the training scale, nearest labels. */
    static LabelMap oldPredict(Network net, NDManager m, Image rgb, int w, int h) {
        Image im = rgb.width() == w && rgb.height() == h ? rgb : ImageTransforms.resizeBilinear(rgb, w, h);
        byte[] px = im.bytes();
        int plane = w * h;
        float[] chw = new float[3 * plane];
        for (int i = 0; i < plane; i++) for (int c = 0; c < 3; c++) chw[c * plane + i] = (px[3 * i + c] & 0xFF) / 255f;
        try (NDManager sm = m.newSubManager()) {
            long[] am = net.forward(sm.create(chw, new Shape(1, 3, h, w)), false).argMax(1).toLongArray();
            short[] lab = new short[plane];
            for (int i = 0; i < plane; i++) lab[i] = (short) am[i];
            LabelMap small = new LabelMap(w, h, lab, LabelMap.DEFAULT_IGNORE, null);
            return ImageTransforms.resizeNearest(small, rgb.width(), rgb.height());
        }
    }
}
