package org.tessera.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tessera.core.label.LabelMap;
import org.tessera.core.mask.Rle;
import org.tessera.data.coco.CocoDataset;
import org.tessera.data.io.PngIo;

/**
 * Checks a data set and lists every problem (it does not stop at the first), each naming its file and item:
 * <ul>
 *   <li>a source that cannot be read at all (truncated or invalid JSON, missing folder): one problem from the reader;</li>
 *   <li>images: missing file, file size (from its header) differing from the recorded width x height, duplicate image
 *       ids;</li>
 *   <li>annotations: duplicate ids (formats with data-set-wide ids), category not among the categories, image_id
 *       matching no image (COCO), polygon with fewer than 3 points or an odd number of coordinates, RLE of another
 *       canvas size or invalid counts, empty mask (no pixel), box with negative or zero size, box outside the image
 *       (beyond a 1e-3 px tolerance);</li>
 *   <li>label maps / masks: a file that cannot be read or whose size differs from its image (reported by the format's
 *       reader), class values not among the categories (other than the ignore index and background 0).</li>
 * </ul>
 * Masks are decoded one sample at a time; nothing is written.
 */
public final class DatasetValidator {
    private DatasetValidator() {}

    /** Which checks to run. {@code images}: open image headers; {@code masks}: rasterise masks and read label maps. */
    public record Options(boolean images, boolean masks) {
        public static Options all() {
            return new Options(true, true);
        }
    }

    private static final double BOX_TOLERANCE = 1e-3;

    /** Reads {@code source} as {@code format} and validates it; a source that cannot be read is one listed problem. */
    public static List<Problem> validate(Path source, DatasetFormat format, ReadOptions read, Options options) {
        Dataset d;
        try {
            d = format.read(source, read);
        } catch (IOException | RuntimeException e) {
            return List.of(new Problem(Problem.Severity.ERROR, source.toString(), "", message(e, source.toString())));
        }
        return validate(d, options);
    }

