package org.tessera.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tessera.core.image.Images;
import org.tessera.core.io.AtomicFiles;
import org.tessera.train.SegmentationTrainer;
import org.tessera.viz.Charts;

/**
 * Learning curves of a training run: reads {@code RUN_DIR/log.jsonl} (one JSON object per epoch, written by
 * {@link SegmentationTrainer}) and writes {@code RUN_DIR/curves.png} and {@code curves.svg} (training loss, validation
 * mIoU on 0..1, learning rate, per epoch) with tessera-viz {@link Charts#panels}.
 */
final class TrainCurves {
    static final String PNG = "curves.png", SVG = "curves.svg";
    private static final ObjectMapper JSON = new ObjectMapper();

    private TrainCurves() {
    }

    /** One epoch of the log. */
    record Epoch(int epoch, double trainLoss, double valMiou, double lr, boolean best) {}

    /** The epochs of {@code log.jsonl} (empty when there is no log). */
    static List<Epoch> read(Path runDir) throws IOException {
        return read(runDir, "val_miou");
    }

    /** The epochs of {@code log.jsonl}, {@code valMiou} holding the validation figure {@code metricKey}. */
    static List<Epoch> read(Path runDir, String metricKey) throws IOException {
        Path log = runDir.resolve(SegmentationTrainer.LOG);
        List<Epoch> out = new ArrayList<>();
        if (!Files.isRegularFile(log)) return out;
        for (String line : Files.readAllLines(log)) {
            if (line.isBlank()) continue;
            JsonNode o;
            try {
                o = JSON.readTree(line);
            } catch (IOException e) {
                throw new IOException(log + ": not a JSON line: " + line);
            }
            out.add(new Epoch(o.path("epoch").asInt(), num(o, "train_loss"), num(o, metricKey), num(o, "lr"), o.path("best").asBoolean()));
        }
        return out;
    }

    private static double num(JsonNode o, String key) {
        JsonNode v = o.get(key);
        return v == null || v.isNull() ? Double.NaN : v.asDouble();
    }

    /** Writes curves.png and curves.svg from the run's log; does nothing when the log is empty. */
    static void write(Path runDir, String title) throws IOException {
        write(runDir, title, "val_miou", "validation mIoU");
    }

    /** As {@link #write(Path, String)} with another validation figure in 0..1 (e.g. {@code val_dsb} of bottom-up runs). */
    static void write(Path runDir, String title, String metricKey, String metricLabel) throws IOException {
        List<Epoch> ep = read(runDir, metricKey);
        if (ep.isEmpty()) return;
        int n = ep.size();
        double[] x = new double[n], loss = new double[n], miou = new double[n], lr = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = ep.get(i).epoch();
            loss[i] = ep.get(i).trainLoss();
            miou[i] = ep.get(i).valMiou();
            lr[i] = ep.get(i).lr();
        }
        List<Charts.Panel> panels = List.of(
                new Charts.Panel("training loss", loss, 0, Double.NaN, 0xD62728),
                new Charts.Panel(metricLabel, miou, 0, 1, 0x1F77B4),
                new Charts.Panel("learning rate (last step of the epoch)", lr, 0, Double.NaN, 0x2CA02C));
        Images.writePng(Charts.panels(title, "epoch", x, panels), runDir.resolve(PNG));
        AtomicFiles.writeString(runDir.resolve(SVG), Charts.panelsSvg(title, "epoch", x, panels));
    }
}
