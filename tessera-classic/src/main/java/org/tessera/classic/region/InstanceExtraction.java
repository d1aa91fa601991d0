package org.tessera.classic.region;

import org.tessera.classic.Checks;
import org.tessera.classic.binary.ConnectedComponents;
import org.tessera.classic.binary.Connectivity;
import org.tessera.classic.binary.Labeling;
import org.tessera.core.label.LabelMap;

/**
 * Instances from a semantic map or a probability map: connected components per class, optionally split by a
 * distance-transform watershed.
 */
public final class InstanceExtraction {
    private InstanceExtraction() {
    }

    /**
     * Instances of every class of a semantic map, except {@code backgroundClass} and the map's ignore index.
     *
     * @param splitter null for plain connected components, else each class mask is split by it
     * @param minArea  instances smaller than this (pixels) are dropped
     * @return instance labels (consecutive, raster order) and the class id of each instance
     */
    public static ClassedInstances fromSemantic(LabelMap map, int backgroundClass, Connectivity connectivity,
                                                int minArea, DistanceWatershed splitter) {
        if (minArea < 0) {
            throw new IllegalArgumentException("minArea must be >= 0, got " + minArea);
        }
        int w = map.width(), h = map.height();
        Checks.image("label map", w, h, 1, map.data().length);
        long[] hist = map.histogram();
        short[] d = map.data();
        int[] out = new int[d.length];
        int[] classOf = new int[16];
        int n = 0;
        byte[] m = new byte[d.length];
        for (int cls = 0; cls < hist.length; cls++) {
            if (hist[cls] == 0 || cls == backgroundClass || cls == map.ignoreIndex()) {
                continue;
            }
            for (int i = 0; i < d.length; i++) {
                m[i] = (d[i] & 0xFFFF) == cls ? (byte) 1 : 0;
            }
            Labeling l = splitter == null ? ConnectedComponents.label(m, w, h, connectivity)
                    : splitter.splitMask(m, w, h);
            if (minArea > 0) {
                l = l.filterByArea(minArea, Integer.MAX_VALUE);
            }
            int[] ll = l.labels();
            for (int i = 0; i < ll.length; i++) {
                if (ll[i] != 0) {
                    out[i] = n + ll[i];
                }
            }
            if (n + l.count() + 1 > classOf.length) {
                classOf = java.util.Arrays.copyOf(classOf, Math.max(classOf.length * 2, n + l.count() + 1));
            }
            for (int k = 1; k <= l.count(); k++) {
                classOf[n + k] = cls;
            }
            n += l.count();
        }
        // renumber in raster order, carrying the classes along
        Labeling r = Labeling.fromIds(w, h, out);
        int[] cls = new int[r.count() + 1];
        int[] rl = r.labels();
        for (int i = 0; i < rl.length; i++) {
            if (rl[i] != 0) {
                cls[rl[i]] = classOf[out[i]];
            }
        }
        return new ClassedInstances(r, cls);
    }

    /**
     * Instances of a probability (or score) map: pixels with {@code p > threshold}, then connected components or,
     * with a splitter, the distance-transform watershed.
     */
    public static Labeling fromProbability(float[] prob, int width, int height, double threshold,
                                           Connectivity connectivity, DistanceWatershed splitter) {
        Checks.image("probability map", width, height, 1, prob.length);
        byte[] m = new byte[prob.length];
        for (int i = 0; i < m.length; i++) {
            if (Float.isNaN(prob[i])) {
                throw new IllegalArgumentException("probability map has NaN at pixel " + i);
            }
            m[i] = prob[i] > threshold ? (byte) 1 : 0;
        }
        return splitter == null ? ConnectedComponents.label(m, width, height, connectivity)
                : splitter.splitMask(m, width, height);
    }

    /**
     * Instance labels with a class per instance.
     *
     * @param labels   the instances
     * @param classIds class of instance k at index k (index 0 unused, 0)
     */
    public record ClassedInstances(Labeling labels, int[] classIds) {
        /** As Tessera {@link org.tessera.core.instances.Instances}: category = class id, score 1, id = label. */
        public org.tessera.core.instances.Instances toInstances() {
            return labels.toInstances(classIds);
        }
    }
}
