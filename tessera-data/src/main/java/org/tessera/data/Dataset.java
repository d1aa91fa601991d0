package org.tessera.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.Spliterator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A segmentation data set: random access to its {@link Sample}s by index {@code 0 .. size()-1}, its categories and
 * the kinds of ground truth it carries. {@link #get(int)} is cheap (metadata only; pixels and masks are decoded by
 * the sample on demand) and thread-safe, so samples can be processed in parallel: {@link #spliterator()} splits the
 * index range in halves (as an array's does), which parallel streams and Spark partitions can use.
 */
public interface Dataset {

    /** Number of samples (images). */
    int size();

    /** The sample at {@code index} (0-based, in the data set's file order). */
    Sample get(int index);

    /** The categories, in the order the data set declares them. */
    List<DatasetCategory> categories();

    /** The ground truth carried by the samples. */
    Set<GroundTruth> groundTruth();

    /** The folder or file the data set was read from, or null for one built in memory. */
    Path source();

    /** The label of pixels to ignore in semantic maps (255 unless the format says otherwise, e.g. CamVid 11). */
    default int ignoreIndex() {
        return 255;
    }

    /**
     * True for a semantic-map value that legitimately marks pixels outside every category: the ignore index, and
     * format-specific void values such as Cityscapes' label ids that are not evaluated (unlabeled, ego vehicle,
     * rectification border, ...). Validation does not report such values.
     */
    default boolean isVoidLabel(int value) {
        return value == ignoreIndex();
    }

    /**
     * The categories as a core {@link org.tessera.core.category.Taxonomy} (same ids, names, thing flags, colours
     * (-1, none, becomes black 0x000000) and supercategories; no ignore category). Names are made unique by appending the id where two
     * categories share one.
     */
    default org.tessera.core.category.Taxonomy taxonomy() {
        List<org.tessera.core.category.Category> cats = new java.util.ArrayList<>();
        java.util.Set<String> names = new java.util.HashSet<>();
        for (DatasetCategory c : categories()) {
            String n = names.add(c.name()) ? c.name() : c.name() + "#" + c.id();
            names.add(n);
            cats.add(new org.tessera.core.category.Category(c.id(), n, c.isThing(), Math.max(0, c.color()), c.supercategory()));
        }
        String name = source() == null ? "dataset" : String.valueOf(source().getFileName());
        return new org.tessera.core.category.Taxonomy(name, cats, null);
    }

    /** The category with this id, or null. */
    default DatasetCategory category(int id) {
        for (DatasetCategory c : categories()) {
            if (c.id() == id) return c;
        }
        return null;
    }

    /** A sized, subsized spliterator over {@code [0, size())} that splits the index range in halves. */
    default Spliterator<Sample> spliterator() {
        return new IndexSpliterator(this, 0, size());
    }

    /** The samples in order, sequential or parallel. */
    default Stream<Sample> stream(boolean parallel) {
        return StreamSupport.stream(spliterator(), parallel);
    }

    /** The indices {@code 0 .. size()-1}. */
    default IntStream indices() {
        return IntStream.range(0, size());
    }
}
