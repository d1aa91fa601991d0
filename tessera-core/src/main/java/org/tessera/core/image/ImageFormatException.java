package org.tessera.core.image;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An image file that cannot be read or written: not an image, truncated, corrupt, too large, or of an unsupported
 * kind. The message is one line naming the file and the problem, e.g.
 * {@code "labels/a.png: truncated PNG (no IEND chunk)"}.
 */
public class ImageFormatException extends IOException {
    private final String file;

    /** @param file the file (or a name for an in-memory source); @param problem what is wrong, one line */
    public ImageFormatException(String file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public ImageFormatException(String file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    public ImageFormatException(Path file, String problem) {
        this(String.valueOf(file), problem);
    }

    /** The file (or source name) the problem is about. */
    public String file() {
        return file;
    }
}
