package org.tessera.core.mask;

import java.util.Arrays;

/**
 * A binary mask on a canvas of {@code height x width} pixels, the one mask type of Tessera.
 *
 * <p><b>Coordinates.</b> Pixel (x, y) is column x, row y, covering the square {@code [x, x+1) x [y, y+1)}; boxes are
 * integer pixel boxes {@code [x, y, w, h]} meaning the half-open region {@code [x, x+w) x [y, y+h)}. Canvas sizes are
 * written {@code HxW} (rows x columns) in messages, as COCO's {@code "size": [h, w]}.
 *
 * <p><b>Representation.</b> A mask is stored either as a COCO {@link Rle} (column-major runs over the canvas) or as a
 * <i>cropped bitmap</i>: one byte per pixel of its tight bounding box, row-major. Each form is computed from the other
 * on demand and cached, so an operation uses whichever is cheaper; the choice never changes a result. Neither form is
 * the size of the canvas: a full-canvas array is made only by {@link #toBitmap()}. Instances are immutable and safe
 * to share between threads (the caches are benignly racy).
 *
 * <p>Binary operations require equal canvases and throw {@link IllegalArgumentException} naming both sizes otherwise.
 */
public final class Mask {
    /** The storage forms of a mask. */
    public enum Representation {
        /** COCO run-length encoding over the whole canvas (column-major). */
        RLE,
        /** A row-major byte bitmap of the mask's tight bounding box. */
        CROPPED_BITMAP
    }

    /**
     * A row-major bitmap of the region {@code [x, x+width) x [y, y+height)} of a canvas: {@code bits[r * width + c]} is
     * pixel (x + c, y + r), non-zero = set.
     */
    public record Bitmap(int x, int y, int width, int height, byte[] bits) {
        public Bitmap {
            if (width < 0 || height < 0 || (long) width * height != bits.length) {
                throw new IllegalArgumentException(
                        "bitmap of " + bits.length + " values does not fit " + height + "x" + width);
            }
        }
    }

    /** Tight cropped bitmap (internal form). Empty masks have w = h = 0. */
    private static final class Crop {
        final int x, y, w, h;
        final byte[] bits; // 0/1, row-major, never exposed
        final long area;

        Crop(int x, int y, int w, int h, byte[] bits, long area) {
            this.x = x;
            this.y = y;
            this.w = w;
            this.h = h;
            this.bits = bits;
            this.area = area;
        }
    }

    private static final Crop EMPTY_CROP = new Crop(0, 0, 0, 0, new byte[0], 0);

    private final int height;
    private final int width;
    private volatile Rle rle;
    private volatile Crop crop;

    private Mask(int height, int width, Rle rle, Crop crop) {
        this.height = height;
        this.width = width;
        this.rle = rle;
        this.crop = crop;
    }

    // ------------------------------------------------------------------ factories

    /** A mask backed by an RLE (kept as is, not copied: RLEs are immutable). */
    public static Mask fromRle(Rle rle) {
        return new Mask(rle.height(), rle.width(), rle, null);
    }

    /** The empty mask on an {@code height x width} canvas. */
    public static Mask empty(int height, int width) {
        checkCanvas(height, width);
        return new Mask(height, width, null, EMPTY_CROP);
    }

    /**
     * A full-canvas row-major bitmap ({@code bits[y * width + x]}, non-zero = set). The bitmap is read, not kept.
     *
     * @throws IllegalArgumentException when the array length is not {@code height * width}
     */
    public static Mask fromBitmap(byte[] bits, int height, int width) {
        checkCanvas(height, width);
        if (bits.length != height * width) {
            throw new IllegalArgumentException(
                    "bitmap has " + bits.length + " values but the canvas " + height + "x" + width + " has " + height * width);
        }
        return new Mask(height, width, null, tighten(bits, 0, 0, width, height));
    }

    /**
     * A cropped row-major bitmap covering {@code [x, x+w) x [y, y+h)} of an {@code canvasHeight x canvasWidth}
     * canvas (pixels outside the region are unset). The region must lie inside the canvas; use {@link #paste} to place
     * a bitmap partly outside. The bitmap is read, not kept.
     */
    public static Mask fromBitmap(byte[] bits, int x, int y, int w, int h, int canvasHeight, int canvasWidth) {
        checkCanvas(canvasHeight, canvasWidth);
        if (w < 0 || h < 0 || (long) w * h != bits.length) {
            throw new IllegalArgumentException("bitmap has " + bits.length + " values but the region is " + h + "x" + w);
        }
        if (x < 0 || y < 0 || (long) x + w > canvasWidth || (long) y + h > canvasHeight) {
            throw new IllegalArgumentException("bitmap region [x=" + x + ", y=" + y + ", w=" + w + ", h=" + h
                    + "] lies outside the canvas " + canvasHeight + "x" + canvasWidth);
        }
        return new Mask(canvasHeight, canvasWidth, null, tighten(bits, x, y, w, h));
    }

