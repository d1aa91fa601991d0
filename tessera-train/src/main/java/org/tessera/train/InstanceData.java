package org.tessera.train;

import org.tessera.core.image.Image;
import org.tessera.core.instances.Instances;
import org.tessera.core.label.LabelMap;
import org.tessera.data.Dataset;
import org.tessera.data.DatasetCategory;
import org.tessera.data.Sample;

import java.io.IOException;
import java.util.SplittableRandom;

/**
 * Training / validation samples of a bottom-up instance model: an RGB 8-bit image, its instances (from the data set's
 * instance annotations) painted into an instance-id map, and a semantic map. Items can be kept in memory after their
 * first decode ({@code cache}), which pays off for formats with many small mask files such as DSB 2018.
 *
 * <p>Instance map: instance k of {@link Sample#instances()} (with a mask, not crowd, of a thing category) is painted
 * with id k + 1 in annotation order (a later mask overwrites an earlier one where they overlap). Annotations of the
 * data set's stuff categories ({@link DatasetCategory#isThing()} false, e.g. the stuff segments of COCO panoptic
 * data) get no instance id. Semantic map: the data set's semantic map when it has one, otherwise the category id of
 * the annotation at each pixel (things and stuff) and 0 (background) elsewhere. Class index = category id; every
 * label must be below {@code numClasses} or be the ignore index. Crowd instances are painted as the ignore index in
 * the semantic map when {@code ignoreIndex >= 0}.
 */
public final class InstanceData {
    /**
     * One decoded sample.
     *
     * @param name        file name (for messages)
     * @param id          the sample's data-set id
     * @param rgb         RGB 8-bit image
     * @param instanceIds instance id per pixel (unsigned 16-bit, 0 = none)
     * @param semantic    class per pixel (unsigned 16-bit)
     * @param truth       the ground-truth instances of thing categories (for evaluation; index k = instance id k + 1)
     */
    public record Item(String name, long id, Image rgb, short[] instanceIds, short[] semantic, Instances truth) {
        public int width() {
            return rgb.width();
        }

        public int height() {
            return rgb.height();
        }
    }

    /**
     * An augmented crop: image CHW float {@code v / 255}, instance ids and semantic labels of the crop.
     */
    public record Crop(float[] chw, short[] instanceIds, short[] semantic, int width, int height) {}

    private final Dataset dataset;
    private final int[] indices;
    private final int numClasses, ignoreIndex;
    private final Item[] cache;
    private final java.util.Set<Integer> stuffCategories = new java.util.HashSet<>();

    /**
     * @param dataset     source
     * @param indices     the samples of {@code dataset} used, in order (e.g. one side of a split)
     * @param numClasses  semantic classes of the model
     * @param ignoreIndex ignored semantic label, or -1
     * @param cache       keep decoded items in memory
     */
    public InstanceData(Dataset dataset, int[] indices, int numClasses, int ignoreIndex, boolean cache) {
        this.dataset = dataset;
        this.indices = indices.clone();
        for (int i : indices) {
            if (i < 0 || i >= dataset.size()) throw new IllegalArgumentException("sample index " + i + " outside the data set's 0.." + (dataset.size() - 1));
        }
        this.numClasses = numClasses;
        this.ignoreIndex = ignoreIndex;
        this.cache = cache ? new Item[indices.length] : null;
        for (DatasetCategory c : dataset.categories()) if (!c.isThing()) stuffCategories.add(c.id());
    }

    /** All samples of {@code dataset}. */
    public static InstanceData all(Dataset dataset, int numClasses, int ignoreIndex, boolean cache) {
        int[] idx = new int[dataset.size()];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        return new InstanceData(dataset, idx, numClasses, ignoreIndex, cache);
    }

    public int size() {
        return indices.length;
    }

    public int ignoreIndex() {
        return ignoreIndex;
    }

    /** Decodes (or returns the cached) item {@code k} (0..size-1). */
    public Item read(int k) throws IOException {
        if (cache != null && cache[k] != null) return cache[k];
        Item it = decode(dataset.get(indices[k]));
        if (cache != null) cache[k] = it;
        return it;
    }

