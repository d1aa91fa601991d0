package org.tessera.data;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Summary counts of a data set.
 *
 * @param images               number of samples
 * @param annotatedImages      samples with at least one annotation or a label map
 * @param annotations          instance annotations (crowd included)
 * @param crowd                crowd annotations
 * @param instancesPerCategory annotations per category id (crowd included)
 * @param imagesPerCategory    samples containing the category (annotation or label-map pixel)
 * @param pixelsPerClass       label-map pixels per class value (ignore index included); empty without label maps
 * @param sizes                samples per "WIDTHxHEIGHT"
 */
public record DatasetStatistics(int images, int annotatedImages, long annotations, long crowd,
                                Map<Integer, Long> instancesPerCategory, Map<Integer, Long> imagesPerCategory,
                                Map<Integer, Long> pixelsPerClass, Map<String, Long> sizes) {

    /** Counts everything; {@code labelMaps} = also decode label maps for pixel histograms. */
    public static DatasetStatistics of(Dataset d, boolean labelMaps) throws IOException {
        int annotated = 0;
        long anns = 0, crowd = 0;
        Map<Integer, Long> inst = new TreeMap<>(), imgs = new TreeMap<>(), pixels = new TreeMap<>();
        Map<String, Long> sizes = new TreeMap<>();
        for (int i = 0; i < d.size(); i++) {
            Sample s = d.get(i);
            sizes.merge(s.width() + "x" + s.height(), 1L, Long::sum);
            java.util.Set<Integer> here = new java.util.HashSet<>();
            boolean any = false;
            for (Annotation a : s.annotations()) {
                any = true;
                anns++;
                if (a.iscrowd()) crowd++;
                inst.merge(a.categoryId(), 1L, Long::sum);
                here.add(a.categoryId());
            }
            if (labelMaps && s.hasSemantic()) {
                long[] h = s.semantic().histogram();
                for (int v = 0; v < h.length; v++) {
                    if (h[v] == 0) continue;
                    any = true;
                    pixels.merge(v, h[v], Long::sum);
                    if (v != d.ignoreIndex()) here.add(v);
                }
            }
            if (any) annotated++;
            for (int c : here) imgs.merge(c, 1L, Long::sum);
        }
        return new DatasetStatistics(d.size(), annotated, anns, crowd, inst, imgs, pixels, sizes);
    }

    /** A Markdown report with category names from {@code d}. */
    public String toMarkdown(Dataset d) {
        StringBuilder b = new StringBuilder();
        b.append("| images | annotated | annotations | crowd |\n|---|---|---|---|\n")
                .append("| ").append(images).append(" | ").append(annotatedImages).append(" | ").append(annotations)
                .append(" | ").append(crowd).append(" |\n\n");
        b.append("| category | id | instances | images | pixels |\n|---|---|---|---|---|\n");
        java.util.Set<Integer> ids = new java.util.TreeSet<>();
        ids.addAll(instancesPerCategory.keySet());
        ids.addAll(imagesPerCategory.keySet());
        ids.addAll(pixelsPerClass.keySet());
        for (int id : ids) {
            DatasetCategory c = d.category(id);
            b.append("| ").append(c == null ? (id == d.ignoreIndex() ? "(ignore)" : "?") : c.name()).append(" | ").append(id)
                    .append(" | ").append(instancesPerCategory.getOrDefault(id, 0L)).append(" | ")
                    .append(imagesPerCategory.getOrDefault(id, 0L)).append(" | ").append(pixelsPerClass.getOrDefault(id, 0L)).append(" |\n");
        }
        b.append("\n| size | images |\n|---|---|\n");
        for (Map.Entry<String, Long> e : sizes.entrySet()) b.append("| ").append(e.getKey()).append(" | ").append(e.getValue()).append(" |\n");
        return b.toString();
    }
}