    /** A mask from a {@link Bitmap} region of an {@code canvasHeight x canvasWidth} canvas. */
    public static Mask fromBitmap(Bitmap b, int canvasHeight, int canvasWidth) {
        return fromBitmap(b.bits(), b.x(), b.y(), b.width(), b.height(), canvasHeight, canvasWidth);
    }

    /** The filled integer box {@code [x, x+w) x [y, y+h)}, clipped to the canvas. */
    public static Mask fromBox(int x, int y, int w, int h, int canvasHeight, int canvasWidth) {
        checkCanvas(canvasHeight, canvasWidth);
        int x0 = clamp(x, canvasWidth), y0 = clamp(y, canvasHeight);
        int x1 = clamp((long) x + Math.max(w, 0), canvasWidth), y1 = clamp((long) y + Math.max(h, 0), canvasHeight);
        if (x1 <= x0 || y1 <= y0) return empty(canvasHeight, canvasWidth);
        byte[] bits = new byte[(x1 - x0) * (y1 - y0)];
        Arrays.fill(bits, (byte) 1);
        return new Mask(canvasHeight, canvasWidth, null, new Crop(x0, y0, x1 - x0, y1 - y0, bits, bits.length));
    }

    private static int clamp(long v, int max) {
        return (int) Math.max(0, Math.min(v, max));
    }

    private static void checkCanvas(int height, int width) {
        if (height < 0 || width < 0 || (long) height * width > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("bad canvas size " + height + "x" + width);
        }
    }

    /** Copies the set pixels of a row-major region into a tight crop (bits normalised to 0/1). */
    private static Crop tighten(byte[] bits, int ox, int oy, int w, int h) {
        int minX = Integer.MAX_VALUE, minY = Integer.MAX_VALUE, maxX = -1, maxY = -1;
        long area = 0;
        for (int r = 0, i = 0; r < h; r++) {
            int rowMin = -1, rowMax = -1;
            for (int c = 0; c < w; c++, i++) {
                if (bits[i] != 0) {
                    if (rowMin < 0) rowMin = c;
                    rowMax = c;
                    area++;
                }
            }
            if (rowMin >= 0) {
                if (minY == Integer.MAX_VALUE) minY = r;
                maxY = r;
                minX = Math.min(minX, rowMin);
                maxX = Math.max(maxX, rowMax);
            }
        }
        if (area == 0) return EMPTY_CROP;
        int tw = maxX - minX + 1, th = maxY - minY + 1;
        byte[] out = new byte[tw * th];
        for (int r = 0; r < th; r++) {
            int src = (minY + r) * w + minX, dst = r * tw;
            for (int c = 0; c < tw; c++) out[dst + c] = bits[src + c] != 0 ? (byte) 1 : 0;
        }
        return new Crop(ox + minX, oy + minY, tw, th, out, area);
    }

    // ------------------------------------------------------------------ representation

    private Rle rle() {
        Rle r = rle;
        if (r == null) {
            Crop c = crop;
            r = MaskKernels.cropToRle(c.bits, c.x, c.y, c.w, c.h, height, width);
            rle = r;
        }
        return r;
    }

    private Crop crop() {
        Crop c = crop;
        if (c == null) {
            Rle r = rle;
            long area = r.area();
            if (area == 0) {
                c = EMPTY_CROP;
            } else {
                int[] bb = MaskKernels.tightBox(r);
                int bx = bb[0], by = bb[1], bw = bb[2], bh = bb[3];
                c = new Crop(bx, by, bw, bh, MaskKernels.rleToCrop(r, bx, by, bw, bh), area);
            }
            crop = c;
        }
        return c;
    }

    /** The forms currently held (the first one set is the one the mask was made from). */
    public boolean holds(Representation r) {
        return r == Representation.RLE ? rle != null : crop != null;
    }

    /** This mask stored in the given form only (same pixels); other cached forms are dropped. */
    public Mask withRepresentation(Representation r) {
        return r == Representation.RLE ? new Mask(height, width, rle(), null) : new Mask(height, width, null, crop());
    }

