package org.tessera.infer;

/**
 * How an original image maps onto the model input: input pixel {@code xi = x * scaleX + padX},
 * {@code yi = y * scaleY + padY} for original pixel coordinates (x, y) (continuous, pixel edges at integers). The
 * image content occupies input columns {@code [padX, padX + contentW)} and rows {@code [padY, padY + contentH)}.
 *
 * @param scaleX input pixels per original pixel along x (letterbox: Ultralytics' gain {@code min(inW/w, inH/h)})
 * @param padX   left padding in input pixels (letterbox: {@code round(dw - 0.1)} as Ultralytics)
 */
public record Geometry(int origW, int origH, int inW, int inH, double scaleX, double scaleY, int padX, int padY,
                       int contentW, int contentH) {

    /** The mapping for a resize mode; letterbox follows Ultralytics' {@code LetterBox(auto=False, scaleup=True)}. */
    public static Geometry of(int origW, int origH, int inW, int inH, ModelSpec.ResizeMode mode) {
        if (mode == ModelSpec.ResizeMode.STRETCH) {
            return new Geometry(origW, origH, inW, inH, (double) inW / origW, (double) inH / origH, 0, 0, inW, inH);
        }
        double r = Math.min((double) inH / origH, (double) inW / origW);
        int cw = (int) Math.rint(origW * r), ch = (int) Math.rint(origH * r);
        cw = Math.max(1, Math.min(inW, cw));
        ch = Math.max(1, Math.min(inH, ch));
        double dw = (inW - cw) / 2.0, dh = (inH - ch) / 2.0;
        int left = (int) Math.rint(dw - 0.1), top = (int) Math.rint(dh - 0.1);
        return new Geometry(origW, origH, inW, inH, r, r, left, top, cw, ch);
    }

    /** Original x of an input x (continuous coordinates). */
    public double toOrigX(double xi) {
        return (xi - padX) / scaleX;
    }

    /** Original y of an input y (continuous coordinates). */
    public double toOrigY(double yi) {
        return (yi - padY) / scaleY;
    }
}
