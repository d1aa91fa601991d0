package org.tessera.benchmarks;

import java.nio.file.Path;
import org.tessera.eval.panoptic.PanopticFolderEvaluation;
import org.tessera.eval.panoptic.PanopticFormat;
import org.tessera.eval.panoptic.PanopticResult;

/**
 * The whole panoptic job in one process, as panopticapi's {@code pq_compute} (JSON parsing, PNG decoding, matching):
 * {@code java -cp ... org.tessera.benchmarks.PanopticPerf GT_JSON GT_FOLDER PRED_JSON PRED_FOLDER THREADS}. Prints
 * panopticapi's table, the exact All / Things / Stuff values and the wall time of the evaluation call.
 */
public final class PanopticPerf {
    private PanopticPerf() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: PanopticPerf GT_JSON GT_FOLDER PRED_JSON PRED_FOLDER THREADS");
            System.exit(2);
        }
        long t0 = System.nanoTime();
        PanopticResult r = PanopticFolderEvaluation.evaluate(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]),
                Path.of(args[3]), Integer.parseInt(args[4]));
        long t1 = System.nanoTime();
        System.out.print(PanopticFormat.summaryTable(r));
        System.out.println("All " + r.all());
        System.out.println("Things " + r.things());
        System.out.println("Stuff " + r.stuff());
        System.out.printf("images %d, evaluation %.3f s wall (threads %s)%n", r.images(), (t1 - t0) / 1e9, args[4]);
    }
}
