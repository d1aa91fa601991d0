package org.tessera.core.mask;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Conversions between masks and polygons.
 *
 * <p><b>Vertex convention.</b> Polygons are flat arrays {@code [x0, y0, x1, y1, ...]} in pixel units where pixel
 * (i, j) is the unit square {@code [i, i+1] x [j, j+1]} — COCO's convention. Traced rings run along pixel
 * <i>edges</i>, so every vertex is a pixel <i>corner</i> (integer coordinates) and the ring encloses exactly the
 * mask's pixels. pycocotools' rasteriser ({@link Rle#fromPolygons}) samples column i at x ≈ i + 0.4 and fills rows
 * from ceil(y - 0.4), so such rings rasterise back to exactly the same pixels. (OpenCV-style tracers put vertices on
 * pixel centres instead, which shrinks every mask by half a pixel on each side.)
 *
 * <p><b>Tracing.</b> Crack following on the mask's cropped bitmap: foreground is 8-connected, background
 * 4-connected (as Suzuki–Abe / {@code cv2.findContours}); two pixels touching only at a corner belong to one ring that
 * touches itself at that corner. Outer rings run clockwise on screen (y down), holes counter-clockwise. Collinear
 * vertices are removed; with a tolerance > 0 each ring is simplified by Douglas–Peucker (maximum distance of a dropped
 * vertex from the kept chord, in pixels). A ring that would keep fewer than 3 vertices is left unsimplified.
 *
 * <p><b>Holes.</b> COCO polygons cannot express holes: pycocotools rasterises each polygon alone and unites them.
 * {@link #trace} returns outer rings and holes separately (each hole with its outer ring); {@link #toCoco} returns
 * outer rings only (holes get filled); {@link #toCocoWithHoles} keeps holes in plain COCO polygons by joining each
 * hole to its outer ring with a zero-width cut traversed in both directions, which pycocotools' even-odd scanline
 * fill cancels out; {@link #ringsToMask} rasterises rings with holes through the RLE path.
 */
public final class Polygons {
    private Polygons() {}

    /**
     * One closed boundary ring.
     *
     * @param xy     vertices {@code [x0, y0, x1, y1, ...]} on pixel corners (or simplified positions), not repeating
     *               the first vertex at the end
     * @param hole   whether the ring bounds a hole (background enclosed by the mask)
     * @param parent for a hole, the index of its outer ring in the list returned by {@link #trace}; -1 for an outer
     */
    public record Ring(double[] xy, boolean hole, int parent) {
        /** Number of vertices. */
        public int size() {
            return xy.length / 2;
        }
    }

    private static final int E = 1, S = 2, W = 4, N = 8;

    /**
     * All boundary rings of a mask: each outer ring followed by its holes. Work and memory are proportional to the
     * mask's bounding box.
     *
     * @param tolerance Douglas–Peucker tolerance in pixels (0 = exact pixel boundary)
     */
    public static List<Ring> trace(Mask mask, double tolerance) {
        if (!(tolerance >= 0)) throw new IllegalArgumentException("tolerance must be >= 0, got " + tolerance);
        Mask.Bitmap bm = mask.toCroppedBitmap();
        int w = bm.width(), h = bm.height(), ox = bm.x(), oy = bm.y();
        byte[] px = bm.bits();
        if (w == 0 || h == 0) return List.of();
        int vw = w + 1;
        byte[] out = new byte[vw * (h + 1)];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (px[y * w + x] == 0) continue;
                if (y == 0 || px[(y - 1) * w + x] == 0) out[y * vw + x] |= E;
                if (x == w - 1 || px[y * w + x + 1] == 0) out[y * vw + x + 1] |= S;
                if (y == h - 1 || px[(y + 1) * w + x] == 0) out[(y + 1) * vw + x + 1] |= W;
                if (x == 0 || px[y * w + x - 1] == 0) out[(y + 1) * vw + x] |= N;
            }
        }
        List<int[]> loops = new ArrayList<>(); // corner coordinates in crop space
        List<Integer> loopComp = new ArrayList<>();
        int[] buf = new int[64];
        for (int v0 = 0; v0 < out.length; v0++) {
            while (out[v0] != 0) {
                int startDir = Integer.lowestOneBit(out[v0]);
                int x0 = v0 % vw, y0 = v0 / vw;
                loopComp.add(pixelRightOf(x0, y0, startDir, w)); // replaced by its component below
                int n = 0;
                int x = x0, y = y0, dir = startDir;
                out[v0] &= (byte) ~dir;
                while (true) {
                    x += dx(dir);
                    y += dy(dir);
                    int v = y * vw + x;
                    int bits = out[v];
                    int next;
                    if (x == x0 && y == y0 && turn(dir, bits | startDir) == startDir) {
                        if (dir != startDir) {
                            if (n + 2 > buf.length) buf = Arrays.copyOf(buf, buf.length * 2);
                            buf[n++] = x;
                            buf[n++] = y;
                        }
                        break;
                    }
                    next = turn(dir, bits);
                    if (next == 0) throw new IllegalStateException("broken contour at " + (ox + x) + "," + (oy + y));
                    out[v] &= (byte) ~next;
                    if (next != dir) {
                        if (n + 2 > buf.length) buf = Arrays.copyOf(buf, buf.length * 2);
                        buf[n++] = x;
                        buf[n++] = y;
                    }
                    dir = next;
                }
                int[] loop = Arrays.copyOf(buf, n);
                if (n >= 2 && loop[n - 2] == x0 && loop[n - 1] == y0) { // start corner first
                    System.arraycopy(buf, 0, loop, 2, n - 2);
                    loop[0] = x0;
                    loop[1] = y0;
                }
                loops.add(loop);
            }
        }
        boolean[] isHole = new boolean[loops.size()];
        boolean anyHole = false;
        for (int i = 0; i < loops.size(); i++) {
            isHole[i] = signedArea2(loops.get(i)) < 0;
            anyHole |= isHole[i];
        }
        if (!anyHole) {
            List<Ring> rings = new ArrayList<>(loops.size());
            for (int[] l : loops) rings.add(new Ring(toCanvas(l, ox, oy, tolerance), false, -1));
            return rings;
        }
        // each hole belongs to the outer ring of the 8-connected component on its foreground side
        int[] comp = components(px, w, h);
        int nComp = 0;
        for (int i = 0; i < loops.size(); i++) {
            loopComp.set(i, comp[loopComp.get(i)]);
            nComp = Math.max(nComp, loopComp.get(i) + 1);
        }
        int[] outerOf = new int[nComp];
        Arrays.fill(outerOf, -1);
        for (int i = 0; i < loops.size(); i++) if (!isHole[i]) outerOf[loopComp.get(i)] = i;
        List<Ring> rings = new ArrayList<>();
        for (int i = 0; i < loops.size(); i++) {
            if (isHole[i]) continue;
            int parent = rings.size();
            rings.add(new Ring(toCanvas(loops.get(i), ox, oy, tolerance), false, -1));
            for (int j = 0; j < loops.size(); j++) {
                if (isHole[j] && outerOf[loopComp.get(j)] == i) {
                    rings.add(new Ring(toCanvas(loops.get(j), ox, oy, tolerance), true, parent));
                }
            }
        }
        return rings;
    }

    /** The next direction at a vertex entered going {@code dir} with outgoing edges {@code bits}; left turn at saddles. */
    private static int turn(int dir, int bits) {
        if (Integer.bitCount(bits) <= 1) return bits;
        int left = switch (dir) {
            case E -> N;
            case S -> E;
            case W -> S;
            default -> W;
        };
        return (bits & left) != 0 ? left : Integer.lowestOneBit(bits);
    }

    private static int dx(int dir) {
        return dir == E ? 1 : dir == W ? -1 : 0;
    }

    private static int dy(int dir) {
        return dir == S ? 1 : dir == N ? -1 : 0;
    }

    /** Index of the foreground pixel on the right of the edge leaving corner (x, y) in direction dir. */
    private static int pixelRightOf(int x, int y, int dir, int w) {
        return switch (dir) {
            case E -> y * w + x;
            case S -> y * w + x - 1;
            case W -> (y - 1) * w + x - 1;
            default -> (y - 1) * w + x;
        };
    }

    /** 8-connected component labels of the set pixels (0.. ; -1 for unset). */
    private static int[] components(byte[] px, int w, int h) {
        int[] lab = new int[w * h];
        Arrays.fill(lab, -1);
        int[] stack = new int[64];
        int next = 0;
        for (int s = 0; s < px.length; s++) {
            if (px[s] == 0 || lab[s] >= 0) continue;
            int sp = 0;
            stack[sp++] = s;
            lab[s] = next;
            while (sp > 0) {
                int p = stack[--sp];
                int x = p % w, y = p / w;
                for (int yy = Math.max(0, y - 1); yy <= Math.min(h - 1, y + 1); yy++) {
                    for (int xx = Math.max(0, x - 1); xx <= Math.min(w - 1, x + 1); xx++) {
                        int q = yy * w + xx;
                        if (px[q] != 0 && lab[q] < 0) {
                            lab[q] = next;
                            if (sp == stack.length) stack = Arrays.copyOf(stack, sp * 2);
                            stack[sp++] = q;
                        }
                    }
                }
            }
            next++;
        }
        return lab;
    }

    /** Twice the signed area (shoelace, y down: clockwise on screen is positive). */
    private static long signedArea2(int[] xy) {
        long a = 0;
        int n = xy.length / 2;
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            a += (long) xy[2 * i] * xy[2 * j + 1] - (long) xy[2 * j] * xy[2 * i + 1];
        }
        return a;
    }

    private static double[] toCanvas(int[] xy, int ox, int oy, double tolerance) {
        double[] d = new double[xy.length];
        for (int i = 0; i < xy.length; i += 2) {
            d[i] = xy[i] + ox;
            d[i + 1] = xy[i + 1] + oy;
        }
        return tolerance > 0 ? simplify(d, tolerance) : d;
    }

    // ------------------------------------------------------------------ simplification

    /**
     * Douglas–Peucker simplification of a closed ring {@code [x0, y0, ...]} (first vertex not repeated): vertices
     * farther than {@code tolerance} pixels from the chord between kept vertices are kept. The ring is split at vertex 0
     * and the vertex farthest from it. Returns the input (copied) when fewer than 3 vertices would remain.
     */
    public static double[] simplify(double[] ring, double tolerance) {
        int n = ring.length / 2;
        if (n <= 3 || tolerance <= 0) return ring.clone();
        int far = 0;
        double best = -1;
        for (int i = 1; i < n; i++) {
            double dx = ring[2 * i] - ring[0], dy = ring[2 * i + 1] - ring[1];
            double d = dx * dx + dy * dy;
            if (d > best) {
                best = d;
                far = i;
            }
        }
        boolean[] keep = new boolean[n + 1]; // index n = vertex 0 again
        keep[0] = keep[far] = keep[n] = true;
        double tol2 = tolerance * tolerance;
        int[] stack = new int[64];
        int sp = 0;
        stack[sp++] = 0;
        stack[sp++] = far;
        stack[sp++] = far;
        stack[sp++] = n;
        while (sp > 0) {
            int b = stack[--sp], a = stack[--sp];
            double maxD = -1;
            int maxI = -1;
            for (int i = a + 1; i < b; i++) {
                double d = segDist2(ring, i % n, a % n, b % n);
                if (d > maxD) {
                    maxD = d;
                    maxI = i;
                }
            }
            if (maxI >= 0 && maxD > tol2) {
                keep[maxI] = true;
                if (sp + 4 > stack.length) stack = Arrays.copyOf(stack, stack.length * 2);
                stack[sp++] = a;
                stack[sp++] = maxI;
                stack[sp++] = maxI;
                stack[sp++] = b;
            }
        }
        int k = 0;
        for (int i = 0; i < n; i++) if (keep[i]) k++;
        if (k < 3) return ring.clone();
        double[] out = new double[2 * k];
        int j = 0;
        for (int i = 0; i < n; i++) {
            if (keep[i]) {
                out[j++] = ring[2 * i];
                out[j++] = ring[2 * i + 1];
            }
        }
        return out;
    }

    /** Squared distance of vertex p from the segment a-b. */
    private static double segDist2(double[] r, int p, int a, int b) {
        double px = r[2 * p], py = r[2 * p + 1], ax = r[2 * a], ay = r[2 * a + 1], bx = r[2 * b], by = r[2 * b + 1];
        double dx = bx - ax, dy = by - ay;
        double len2 = dx * dx + dy * dy;
        double t = len2 == 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
        double ex = ax + t * dx - px, ey = ay + t * dy - py;
        return ex * ex + ey * ey;
    }

    // ------------------------------------------------------------------ COCO polygons

    /**
     * The mask's outer rings as COCO polygons (holes are dropped, so they come back filled: COCO's union semantics).
     * Rasterising the result with {@link #toMask} gives back exactly the mask with its holes filled (tolerance 0).
     */
    public static List<double[]> toCoco(Mask mask, double tolerance) {
        return toCoco(trace(mask, tolerance));
    }

    /** {@link #toCoco(Mask, double)} from already traced rings: the outer rings' vertices. */
    public static List<double[]> toCoco(List<Ring> rings) {
        List<double[]> out = new ArrayList<>();
        for (Ring r : rings) if (!r.hole()) out.add(r.xy());
        return out;
    }

    /**
     * COCO polygons that keep the holes: each outer ring with its holes joined in by zero-width cuts (from the outer
     * vertex nearest to a hole's first vertex to that vertex, around the hole, and back). pycocotools rasterises a polygon with an even-odd
     * scanline rule in which the two passes of a cut cancel, so {@code toMask(toCocoWithHoles(m, 0))} equals
     * {@code m} exactly. The polygons touch themselves along the cuts: tools that need simple polygons should use
     * {@link #trace} instead.
     */
    public static List<double[]> toCocoWithHoles(Mask mask, double tolerance) {
        return toCocoWithHoles(trace(mask, tolerance));
    }

    /**
     * {@link #toCocoWithHoles(Mask, double)} from rings in the layout of {@link #trace} (each outer ring followed by
     * its holes).
     */
    public static List<double[]> toCocoWithHoles(List<Ring> rings) {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < rings.size(); i++) {
            Ring r = rings.get(i);
            if (r.hole()) continue;
            double[] o = r.xy();
            int no = o.length / 2;
            // attach each hole at the outer vertex nearest to the hole's first vertex (short cuts)
            List<List<double[]>> at = new ArrayList<>(no);
            for (int k = 0; k < no; k++) at.add(null);
            int len = o.length;
            for (int j = i + 1; j < rings.size() && rings.get(j).hole(); j++) {
                double[] hxy = rings.get(j).xy();
                int best = 0;
                double bd = Double.POSITIVE_INFINITY;
                for (int k = 0; k < no; k++) {
                    double dx = o[2 * k] - hxy[0], dy = o[2 * k + 1] - hxy[1];
                    double d = dx * dx + dy * dy;
                    if (d < bd) {
                        bd = d;
                        best = k;
                    }
                }
                if (at.get(best) == null) at.set(best, new ArrayList<>());
                at.get(best).add(hxy);
                len += hxy.length + 4;
            }
            double[] p = new double[len];
            int n = 0;
            for (int k = 0; k < no; k++) {
                p[n++] = o[2 * k];
                p[n++] = o[2 * k + 1];
                if (at.get(k) == null) continue;
                for (double[] hxy : at.get(k)) { // cut in, around the hole, back to the hole's start, cut out
                    System.arraycopy(hxy, 0, p, n, hxy.length);
                    n += hxy.length;
                    p[n++] = hxy[0];
                    p[n++] = hxy[1];
                    p[n++] = o[2 * k];
                    p[n++] = o[2 * k + 1];
                }
            }
            out.add(dedupe(p, n));
        }
        return out;
    }

    /** Drops consecutive repeated vertices (also across the closing edge). */
    private static double[] dedupe(double[] p, int len) {
        double[] q = new double[len];
        int k = 0;
        for (int i = 0; i < len; i += 2) {
            if (k >= 2 && q[k - 2] == p[i] && q[k - 1] == p[i + 1]) continue;
            q[k++] = p[i];
            q[k++] = p[i + 1];
        }
        while (k >= 4 && q[k - 2] == q[0] && q[k - 1] == q[1]) k -= 2;
        return Arrays.copyOf(q, k);
    }

    /**
     * Rasterises COCO polygons exactly as pycocotools ({@code merge(frPyObjects(polys, h, w))}): each polygon filled on
     * its own, then united.
     *
     * An empty list gives the empty mask (the polygons of an empty mask round-trip).
     *
     * @throws IllegalArgumentException naming the polygon when one has an odd number of coordinates, fewer than 3
     *                                  points or a non-finite coordinate
     */
    public static Mask toMask(List<double[]> polygons, int height, int width) {
        if (polygons.isEmpty()) return Mask.empty(height, width);
        for (int i = 0; i < polygons.size(); i++) check(polygons.get(i), i);
        return Mask.fromRle(Rle.fromPolygons(polygons, height, width));
    }

    private static void check(double[] p, int i) {
        if (p.length % 2 != 0) throw new IllegalArgumentException("polygon " + i + " has an odd number of coordinates (" + p.length + ")");
        if (p.length < 6) throw new IllegalArgumentException("polygon " + i + " has " + p.length / 2 + " points; at least 3 are needed");
        for (double v : p) {
            if (!Double.isFinite(v)) throw new IllegalArgumentException("polygon " + i + " has a non-finite coordinate (" + v + ")");
        }
    }

    /**
     * Rasterises rings with holes: every ring is filled with pycocotools' rasteriser and the fills are combined by
     * exclusive or, so a hole removes its area from its outer ring and an island inside a hole is added back. For the
     * rings of {@link #trace} at tolerance 0 the result equals the traced mask.
     */
    public static Mask ringsToMask(List<Ring> rings, int height, int width) {
        Rle acc = Rle.empty(height, width);
        for (int i = 0; i < rings.size(); i++) {
            double[] xy = rings.get(i).xy();
            check(xy, i);
            acc = MaskKernels.combine(acc, Rle.fromPolygon(xy, height, width), MaskKernels.XOR);
        }
        return Mask.fromRle(acc);
    }
}
