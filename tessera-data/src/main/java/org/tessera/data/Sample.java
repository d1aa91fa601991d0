package org.tessera.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.tessera.core.image.Image;
import org.tessera.core.image.Images;
import org.tessera.core.instances.Instances;
import org.tessera.core.label.LabelMap;
import org.tessera.core.mask.Mask;
import org.tessera.core.panoptic.PanopticMap;

/**
 * One image of a {@link Dataset} with its ground truth. Metadata (id, file name, size) is at hand; the image pixels
 * and masks are decoded only when asked for, each call decoding afresh (nothing is cached, so a sample costs a few
 * bytes until used). Sizes are in pixels; masks are row-major with (0, 0) the top-left pixel.
 */
public final class Sample {
    private final long id;
    private final String idText;
    private final String fileName;
    private final int width;
    private final int height;
    private final Path imagePath;
    private final IoSupplier<List<Annotation>> annotations;
    private final IoSupplier<LabelMap> semantic;
    private final IoSupplier<PanopticMap> panoptic;

    private Sample(Builder b) {
        this.id = b.id;
        this.idText = b.idText;
        this.fileName = b.fileName;
        this.width = b.width;
        this.height = b.height;
        this.imagePath = b.imagePath;
        this.annotations = b.annotations;
        this.semantic = b.semantic;
        this.panoptic = b.panoptic;
    }

    /** Starts a sample: {@code id} (COCO image id or the index), the file name relative to the image folder, size. */
    public static Builder builder(long id, String fileName, int width, int height) {
        return new Builder(id, fileName, width, height);
    }

    /** A builder initialised with this sample's fields. */
    public Builder toBuilder() {
        Builder b = new Builder(id, fileName, width, height);
        b.idText = idText;
        b.imagePath = imagePath;
        b.annotations = annotations;
        b.semantic = semantic;
        b.panoptic = panoptic;
        return b;
    }

    /** The numeric image id (COCO {@code id}; the index for formats whose ids are names). */
    public long id() {
        return id;
    }

    /**
     * The image id as the source names it: a string id (Cityscapes panoptic uses the frame name), else the decimal
     * {@link #id()}.
     */
    public String idText() {
        return idText != null ? idText : Long.toString(id);
    }

    /** True when the source's id is a string rather than a number. */
    public boolean hasTextId() {
        return idText != null;
    }

    /** The image file name as the data set records it (COCO {@code file_name}; relative to the image folder). */
    public String fileName() {
        return fileName;
    }

    /** Image width in pixels as the metadata states it. */
    public int width() {
        return width;
    }

    /** Image height in pixels as the metadata states it. */
    public int height() {
        return height;
    }

    /** The resolved image path, or null when the data set has no images (e.g. an annotation file alone). */
    public Path imagePath() {
        return imagePath;
    }

    /**
     * Decodes the image now ({@link Images#read(Path)}: 8/16-bit, 1/3/4 channels as stored, EXIF orientation as that
     * method applies it).
     *
     * @throws IOException naming the file when there is no image path or it cannot be read
     */
    public Image image() throws IOException {
        if (imagePath == null) throw new DatasetException("sample " + idText() + " (" + fileName + ") has no image file");
        return Images.read(imagePath);
    }

    /**
     * The annotations as core {@link Instances} on this sample's {@code height x width} canvas: box = the
     * annotation's bbox (or its mask's box), category id, score (1.0 for ground truth), mask (when the
     * annotation has one), ids = annotation ids, and the attributes {@code "iscrowd"} ({@code boolean[]}) and
     * {@code "area"} ({@code double[]}, as the file gives it).
     */
    public Instances instances() throws IOException {
        List<Annotation> anns = annotations();
        Instances.Builder b = Instances.builder(height, width);
        long[] ids = new long[anns.size()];
        boolean[] crowd = new boolean[anns.size()];
        double[] area = new double[anns.size()];
        int k = 0;
        for (Annotation a : anns) {
            Mask m = a.segmentation() == null ? null : Mask.fromRle(a.segmentation().toRle(height, width));
            double[] box = a.bbox() != null ? a.bbox() : m != null ? null : new double[4];
            b.add(m, box, a.categoryId(), a.hasScore() ? a.score() : 1.0);
            ids[k] = a.id();
            crowd[k] = a.iscrowd();
            area[k] = a.area();
            k++;
        }
        return b.ids(ids).attribute("iscrowd", crowd).attribute("area", area).build();
    }

    public boolean hasAnnotations() {
        return annotations != null;
    }

    /** The instance annotations (decoded now), empty when the data set carries none. */
    public List<Annotation> annotations() throws IOException {
        return annotations == null ? List.of() : annotations.get();
    }

    public boolean hasSemantic() {
        return semantic != null;
    }

    /** The semantic label map (read now), or null when the data set carries none. */
    public LabelMap semantic() throws IOException {
        return semantic == null ? null : semantic.get();
    }

    public boolean hasPanoptic() {
        return panoptic != null;
    }

    /** The panoptic map with its segments (read now), or null when the data set carries none. */
    public PanopticMap panoptic() throws IOException {
        return panoptic == null ? null : panoptic.get();
    }

    @Override
    public String toString() {
        return "Sample[id=" + id + ", file=" + fileName + ", " + width + "x" + height + "]";
    }

    /** Builder for {@link Sample}. */
    public static final class Builder {
        private final long id;
        private String idText;
        private final String fileName;
        private final int width;
        private final int height;
        private Path imagePath;
        private IoSupplier<List<Annotation>> annotations;
        private IoSupplier<LabelMap> semantic;
        private IoSupplier<PanopticMap> panoptic;

        private Builder(long id, String fileName, int width, int height) {
            this.id = id;
            this.fileName = fileName;
            this.width = width;
            this.height = height;
        }

        /** A string image id (e.g. Cityscapes' frame name), kept alongside the numeric id. */
        public Builder idText(String text) {
            this.idText = text;
            return this;
        }

        public Builder imagePath(Path p) {
            this.imagePath = p;
            return this;
        }

        public Builder annotations(List<Annotation> list) {
            List<Annotation> copy = List.copyOf(list);
            this.annotations = () -> copy;
            return this;
        }

        public Builder annotations(IoSupplier<List<Annotation>> s) {
            this.annotations = s;
            return this;
        }

        public Builder semantic(IoSupplier<LabelMap> s) {
            this.semantic = s;
            return this;
        }

        public Builder panoptic(IoSupplier<PanopticMap> s) {
            this.panoptic = s;
            return this;
        }

        public Sample build() {
            return new Sample(this);
        }
    }
}
