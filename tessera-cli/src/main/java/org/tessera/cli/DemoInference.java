package org.tessera.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.tessera.core.image.Image;
import org.tessera.core.image.Images;
import org.tessera.core.instances.Instances;
import org.tessera.infer.ModelRegistry;
import org.tessera.infer.Prediction;
import org.tessera.infer.Segmenter;
import org.tessera.viz.Overlay;

/**
 * The demo's inference step: when the registry's YOLO model is present offline ({@code -Dtessera.models} or
 * {@code TESSERA_MODELS}; nothing is downloaded), runs it on {@code <shared>/data/images/bus.jpg} (shared = the
 * models folder's parent) and writes {@code inference_overlay.png}; otherwise prints how to point Tessera at models.
 * Prints one line either way and never fails the demo.
 */
final class DemoInference {
    private DemoInference() {}

    static final String MODEL = "yolov8n-seg-int8-320";

    static void run(Path out, PrintStream o) {
        try {
            String dir = System.getProperty("tessera.models");
            if (dir == null || dir.isBlank()) dir = System.getenv("TESSERA_MODELS");
            if (dir == null || dir.isBlank()) {
                o.println("inference  skipped: no models folder; set TESSERA_MODELS=/path/to/models (holding " + MODEL
                        + "/model.onnx) or run 'tessera predict --model FILE.onnx' with a .json sidecar beside it");
                return;
            }
            Path models = Path.of(dir).toAbsolutePath();
            ModelRegistry.Entry e;
            try {
                e = ModelRegistry.defaultRegistry().withDirectories(models, null).resolve(MODEL);
            } catch (Exception ex) {
                o.println("inference  skipped: " + MODEL + " not usable in " + models + " (" + ex.getMessage()
                        + "); point TESSERA_MODELS at a folder holding " + MODEL + "/model.onnx, or use 'tessera predict --model FILE.onnx' with a sidecar");
                return;
            }
            Path image = models.getParent() == null ? null : models.getParent().resolve("data/images/bus.jpg");
            if (image == null || !Files.isRegularFile(image)) {
                o.println("inference  skipped: " + MODEL + " found, but no sample image at " + image
                        + "; try 'tessera predict --model " + MODEL + " --out DIR IMAGE'");
                return;
            }
            long t0 = System.nanoTime();
            Segmenter.Builder b = Segmenter.builder().model(e.file());
            if (e.spec() != null) b.spec(e.spec());
            try (Segmenter seg = b.build()) {
                Image img = Images.read(image);
                Prediction p = seg.predict(img);
                Instances inst = p.instances();
                Map<Integer, String> names = new TreeMap<>();
                Map<String, Integer> counts = new TreeMap<>();
                for (int k = 0; k < inst.size(); k++) {
                    names.put(inst.categoryId(k), p.className(k));
                    counts.merge(p.className(k), 1, Integer::sum);
                }
                Images.writePng(Overlay.instances(img, inst, names::get, null, Overlay.Options.defaults()), out.resolve("inference_overlay.png"));
                StringBuilder sb = new StringBuilder();
                counts.forEach((n, c) -> sb.append(sb.length() == 0 ? "" : ", ").append(c).append(' ').append(n));
                o.printf(Locale.ROOT, "inference  %s on %s: %d objects (%s) in %.2f s -> inference_overlay.png%n", MODEL,
                        image.getFileName(), inst.size(), sb, (System.nanoTime() - t0) / 1e9);
            }
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError v && !(t instanceof OutOfMemoryError)) throw v;
            String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            int nl = m.indexOf('\n');
            o.println("inference  skipped: " + (nl < 0 ? m : m.substring(0, nl)));
        }
    }
}
