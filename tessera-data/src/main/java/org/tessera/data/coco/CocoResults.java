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
}
