package org.tessera.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import org.tessera.classic.factory.FactoryClassic;
import org.tessera.classic.region.DistanceWatershedConfig;
import org.tessera.core.image.Image;
import org.tessera.core.image.Images;
import org.tessera.core.instances.Instances;
import org.tessera.core.mask.Rle;
import org.tessera.data.synthetic.SyntheticScene;
import org.tessera.eval.coco.CocoEvaluator;
import org.tessera.eval.coco.CocoParams;
import org.tessera.eval.coco.CocoResult;
import org.tessera.eval.coco.IouType;
import org.tessera.viz.Overlay;

/**
 * The demo's classical step: Otsu + distance-transform watershed ({@code tessera-classic}) on the scene's
 * foreground in gray, scored against the ground-truth instances.
 *
 * <p>The scene's sky and ground are textured and not separable from the objects by one global gray threshold, so
 * the step works on the foreground: the gray scene ({@link Image#toGray()}) with the stuff pixels (sky, ground,
 * from the ground truth) set to 0. What it then shows is the watershed's split of touching and overlapping
 * objects. Scores are class-agnostic (COCO {@code useCats = 0}): the classical step finds objects, not classes.
 */
final class DemoClassic {
    private DemoClassic() {}

    /** Runs the step, prints one summary line and writes {@code classic_overlay.png} into {@code out}. */
    static void run(SyntheticScene scene, Instances gt, Path out, PrintStream o) throws IOException {
        int w = scene.width(), h = scene.height();
        Image rgb = Image.of8(w, h, 3, scene.rgb());
        Image gray = rgb.toGray();
        byte[] g = gray.bytes();
        short[] sem = scene.semantic();
        for (int i = 0; i < g.length; i++) if (!SyntheticScene.isThing(sem[i])) g[i] = 0;
        DistanceWatershedConfig c = new DistanceWatershedConfig();
        c.polarity = DistanceWatershedConfig.Polarity.BRIGHT;
        c.minInstanceArea = 20;
        Instances pred = FactoryClassic.distanceWatershed(c).segment(gray, 1);

        CocoEvaluator ev = new CocoEvaluator(CocoParams.builder(IouType.SEGM).catIds(new int[] {1, 2, 3}).useCats(false).build());
        ev.process(org.tessera.eval.coco.ImageGroundTruth.of(1, gt), org.tessera.eval.coco.ImageDetections.of(1, pred));
        CocoResult r = ev.evaluate();
        o.printf(Locale.ROOT, "classic    Otsu + distance watershed on the gray foreground: %d instances (truth %d), "
                + "mean best IoU %.3f, class-agnostic segm AP %.3f AP50 %.3f%n", pred.size(), gt.size(),
                meanBestIou(gt, pred), r.stats()[0], r.stats()[1]);
        Images.writePng(Overlay.instances(rgb, pred, id -> "object", null, new Overlay.Options(0.5, true, true, false, false)),
                out.resolve("classic_overlay.png"));
    }

    /** For each true instance the best mask IoU over the predictions, averaged (0 when nothing is predicted). */
    static double meanBestIou(Instances gt, Instances pred) {
        if (gt.size() == 0) return 0;
        Rle[] d = new Rle[pred.size()], t = new Rle[gt.size()];
        for (int k = 0; k < d.length; k++) d[k] = pred.mask(k).toRle();
        for (int k = 0; k < t.length; k++) t[k] = gt.mask(k).toRle();
        double sum = 0;
        if (d.length > 0) {
            double[][] iou = Rle.iou(d, t, new boolean[t.length]);
            for (int j = 0; j < t.length; j++) {
                double best = 0;
                for (double[] row : iou) best = Math.max(best, row[j]);
                sum += best;
            }
        }
        return sum / t.length;
    }
}
