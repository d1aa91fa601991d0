package org.tessera.data.coco;

import java.nio.file.Path;
import org.tessera.data.Annotation;

/**
 * A COCO results (detections) file held compactly: one row per detection with image_id, category_id, score, bbox
 * and/or segmentation. Read with {@link CocoJson#readResults(Path)}.
 */
public final class CocoResults {
    final AnnotationStore store;
    private final Path source;

    CocoResults(Path source, AnnotationStore store) {
        this.source = source;
        this.store = store;
    }

    public Path source() {
        return source;
    }

    /** Number of detections. */
    public int size() {
        return store.n;
    }

    /** Detection {@code k} in file order (mask decoded now); its id is the file's, or 0 when absent. */
    public Annotation get(int k) {
        return store.get(k);
    }

    public long imageId(int k) {
        return store.imageIds[k];
    }

    public int categoryId(int k) {
        return store.categories[k];
    }

    public double score(int k) {
        return store.score[k];
    }

    private volatile java.util.Map<Long, int[]> byImage;

    /** Indices of the detections of image {@code imageId}, in file order (empty when none). */
    public int[] indicesOf(long imageId) {
        java.util.Map<Long, int[]> m = byImage;
        if (m == null) {
            java.util.Map<Long, java.util.List<Integer>> g = new java.util.HashMap<>();
            for (int k = 0; k < store.n; k++) g.computeIfAbsent(store.imageIds[k], x -> new java.util.ArrayList<>()).add(k);
            m = new java.util.HashMap<>();
            for (var e : g.entrySet()) m.put(e.getKey(), e.getValue().stream().mapToInt(Integer::intValue).toArray());
            byImage = m;
        }
        int[] a = m.get(imageId);
        return a == null ? new int[0] : a.clone();
    }
}
