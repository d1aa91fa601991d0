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
