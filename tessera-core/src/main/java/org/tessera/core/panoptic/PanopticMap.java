package org.tessera.core.panoptic;

import java.util.List;

/**
 * A panoptic segmentation: a segment id per pixel (row-major {@code ids[y * width + x]}, 0 = VOID / unlabeled)
 * and the list of segments. COCO panoptic PNGs store the id as RGB with {@code id = R + 256 G + 256^2 B}.
 */
public final class PanopticMap {
    private final int width;
    private final int height;
    private final int[] ids;
    private final List<Segment> segments;

    /** Wraps a row-major id array (not copied) and its segments. */
    public PanopticMap(int width, int height, int[] ids, List<Segment> segments) {
        if (width < 0 || height < 0 || (long) width * height != ids.length) {
            throw new IllegalArgumentException("id array of " + ids.length + " values does not fit " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.ids = ids;
        this.segments = List.copyOf(segments);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Segment id at column x, row y (0 = VOID). */
    public int get(int x, int y) {
        return ids[y * width + x];
    }

    /** The backing row-major id array. */
    public int[] data() {
        return ids;
    }

    public List<Segment> segments() {
        return segments;
    }

    /** The segment with this id, or null. */
    public Segment segment(int id) {
        for (Segment s : segments) if (s.id() == id) return s;
        return null;
    }

    /** COCO panoptic's RGB encoding of an id: {@code 0xRRGGBB} with R = id % 256, G = id / 256 % 256, B = id / 65536 % 256. */
    public static int idToRgb(int id) {
        int r = id & 0xFF, g = (id >>> 8) & 0xFF, b = (id >>> 16) & 0xFF;
        return (r << 16) | (g << 8) | b;
    }

    /** Inverse of {@link #idToRgb}: {@code id = R + 256 G + 256^2 B}. */
    public static int rgbToId(int r, int g, int b) {
        return r + 256 * g + 65536 * b;
    }

    /**
     * One segment of a panoptic map.
     *
     * @param id         the segment id in the map (> 0)
     * @param categoryId the category
     * @param iscrowd    a crowd region of a thing class
     * @param area       pixel count
     * @param bbox       {@code [x, y, w, h]} in pixels, as COCO panoptic JSON
     */
    public record Segment(int id, int categoryId, boolean iscrowd, long area, double[] bbox) {}
}
