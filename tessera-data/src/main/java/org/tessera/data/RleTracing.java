package org.tessera.data;

import java.util.List;
import org.tessera.core.mask.Mask;
import org.tessera.core.mask.Polygons;
import org.tessera.core.mask.Rle;

/** Mask → polygon tracing for writers of polygon-only formats (YOLO). */
final class RleTracing {
    private RleTracing() {}

    /**
     * The mask as COCO polygons keeping its holes (core {@link Polygons#toCocoWithHoles}, tolerance 0: rasterising
     * them gives back the mask exactly); null for an empty mask.
     */
    static double[][] toPolygons(Rle rle) {
        if (rle.area() == 0) return null;
        List<double[]> p = Polygons.toCocoWithHoles(Mask.fromRle(rle), 0);
        return p.isEmpty() ? null : p.toArray(new double[0][]);
    }
}
