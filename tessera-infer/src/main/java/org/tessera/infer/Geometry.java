package org.tessera.infer;

import org.tessera.core.image.Letterbox;

/**
 * How an original image maps onto the model input: input pixel {@code xi = x * scaleX + padX},
 * {@code yi = y * scaleY + padY} for original pixel coordinates (x, y) (continuous, pixel edges at integers). The
 * image content occupies input columns {@code [padX, padX + contentW)} and rows {@code [padY, padY + contentH)}.
 *
 * @param scaleX input pixels per original pixel along x (letterbox: Ultralytics' gain {@code min(inW/w, inH/h)})
 * @param padX   left padding in input pixels (letterbox: {@code round(dw - 0.1)} as Ultralytics)
 */
record Geometry(int origW, int origH, int inW, int inH, double scaleX, double scaleY, int padX, int padY,
                       int contentW, int contentH) {

    /** The mapping for a resize mode; letterbox is core's {@link Letterbox} (Ultralytics' {@code LetterBox(auto=False, scaleup=True)}). */
    static Geometry of(int origW, int origH, int inW, int inH, ModelSpec.ResizeMode mode) {
        return of(origW, origH, inW, inH, mode, 1);
    }

    /**
     * The mapping when the resized content ({@code inW x inH}, per {@code mode}) is padded on the right and bottom
     * up to multiples of {@code multiple}: the tensor is {@code ceil(inW / multiple) * multiple} wide (likewise
     * high), the content stays at the top left (letterbox padding, if any, stays inside {@code inW x inH}).
     */
    static Geometry of(int origW, int origH, int inW, int inH, ModelSpec.ResizeMode mode, int multiple) {
        Geometry g = of1(origW, origH, inW, inH, mode);
        if (multiple <= 1) return g;
        int tw = (inW + multiple - 1) / multiple * multiple, th = (inH + multiple - 1) / multiple * multiple;
        return new Geometry(origW, origH, tw, th, g.scaleX, g.scaleY, g.padX, g.padY, g.contentW, g.contentH);
    }

    private static Geometry of1(int origW, int origH, int inW, int inH, ModelSpec.ResizeMode mode) {
        if (mode == ModelSpec.ResizeMode.STRETCH) {
            return new Geometry(origW, origH, inW, inH, (double) inW / origW, (double) inH / origH, 0, 0, inW, inH);
        }
        Letterbox lb = Letterbox.of(origW, origH, inW, inH);
        return new Geometry(origW, origH, inW, inH, lb.scale(), lb.scale(), lb.padLeft(), lb.padTop(),
                Math.min(inW, lb.resizedWidth()), Math.min(inH, lb.resizedHeight()));
    }

    /** Original x of an input x (continuous coordinates). */
    double toOrigX(double xi) {
        return (xi - padX) / scaleX;
    }

    /** Original y of an input y (continuous coordinates). */
    double toOrigY(double yi) {
        return (yi - padY) / scaleY;
    }
}
