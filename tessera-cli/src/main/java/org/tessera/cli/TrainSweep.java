package org.tessera.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import org.tessera.core.io.AtomicFiles;
import picocli.CommandLine;

/**
 * {@code tessera train --sweep grid|random[:N] --sweep-lr a,b --sweep-width ...}: trains one run per combination of
 * the {@code --sweep-*} values (all of them for grid; N distinct ones drawn with the run's {@code --seed} for
 * random, default 8) into {@code RUN_DIR/run-000, run-001, ...} with the other options shared, then selects the run
 * with the best validation mIoU (lowest training loss without validation) and prints and writes the table
 * ({@code RUN_DIR/sweep.md}, {@code RUN_DIR/sweep.json}). Re-running the same command resumes: finished runs are
 * skipped, an interrupted one is resumed from its checkpoint, a run folder holding other options is an error.
 *
 * <p>Also {@code --config run.json}: a JSON object of options (keys are option names without dashes; a list value
 * {@code "lr": [0.001, 0.003]} becomes {@code --sweep-lr}; {@code true} a flag); options given on the command line
 * override the file.
 */
final class TrainSweep {
    /** The sweepable options, in table order. */
    static final List<String> AXES = List.of("lr", "width", "depth", "batch", "aug", "loss", "seed");
    static final String MD = "sweep.md", JSON_FILE = "sweep.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TrainCommand base;
    private final List<String> original;

    TrainSweep(TrainCommand base, List<String> original) {
        this.base = base;
        this.original = original;
    }

    static boolean isSweep(TrainCommand c) {
        return c.sweep != null || c.sweepLr != null || c.sweepWidth != null || c.sweepDepth != null || c.sweepBatch != null
                || c.sweepAug != null || c.sweepLoss != null || c.sweepSeed != null;
    }

    private static List<String> values(TrainCommand c, String axis) {
        return switch (axis) {
            case "lr" -> c.sweepLr;
            case "width" -> c.sweepWidth;
            case "depth" -> c.sweepDepth;
            case "batch" -> c.sweepBatch;
            case "aug" -> c.sweepAug;
            case "loss" -> c.sweepLoss;
            case "seed" -> c.sweepSeed;
            default -> throw new IllegalStateException(axis);
        };
    }

    // ------------------------------------------------------------------------------------------ --config