    /** Validates an opened data set. */
    public static List<Problem> validate(Dataset d, Options options) {
        List<Problem> out = new ArrayList<>();
        String src = d.source() == null ? "" : d.source().toString();
        Set<Integer> catIds = new HashSet<>();
        for (DatasetCategory c : d.categories()) {
            if (!catIds.add(c.id())) out.add(new Problem(Problem.Severity.ERROR, src, "category " + c.id(), "duplicate category id"));
        }
        Map<Long, Integer> imageIds = new HashMap<>();
        Set<Long> annIds = new HashSet<>();
        boolean globalAnnIds = d instanceof CocoDataset;
        for (int i = 0; i < d.size(); i++) {
            Sample s = d.get(i);
            String item = "image " + s.idText() + " (" + s.fileName() + ")";
            Integer prev = imageIds.putIfAbsent(s.id(), i);
            if (prev != null && !s.hasTextId()) out.add(new Problem(Problem.Severity.ERROR, src, item, "duplicate image id (also image #" + (prev + 1) + ")"));
            if (s.width() <= 0 || s.height() <= 0) {
                out.add(new Problem(Problem.Severity.ERROR, src, item, "width/height missing or not positive (" + s.width() + "x" + s.height() + ")"));
                continue;
            }
            if (options.images()) {
                Path p = s.imagePath();
                if (p == null || !Files.isRegularFile(p)) {
                    out.add(new Problem(Problem.Severity.ERROR, p == null ? src : p.toString(), item, "image file missing"));
                } else {
                    try {
                        int[] wh = PngIo.size(p);
                        if (wh[0] != s.width() || wh[1] != s.height()) {
                            out.add(new Problem(Problem.Severity.ERROR, p.toString(), item, "image is " + wh[0] + "x" + wh[1]
                                    + " but the annotations say " + s.width() + "x" + s.height()));
                        }
                    } catch (IOException e) {
                        out.add(new Problem(Problem.Severity.ERROR, p.toString(), item, message(e, p.toString())));
                    }
                }
            }
            List<Annotation> anns;
            try {
                anns = s.annotations();
            } catch (IOException | RuntimeException e) {
                out.add(new Problem(Problem.Severity.ERROR, src, item, message(e, src)));
                anns = List.of();
            }
            for (Annotation a : anns) checkAnnotation(a, s, item, src, catIds, globalAnnIds ? annIds : null, options, out);
            if (options.masks() && s.hasSemantic()) {
                try {
                    LabelMap m = s.semantic();
                    if (m.width() != s.width() || m.height() != s.height()) {
                        out.add(new Problem(Problem.Severity.ERROR, src, item, "label map is " + m.width() + "x" + m.height()
                                + " but the image is " + s.width() + "x" + s.height()));
                    }
                    if (!catIds.isEmpty()) {
                        long[] hist = m.histogram();
                        for (int v = 0; v < hist.length; v++) {
                            if (hist[v] > 0 && v != m.ignoreIndex() && !d.isVoidLabel(v) && v != 0 && !catIds.contains(v)) {
                                out.add(new Problem(Problem.Severity.ERROR, src, item, "label map has class value " + v
                                        + " (" + hist[v] + " pixels) that is not a category"));
                            }
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    out.add(new Problem(Problem.Severity.ERROR, src, item, message(e, src)));
                }
            }
        }
        if (d instanceof CocoDataset c) {
            for (int k = 0; k < c.annotationCount(); k++) {
                if (c.indexOfImage(c.annotationImageId(k)) < 0) {
                    long id;
                    try {
                        id = c.annotation(k).id();
                    } catch (RuntimeException e) {
                        id = -1;
                    }
                    out.add(new Problem(Problem.Severity.ERROR, src, "annotation " + id,
                            "image_id " + c.annotationImageId(k) + " matches no image"));
                }
            }
        }
        return out;
    }

    private static void checkAnnotation(Annotation a, Sample s, String imageItem, String src, Set<Integer> catIds,
                                        Set<Long> annIds, Options options, List<Problem> out) {
        String item = imageItem + ", annotation " + a.id();
        int w = s.width(), h = s.height();
        if (annIds != null && !annIds.add(a.id())) out.add(new Problem(Problem.Severity.ERROR, src, item, "duplicate annotation id"));
        if (!catIds.contains(a.categoryId()) && a.categoryId() != -1) {
            out.add(new Problem(Problem.Severity.ERROR, src, item, "unknown category " + a.categoryId()));
        }
        double[] bb = a.bbox();
        if (bb != null) {
            if (!(bb[2] > 0 && bb[3] > 0)) {
                out.add(new Problem(Problem.Severity.ERROR, src, item, "box has no size (w " + bb[2] + ", h " + bb[3] + ")"));
            } else if (bb[0] < -BOX_TOLERANCE || bb[1] < -BOX_TOLERANCE || bb[0] + bb[2] > w + BOX_TOLERANCE || bb[1] + bb[3] > h + BOX_TOLERANCE) {
                out.add(new Problem(Problem.Severity.ERROR, src, item, "box [" + bb[0] + ", " + bb[1] + ", " + bb[2] + ", " + bb[3]
                        + "] lies outside the " + w + "x" + h + " image"));
            }
        }
        Segmentation seg = a.segmentation();
        if (seg instanceof Segmentation.OfPolygons p) {
            boolean ok = p.polygons().length > 0;
            if (!ok) out.add(new Problem(Problem.Severity.ERROR, src, item, "empty polygon list"));
            for (int k = 0; k < p.polygons().length; k++) {
                double[] poly = p.polygons()[k];
                if (poly.length % 2 != 0) {
                    out.add(new Problem(Problem.Severity.ERROR, src, item, "polygon " + (k + 1) + " has an odd number of coordinates (" + poly.length + ")"));
                    ok = false;
                } else if (poly.length < 6) {
                    out.add(new Problem(Problem.Severity.ERROR, src, item, "polygon " + (k + 1) + " has " + poly.length / 2 + " points; at least 3 are needed"));
                    ok = false;
                }
            }
            if (ok && options.masks() && seg.toRle(h, w).area() == 0) {
                out.add(new Problem(Problem.Severity.ERROR, src, item, "empty mask (the polygon covers no pixel)"));
            }
        } else if (seg instanceof Segmentation.OfRle r) {
            if (r.rle().height() != h || r.rle().width() != w) {
                out.add(new Problem(Problem.Severity.ERROR, src, item, "RLE size " + r.rle().height() + "x" + r.rle().width()
                        + " differs from the image " + h + "x" + w));
            } else if (r.rle().area() == 0) {
                out.add(new Problem(Problem.Severity.ERROR, src, item, "empty mask (no pixel)"));
            }
        }
    }

    private static String message(Throwable e, String file) {
        String m = e instanceof UncheckedIOException u && u.getCause() != null ? u.getCause().getMessage() : e.getMessage();
        if (m == null) m = e.getClass().getSimpleName();
        if (m.startsWith(file + ": ")) m = m.substring(file.length() + 2);
        return m.replace('\n', ' ');
    }
}
