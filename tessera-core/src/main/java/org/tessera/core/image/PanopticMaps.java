package org.tessera.core.image;

import java.io.IOException;
import org.tessera.core.io.AtomicFiles;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.tessera.core.panoptic.PanopticMap;

/**
 * COCO panoptic segment-id PNGs: RGB with {@code id = R + 256 G + 256^2 B} ({@link PanopticMap#rgbToId}), as
 * panopticapi's {@code rgb2id} / {@code id2rgb}.
 */
public final class PanopticMaps {
    private PanopticMaps() {}

    /**
     * Reads the ids of a panoptic PNG as a {@link PanopticMap} with no segments. RGB PNGs are read as is; RGBA
     * drops alpha; palette PNGs are looked up to RGB first (as PIL's {@code convert("RGB")}); 16-bit RGB keeps the
     * high byte. Grayscale PNGs and JPEGs are refused.
     */
    public static PanopticMap readIds(Path file) throws IOException {
        return readIds(file, ImageReadOptions.DEFAULT_MAX_PIXELS);
    }

    /** As {@link #readIds(Path)}, refusing more than {@code maxPixels} pixels (checked from the header). */
    public static PanopticMap readIds(Path file, long maxPixels) throws IOException {
        return decodeIds(Images.readBytes(file), file.toString(), maxPixels);
    }

    /** Decodes an in-memory panoptic PNG; {@code name} is used in error messages. */
    public static PanopticMap decodeIds(byte[] data, String name, long maxPixels) throws ImageFormatException {
        Png.requirePng(data, name, "a JPEG cannot hold panoptic ids (lossy); expected an RGB PNG");
        Png.Raw r = Png.decode(data, name, maxPixels);
        if (r.colorType() == Png.GRAY || r.colorType() == Png.GRAY_ALPHA) {
            throw new ImageFormatException(name, "not a panoptic id map: a " + LabelMaps.kind(r.colorType()) + " PNG (expected RGB, id = R + 256 G + 256^2 B)");
        }
        int n = r.width() * r.height();
        int[] ids = new int[n];
        if (r.colorType() == Png.PALETTE) {
            int[] pal = r.palette();
            byte[] idx = r.bytes();
            for (int i = 0; i < n; i++) {
                int c = pal[idx[i] & 0xFF];
                ids[i] = PanopticMap.rgbToId(c >>> 16, (c >>> 8) & 0xFF, c & 0xFF);
            }
        } else {
            int ch = r.channels();
            if (r.bitDepth() == 16) {
                short[] s = r.shorts();
                for (int i = 0, j = 0; i < n; i++, j += ch) {
                    ids[i] = PanopticMap.rgbToId((s[j] & 0xFFFF) >>> 8, (s[j + 1] & 0xFFFF) >>> 8, (s[j + 2] & 0xFFFF) >>> 8);
                }
            } else {
                byte[] b = r.bytes();
                for (int i = 0, j = 0; i < n; i++, j += ch) {
                    ids[i] = (b[j] & 0xFF) | ((b[j + 1] & 0xFF) << 8) | ((b[j + 2] & 0xFF) << 16);
                }
            }
        }
        return new PanopticMap(r.width(), r.height(), ids, List.of());
    }

    /** Writes the ids of a panoptic map as an 8-bit RGB PNG (id = R + 256 G + 256^2 B), atomically. */
    public static void writePng(PanopticMap map, Path file) throws IOException {
        writePng(map, file, Images.DEFAULT_PNG_LEVEL);
    }

    /** As {@link #writePng(PanopticMap, Path)} with a zlib level 0..9. Ids must be in 0..2^24-1. */
    public static void writePng(PanopticMap map, Path file, int level) throws IOException {
        Images.checkLevel(level);
        Images.checkWritable(map.width(), map.height(), file);
        int[] ids = map.data();
        byte[] b = new byte[ids.length * 3];
        for (int i = 0, k = 0; i < ids.length; i++, k += 3) {
            int id = ids[i];
            if (id < 0 || id > 0xFFFFFF) {
                throw new ImageFormatException(file, "segment id " + id + " at pixel (" + (i % map.width()) + ", " + (i / map.width()) + ") does not fit 24-bit RGB");
            }
            b[k] = (byte) id;
            b[k + 1] = (byte) (id >>> 8);
            b[k + 2] = (byte) (id >>> 16);
        }
        AtomicFiles.write(file, out -> Png.encode(out, map.width(), map.height(), Png.RGB, b, null, null, level));
    }

