package org.tessera.data;

import java.nio.file.Path;

/**
 * Options for {@link DatasetReader}s; each format uses the ones that apply to it and ignores the others.
 *
 * @param split        split / image-set name ("train", "val", "test"; VOC image set; ADE20K "training"), null = all
 * @param useTrainIds  Cityscapes: category ids are trainIds (and semantic maps labelTrainIds) instead of label ids
 * @param instanceIds  label-map folders: the PNG values are instance ids (else class ids)
 * @param ignoreIndex  label-map folders: the class value to ignore, -1 for none
 * @param imageDir     COCO / COCO panoptic: the image folder (null = next to the JSON)
 */
public record ReadOptions(String split, boolean useTrainIds, boolean instanceIds, int ignoreIndex, Path imageDir) {
    /** No split, label ids, class-id label maps, ignore 255, default image folder. */
    public static ReadOptions defaults() {
        return new ReadOptions(null, false, false, 255, null);
    }

    public ReadOptions withSplit(String s) {
        return new ReadOptions(s, useTrainIds, instanceIds, ignoreIndex, imageDir);
    }

    public ReadOptions withTrainIds(boolean b) {
        return new ReadOptions(split, b, instanceIds, ignoreIndex, imageDir);
    }

    public ReadOptions withInstanceIds(boolean b) {
        return new ReadOptions(split, useTrainIds, b, ignoreIndex, imageDir);
    }

    public ReadOptions withIgnoreIndex(int i) {
        return new ReadOptions(split, useTrainIds, instanceIds, i, imageDir);
    }

    public ReadOptions withImageDir(Path p) {
        return new ReadOptions(split, useTrainIds, instanceIds, ignoreIndex, p);
    }
}
