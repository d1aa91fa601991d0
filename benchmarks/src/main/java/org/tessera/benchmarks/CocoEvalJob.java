package org.tessera.benchmarks;

import java.nio.file.Path;
import org.tessera.eval.coco.CocoDataset;
import org.tessera.eval.coco.CocoDetections;
import org.tessera.eval.coco.CocoEval;
import org.tessera.eval.coco.CocoParams;
import org.tessera.eval.coco.CocoResult;
import org.tessera.eval.coco.CocoSummary;
import org.tessera.eval.coco.IouType;

/**
 * The whole COCO evaluation job in one process, for timing against pycocotools / faster-coco-eval
 * ({@code time_coco.py} in shared/golden/perf): load GT, load results, evaluate + accumulate, summarize.
 *
 * <p>Usage: {@code CocoEvalJob segm|bbox|boundary GT.json RESULTS.json [threads]}. Prints the 12 summary lines,
 * the full-precision AP and the phase times (seconds) to stdout.
 */
public final class CocoEvalJob {
    private CocoEvalJob() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: CocoEvalJob segm|bbox|boundary GT.json RESULTS.json [threads]");
            System.exit(2);
        }
        IouType type = IouType.parse(args[0]);
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : Runtime.getRuntime().availableProcessors();
        long t0 = System.nanoTime();
        // ground truth and results are parsed concurrently, then the results are checked against the ground truth
        CocoDetections.Loaded loaded = CocoDetections.readBoth(Path.of(args[1]), Path.of(args[2]), type);
        CocoDataset gt = loaded.groundTruth();
        CocoDetections dt = loaded.detections();
        long t1 = System.nanoTime();
        long t2 = t1;
        CocoResult r = CocoEval.evaluate(gt, dt, CocoParams.defaults(type), threads);
        long t3 = System.nanoTime();
        String summary = CocoSummary.format(r);
        long t4 = System.nanoTime();
        System.out.println(summary);
        System.out.println("AP = " + r.stats()[0]);
        System.out.printf("load_gt+load_res %.3f s (concurrent), evaluate+accumulate %.3f s, summarize %.3f s, total %.3f s (%d images, %d anns, %d results, %d threads)%n",
                (t1 - t0) / 1e9, (t3 - t2) / 1e9, (t4 - t3) / 1e9, (t4 - t0) / 1e9, gt.imageCount(),
                gt.annotationCount(), dt.size(), threads);
    }
}
