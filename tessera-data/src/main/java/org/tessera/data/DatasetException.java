package org.tessera.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A data set file that cannot be read or written: the message is one line naming the file (and, where known, the
 * item inside it) and the problem, e.g. {@code annotations.json: truncated JSON at line 1, column 5012}.
 */
public class DatasetException extends IOException {
    private static final long serialVersionUID = 1L;

    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@code file: problem}. */
    public static DatasetException of(Path file, String problem) {
        return new DatasetException(file + ": " + problem);
    }

    /** {@code file: problem}, keeping the cause. */
    public static DatasetException of(Path file, String problem, Throwable cause) {
        return new DatasetException(file + ": " + problem, cause);
    }
}
