package org.tessera.data;

import java.io.IOException;
import java.nio.file.Path;

/** Writes a data set in one format; every file is written to a temporary name and moved into place when complete. */
@FunctionalInterface
public interface DatasetWriter {
    void write(Dataset dataset, Path target, WriteOptions options) throws IOException;
}
