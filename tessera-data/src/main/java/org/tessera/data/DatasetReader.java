package org.tessera.data;

import java.io.IOException;
import java.nio.file.Path;

/** Reads one data-set format from a file or folder. */
@FunctionalInterface
public interface DatasetReader {
    /**
     * Opens the data set at {@code source}: metadata is read now, pixels and masks when samples are used.
     *
     * @throws DatasetException naming the file and the problem when the layout or a file is invalid
     */
    Dataset read(Path source, ReadOptions options) throws IOException;
}
