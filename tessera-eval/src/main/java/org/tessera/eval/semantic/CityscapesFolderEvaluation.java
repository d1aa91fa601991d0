package org.tessera.eval.semantic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.tessera.core.image.LabelMaps;
import org.tessera.eval.internal.Workers;

/**
 * cityscapesScripts' folder protocol: every {@code *_gtFine_labelIds.png} under the GT root (recursively, sorted),
 * its {@code *_gtFine_instanceIds.png} beside it, and the one prediction under the prediction root whose name starts
 * with {@code <city>_<sequence>_<frame>} and ends with {@code predSuffix} (cityscapesScripts' pattern
 * {@code city_seq_frame*.png}; none or several is an error, as there). Predictions are labelIds. Images run in
 * parallel, one {@link CityscapesEvaluator} per worker, merged at the end.
 */
public final class CityscapesFolderEvaluation {
    private CityscapesFolderEvaluation() {}

    /** A GT labelIds file, its instanceIds file and the prediction. */
    public record Triple(Path gtLabelIds, Path gtInstanceIds, Path pred) {}

    /**
     * Finds the files.
     *
     * @param predSuffix end of the prediction file names, ".png" for cityscapesScripts' pattern
     * @throws IOException naming the GT file without (or with several) predictions, or a missing instanceIds file
     */
    public static List<Triple> find(Path gtRoot, Path predRoot, String predSuffix) throws IOException {
        if (!Files.isDirectory(gtRoot)) throw new IOException("GT folder " + gtRoot + " does not exist");
        if (!Files.isDirectory(predRoot)) throw new IOException("prediction folder " + predRoot + " does not exist");
        List<Path> gts, preds;
        try (Stream<Path> s = Files.walk(gtRoot)) {
            gts = s.filter(p -> p.getFileName().toString().endsWith("_gtFine_labelIds.png")).sorted().toList();
        }
        try (Stream<Path> s = Files.walk(predRoot)) {
            preds = s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(predSuffix)).sorted().toList();
        }
        if (gts.isEmpty()) throw new IOException("no *_gtFine_labelIds.png under " + gtRoot);
        List<Triple> out = new ArrayList<>(gts.size());
        for (Path g : gts) {
            String name = g.getFileName().toString();
            String[] parts = name.split("_");
            if (parts.length < 3) throw new IOException(g + ": not a Cityscapes name (city_sequence_frame_gtFine_labelIds.png)");
            String prefix = parts[0] + "_" + parts[1] + "_" + parts[2];
            Path match = null;
            for (Path p : preds) {
                if (p.getFileName().toString().startsWith(prefix)) {
                    if (match != null) throw new IOException("found multiple predictions for ground truth " + g + ": " + match + ", " + p);
                    match = p;
                }
            }
            if (match == null) throw new IOException("found no prediction " + prefix + "*" + predSuffix + " under " + predRoot + " for ground truth " + g);
            Path inst = g.resolveSibling(name.replace("labelIds", "instanceIds"));
            if (!Files.isRegularFile(inst)) throw new IOException("no instanceIds file " + inst + " for " + g);
            out.add(new Triple(g, inst, match));
        }
        return out;
    }

    /** Evaluates the triples with {@code threads} workers (&ge; 1), reading PNGs with {@link LabelMaps#read}. */
    public static CityscapesResult evaluate(List<Triple> triples, int threads) throws IOException {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        CityscapesEvaluator result = new CityscapesEvaluator();
        List<CityscapesEvaluator> parts = Workers.accumulate(triples, threads, "tessera-cityscapes", CityscapesEvaluator::new,
                (ev, t) -> ev.add(t.pred().toString(), LabelMaps.read(t.gtLabelIds()), LabelMaps.read(t.pred()), LabelMaps.read(t.gtInstanceIds())));
        for (CityscapesEvaluator ev : parts) result.merge(ev.state());
        return result.compute();
    }
}
