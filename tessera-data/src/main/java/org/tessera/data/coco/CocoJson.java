package org.tessera.data.coco;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.tessera.core.mask.Rle;
import org.tessera.data.Annotation;
import org.tessera.core.io.AtomicFiles;
import org.tessera.data.Dataset;
import org.tessera.data.DatasetCategory;
import org.tessera.data.DatasetException;
import org.tessera.data.Sample;
import org.tessera.data.Segmentation;

/**
 * COCO instance-segmentation JSON ({@code instances_*.json}) and COCO results files, read and written as streams.
 *
 * <p>Reading uses Jackson's {@code JsonParser} token by token: the file's text and a tree of it are never held,
 * annotations go to compact columns (see {@link CocoDataset}). Fields Tessera does not use ({@code info},
 * {@code licenses}, {@code coco_url}, ...) are skipped. Polygons, compressed RLE ({@code counts} string) and
 * uncompressed RLE ({@code counts} array, COCO's crowd regions) are kept in their form; {@code area}, {@code bbox},
 * {@code iscrowd} are kept as given. Writing streams through a {@code JsonGenerator} into a temporary file that is
 * moved over the target when complete.
 */
public final class CocoJson {
    private CocoJson() {}

    /** Reads a COCO instances file; images are resolved against {@code images/} beside it, or its folder. */
    public static CocoDataset read(Path json) throws IOException {
        return read(json, CocoDataset.defaultImageDir(json));
    }

    /**
     * Reads a COCO instances file with images in {@code imageDir} (may be null: samples then have no image path).
     *
     * @throws DatasetException naming the file and the line/column for invalid or truncated JSON, and the
     *                          annotation for a structurally wrong entry (missing image_id / category_id, bad RLE)
     */
    public static CocoDataset read(Path json, Path imageDir) throws IOException {
        CocoParser p = CocoParser.parseDataset(json);
        return new CocoDataset(json, imageDir, p.images, p.anns, p.categories);
    }

    /** Reads a COCO results file (a JSON array of detections, each with image_id, category_id and score). */
    public static CocoResults readResults(Path json) throws IOException {
        CocoParser p = CocoParser.parseResults(json);
        return new CocoResults(json, p.anns);
    }

    /**
     * Writes any data set's instance annotations as a COCO instances file (images, annotations, categories).
     * A {@link CocoDataset}'s annotation ids are kept; other sources number their annotations per image, so theirs
     * are renumbered 1..N in order. Annotations with a negative category (labelme's {@code __ignore__} regions) are
     * not written. Samples without annotations are written as images without annotations; string image ids (e.g.
     * Cityscapes frame names) are replaced by the numeric {@link Sample#id()}.
     */
    public static void write(Dataset dataset, Path json) throws IOException {
        write(dataset, json, dataset instanceof CocoDataset);
    }

