package org.tessera.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.tessera.core.instances.Instances;
import org.tessera.core.label.LabelMap;
import org.tessera.core.mask.Mask;
import org.tessera.core.panoptic.PanopticMap;
import org.tessera.data.synthetic.SyntheticScene;
import org.tessera.eval.coco.CocoEvaluator;
import org.tessera.eval.coco.CocoParams;
import org.tessera.eval.coco.CocoResult;
import org.tessera.eval.coco.ImageDetections;
import org.tessera.eval.coco.ImageGroundTruth;
import org.tessera.eval.coco.IouType;
import org.tessera.eval.panoptic.PanopticCategory;
import org.tessera.eval.panoptic.PanopticEvaluator;
import org.tessera.eval.panoptic.PanopticResult;
import org.tessera.eval.semantic.SemanticEvaluator;
import org.tessera.eval.semantic.SemanticResult;

/**
 * The demo's evaluation step: the scene's ground truth against a deterministic perturbed "prediction" (masks
 * shifted by a pixel or two, some missed, one false positive, one wrong class, scores drawn at random), scored with
 * the same evaluators the {@code eval} commands use.
 */
final class DemoEvaluation {
    private DemoEvaluation() {}

    static Instances perturb(Instances gt, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed * 31 + 5);
        int h = gt.height(), w = gt.width();
        Instances.Builder b = Instances.builder(h, w);
        for (int k = 0; k < gt.size(); k++) {
            if (rnd.nextInt(8) == 0) continue; // missed
            Mask m = gt.mask(k).translate(rnd.nextInt(5) - 2, rnd.nextInt(5) - 2);
            if (m.isEmpty()) continue;
            int cat = gt.categoryId(k);
            if (k == 1) cat = cat % 3 + 1; // one confusion between shape classes
            int[] box = m.box();
            b.add(m, new double[] {box[0], box[1], box[2], box[3]}, cat, 0.3 + 0.7 * rnd.nextDouble());
        }
        // a false positive: a square of background
        int s = Math.max(4, Math.min(h, w) / 12), x = rnd.nextInt(w - s), y = rnd.nextInt(h - s);
        b.add(Mask.fromBox(x, y, s, s, h, w), new double[] {x, y, s, s}, SyntheticScene.SQUARE, 0.2 + 0.3 * rnd.nextDouble());
        return b.build();
    }

    static void run(SyntheticScene scene, Instances gt, PanopticMap gtPanoptic, long seed, PrintStream o) {
        int h = scene.height(), w = scene.width();
        Instances pred = perturb(gt, seed);
        // COCO segm and bbox AP
        for (IouType type : new IouType[] {IouType.SEGM, IouType.BBOX}) {
            CocoEvaluator ev = new CocoEvaluator(CocoParams.builder(type).catIds(new int[] {1, 2, 3}).build());
            ev.process(ImageGroundTruth.of(1, gt), ImageDetections.of(1, pred));
            CocoResult r = ev.evaluate();
            o.printf(Locale.ROOT, "eval       COCO %-4s AP %.3f  AP50 %.3f  AP75 %.3f  AR100 %.3f%n", type.pycocoName(), r.stats()[0],
                    r.stats()[1], r.stats()[2], r.stats()[8]);
        }
        // semantic: the prediction's things painted over the true stuff
        short[] predSem = scene.semantic().clone();
        for (int i = 0; i < predSem.length; i++) if (SyntheticScene.isThing(predSem[i])) predSem[i] = 0;
        int[] order = pred.orderByScore();
        for (int a = order.length - 1; a >= 0; a--) pred.mask(order[a]).paintInto(predSem, pred.categoryId(order[a]));
        fillHoles(predSem, scene.semantic());
        List<String> names = new ArrayList<>(List.of("none"));
        names.addAll(SyntheticScene.CATEGORY_NAMES);
        SemanticEvaluator sem = new SemanticEvaluator(names, org.tessera.eval.semantic.LabelConvention.identity(255));
        sem.add("scene", new LabelMap(w, h, scene.semantic(), 255, null), new LabelMap(w, h, predSem, 255, null));
        SemanticResult sr = sem.compute();
        o.printf(Locale.ROOT, "eval       semantic pixel accuracy %.4f  mIoU %.4f  mean Dice %.4f%n", sr.pixelAccuracy(), sr.miou(), sr.meanDice());
        // panoptic quality
        List<PanopticCategory> cats = new ArrayList<>();
        for (int c = 1; c <= 5; c++) cats.add(new PanopticCategory(c, SyntheticScene.CATEGORY_NAMES.get(c - 1), SyntheticScene.isThing(c)));
        PanopticEvaluator pq = new PanopticEvaluator(cats);
        pq.add("scene", gtPanoptic, panopticOf(predSem, pred, w, h));
        PanopticResult pr = pq.compute();
        o.printf(Locale.ROOT, "eval       panoptic PQ %.4f (things %.4f, stuff %.4f)  SQ %.4f  RQ %.4f%n", pr.all().pq(), pr.things().pq(),
                pr.stuff().pq(), pr.all().sq(), pr.all().rq());
    }

    /** Pixels the prediction vacated (0) take the true stuff class below them, as a stuff model would predict. */
    private static void fillHoles(short[] pred, short[] truth) {
        for (int i = 0; i < pred.length; i++) {
            if (pred[i] == 0) pred[i] = (short) (SyntheticScene.isThing(truth[i]) ? SyntheticScene.GROUND : truth[i]);
        }
    }

    private static PanopticMap panopticOf(short[] sem, Instances pred, int w, int h) {
        int[] ids = new int[w * h];
        for (int i = 0; i < ids.length; i++) ids[i] = SyntheticScene.isThing(sem[i]) ? 0 : 1000 + sem[i];
        int[] order = pred.orderByScore();
        for (int a = order.length - 1; a >= 0; a--) pred.mask(order[a]).paintInto(ids, order[a] + 1);
        return DemoScenes.panopticOf(ids, w, h, id -> id >= 1000 ? id - 1000 : pred.categoryId(id - 1));
    }
}