    // ------------------------------------------------------------------ accessors

    /** Canvas height in pixels (rows). */
    public int height() {
        return height;
    }

    /** Canvas width in pixels (columns). */
    public int width() {
        return width;
    }

    /** Number of set pixels. */
    public long area() {
        Crop c = crop;
        return c != null ? c.area : rle.area();
    }

    /** Whether no pixel is set. */
    public boolean isEmpty() {
        return area() == 0;
    }

    /**
     * The tight bounding box {@code [x, y, w, h]} in pixels (half-open {@code [x, x+w) x [y, y+h)}); all zeros when
     * empty. Equal to pycocotools' {@code toBbox} of the mask's RLE (except that zero-length runs, which can occur in
     * uncompressed COCO counts and make {@code toBbox} too large, are ignored).
     */
    public int[] box() {
        Crop c = crop;
        if (c != null) return new int[] {c.x, c.y, c.w, c.h};
        return MaskKernels.tightBox(rle);
    }

    /** Whether pixel (x, y) is set; false outside the canvas. */
    public boolean contains(int x, int y) {
        if (x < 0 || y < 0 || x >= width || y >= height) return false;
        Crop c = crop;
        if (c != null) {
            int cx = x - c.x, cy = y - c.y;
            return cx >= 0 && cy >= 0 && cx < c.w && cy < c.h && c.bits[cy * c.w + cx] != 0;
        }
        return MaskKernels.contains(rle, x, y);
    }

    // ------------------------------------------------------------------ conversions

    /** The COCO RLE of this mask (cached; identical to pycocotools' {@code encode} of the same pixels). */
    public Rle toRle() {
        return rle();
    }

    /** A new full-canvas row-major bitmap ({@code out[y * width + x]} = 0/1). Allocates {@code height * width} bytes. */
    public byte[] toBitmap() {
        byte[] out = new byte[height * width];
        Crop c = crop();
        for (int r = 0; r < c.h; r++) System.arraycopy(c.bits, r * c.w, out, (c.y + r) * width + c.x, c.w);
        return out;
    }

    /** A copy of the tight cropped bitmap (values 0/1); a 0x0 bitmap at (0, 0) when empty. */
    public Bitmap toCroppedBitmap() {
        Crop c = crop();
        return new Bitmap(c.x, c.y, c.w, c.h, c.bits.clone());
    }

    /** Sets {@code labels[y * width + x] = value} for every set pixel (a row-major canvas array of this size). */
    public void paintInto(short[] labels, int value) {
        checkTarget(labels.length);
        Crop c = crop();
        short v = (short) value;
        for (int r = 0; r < c.h; r++) {
            int src = r * c.w, dst = (c.y + r) * width + c.x;
            for (int k = 0; k < c.w; k++) if (c.bits[src + k] != 0) labels[dst + k] = v;
        }
    }

    /** Sets {@code ids[y * width + x] = value} for every set pixel (a row-major canvas array of this size). */
    public void paintInto(int[] ids, int value) {
        checkTarget(ids.length);
        Crop c = crop();
        for (int r = 0; r < c.h; r++) {
            int src = r * c.w, dst = (c.y + r) * width + c.x;
            for (int k = 0; k < c.w; k++) if (c.bits[src + k] != 0) ids[dst + k] = value;
        }
    }

    /** Number of set pixels whose value in a row-major canvas array is non-zero. */
    public long countNonZeroUnder(int[] ids) {
        checkTarget(ids.length);
        Crop c = crop();
        long n = 0;
        for (int r = 0; r < c.h; r++) {
            int src = r * c.w, dst = (c.y + r) * width + c.x;
            for (int k = 0; k < c.w; k++) if (c.bits[src + k] != 0 && ids[dst + k] != 0) n++;
        }
        return n;
    }

    /** Sets {@code ids[i] = value} for set pixels where {@code ids[i] == 0}; returns how many were set. */
    public long paintWhereZero(int[] ids, int value) {
        checkTarget(ids.length);
        Crop c = crop();
        long n = 0;
        for (int r = 0; r < c.h; r++) {
            int src = r * c.w, dst = (c.y + r) * width + c.x;
            for (int k = 0; k < c.w; k++) {
                if (c.bits[src + k] != 0 && ids[dst + k] == 0) {
                    ids[dst + k] = value;
                    n++;
                }
            }
        }
        return n;
    }