    private Item decode(Sample s) throws IOException {
        String name = s.fileName();
        Image im = s.image();
        if (im.is16Bit()) im = im.to8Bit();
        if (im.channels() != 3) im = im.toRgb();
        int w = im.width(), h = im.height();
        Instances all = s.instances();
        Instances inst = stuffCategories.isEmpty() ? all : all.filter(k -> !stuffCategories.contains(all.categoryId(k)));
        if (inst.height() != h || inst.width() != w) {
            throw new IOException(name + ": image is " + w + "x" + h + " but its instances are " + inst.width() + "x" + inst.height());
        }
        if (inst.size() > 65535) throw new IOException(name + ": " + inst.size() + " instances, at most 65535 supported");
        short[] ids = new short[w * h];
        boolean[] crowd = inst.attributeNames().contains("iscrowd") ? (boolean[]) inst.attribute("iscrowd") : null;
        LabelMap sem = s.semantic();
        short[] semantic;
        if (sem != null) {
            if (sem.width() != w || sem.height() != h) throw new IOException(name + ": semantic map is " + sem.width() + "x" + sem.height() + ", image " + w + "x" + h);
            semantic = sem.data().clone();
        } else {
            semantic = new short[w * h];
        }
        if (sem == null && inst.size() < all.size()) { // stuff segments: semantic labels only
            boolean[] allCrowd = all.attributeNames().contains("iscrowd") ? (boolean[]) all.attribute("iscrowd") : null;
            for (int k = 0; k < all.size(); k++) {
                if (!all.hasMasks() || all.mask(k) == null || !stuffCategories.contains(all.categoryId(k))) continue;
                all.mask(k).paintInto(semantic, allCrowd != null && allCrowd[k] && ignoreIndex >= 0 ? ignoreIndex : all.categoryId(k));
            }
        }
        for (int k = 0; k < inst.size(); k++) {
            if (!inst.hasMasks() || inst.mask(k) == null) continue;
            boolean isCrowd = crowd != null && crowd[k];
            if (isCrowd) {
                if (ignoreIndex >= 0) inst.mask(k).paintInto(semantic, ignoreIndex);
                continue;
            }
            inst.mask(k).paintInto(ids, k + 1);
            if (sem == null) inst.mask(k).paintInto(semantic, inst.categoryId(k));
        }
        for (int p = 0; p < semantic.length; p++) {
            int v = semantic[p] & 0xFFFF;
            if (v >= numClasses && v != ignoreIndex) {
                throw new IOException(name + ": label " + v + " at (" + (p % w) + ", " + (p / w) + ") is not a class of the model (0.."
                        + (numClasses - 1) + ") nor the ignore index " + ignoreIndex);
            }
        }
        return new Item(name, s.id(), im, ids, semantic, inst);
    }

    /**
     * A training crop through {@code augmenter} (usually {@link BottomUpConfig#augmenter()}): one draw from
     * {@code rng} replayed on the image (bilinear), the instance ids (nearest neighbour, fill 0: instance pixels that
     * rotation or padding cut off vanish, ids are never blended) and the semantic map (nearest neighbour, fill the
     * ignore index, or 0 = background when {@code ignoreIndex < 0}).
     *
     * @param it          a decoded item
     * @param augmenter   the augmentation
     * @param ignoreIndex the semantic ignore index, or -1
     * @param rng         the sample's generator
     */
    public static Crop augment(Item it, Augmenter augmenter, int ignoreIndex, SplittableRandom rng) {
        int n = it.width() * it.height();
        int[] ids = new int[n], sem = new int[n];
        short[] si = it.instanceIds(), ss = it.semantic();
        for (int p = 0; p < n; p++) {
            ids[p] = si[p] & 0xFFFF;
            sem[p] = ss[p] & 0xFFFF;
        }
        Augmenter.Output o = augmenter.apply(it.rgb(), new int[][] {ids, sem}, new int[] {0, ignoreIndex >= 0 ? ignoreIndex : 0}, rng);
        int m = o.width() * o.height();
        short[] cid = new short[m], csem = new short[m];
        for (int p = 0; p < m; p++) {
            cid[p] = (short) o.planes()[0][p];
            csem[p] = (short) o.planes()[1][p];
        }
        return new Crop(o.chw(), cid, csem, o.width(), o.height());
    }
}
