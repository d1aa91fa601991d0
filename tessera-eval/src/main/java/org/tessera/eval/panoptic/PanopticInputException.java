package org.tessera.eval.panoptic;

/**
 * Inconsistent panoptic input: a segment id in a PNG that is not in the JSON, a JSON segment absent from its PNG, an
 * unknown category id, maps of different sizes, a GT image without prediction. The message names the image and the
 * problem in one line.
 */
public final class PanopticInputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public PanopticInputException(String message) {
        super(message);
    }
}
