package org.tessera.data;

import java.util.Arrays;
import org.tessera.core.mask.Rle;

/**
 * The mask of one annotation as a file carries it: a list of polygons or a COCO RLE. Coordinates are COCO's: pixel
 * (x, y) covers {@code [x, x+1) x [y, y+1)}, x to the right, y down, in pixels of the full image.
 */
public sealed interface Segmentation {

    /** Rasterises / returns the mask on an {@code height x width} canvas exactly as pycocotools' {@code annToRLE}. */
    Rle toRle(int height, int width);

    /**
     * Polygons {@code [x0, y0, x1, y1, ...]}; several polygons are the parts of one object (their union). Arrays are
     * kept as given (not copied); callers must not modify them.
     */
    record OfPolygons(double[][] polygons) implements Segmentation {
        public OfPolygons {
            if (polygons == null) throw new IllegalArgumentException("null polygon list");
        }

        /** Rasterised as pycocotools {@code merge(frPyObjects(polygons, h, w))}. */
        @Override
        public Rle toRle(int height, int width) {
            return Rle.fromPolygons(Arrays.asList(polygons), height, width);
        }

        /** Number of vertices of the smallest part (a valid polygon has at least 3). */
        public int minPoints() {
            int m = Integer.MAX_VALUE;
            for (double[] p : polygons) m = Math.min(m, p.length / 2);
            return polygons.length == 0 ? 0 : m;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof OfPolygons p && Arrays.deepEquals(p.polygons, polygons);
        }

        @Override
        public int hashCode() {
            return Arrays.deepHashCode(polygons);
        }

        @Override
        public String toString() {
            return "OfPolygons" + Arrays.deepToString(polygons);
        }
    }

    /**
     * A run-length mask. {@code compressed} records how a COCO file should write it: true = the compressed string
     * ({@code {"size":[h,w],"counts":"..."}}), false = uncompressed counts (COCO's crowd annotations).
     */
    record OfRle(Rle rle, boolean compressed) implements Segmentation {
        public OfRle {
            if (rle == null) throw new IllegalArgumentException("null RLE");
        }

        /**
         * The RLE itself; the canvas must match.
         *
         * @throws IllegalArgumentException when the RLE's size differs from {@code height x width}
         */
        @Override
        public Rle toRle(int height, int width) {
            if (rle.height() != height || rle.width() != width) {
                throw new IllegalArgumentException("RLE of size " + rle.height() + "x" + rle.width()
                        + " on an image of size " + height + "x" + width);
            }
            return rle;
        }
    }
}