    /** Runs {@code tessera train} with the options of a JSON file followed by the command line's (which win). */
    static int withConfig(Path file, List<String> commandLine) throws Exception {
        if (!Files.isRegularFile(file)) throw new BadInputException(file + ": no such file (--config)");
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new BadInputException(file + ": not valid JSON (" + firstLine(e.getMessage()) + ")");
        }
        if (root == null || !root.isObject()) throw new BadInputException(file + ": expected a JSON object of options");
        List<String> args = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey().replaceFirst("^-+", "");
            JsonNode v = e.getValue();
            if (key.equals("config")) throw new BadInputException(file + ": 'config' cannot be nested");
            if (v.isArray()) {
                if (v.isEmpty()) throw new BadInputException(file + ": '" + key + "' is an empty list");
                List<String> parts = new ArrayList<>();
                for (JsonNode x : v) parts.add(x.asText());
                args.add(key.startsWith("sweep-") ? "--" + key : "--sweep-" + key);
                args.add(String.join(",", parts));
            } else if (v.isBoolean()) {
                if (v.asBoolean()) args.add("--" + key);
            } else if (!v.isNull()) {
                args.add("--" + key);
                args.add(v.asText());
            }
        }
        args.addAll(without(commandLine, List.of("--config")));
        TrainCommand cmd = new TrainCommand();
        CommandLine cl = new CommandLine(cmd);
        cl.setOverwrittenOptionsAllowed(true);
        try {
            cl.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new BadInputException(file + ": " + e.getMessage());
        }
        return cmd.call();
    }

    /** The arguments without the given options and their values ({@code --opt v} or {@code --opt=v}). */
    static List<String> without(List<String> args, List<String> options) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (options.contains(name) || (options.contains("--sweep*") && name.startsWith("--sweep"))) {
                if (!a.contains("=")) i++;
                continue;
            }
            out.add(a);
        }
        return out;
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }

    // ------------------------------------------------------------------------------------------ sweep

    /** One run of the sweep and its outcome. */
    record Row(String name, List<String> values, int epochsDone, int bestEpoch, double bestMiou, double lastLoss, double seconds) {}

    int run() throws Exception {
        if (base.out == null) throw new BadInputException("give --out RUN_DIR for the sweep");
        List<String> axes = new ArrayList<>();
        List<List<String>> vals = new ArrayList<>();
        for (String a : AXES) {
            List<String> v = values(base, a);
            if (v == null) continue;
            if (v.isEmpty()) throw new BadInputException("--sweep-" + a + ": no values");
            axes.add(a);
            vals.add(v);
        }
        if (axes.isEmpty()) throw new BadInputException("--sweep needs at least one --sweep-* list (e.g. --sweep-lr 1e-3,3e-3)");
        List<int[]> combos = new ArrayList<>();
        product(vals, 0, new int[vals.size()], combos);
        String mode = base.sweep == null ? "grid" : base.sweep.toLowerCase(Locale.ROOT);
        if (mode.startsWith("random")) {
            int n = 8;
            if (mode.startsWith("random:")) {
                try {
                    n = Integer.parseInt(mode.substring(7));
                } catch (NumberFormatException e) {
                    n = -1;
                }
                if (n < 1) throw new BadInputException("--sweep " + base.sweep + ": N must be a positive integer");
            } else if (!mode.equals("random")) {
                throw new BadInputException("--sweep " + base.sweep + ": use grid, random or random:N");
            }
            SplittableRandom r = new SplittableRandom(base.seed ^ 0x5EEDL);
            for (int i = combos.size() - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int[] t = combos.get(i);
                combos.set(i, combos.get(j));
                combos.set(j, t);
            }
            combos = new ArrayList<>(combos.subList(0, Math.min(n, combos.size())));
        } else if (!mode.equals("grid")) {
            throw new BadInputException("--sweep " + base.sweep + ": use grid, random or random:N");
        }
        List<String> common = without(original, List.of("--sweep*", "--out"));
        Path root = base.out;
        Files.createDirectories(root);
        List<Row> rows = new ArrayList<>();
        for (int k = 0; k < combos.size(); k++) {
            int[] c = combos.get(k);
            String name = String.format(Locale.ROOT, "run-%03d", k);
            Path dir = root.resolve(name);
            List<String> args = new ArrayList<>(common);
            List<String> chosen = new ArrayList<>();
            StringBuilder desc = new StringBuilder();
            for (int a = 0; a < axes.size(); a++) {
                String v = vals.get(a).get(c[a]);
                args.add("--" + axes.get(a));
                args.add(v);
                chosen.add(v);
                desc.append(desc.length() == 0 ? "" : " ").append("--").append(axes.get(a)).append(' ').append(v);
            }
            args.add("--out");
            args.add(dir.toString());
            TrainCommand cmd = parse(args);
            System.out.printf(Locale.ROOT, "sweep run %d/%d (%s): %s%n", k + 1, combos.size(), name, desc);
            Path saved = dir.resolve(TrainCommand.ARGS_FILE);
            if (Files.isRegularFile(saved)) {
                Properties want = props(cmd.save()), have = props(Files.readString(saved));
                if (!want.equals(have)) {
                    throw new BadInputException(dir + " holds a run with other options (" + saved + "); use another --out for a different sweep");
                }
                if (finished(dir, cmd)) {
                    System.out.println("finished before; skipped");
                } else {
                    parse(List.of("--resume", dir.toString())).call();
                }
            } else {
                cmd.call();
            }
            rows.add(row(name, chosen, dir));
            write(root, axes, rows, mode);
        }
        int best = best(rows);
        System.out.println();
        System.out.print(table(axes, rows, best));
        System.out.printf(Locale.ROOT, "best: %s (%s)%n", rows.get(best).name(), root.resolve(rows.get(best).name()).resolve("best.ckpt"));
        System.out.println("wrote " + root.resolve(MD) + " and " + root.resolve(JSON_FILE));
        return 0;
    }

    private static TrainCommand parse(List<String> args) {
        TrainCommand cmd = new TrainCommand();
        CommandLine cl = new CommandLine(cmd);
        try {
            cl.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new BadInputException("sweep: " + e.getMessage());
        }
        return cmd;
    }

    private static Properties props(String text) throws IOException {
        Properties p = new Properties();
        try (StringReader r = new StringReader(text)) {
            p.load(r);
        }
        return p;
    }

    private static void product(List<List<String>> vals, int i, int[] cur, List<int[]> out) {
        if (i == vals.size()) {
            out.add(cur.clone());
            return;
        }
        for (int k = 0; k < vals.get(i).size(); k++) {
            cur[i] = k;
            product(vals, i + 1, cur, out);
        }
    }

    /** True when the run's log shows all epochs done or early stopping (the trainer's rule). */
    static boolean finished(Path dir, TrainCommand cmd) throws IOException {
        List<TrainCurves.Epoch> log = TrainCurves.read(dir);
        if (log.size() >= cmd.epochs) return true;
        if (!Files.isRegularFile(dir.resolve("last.ckpt")) || cmd.patience <= 0) return false;
        int stale = 0;
        for (TrainCurves.Epoch e : log) stale = e.best() ? 0 : stale + 1;
        return stale >= cmd.patience;
    }

    private static Row row(String name, List<String> values, Path dir) throws IOException {
        List<TrainCurves.Epoch> log = TrainCurves.read(dir);
        double best = Double.NaN, lastLoss = Double.NaN, seconds = 0;
        int bestEpoch = 0;
        for (TrainCurves.Epoch e : log) {
            if (!Double.isNaN(e.valMiou()) && (Double.isNaN(best) || e.valMiou() > best)) {
                best = e.valMiou();
                bestEpoch = e.epoch();
            }
            lastLoss = e.trainLoss();
        }
        for (String line : Files.isRegularFile(dir.resolve("log.jsonl")) ? Files.readAllLines(dir.resolve("log.jsonl")) : List.<String>of()) {
            if (!line.isBlank()) seconds += JSON.readTree(line).path("seconds").asDouble();
        }
        if (Double.isNaN(best)) { // no validation: the epoch with the lowest training loss
            double low = Double.POSITIVE_INFINITY;
            for (TrainCurves.Epoch e : log) if (e.trainLoss() < low) { low = e.trainLoss(); bestEpoch = e.epoch(); }
        }
        return new Row(name, values, log.size(), bestEpoch, best, lastLoss, seconds);
    }

    /** Index of the best row: highest validation mIoU, else lowest final training loss; ties: the first. */
    static int best(List<Row> rows) {
        boolean anyMiou = rows.stream().anyMatch(r -> !Double.isNaN(r.bestMiou()));
        int b = -1;
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            if (anyMiou) {
                if (!Double.isNaN(r.bestMiou()) && (b < 0 || r.bestMiou() > rows.get(b).bestMiou())) b = i;
            } else if (b < 0 || r.lastLoss() < rows.get(b).lastLoss()) {
                b = i;
            }
        }
        return Math.max(b, 0);
    }

    static String table(List<String> axes, List<Row> rows, int best) {
        StringBuilder sb = new StringBuilder("| run |");
        for (String a : axes) sb.append(' ').append(a).append(" |");
        sb.append(" epochs | best epoch | best val mIoU | last train loss | seconds |\n|---|");
        sb.append("---|".repeat(axes.size())).append("---|---|---|---|---|\n");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            sb.append("| ").append(r.name()).append(i == best ? " (best)" : "").append(" |");
            for (String v : r.values()) sb.append(' ').append(v).append(" |");
            sb.append(String.format(Locale.ROOT, " %d | %d | %s | %.4f | %.1f |%n", r.epochsDone(), r.bestEpoch(),
                    Double.isNaN(r.bestMiou()) ? "-" : String.format(Locale.ROOT, "%.4f", r.bestMiou()), r.lastLoss(), r.seconds()));
        }
        return sb.toString();
    }

    private static void write(Path root, List<String> axes, List<Row> rows, String mode) throws IOException {
        int best = best(rows);
        AtomicFiles.writeString(root.resolve(MD), "# tessera train sweep (" + mode + ")\n\nSelected on the validation mIoU "
                + "(lowest final training loss without validation).\n\n" + table(axes, rows, best));
        ObjectNode o = JSON.createObjectNode();
        o.put("mode", mode);
        ArrayNode ax = o.putArray("axes");
        axes.forEach(ax::add);
        o.put("best", rows.get(best).name());
        ArrayNode runs = o.putArray("runs");
        for (Row r : rows) {
            ObjectNode n = runs.addObject();
            n.put("run", r.name());
            ObjectNode opts = n.putObject("options");
            for (int a = 0; a < axes.size(); a++) opts.put(axes.get(a), r.values().get(a));
            n.put("epochs", r.epochsDone());
            n.put("best_epoch", r.bestEpoch());
            if (Double.isNaN(r.bestMiou())) n.putNull("best_val_miou"); else n.put("best_val_miou", r.bestMiou());
            if (Double.isNaN(r.lastLoss())) n.putNull("last_train_loss"); else n.put("last_train_loss", r.lastLoss());
            n.put("seconds", r.seconds());
        }
        AtomicFiles.writeString(root.resolve(JSON_FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n");
    }
}
