package org.tessera.eval.panoptic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.tessera.core.image.PanopticMaps;
import org.tessera.core.panoptic.PanopticMap;
import org.tessera.core.panoptic.PanopticMap.Segment;
import org.tessera.eval.internal.Workers;

/**
 * Evaluates a COCO panoptic prediction (JSON + PNG folder) against the GT (JSON + PNG folder), as panopticapi's
 * {@code pq_compute(gt_json, pred_json, gt_folder, pred_folder)}: images are those of the GT JSON, each must have a
 * prediction with the same {@code image_id}; GT segment areas come from the GT JSON. Images are decoded and evaluated
 * in parallel and folded in GT order, so the result equals panopticapi run with one worker, whatever the thread count.
 */
public final class PanopticFolderEvaluation {
    private PanopticFolderEvaluation() {}

    /** Reads the id map of a COCO panoptic PNG ({@code id = R + 256 G + 256^2 B}); the segments of the result are ignored. */
    @FunctionalInterface
    public interface IdMapReader {
        PanopticMap read(Path png) throws IOException;
    }

    /**
     * Runs the whole evaluation, reading PNGs with {@link PanopticMaps#readIds} (RGB, id = R + 256 G + 256^2 B).
     *
     * @param threads worker threads (&ge; 1): PNG decoding and per-image matching run in parallel
     * @throws IOException            if a JSON or PNG cannot be read, or a folder is missing
     * @throws PanopticInputException if GT and prediction are inconsistent (message names the image)
     */
    public static PanopticResult evaluate(Path gtJson, Path gtFolder, Path predJson, Path predFolder, int threads)
            throws IOException {
        return evaluate(gtJson, gtFolder, predJson, predFolder, threads, PanopticMaps::readIds);
    }

    /**
     * Runs the whole evaluation with another PNG reader.
     *
     * @param threads worker threads (&ge; 1)
     * @param reader  the PNG reader
     * @throws IOException             if a JSON or PNG cannot be read, or a folder is missing
     * @throws PanopticInputException  if GT and prediction are inconsistent (message names the image)
     */
    public static PanopticResult evaluate(Path gtJson, Path gtFolder, Path predJson, Path predFolder, int threads,
                                          IdMapReader reader) throws IOException {
        PanopticJson gt = PanopticJson.read(gtJson);
        PanopticJson pred = PanopticJson.read(predJson);
        return evaluate(gt, gtFolder, pred, predFolder, threads, reader);
    }

    /** As {@link #evaluate(Path, Path, Path, Path, int, IdMapReader)} with the JSON files already read. */
    public static PanopticResult evaluate(PanopticJson gt, Path gtFolder, PanopticJson pred, Path predFolder, int threads,
                                          IdMapReader reader) throws IOException {
        return evaluate(gt, gtFolder, pred, predFolder, threads, reader, new PanopticEvaluator(gt.categories()));
    }

    /**
     * As {@link #evaluate(Path, Path, Path, Path, int, IdMapReader)} into a given evaluator (its state is added to; its
     * categories should be the GT JSON's).
     */
    public static PanopticResult evaluate(PanopticJson gt, Path gtFolder, PanopticJson pred, Path predFolder, int threads,
                                          IdMapReader reader, PanopticEvaluator ev) throws IOException {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        if (!Files.isDirectory(gtFolder)) throw new IOException("GT segmentation folder " + gtFolder + " does not exist");
        if (!Files.isDirectory(predFolder)) throw new IOException("prediction segmentation folder " + predFolder + " does not exist");
        if (gt.categories().isEmpty()) throw new IOException(gt.file() + ": no categories");
        Map<String, PanopticJson.Annotation> predById = new HashMap<>();
        for (PanopticJson.Annotation a : pred.annotations()) predById.put(a.imageId(), a);
        List<PanopticJson.Annotation[]> pairs = new ArrayList<>(gt.annotations().size());
        for (PanopticJson.Annotation g : gt.annotations()) {
            PanopticJson.Annotation p = predById.get(g.imageId());
            if (p == null) throw new PanopticInputException("no prediction for the image with id " + g.imageId() + " in " + pred.file());
            for (Segment s : g.segments()) {
                if (s.area() < 0) {
                    throw new PanopticInputException(gt.file() + ": image " + g.imageId() + ": GT segment " + s.id()
                            + " has no 'area' (panopticapi takes GT areas from the JSON)");
                }
            }
            pairs.add(new PanopticJson.Annotation[] {g, p});
        }
        ExecutorService pool = Workers.daemonPool(threads, "tessera-pq");
        try {
            // bounded window of in-flight images keeps memory flat for folders of any size
            int window = threads * 4;
            List<Future<PanopticImageResult>> inFlight = new ArrayList<>();
            int next = 0, done = 0;
            while (done < pairs.size()) {
                while (next < pairs.size() && next - done < window) {
                    PanopticJson.Annotation[] pr = pairs.get(next++);
                    inFlight.add(pool.submit(() -> one(ev, pr[0], gtFolder, pr[1], predFolder, reader)));
                }
                PanopticImageResult r = Workers.join(inFlight.get(done));
                inFlight.set(done, null);
                ev.accumulate(r);
                done++;
            }
        } finally {
            pool.shutdownNow();
        }
        return ev.compute();
    }

    private static PanopticImageResult one(PanopticEvaluator ev, PanopticJson.Annotation g, Path gtFolder,
                                           PanopticJson.Annotation p, Path predFolder, IdMapReader reader) {
        try {
            Path gp = gtFolder.resolve(g.fileName()), pp = predFolder.resolve(p.fileName());
            PanopticMap gm = reader.read(gp), pm = reader.read(pp);
            String label = g.imageId() + " (" + g.fileName() + ")";
            if (gm.width() != pm.width() || gm.height() != pm.height()) {
                throw new PanopticInputException("image " + label + ": GT " + gp + " is " + gm.width() + "x" + gm.height()
                        + " but prediction " + pp + " is " + pm.width() + "x" + pm.height());
            }
            return ev.evaluateImage(label,
                    new PanopticMap(gm.width(), gm.height(), gm.data(), g.segments()),
                    new PanopticMap(pm.width(), pm.height(), pm.data(), p.segments()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
