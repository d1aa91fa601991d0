package org.tessera.train;

import org.tessera.core.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The epoch-end bookkeeping both trainers share: best validation metric (higher is better), early-stopping patience,
 * and the files of a run — {@code best.ckpt} when the epoch improved, {@code last.ckpt} always, and the JSON log
 * (one line per finished epoch) — all written atomically, in that order. Starts from a checkpoint's state so that a
 * resumed run continues the same counters.
 */
final class EpochBook {
    double best;
    int bestEpoch, stale, epochsDone;
    boolean stopped;

    EpochBook(Checkpoint.State st) {
        best = st.bestMetric();
        bestEpoch = st.bestEpoch();
        stale = st.epochsWithoutImprovement();
        epochsDone = st.epochsDone();
        stopped = st.stoppedEarly();
    }

    /** True while another epoch is to run. */
    boolean more(int epochs) {
        return !stopped && epochsDone < epochs;
    }

    /**
     * Records finished epoch {@code epoch} (0-based) with its metric (NaN never improves); sets {@link #stopped}
     * after {@code patience} epochs without improvement (0 = never) unless it was the last epoch.
     *
     * @return whether the epoch improved on the best metric
     */
    boolean record(int epoch, double metric, int patience, int epochs) {
        boolean improved = !Double.isNaN(metric) && (Double.isNaN(best) || metric > best);
        if (improved) {
            best = metric;
            bestEpoch = epoch + 1;
            stale = 0;
        } else {
            stale++;
        }
        epochsDone = epoch + 1;
        if (patience > 0 && stale >= patience && epochsDone < epochs) stopped = true;
        return improved;
    }

    /** Writes best (when {@code improved}) and last checkpoints, then appends {@code logLine} and rewrites the log. */
    void write(TrainConfig cfg, Network net, String fingerprint, long step, ParamOptimizer optimizer, boolean improved,
               List<String> logLines, String logLine) throws IOException {
        Path dir = cfg.outputDir();
        Checkpoint.State now = new Checkpoint.State(epochsDone, step, cfg.seed(), best, bestEpoch, stale, stopped);
        if (improved) Checkpoint.write(dir.resolve(SegmentationTrainer.BEST), net, fingerprint, now, cfg.optimizer(), optimizer);
        Checkpoint.write(dir.resolve(SegmentationTrainer.LAST), net, fingerprint, now, cfg.optimizer(), optimizer);
        logLines.add(logLine);
        AtomicFiles.writeString(dir.resolve(SegmentationTrainer.LOG), String.join("\n", logLines) + "\n");
    }
}
