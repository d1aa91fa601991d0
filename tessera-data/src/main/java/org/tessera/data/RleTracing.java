package org.tessera.data;

import org.tessera.core.mask.Rle;

/** Mask → polygon tracing for writers of polygon-only formats (YOLO). */
final class RleTracing {
    private RleTracing() {}

    /** Polygons of a mask's outer boundaries, or null when tracing is not available. */
    static double[][] toPolygons(Rle rle) {
        return null;
    }
}
