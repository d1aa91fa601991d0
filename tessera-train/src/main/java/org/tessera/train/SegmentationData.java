package org.tessera.train;

import org.tessera.core.image.Image;
import org.tessera.core.image.ImageTransforms;
import org.tessera.core.label.LabelMap;
import org.tessera.data.Dataset;
import org.tessera.data.GroundTruth;
import org.tessera.data.Sample;

import java.io.IOException;
import java.util.SplittableRandom;

/**
 * Reads (image, label map) pairs of a Tessera {@link Dataset} with semantic ground truth and turns them into network
 * inputs: RGB (grey and RGBA are converted, 16-bit scaled to 8-bit) as float32 CHW values {@code v / 255}, labels as
 * row-major unsigned shorts. Every label must be a class {@code 0..numClasses-1} or the ignore index; anything else
 * is an error naming the file.
 */
public final class SegmentationData {
    private final Dataset dataset;
    private final int numClasses;
    private final int ignoreIndex;
    private final String name;

    /**
     * @param dataset     the data set (must have images and semantic labels)
     * @param numClasses  classes of the model
     * @param ignoreIndex ignored label, or -1 for the data set's {@link Dataset#ignoreIndex()}
     * @throws IllegalArgumentException if the data set is empty or has no semantic labels
     */
    public SegmentationData(Dataset dataset, int numClasses, int ignoreIndex) {
        this.dataset = dataset;
        this.numClasses = numClasses;
        this.ignoreIndex = ignoreIndex >= 0 ? ignoreIndex : dataset.ignoreIndex();
        this.name = dataset.source() == null ? "in-memory data set" : dataset.source().toString();
        if (dataset.size() == 0) throw new IllegalArgumentException("data set " + name + " has no images");
        if (!dataset.groundTruth().contains(GroundTruth.SEMANTIC)) {
            throw new IllegalArgumentException("data set " + name + " has no semantic label maps (ground truth: " + dataset.groundTruth() + ")");
        }
        if (this.ignoreIndex >= 0 && this.ignoreIndex < numClasses) {
            throw new IllegalArgumentException("data set " + name + ": ignore index " + this.ignoreIndex + " is one of the model's classes 0.." + (numClasses - 1));
        }
    }

    public int size() {
        return dataset.size();
    }

    public int ignoreIndex() {
        return ignoreIndex;
    }

    public int numClasses() {
        return numClasses;
    }

    public Dataset dataset() {
        return dataset;
    }

    /** A decoded, checked sample at its own size. */
    public record Item(String name, Image rgb, LabelMap labels) {}

    /** Reads sample {@code index}: RGB 8-bit image and its checked label map (same size). */
    public Item read(int index) throws IOException {
        Sample s = dataset.get(index);
        String id = s.imagePath() != null ? s.imagePath().toString() : s.fileName();
        if (s.imagePath() == null) throw new IOException("sample " + s.fileName() + " of " + name + " has no image file");
        Image im = s.image();
        if (im.is16Bit()) im = im.to8Bit();
        if (im.channels() != 3) im = im.toRgb();
        LabelMap lm = s.semantic();
        if (lm == null) throw new IOException(id + ": no semantic label map");
        if (lm.width() != im.width() || lm.height() != im.height()) {
            throw new IOException(id + ": image is " + im.width() + "x" + im.height() + " but its labels are " + lm.width() + "x" + lm.height());
        }
        short[] d = lm.data();
        for (int i = 0; i < d.length; i++) {
            int v = d[i] & 0xFFFF;
            if (v >= numClasses && v != ignoreIndex) {
                throw new IOException(id + ": label " + v + " at (" + (i % lm.width()) + ", " + (i / lm.width())
                        + ") is not a class of the model (0.." + (numClasses - 1) + ") nor the ignore index " + ignoreIndex);
            }
        }
        return new Item(id, im, lm);
    }

    /** Resized / cropped / flipped pixels ready for a batch. */
    public record Prepared(float[] chw, short[] labels, int width, int height) {}

    /**
     * Training view of an item: resize to {@code resizeW x resizeH} (bilinear image, nearest labels), crop
     * {@code cropW x cropH} (random when {@code randomCrop}, else centred), flip left-right with probability 1/2
     * when {@code flip}. The random draws come from {@code rng} (crop x, crop y, then flip), the same for image and
     * labels. Equal to {@link #augment(Item, Augmenter, int, SplittableRandom)} with {@link Augmentation#NONE}.
     */
    public static Prepared augment(Item item, int resizeW, int resizeH, int cropW, int cropH, boolean randomCrop,
                                   boolean flip, SplittableRandom rng) {
        return augment(item, new Augmenter(resizeW, resizeH, cropW, cropH, randomCrop, flip, Augmentation.NONE),
                item.labels().ignoreIndex(), rng);
    }

    /**
     * Training view of an item through an {@link Augmenter}; labels are set to {@code labelFill} (the ignore index)
     * where the augmentation leaves no source pixel (padding, rotated-in corners).
     */
    public static Prepared augment(Item item, Augmenter augmenter, int labelFill, SplittableRandom rng) {
        short[] lab = item.labels().data();
        int[] plane = new int[lab.length];
        for (int i = 0; i < lab.length; i++) plane[i] = lab[i] & 0xFFFF;
        Augmenter.Output o = augmenter.apply(item.rgb(), new int[][] {plane}, new int[] {labelFill}, rng);
        int[] l = o.planes()[0];
        short[] out = new short[l.length];
        for (int i = 0; i < l.length; i++) out[i] = (short) l[i];
        return new Prepared(o.chw(), out, o.width(), o.height());
    }

    /** Inference view: the image resized (bilinear) to {@code w x h} as float32 CHW {@code v / 255}. */
    public static float[] toInput(Image rgb, int w, int h) {
        Image im = rgb.width() == w && rgb.height() == h ? rgb : ImageTransforms.resizeBilinear(rgb, w, h);
        byte[] px = im.bytes();
        int plane = w * h;
        float[] chw = new float[3 * plane];
        for (int i = 0; i < plane; i++) {
            chw[i] = (px[3 * i] & 0xFF) / 255f;
            chw[plane + i] = (px[3 * i + 1] & 0xFF) / 255f;
            chw[2 * plane + i] = (px[3 * i + 2] & 0xFF) / 255f;
        }
        return chw;
    }
}
