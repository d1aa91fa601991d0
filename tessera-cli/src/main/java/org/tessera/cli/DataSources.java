package org.tessera.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import org.tessera.data.Dataset;
import org.tessera.data.DatasetCategory;
import org.tessera.data.DatasetFormat;
import org.tessera.data.GroundTruth;
import org.tessera.data.ReadOptions;
import org.tessera.data.Sample;
import picocli.CommandLine.Option;

/** Shared by the data-set commands: the reading options, format choice / detection, and a progress-reporting view. */
final class DataSources {
    private DataSources() {}

    /** Reading options common to every data-set command (picocli mixin). */
    static final class ReadArgs {
        @Option(names = "--split", description = "Split / image set to read (train, val, test; VOC image set; ADE20K training / validation). Default: all.")
        String split;

        @Option(names = "--train-ids", description = "Cityscapes: category ids are trainIds (labelTrainIds maps).")
        boolean trainIds;

        @Option(names = "--instance-ids", description = "Label-map folders: the PNG values are instance ids (else class ids).")
        boolean instanceIds;

        @Option(names = "--ignore-index", defaultValue = "255", description = "Label-map folders: class value to ignore, -1 for none (default: ${DEFAULT-VALUE}).")
        int ignoreIndex;

        @Option(names = "--image-dir", description = "COCO / COCO panoptic: the image folder (default: images/ beside the JSON, or its folder).")
        Path imageDir;

        ReadOptions options() {
            return new ReadOptions(split, trainIds, instanceIds, ignoreIndex, imageDir);
        }
    }

    /** Known format names, comma separated. */
    static String formatNames(boolean writableOnly) {
        StringBuilder b = new StringBuilder();
        for (DatasetFormat f : DatasetFormat.values()) {
            if (writableOnly && !f.canWrite()) continue;
            b.append(b.isEmpty() ? "" : ", ").append(f.cliName());
        }
        return b.toString();
    }

    /** A data-set path and its format. */
    record Resolved(Path path, DatasetFormat format) {}

    /**
     * The format named {@code name} (or detected from {@code in}'s layout when null), and the path to read. A folder
     * given for COCO (named, or detected when the folder holds a COCO JSON rather than labelme files) stands for the
     * single COCO JSON in it or in its {@code annotations/} sub-folder, e.g. {@code coco_val2017_6/} for
     * {@code coco_val2017_6/annotations.json}; several candidates are an error that lists them.
     */
    static Resolved resolve(String name, Path in, String option) throws IOException {
        DatasetFormat named = name == null ? null : DatasetFormat.byName(name);
        if (Files.isDirectory(in) && (named == null || named == DatasetFormat.COCO || named == DatasetFormat.COCO_PANOPTIC)) {
            List<Path> coco = cocoJsons(in);
            DatasetFormat detected = named == null ? DatasetFormat.detect(in) : null;
            if (named != null || (coco.size() >= 1 && (detected == null || detected == DatasetFormat.LABELME))) {
                if (coco.size() == 1) return new Resolved(coco.get(0), named != null ? named : DatasetFormat.detect(coco.get(0)));
                if (coco.isEmpty() && named != null) throw new BadInputException(in + ": a folder without a COCO JSON; give the .json file");
                if (coco.size() > 1) throw new BadInputException(in + ": holds several COCO JSON files (" + coco.stream()
                        .map(p -> in.relativize(p).toString()).sorted().reduce((a, b) -> a + ", " + b).orElse("") + "); give one of them");
            }
        }
        return new Resolved(in, format(name, in, option));
    }

    /** The .json files of {@code dir} and {@code dir/annotations} whose top level starts like a COCO file (images / annotations / categories before any labelme field). */
    private static List<Path> cocoJsons(Path dir) throws IOException {
        List<Path> out = new java.util.ArrayList<>();
        for (Path d : new Path[] {dir, dir.resolve("annotations")}) {
            if (!Files.isDirectory(d)) continue;
            try (java.util.stream.Stream<Path> s = Files.list(d)) {
                for (Path p : s.filter(x -> x.getFileName().toString().endsWith(".json") && Files.isRegularFile(x)).sorted().toList()) {
                    if (looksCoco(p)) out.add(p);
                }
            }
        }
        return out;
    }

    private static boolean looksCoco(Path p) {
        try (com.fasterxml.jackson.core.JsonParser j = new com.fasterxml.jackson.core.JsonFactory().createParser(p.toFile())) {
            if (j.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) return false;
            while (j.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String f = j.currentName();
                if (f.equals("images") || f.equals("annotations") || f.equals("categories")) return true;
                if (f.equals("shapes") || f.equals("imagePath")) return false;
                j.nextToken();
                j.skipChildren();
            }
            return false;
        } catch (IOException e) {
            return false; // not JSON (or truncated before any field): the format's reader reports it
        }
    }

    /** The format named {@code name}, or detected from {@code in}'s layout when {@code name} is null. */
    static DatasetFormat format(String name, Path in, String option) throws IOException {
        if (name != null) return DatasetFormat.byName(name);
        DatasetFormat f = DatasetFormat.detect(in);
        if (f == null) {
            throw new BadInputException(in + ": cannot tell its data-set format; give " + option + " (one of " + formatNames(false) + ")");
        }
        return f;
    }

    static void requireExists(Path in) {
        if (!Files.exists(in)) throw new BadInputException(in + ": no such file or folder");
    }

    /** Reads a data set. */
    static Dataset open(Path in, DatasetFormat f, ReadOptions o) throws IOException {
        requireExists(in);
        return f.read(in, o);
    }

    /** The category's name; "(ignore)", "(background)" (0) or "#id (not a category)" for values that are not categories. */
    static String name(Dataset d, int id) {
        DatasetCategory c = d.category(id);
        if (c != null) return c.name();
        if (id == d.ignoreIndex() || id == -1) return "(ignore)";
        return id == 0 ? "(background)" : "#" + id + " (not a category)";
    }

    /**
     * A view of {@code d} that steps {@code p} the first time each sample's ground truth (annotations, semantic or
     * panoptic map) is decoded, so writers that walk the samples drive the progress bar.
     */
    static Dataset withProgress(Dataset d, Progress p) {
        BitSet seen = new BitSet(d.size());
        return new Dataset() {
            @Override
            public int size() {
                return d.size();
            }

            @Override
            public Sample get(int i) {
                Sample s = d.get(i);
                Runnable mark = () -> {
                    boolean first;
                    synchronized (seen) {
                        first = !seen.get(i);
                        seen.set(i);
                    }
                    if (first) p.step();
                };
                Sample.Builder b = s.toBuilder();
                if (s.hasAnnotations()) b.annotations(() -> {
                    mark.run();
                    return s.annotations();
                });
                if (s.hasSemantic()) b.semantic(() -> {
                    mark.run();
                    return s.semantic();
                });
                if (s.hasPanoptic()) b.panoptic(() -> {
                    mark.run();
                    return s.panoptic();
                });
                return b.build();
            }

            @Override
            public List<DatasetCategory> categories() {
                return d.categories();
            }

            @Override
            public Set<GroundTruth> groundTruth() {
                return d.groundTruth();
            }

            @Override
            public Path source() {
                return d.source();
            }

            @Override
            public int ignoreIndex() {
                return d.ignoreIndex();
            }
        };
    }
}
