package org.tessera.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tessera.classic.crf.DenseCrf;
import org.tessera.classic.crf.DenseCrfConfig;
import org.tessera.core.image.Image;
import org.tessera.core.image.Images;
import org.tessera.core.image.LabelMaps;
import org.tessera.core.label.LabelMap;
import org.tessera.core.label.Palette;
import org.tessera.viz.Overlay;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tessera refine --crf}: refines a label map with a fully connected CRF ({@link DenseCrf}, Krähenbühl and
 * Koltun 2011) guided by the image's colors. Hard labels become probabilities as pydensecrf's {@code
 * unary_from_labels}: the given label has probability {@code --confidence}, the others share the rest equally;
 * pixels with the map's ignore index are "unsure" (uniform). Writes {@code <stem>_crf_labels.png} (the input's
 * palette, or a distinct-color one) and {@code <stem>_crf_overlay.png}.
 */
@Command(name = "refine", mixinStandardHelpOptions = true, description = {"Refine a label map with a dense CRF guided by the image (classical post-processing).",
        "Example: tessera refine photo.jpg --labels photo_labels.png --crf --out refined/"})
final class RefineCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "The image (8-bit).")
    Path image;

    @Option(names = "--labels", required = true, description = "Label PNG to refine (class ids; the ignore index 255 = unsure).")
    Path labels;

    @Option(names = "--crf", description = "Dense CRF refinement (the only refinement so far; required).")
    boolean crf;

    @Option(names = "--out", required = true, description = "Output folder.")
    Path out;

    @Option(names = "--classes", description = "Number of classes (default: the largest label + 1, at least 2).")
    Integer classes;

    @Option(names = "--confidence", defaultValue = "0.7", description = "Probability given to the input label, in (1/classes, 1) (default ${DEFAULT-VALUE}, pydensecrf's gt_prob).")
    double confidence;

    @Option(names = "--iterations", defaultValue = "5", description = "Mean-field iterations (default ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--sxy", defaultValue = "80", description = "Appearance kernel position scale, pixels (default ${DEFAULT-VALUE}).")
    double bilateralXy;

    @Option(names = "--srgb", defaultValue = "13", description = "Appearance kernel color scale, 8-bit units (default ${DEFAULT-VALUE}).")
    double bilateralRgb;

    @Option(names = "--compat", defaultValue = "10", description = "Appearance kernel weight (default ${DEFAULT-VALUE}).")
    double bilateralWeight;

    @Override
    public Integer call() throws Exception {
        if (!crf) throw new BadInputException("choose a refinement: --crf (dense CRF) is the only one so far");
        DenseCrfConfig c = new DenseCrfConfig();
        c.iterations = iterations;
        c.bilateralXy = bilateralXy;
        c.bilateralRgb = bilateralRgb;
        c.bilateralWeight = bilateralWeight;
        DenseCrf dense = new DenseCrf(c); // validates: one line naming the bad field
        Image img = Images.read(image);
        LabelMap lm = LabelMaps.read(labels);
        if (lm.width() != img.width() || lm.height() != img.height()) {
            throw new BadInputException(labels.getFileName() + " is " + lm.width() + "x" + lm.height() + " but "
                    + image.getFileName() + " is " + img.width() + "x" + img.height());
        }
        short[] d = lm.data();
        int ignore = lm.ignoreIndex();
        int max = 0;
        for (short v : d) {
            int l = v & 0xFFFF;
            if (l != ignore) max = Math.max(max, l);
        }
        int n = classes != null ? classes : Math.max(2, max + 1);
        if (n < 2) throw new BadInputException("--classes must be >= 2, got " + n);
        if (max >= n) throw new BadInputException(labels.getFileName() + " has label " + max + " but --classes is " + n);
        if (!(confidence > 1.0 / n && confidence < 1)) {
            throw new BadInputException("--confidence must be in (1/" + n + ", 1), got " + confidence);
        }
        if ((long) d.length * n > Integer.MAX_VALUE) {
            throw new BadInputException(image.getFileName() + ": " + d.length + " pixels x " + n + " classes is too large for the CRF");
        }
        float[] prob = new float[d.length * n];
        float other = (float) ((1 - confidence) / (n - 1)), uniform = 1f / n;
        for (int p = 0; p < d.length; p++) {
            int l = d[p] & 0xFFFF;
            int o = p * n;
            if (l == ignore) {
                for (int k = 0; k < n; k++) prob[o + k] = uniform;
            } else {
                for (int k = 0; k < n; k++) prob[o + k] = other;
                prob[o + l] = (float) confidence;
            }
        }
        long t0 = System.nanoTime();
        LabelMap refined;
        try {
            refined = dense.segment(img, prob, n);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(image.getFileName() + ": " + e.getMessage());
        }
        Palette pal = lm.palette() != null ? lm.palette() : PredictCommand.palette(256);
        refined = new LabelMap(refined.width(), refined.height(), refined.data(), ignore, n <= 256 ? pal : null);
        int changed = 0;
        short[] r = refined.data();
        for (int p = 0; p < d.length; p++) if ((d[p] & 0xFFFF) != ignore && r[p] != d[p]) changed++;
        Files.createDirectories(out);
        String stem = ImageFiles.stem(image);
        LabelMaps.writePng(refined, out.resolve(stem + "_crf_labels.png"));
        Images.writePng(Overlay.labelMap(img, refined, refined.palette(), null,
                new Overlay.Options(0.45, true, false, false, n <= 16)), out.resolve(stem + "_crf_overlay.png"));
        System.out.printf(Locale.ROOT, "%s: dense CRF, %d classes, %d iterations: %d pixels changed (%.2f %%), %.2f s; outputs in %s%n",
                image.getFileName(), n, iterations, changed, 100.0 * changed / d.length, (System.nanoTime() - t0) / 1e9, out);
        return 0;
    }
}