    private void checkTarget(int len) {
        if (len != height * width) {
            throw new IllegalArgumentException(
                    "target array has " + len + " values but the mask canvas " + height + "x" + width + " has " + height * width);
        }
    }

    // ------------------------------------------------------------------ set algebra

    private void checkSame(Mask o, String op) {
        if (o.height != height || o.width != width) {
            throw new IllegalArgumentException("cannot " + op + " masks of different canvas sizes: " + height + "x" + width
                    + " and " + o.height + "x" + o.width);
        }
    }

    /**
     * Whether a binary operation should work on the cropped bitmaps: both masks hold them and not both hold RLEs
     * (an RLE walk costs the runs, usually far fewer than the box pixels; converting costs the box pixels).
     */
    private boolean bothCropped(Mask o) {
        return crop != null && o.crop != null && (rle == null || o.rle == null);
    }

    /** Pixels set in this mask or in {@code o}. */
    public Mask union(Mask o) {
        checkSame(o, "combine");
        if (bothCropped(o)) {
            Crop a = crop, b = o.crop;
            if (a.area == 0) return o;
            if (b.area == 0) return this;
            int x0 = Math.min(a.x, b.x), y0 = Math.min(a.y, b.y);
            int x1 = Math.max(a.x + a.w, b.x + b.w), y1 = Math.max(a.y + a.h, b.y + b.h);
            long boxArea = (long) (x1 - x0) * (y1 - y0);
            if (boxArea <= 4L * ((long) a.w * a.h + (long) b.w * b.h)) {
                int w = x1 - x0, h = y1 - y0;
                byte[] bits = new byte[w * h];
                orInto(a, bits, x0, y0, w);
                orInto(b, bits, x0, y0, w);
                long area = MaskKernels.count(bits, bits.length);
                return new Mask(height, width, null, new Crop(x0, y0, w, h, bits, area));
            }
        }
        return new Mask(height, width, MaskKernels.combine(rle(), o.rle(), MaskKernels.OR), null);
    }

    private static void orInto(Crop a, byte[] bits, int x0, int y0, int w) {
        for (int r = 0; r < a.h; r++) MaskKernels.orInto(a.bits, r * a.w, bits, (a.y - y0 + r) * w + (a.x - x0), a.w);
    }

    /** Pixels set in both masks. */
    public Mask intersection(Mask o) {
        checkSame(o, "combine");
        if (bothCropped(o)) return cropOp(crop, o.crop, true);
        return new Mask(height, width, MaskKernels.combine(rle(), o.rle(), MaskKernels.AND), null);
    }

    /** Pixels set in this mask but not in {@code o}. */
    public Mask difference(Mask o) {
        checkSame(o, "combine");
        if (bothCropped(o)) return cropOp(crop, o.crop, false);
        return new Mask(height, width, MaskKernels.combine(rle(), o.rle(), MaskKernels.AND_NOT), null);
    }

    /** Pixels set in exactly one of the masks. */
    public Mask symmetricDifference(Mask o) {
        checkSame(o, "combine");
        return new Mask(height, width, MaskKernels.combine(rle(), o.rle(), MaskKernels.XOR), null);
    }

    /** {@code a AND b} ({@code and}) or {@code a AND NOT b} on crops, over a's box. */
    private Mask cropOp(Crop a, Crop b, boolean and) {
        byte[] bits = a.bits.clone();
        int ix0 = Math.max(a.x, b.x), iy0 = Math.max(a.y, b.y);
        int ix1 = Math.min(a.x + a.w, b.x + b.w), iy1 = Math.min(a.y + a.h, b.y + b.h);
        if (and) {
            if (ix1 <= ix0 || iy1 <= iy0) return empty(height, width);
            byte[] out = new byte[(ix1 - ix0) * (iy1 - iy0)];
            int w = ix1 - ix0;
            for (int y = iy0; y < iy1; y++) {
                int ai = (y - a.y) * a.w + (ix0 - a.x), bi = (y - b.y) * b.w + (ix0 - b.x), o = (y - iy0) * w;
                for (int k = 0; k < w; k++) out[o + k] = (byte) (a.bits[ai + k] & b.bits[bi + k]);
            }
            return new Mask(height, width, null, tighten(out, ix0, iy0, w, iy1 - iy0));
        }
        for (int y = iy0; y < iy1; y++) {
            int ai = (y - a.y) * a.w + (ix0 - a.x), bi = (y - b.y) * b.w + (ix0 - b.x);
            for (int k = 0; k < ix1 - ix0; k++) if (b.bits[bi + k] != 0) bits[ai + k] = 0;
        }
        return new Mask(height, width, null, tighten(bits, a.x, a.y, a.w, a.h));
    }

