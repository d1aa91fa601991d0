package org.tessera.eval.coco;

import java.io.IOException;

/**
 * A COCO ground-truth or results file that cannot be evaluated. The message is one line naming the file, the item
 * (e.g. {@code result #17 (image_id 42)}) and the problem, in the spirit of pycocotools' asserts.
 */
public final class CocoFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public CocoFormatException(String message) {
        super(message);
    }

    public CocoFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
