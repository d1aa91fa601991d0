package org.tessera.infer;

/** A failure while running a loaded model on an image (ONNX Runtime error, or an image the model cannot take). */
public class InferenceException extends RuntimeException {
    public InferenceException(String message, Throwable cause) {
        super(message, cause);
    }

    public InferenceException(String message) {
        super(message);
    }
}