    /**
     * As {@link #write(Dataset, Path)}, keeping annotation ids when {@code keepAnnotationIds} (e.g. a split of a COCO
     * file) or renumbering them 1..N in order.
     */
    public static void write(Dataset dataset, Path json, boolean keepAnnotationIds) throws IOException {
        AtomicFiles.write(json, out -> {
            try (JsonGenerator g = CocoParser.FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
                g.writeStartObject();
                g.writeArrayFieldStart("images");
                for (int i = 0; i < dataset.size(); i++) {
                    Sample s = dataset.get(i);
                    g.writeStartObject();
                    g.writeNumberField("id", s.id());
                    g.writeStringField("file_name", s.fileName());
                    g.writeNumberField("width", s.width());
                    g.writeNumberField("height", s.height());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeArrayFieldStart("annotations");
                boolean keepIds = keepAnnotationIds;
                long next = 1;
                for (int i = 0; i < dataset.size(); i++) {
                    Sample s = dataset.get(i);
                    for (Annotation a : s.annotations()) {
                        if (a.categoryId() < 0) continue;
                        if (Double.isNaN(a.area())) a = withComputedArea(a, s);
                        writeAnnotation(g, s.id(), keepIds ? a : a.withId(next++), false);
                    }
                }
                g.writeEndArray();
                writeCategories(g, dataset.categories(), false);
                g.writeEndObject();
            }
        });
    }

    /** A ground-truth annotation needs an area: the mask's pixel count, else the box's w * h, else 0. */
    private static Annotation withComputedArea(Annotation a, Sample s) {
        double area = a.segmentation() != null ? a.segmentation().toRle(s.height(), s.width()).area()
                : a.bbox() != null ? a.bbox()[2] * a.bbox()[3] : 0;
        return new Annotation(a.id(), a.categoryId(), a.iscrowd(), area, a.bbox(), a.segmentation(), a.score());
    }

    /** Writes the categories array; with {@code panoptic} also {@code isthing} and {@code color}. */
    static void writeCategories(JsonGenerator g, List<DatasetCategory> cats, boolean panoptic) throws IOException {
        g.writeArrayFieldStart("categories");
        for (DatasetCategory c : cats) {
            g.writeStartObject();
            g.writeNumberField("id", c.id());
            g.writeStringField("name", c.name());
            g.writeStringField("supercategory", c.supercategory());
            if (panoptic) {
                g.writeNumberField("isthing", c.isThing() ? 1 : 0);
                if (c.color() >= 0) {
                    g.writeArrayFieldStart("color");
                    g.writeNumber((c.color() >> 16) & 0xFF);
                    g.writeNumber((c.color() >> 8) & 0xFF);
                    g.writeNumber(c.color() & 0xFF);
                    g.writeEndArray();
                }
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /**
     * Writes detections as a COCO results file: a JSON array of {@code {image_id, category_id, segmentation?, bbox?,
     * score}}. Each entry of {@code imageIds} is the image of the annotation at the same position.
     */
    public static void writeResults(List<Annotation> detections, long[] imageIds, Path json) throws IOException {
        if (imageIds.length != detections.size()) {
            throw new IllegalArgumentException(detections.size() + " detections but " + imageIds.length + " image ids");
        }
        AtomicFiles.write(json, out -> {
            try (JsonGenerator g = CocoParser.FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
                g.writeStartArray();
                for (int k = 0; k < imageIds.length; k++) writeAnnotation(g, imageIds[k], detections.get(k), true);
                g.writeEndArray();
            }
        });
    }

    /** Writes a results file back (e.g. after filtering), keeping every field Tessera reads. */
    public static void writeResults(CocoResults results, Path json) throws IOException {
        AtomicFiles.write(json, out -> {
            try (JsonGenerator g = CocoParser.FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
                g.writeStartArray();
                for (int k = 0; k < results.size(); k++) writeAnnotation(g, results.imageId(k), results.get(k), true);
                g.writeEndArray();
            }
        });
    }

    static void writeAnnotation(JsonGenerator g, long imageId, Annotation a, boolean result) throws IOException {
        g.writeStartObject();
        if (!result || a.id() != 0) g.writeNumberField("id", a.id());
        g.writeNumberField("image_id", imageId);
        g.writeNumberField("category_id", a.categoryId());
        if (a.segmentation() != null) {
            g.writeFieldName("segmentation");
            writeSegmentation(g, a.segmentation());
        }
        if (!result || !Double.isNaN(a.area())) g.writeNumberField("area", a.area());
        if (a.bbox() != null) {
            g.writeFieldName("bbox");
            g.writeArray(a.bbox(), 0, 4);
        }
        if (!result) g.writeNumberField("iscrowd", a.iscrowd() ? 1 : 0);
        if (result) g.writeNumberField("score", a.score());
        g.writeEndObject();
    }

    static void writeSegmentation(JsonGenerator g, Segmentation seg) throws IOException {
        switch (seg) {
            case Segmentation.OfPolygons p -> {
                g.writeStartArray();
                for (double[] poly : p.polygons()) g.writeArray(poly, 0, poly.length);
                g.writeEndArray();
            }
            case Segmentation.OfRle r -> {
                Rle rle = r.rle();
                g.writeStartObject();
                g.writeArrayFieldStart("size");
                g.writeNumber(rle.height());
                g.writeNumber(rle.width());
                g.writeEndArray();
                if (r.compressed()) {
                    g.writeStringField("counts", rle.toString());
                } else {
                    int[] c = rle.countsView();
                    g.writeFieldName("counts");
                    g.writeArray(c, 0, c.length);
                }
                g.writeEndObject();
            }
        }
    }
}