    /**
     * Area and bounding box of every segment id in a row-major id array, as panopticapi computes them for its JSON
     * ({@code area = mask.sum()}; bbox {@code [x, y, w, h]} with x/y the first column/row containing the id and
     * {@code w = xmax - xmin + 1}, {@code h = ymax - ymin + 1}, integer pixels).
     *
     * @param includeVoid whether id 0 (VOID) is listed too
     */
    public static SegmentStats segmentStats(int[] ids, int width, int height, boolean includeVoid) {
        if ((long) width * height != ids.length) throw new IllegalArgumentException("id array of " + ids.length + " values does not fit " + width + "x" + height);
        // open-addressing map id -> slot
        int cap = 64;
        int[] keys = new int[cap];
        int[] slot = new int[cap];
        Arrays.fill(keys, -1);
        int count = 0;
        int[] sid = new int[16];
        long[] area = new long[16];
        int[] x0 = new int[16], y0 = new int[16], x1 = new int[16], y1 = new int[16];
        int lastId = Integer.MIN_VALUE, last = -1;
        for (int y = 0, i = 0; y < height; y++) {
            for (int x = 0; x < width; x++, i++) {
                int id = ids[i];
                int s;
                if (id == lastId) {
                    s = last;
                } else {
                    if (id < 0) throw new IllegalArgumentException("negative segment id " + id + " at pixel (" + x + ", " + y + ")");
                    int h = mix(id) & (cap - 1);
                    while (keys[h] != -1 && keys[h] != id) h = (h + 1) & (cap - 1);
                    if (keys[h] == id) {
                        s = slot[h];
                    } else {
                        if (count == sid.length) {
                            int nl = count * 2;
                            sid = Arrays.copyOf(sid, nl);
                            area = Arrays.copyOf(area, nl);
                            x0 = Arrays.copyOf(x0, nl);
                            y0 = Arrays.copyOf(y0, nl);
                            x1 = Arrays.copyOf(x1, nl);
                            y1 = Arrays.copyOf(y1, nl);
                        }
                        s = count++;
                        sid[s] = id;
                        x0[s] = x;
                        x1[s] = x;
                        y0[s] = y;
                        y1[s] = y;
                        keys[h] = id;
                        slot[h] = s;
                        if (count * 2 > cap) { // grow the table
                            cap *= 2;
                            keys = new int[cap];
                            slot = new int[cap];
                            Arrays.fill(keys, -1);
                            for (int k = 0; k < count; k++) {
                                int hh = mix(sid[k]) & (cap - 1);
                                while (keys[hh] != -1) hh = (hh + 1) & (cap - 1);
                                keys[hh] = sid[k];
                                slot[hh] = k;
                            }
                        }
                    }
                    lastId = id;
                    last = s;
                }
                area[s]++;
                if (x < x0[s]) x0[s] = x;
                if (x > x1[s]) x1[s] = x;
                y1[s] = y; // rows are visited in order
            }
        }
        // sort by id
        long[] order = new long[count];
        for (int k = 0; k < count; k++) order[k] = ((long) sid[k] << 32) | k;
        Arrays.sort(order);
        int m = 0;
        int[] outId = new int[count];
        long[] outArea = new long[count];
        int[] box = new int[count * 4];
        for (long o : order) {
            int k = (int) o;
            if (sid[k] == 0 && !includeVoid) continue;
            outId[m] = sid[k];
            outArea[m] = area[k];
            box[4 * m] = x0[k];
            box[4 * m + 1] = y0[k];
            box[4 * m + 2] = x1[k] - x0[k] + 1;
            box[4 * m + 3] = y1[k] - y0[k] + 1;
            m++;
        }
        return new SegmentStats(Arrays.copyOf(outId, m), Arrays.copyOf(outArea, m), Arrays.copyOf(box, 4 * m));
    }

    /** Non-VOID segments of a panoptic map; see {@link #segmentStats(int[], int, int, boolean)}. */
    public static SegmentStats segmentStats(PanopticMap map) {
        return segmentStats(map.data(), map.width(), map.height(), false);
    }

    private static int mix(int id) {
        int h = id * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    /**
     * Per-segment pixel count and bounding box, sorted by id ascending.
     *
     * @param ids   segment ids
     * @param areas pixel counts
     * @param boxes {@code [x, y, w, h]} per segment, flattened (4 ints each)
     */
    public record SegmentStats(int[] ids, long[] areas, int[] boxes) {
        public int count() {
            return ids.length;
        }

        /** Index of a segment id, or -1. */
        public int indexOf(int id) {
            int k = Arrays.binarySearch(ids, id);
            return k >= 0 ? k : -1;
        }

        /** The {@code [x, y, w, h]} box of segment index k. */
        public int[] bbox(int k) {
            return Arrays.copyOfRange(boxes, 4 * k, 4 * k + 4);
        }
    }
}
