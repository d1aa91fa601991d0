package org.tessera.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads a data set in one format and writes it in another: COCO ↔ YOLO-seg, VOC → COCO, labelme → COCO / VOC,
 * Cityscapes → COCO instances / COCO panoptic, COCO → semantic label maps, instances + semantic → panoptic,
 * label-map folders ↔ COCO, and every other reader/writer pair of {@link DatasetFormat}. Ground truth the target
 * needs is derived by {@link Conversions} (semantic maps from instances by its overlap rule, instances from semantic
 * maps one per class, panoptic from both).
 */
public final class DatasetConverter {
    private DatasetConverter() {}

    /** What a conversion did. */
    public record Report(int samples, int categories) {}

    public static Report convert(Path source, DatasetFormat from, ReadOptions readOptions,
                                 Path target, DatasetFormat to, WriteOptions writeOptions) throws IOException {
        Dataset d = from.read(source, readOptions);
        to.write(d, target, writeOptions);
        return new Report(d.size(), d.categories().size());
    }
}
