package org.tessera.classic.region;

import org.tessera.classic.Checks;
import org.tessera.classic.binary.ConnectedComponents;
import org.tessera.classic.binary.Connectivity;
import org.tessera.classic.binary.Labeling;

/**
 * Marker-controlled watershed by priority flooding (Meyer 1991; the algorithm of
 * {@code skimage.segmentation.watershed}): from the marker pixels, the lowest not-yet-labelled neighbour on the
 * surface is labelled next with the label of the pixel that reached it; equal heights are flooded in
 * first-come order. Pixels outside the mask stay 0. No watershed lines are drawn.
 */
public final class Watershed {
    private Watershed() {
    }

    /**
     * Floods {@code surface} from {@code markers}.
     *
     * @param surface row-major heights (e.g. a gradient magnitude, or the negated distance transform)
     * @param markers row-major seeds: 0 = unlabelled, k > 0 = region k (not modified)
     * @param mask    row-major: only non-zero pixels are flooded; null = the whole image
     * @return labels (the marker ids) for every reachable mask pixel, 0 elsewhere
     */
    public static int[] flood(float[] surface, int[] markers, byte[] mask, int width, int height,
                              Connectivity connectivity) {
        Checks.image("surface", width, height, 1, surface.length);
        Checks.image("markers", width, height, 1, markers.length);
        if (mask != null) {
            Checks.image("mask", width, height, 1, mask.length);
        }
        int[] out = new int[markers.length];
        PixelHeap heap = new PixelHeap();
        for (int i = 0; i < markers.length; i++) {
            if (markers[i] < 0) {
                throw new IllegalArgumentException("negative marker " + markers[i] + " at pixel " + i);
            }
            if (markers[i] != 0 && (mask == null || mask[i] != 0)) {
                out[i] = markers[i];
                heap.push(surface[i], i);
            }
        }
        boolean eight = connectivity == Connectivity.EIGHT;
        while (!heap.isEmpty()) {
            int p = heap.pop();
            int x = p % width, y = p / width, lab = out[p];
            for (int dy = -1; dy <= 1; dy++) {
                int ny = y + dy;
                if (ny < 0 || ny >= height) {
                    continue;
                }
                for (int dx = -1; dx <= 1; dx++) {
                    if ((dx == 0 && dy == 0) || (!eight && dx != 0 && dy != 0)) {
                        continue;
                    }
                    int nx = x + dx;
                    if (nx < 0 || nx >= width) {
                        continue;
                    }
                    int q = ny * width + nx;
                    if (out[q] == 0 && (mask == null || mask[q] != 0)) {
                        out[q] = lab;
                        heap.push(surface[q], q);
                    }
                }
            }
        }
        return out;
    }

    /**
     * Watershed of a mask's foreground from markers, as instances: flood, then give every foreground component
     * that no marker reached its own id, then renumber consecutively in raster order.
     */
    public static Labeling instances(float[] surface, int[] markers, byte[] mask, int width, int height,
                                     Connectivity connectivity) {
        int[] lab = flood(surface, markers, mask, width, height, connectivity);
        byte[] rest = new byte[lab.length];
        boolean any = false;
        for (int i = 0; i < lab.length; i++) {
            if (lab[i] == 0 && mask[i] != 0) {
                rest[i] = 1;
                any = true;
            }
        }
        if (any) {
            int max = 0;
            for (int v : lab) {
                max = Math.max(max, v);
            }
            Labeling extra = ConnectedComponents.label(rest, width, height, connectivity);
            int[] e = extra.labels();
            for (int i = 0; i < lab.length; i++) {
                if (e[i] != 0) {
                    lab[i] = max + e[i];
                }
            }
        }
        return Labeling.fromIds(width, height, lab);
    }
}
