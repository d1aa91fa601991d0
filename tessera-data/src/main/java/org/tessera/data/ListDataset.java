package org.tessera.data;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** A {@link Dataset} over a list of samples held in memory (metadata only: masks stay lazy in the samples). */
public final class ListDataset implements Dataset {
    private final List<Sample> samples;
    private final List<DatasetCategory> categories;
    private final Set<GroundTruth> groundTruth;
    private final Path source;
    private final int ignoreIndex;
    private final java.util.function.IntPredicate voidLabel;

    public ListDataset(List<Sample> samples, List<DatasetCategory> categories, Set<GroundTruth> groundTruth,
                       Path source, int ignoreIndex) {
        this(samples, categories, groundTruth, source, ignoreIndex, v -> v == ignoreIndex);
    }

    /** As the other constructor, with the values that mark void pixels (see {@link Dataset#isVoidLabel}). */
    public ListDataset(List<Sample> samples, List<DatasetCategory> categories, Set<GroundTruth> groundTruth,
                       Path source, int ignoreIndex, java.util.function.IntPredicate voidLabel) {
        this.voidLabel = voidLabel;
        this.samples = List.copyOf(samples);
        this.categories = List.copyOf(categories);
        this.groundTruth = groundTruth.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(groundTruth));
        this.source = source;
        this.ignoreIndex = ignoreIndex;
    }

    @Override
    public boolean isVoidLabel(int value) {
        return voidLabel.test(value);
    }

    @Override
    public int size() {
        return samples.size();
    }

    @Override
    public Sample get(int index) {
        return samples.get(index);
    }

    @Override
    public List<DatasetCategory> categories() {
        return categories;
    }

    @Override
    public Set<GroundTruth> groundTruth() {
        return groundTruth;
    }

    @Override
    public Path source() {
        return source;
    }

    @Override
    public int ignoreIndex() {
        return ignoreIndex;
    }

    /** This data set restricted to the given indices (in that order), e.g. one split. */
    public static Dataset subset(Dataset d, int[] indices) {
        Sample[] s = new Sample[indices.length];
        for (int i = 0; i < indices.length; i++) s[i] = d.get(indices[i]);
        return new ListDataset(List.of(s), d.categories(), d.groundTruth(), d.source(), d.ignoreIndex());
    }
}
