package org.tessera.infer;

import java.io.IOException;

/**
 * A model that cannot be used: missing or corrupt file, wrong checksum, a sidecar that does not parse, or a graph
 * whose inputs and outputs do not fit the declared family. The message is one line naming the model and the problem.
 */
public class ModelException extends IOException {
    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
