package org.tessera.data.coco;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tessera.data.Annotation;
import org.tessera.data.Dataset;
import org.tessera.data.DatasetCategory;
import org.tessera.data.GroundTruth;
import org.tessera.data.Sample;

/**
 * A COCO instances data set held compactly: images and annotations in primitive columns, masks decoded per image
 * when {@link Sample#annotations()} is called. Annotations keep the file's order within each image, and their
 * {@code area}, {@code bbox} and {@code iscrowd} exactly as given. Read with {@link CocoJson#read(Path)}.
 */
public final class CocoDataset implements Dataset {
    private final Path source;
    private final Path imageDir;
    final CocoParser.Images images;
    final AnnotationStore anns;
    private final List<DatasetCategory> categories;
    private final Map<Long, Integer> imageIndex;
    /** Image index of each annotation, -1 when its image_id is not among the images. */
    final int[] annImage;
    /** CSR: annotations of image i are annOrder[annStart[i] .. annStart[i+1]). */
    private final int[] annStart;
    private final int[] annOrder;

    CocoDataset(Path source, Path imageDir, CocoParser.Images images, AnnotationStore anns, List<DatasetCategory> categories) {
        this.source = source;
        this.imageDir = imageDir;
        this.images = images;
        this.anns = anns;
        this.categories = List.copyOf(categories);
        this.imageIndex = new HashMap<>(Math.max(16, images.n * 2));
        for (int i = 0; i < images.n; i++) imageIndex.putIfAbsent(images.ids[i], i);
        int n = anns.n;
        annImage = new int[n];
        annStart = new int[images.n + 1];
        for (int k = 0; k < n; k++) {
            Integer ii = imageIndex.get(anns.imageIds[k]);
            annImage[k] = ii == null ? -1 : ii;
            if (ii != null) annStart[ii + 1]++;
        }
        for (int i = 0; i < images.n; i++) annStart[i + 1] += annStart[i];
        annOrder = new int[annStart[images.n]];
        int[] fill = java.util.Arrays.copyOf(annStart, images.n);
        for (int k = 0; k < n; k++) {
            if (annImage[k] >= 0) annOrder[fill[annImage[k]]++] = k;
        }
    }

    /** The images folder used to resolve {@code file_name}s. */
    public Path imageDir() {
        return imageDir;
    }

    @Override
    public int size() {
        return images.n;
    }

    @Override
    public Sample get(int index) {
        if (index < 0 || index >= images.n) throw new IndexOutOfBoundsException("image index " + index + " of " + images.n);
        String fn = images.fileNames[index];
        return Sample.builder(images.ids[index], fn, images.widths[index], images.heights[index])
                .imagePath(imageDir == null || fn.isEmpty() ? null : imageDir.resolve(fn))
                .annotations(() -> annotationsOf(index))
                .build();
    }

    /** The annotations of image {@code index}, in file order, masks decoded now. */
    public List<Annotation> annotationsOf(int index) {
        int s = annStart[index], e = annStart[index + 1];
        List<Annotation> out = new ArrayList<>(e - s);
        for (int j = s; j < e; j++) out.add(anns.get(annOrder[j]));
        return out;
    }

    /** Number of annotations of image {@code index} (no decoding). */
    public int annotationCount(int index) {
        return annStart[index + 1] - annStart[index];
    }

    /** Total number of annotations in the file (including any whose image_id matches no image). */
    public int annotationCount() {
        return anns.n;
    }

    /** Annotation {@code k} in file order (masks decoded now). */
    public Annotation annotation(int k) {
        return anns.get(k);
    }

    /** The image_id of annotation {@code k} as the file states it. */
    public long annotationImageId(int k) {
        return anns.imageIds[k];
    }

    /** The index of the image with this id, or -1. */
    public int indexOfImage(long imageId) {
        Integer i = imageIndex.get(imageId);
        return i == null ? -1 : i;
    }

    @Override
    public List<DatasetCategory> categories() {
        return categories;
    }

    @Override
    public Set<GroundTruth> groundTruth() {
        return EnumSet.of(GroundTruth.INSTANCES);
    }

    @Override
    public Path source() {
        return source;
    }

    /** The default images folder for a COCO JSON: a sibling {@code images/} folder if present, else its folder. */
    static Path defaultImageDir(Path json) {
        Path parent = json.toAbsolutePath().getParent();
        Path images = parent.resolve("images");
        return Files.isDirectory(images) ? images : parent;
    }
}