    /** Number of pixels set in both masks. */
    public long intersectionArea(Mask o) {
        checkSame(o, "compare");
        Crop a = crop, b = o.crop;
        Rle ra = rle, rb = o.rle;
        if (a != null && b != null) {
            int ix0 = Math.max(a.x, b.x), iy0 = Math.max(a.y, b.y);
            int ix1 = Math.min(a.x + a.w, b.x + b.w), iy1 = Math.min(a.y + a.h, b.y + b.h);
            if (ix1 <= ix0 || iy1 <= iy0) return 0;
            long boxCost = (long) (ix1 - ix0) * (iy1 - iy0);
            if (ra != null && rb != null && 8L * (ra.runCount() + rb.runCount()) < boxCost) {
                return MaskKernels.intersectionArea(ra, rb);
            }
            long n = 0;
            for (int y = iy0; y < iy1; y++) {
                n += MaskKernels.andCount(a.bits, (y - a.y) * a.w + (ix0 - a.x), b.bits, (y - b.y) * b.w + (ix0 - b.x), ix1 - ix0);
            }
            return n;
        }
        if (!boxesOverlap(box(), o.box())) return 0;
        return MaskKernels.intersectionArea(rle(), o.rle());
    }

    private static boolean boxesOverlap(int[] a, int[] b) {
        return a[2] > 0 && b[2] > 0 && a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3];
    }

    /**
     * Intersection over union with {@code o}; 0 when both are empty or they do not meet. Same value as pycocotools'
     * {@code iou([this], [o], [0])}.
     */
    public double iou(Mask o) {
        return iou(o, false);
    }

    /**
     * IoU with pycocotools' crowd rule: when {@code otherIsCrowd} the union is this mask's area (this = detection,
     * {@code o} = crowd ground truth), i.e. {@code |this ∩ o| / |this|}. 0 when the intersection is empty.
     */
    public double iou(Mask o, boolean otherIsCrowd) {
        long i = intersectionArea(o);
        if (i == 0) return 0;
        long u = otherIsCrowd ? area() : area() + o.area() - i;
        return (double) i / (double) u;
    }

    /**
     * The IoU matrix {@code result[d][g]} of detections against ground truths with pycocotools' crowd rule (for a crowd
     * ground truth the union is the detection's area), equal to {@code pycocotools.mask.iou} bit for bit: computed by
     * {@link Rle#iou(Rle[], Rle[], boolean[])} on the masks' RLE forms (made once per mask and cached).
     *
     * @param iscrowd one flag per ground truth, or null for none
     * @throws IllegalArgumentException when a detection and a ground truth have different canvases
     */
    public static double[][] iou(Mask[] dt, Mask[] gt, boolean[] iscrowd) {
        if (iscrowd != null && iscrowd.length != gt.length) {
            throw new IllegalArgumentException(iscrowd.length + " crowd flags for " + gt.length + " ground truths");
        }
        Rle[] d = new Rle[dt.length], g = new Rle[gt.length];
        for (int k = 0; k < d.length; k++) d[k] = dt[k].rle();
        for (int k = 0; k < g.length; k++) {
            g[k] = gt[k].rle();
            if (d.length > 0) dt[0].checkSame(gt[k], "compare");
        }
        for (Mask m : dt) if (gt.length > 0) gt[0].checkSame(m, "compare");
        return Rle.iou(d, g, iscrowd);
    }

    // ------------------------------------------------------------------ geometry

    /**
     * The region {@code [x, x+w) x [y, y+h)} of this mask as a mask on a new {@code h x w} canvas. The region may
     * extend past the canvas (those pixels are unset).
     */
    public Mask crop(int x, int y, int w, int h) {
        return shifted(-(long) x, -(long) y, h, w);
    }

    /**
     * This mask placed on a new {@code canvasHeight x canvasWidth} canvas with its origin at (x, y) (pixel (i, j)
     * moves to (i + x, j + y)); pixels falling outside the new canvas are dropped.
     */
    public Mask paste(int canvasHeight, int canvasWidth, int x, int y) {
        return shifted(x, y, canvasHeight, canvasWidth);
    }

    /** This mask moved by (dx, dy) on the same canvas; pixels leaving the canvas are dropped. */
    public Mask translate(int dx, int dy) {
        return shifted(dx, dy, height, width);
    }

    private Mask shifted(long dx, long dy, int newH, int newW) {
        checkCanvas(newH, newW);
        Crop c = crop();
        if (c.area == 0) return empty(newH, newW);
        long x0 = c.x + dx, y0 = c.y + dy;
        int cx0 = (int) Math.max(0, Math.min(x0, newW)), cy0 = (int) Math.max(0, Math.min(y0, newH));
        int cx1 = (int) Math.max(0, Math.min(x0 + c.w, newW)), cy1 = (int) Math.max(0, Math.min(y0 + c.h, newH));
        if (cx1 <= cx0 || cy1 <= cy0) return empty(newH, newW);
        if (cx0 == x0 && cy0 == y0 && cx1 - cx0 == c.w && cy1 - cy0 == c.h) {
            return new Mask(newH, newW, null, new Crop(cx0, cy0, c.w, c.h, c.bits, c.area));
        }
        int w = cx1 - cx0, h = cy1 - cy0;
        byte[] out = new byte[w * h];
        for (int r = 0; r < h; r++) {
            System.arraycopy(c.bits, (int) ((cy0 + r - y0) * c.w + (cx0 - x0)), out, r * w, w);
        }
        return new Mask(newH, newW, null, tighten(out, cx0, cy0, w, h));
    }

    /**
     * Nearest-neighbour resize to a new {@code newHeight x newWidth} canvas with pixel-centre alignment: output pixel
     * (X, Y) takes input pixel ({@code floor((X + 0.5) * width / newWidth)}, {@code floor((Y + 0.5) * height /
     * newHeight)}) — the rule of PIL's {@code NEAREST}, torch's {@code nearest-exact} and OpenCV's
     * {@code INTER_NEAREST_EXACT}. Work is proportional to the mask's box, not the canvas.
     */
    public Mask resize(int newHeight, int newWidth) {
        checkCanvas(newHeight, newWidth);
        Crop c = crop();
        if (c.area == 0 || newHeight == 0 || newWidth == 0) return empty(newHeight, newWidth);
        int[] xr = range(c.x, c.w, width, newWidth);
        int[] yr = range(c.y, c.h, height, newHeight);
        if (xr == null || yr == null) return empty(newHeight, newWidth);
        int w = xr[1] - xr[0] + 1, h = yr[1] - yr[0] + 1;
        int[] sx = new int[w];
        for (int k = 0; k < w; k++) sx[k] = src(xr[0] + k, width, newWidth) - c.x;
        byte[] out = new byte[w * h];
        for (int r = 0; r < h; r++) {
            int sy = src(yr[0] + r, height, newHeight) - c.y;
            int srow = sy * c.w, o = r * w;
            for (int k = 0; k < w; k++) out[o + k] = c.bits[srow + sx[k]];
        }
        return new Mask(newHeight, newWidth, null, tighten(out, xr[0], yr[0], w, h));
    }

    /** Source index of output index {@code d} for nearest-exact resizing of {@code n} to {@code m} samples. */
    private static int src(int d, int n, int m) {
        return (int) Math.min(n - 1, ((2L * d + 1) * n) / (2L * m));
    }

    /** Output indices [lo, hi] whose source lies in [start, start + len), or null. */
    private static int[] range(int start, int len, int n, int m) {
        long lo = Math.max(0, (long) start * m / n - 1);
        while (lo < m && src((int) lo, n, m) < start) lo++;
        long hi = Math.min(m - 1L, ((long) start + len) * m / n + 1);
        while (hi >= 0 && src((int) hi, n, m) > start + len - 1) hi--;
        if (lo > hi) return null;
        return new int[] {(int) lo, (int) hi};
    }

    // ------------------------------------------------------------------ identity

    /** Equal when the canvases and the set pixels are equal, whatever the representations. */
    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof Mask m) || m.height != height || m.width != width) return false;
        long a = area();
        return m.area() == a && intersectionArea(m) == a;
    }

    @Override
    public int hashCode() {
        Crop c = crop();
        int h = 31 * (31 * height + width) + Long.hashCode(c.area);
        return 31 * h + Arrays.hashCode(c.bits) + 7 * c.x + 13 * c.y;
    }

    @Override
    public String toString() {
        int[] b = box();
        return "Mask[" + height + "x" + width + ", area=" + area() + ", box=" + Arrays.toString(b) + "]";
    }
}
