package org.tessera.data;

/**
 * Options for {@link DatasetWriter}s; each format uses the ones that apply to it.
 *
 * @param split       YOLO / VOC: the split or image-set name the files are written under ("train" by default)
 * @param instanceIds label-map folders: write instance ids (else class ids)
 * @param background  semantic → instances: the class value that is background (no annotation), -1 for none, or
 *                    {@link #AUTO_BACKGROUND}: 0 when no category has id 0 (VOC, ADE20K style), else none (CamVid's
 *                    0 is Sky)
 */
public record WriteOptions(String split, boolean instanceIds, int background) {
    /** Background chosen from the categories (see {@code background}). */
    public static final int AUTO_BACKGROUND = -2;

    /** Split "train", class ids, automatic background. */
    public static WriteOptions defaults() {
        return new WriteOptions("train", false, AUTO_BACKGROUND);
    }

    public WriteOptions withSplit(String s) {
        return new WriteOptions(s, instanceIds, background);
    }

    public WriteOptions withInstanceIds(boolean b) {
        return new WriteOptions(split, b, background);
    }

    public WriteOptions withBackground(int b) {
        return new WriteOptions(split, instanceIds, b);
    }
}
