package org.tessera.eval.semantic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.tessera.core.image.LabelMaps;
import org.tessera.core.label.LabelMap;

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
        AtomicInteger next = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean failed = new java.util.concurrent.atomic.AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "tessera-semantic");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<SemanticEvaluator>> workers = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                workers.add(pool.submit(() -> {
                    SemanticEvaluator ev = factory.get();
                    for (int i; !failed.get() && (i = next.getAndIncrement()) < pairs.size(); ) {
                        Pair p = pairs.get(i);
                        try {
                            ev.add(p.gt() + " vs " + p.pred(), reader.read(p.gt()), reader.read(p.pred()));
                        } catch (IOException e) {
                            failed.set(true);
                            throw new UncheckedIOException(e);
                        } catch (RuntimeException e) {
                            failed.set(true);
                            throw e;
                        }
                    }
                    return ev;
                }));
            }
            for (Future<SemanticEvaluator> f : workers) result.merge(get(f).state());
        } finally {
            pool.shutdownNow();
        }
        return result;
    }

    private static SemanticEvaluator get(Future<SemanticEvaluator> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof UncheckedIOException u) throw u.getCause();
            if (c instanceof RuntimeException r) throw r;
            if (c instanceof Error err) throw err;
            throw new IOException(c);
        }
    }
}
