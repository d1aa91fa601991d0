package org.tessera.eval.semantic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.tessera.core.image.LabelMaps;
import org.tessera.core.label.LabelMap;
import org.tessera.eval.internal.Workers;

/**
 * Evaluates pairs of label PNGs (GT, prediction) in parallel: each worker thread decodes and counts into its own
 * {@link SemanticEvaluator}; the workers' confusion matrices are merged at the end (integer counts, so the result
 * does not depend on the thread count). Memory stays flat whatever the number of images.
 */
public final class SemanticFolderEvaluation {
    private SemanticFolderEvaluation() {}

    /** Reads a label PNG (gray or palette, 8 or 16 bit) as raw values (palette indices for palette PNGs). */
    @FunctionalInterface
    public interface LabelMapReader {
        LabelMap read(Path png) throws IOException;
    }

    /** A GT / prediction file pair. */
    public record Pair(Path gt, Path pred) {}

    /**
     * Pairs every {@code *gtSuffix} file under {@code gtDir} (recursively, sorted by path) with the file of the same
     * relative path under {@code predDir} whose name ends in {@code predSuffix} instead (e.g. "_gtFine_labelIds.png"
     * and "_pred.png", or ".png" and ".png").
     *
     * @throws IOException naming the first GT file without prediction
     */
    public static List<Pair> pairsByName(Path gtDir, String gtSuffix, Path predDir, String predSuffix) throws IOException {
        if (!Files.isDirectory(gtDir)) throw new IOException("GT folder " + gtDir + " does not exist");
        if (!Files.isDirectory(predDir)) throw new IOException("prediction folder " + predDir + " does not exist");
        List<Path> gts;
        try (Stream<Path> s = Files.walk(gtDir)) {
            gts = s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(gtSuffix)).sorted().toList();
        }
        List<Pair> out = new ArrayList<>(gts.size());
        for (Path g : gts) {
            String rel = gtDir.relativize(g).toString();
            Path p = predDir.resolve(rel.substring(0, rel.length() - gtSuffix.length()) + predSuffix);
            if (!Files.isRegularFile(p)) throw new IOException("no prediction " + p + " for GT " + g);
            out.add(new Pair(g, p));
        }
        return out;
    }

    /** Evaluates the pairs, reading PNGs with {@link LabelMaps#read} (palette indices, 8/16-bit gray values). */
    public static SemanticEvaluator evaluate(List<Pair> pairs, Supplier<SemanticEvaluator> factory, int threads)
            throws IOException {
        return evaluate(pairs, factory, threads, LabelMaps::read);
    }

    /**
     * Evaluates the pairs with another PNG reader.
     *
     * @param factory makes one empty evaluator per worker (all with the same classes and convention)
     * @param threads worker threads (&ge; 1)
     * @return the evaluator holding the merged state ({@link SemanticEvaluator#compute()} gives the scores)
     * @throws IOException if a PNG cannot be read; IllegalArgumentException (naming the file) on inconsistent pairs
     */
    public static SemanticEvaluator evaluate(List<Pair> pairs, Supplier<SemanticEvaluator> factory, int threads,
                                             LabelMapReader reader) throws IOException {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        SemanticEvaluator result = factory.get();
        List<SemanticEvaluator> parts = Workers.accumulate(pairs, threads, "tessera-semantic", factory,
                (ev, p) -> ev.add(p.gt() + " vs " + p.pred(), reader.read(p.gt()), reader.read(p.pred())));
        for (SemanticEvaluator ev : parts) result.merge(ev.state());
        return result;
    }
}
