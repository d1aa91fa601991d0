package org.tessera.data.formats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.tessera.core.mask.Rle;
import org.tessera.data.Annotation;
import org.tessera.data.Dataset;
import org.tessera.data.DatasetCategory;
import org.tessera.data.DatasetException;
import org.tessera.data.GroundTruth;
import org.tessera.data.ListDataset;
import org.tessera.data.Sample;
import org.tessera.data.Segmentation;

/**
 * labelme annotations: one JSON per image ({@code shapes} with {@code label}, {@code points}, {@code shape_type},
 * {@code group_id}; {@code imagePath}, {@code imageWidth}, {@code imageHeight}) in a folder.
 *
 * <p>Shapes: {@code polygon} as is; {@code rectangle} (2 corners) as its 4-corner polygon; {@code circle} (centre and a
 * point on the circle) as a 64-gon; {@code line}, {@code linestrip}, {@code point} and {@code mask} carry no area here
 * and are skipped. Shapes with the same label and the same non-null {@code group_id} form one instance (a polygon
 * per part). Label {@code __ignore__} marks regions to ignore: they become crowd annotations of category
 * {@link #IGNORE_CATEGORY} (-1), which the semantic conversion paints with the ignore index and the COCO writer
 * drops. Label {@code _background_} is skipped. Categories: {@code labels.txt} in the folder (labelme2coco's file: one
 * name per line, {@code __ignore__} and {@code _background_} lines skipped) numbered 1..n, else the labels in order
 * of first appearance (files sorted by name). Area = mask area (pycocotools frPoly), bbox = the mask's tight box
 * (pycocotools {@code toBbox}, as labelme2coco computes it: clipped to the image), or the vertex extent clipped to
 * the image when the mask is empty.
 */
public final class Labelme {
    private Labelme() {}

    /** The category id given to {@code __ignore__} regions. */
    public static final int IGNORE_CATEGORY = -1;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static Dataset read(Path dir) throws IOException {
        List<Path> jsons;
        try (Stream<Path> s = Files.list(dir)) {
            jsons = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        if (jsons.isEmpty()) throw DatasetException.of(dir, "no labelme .json files");
        Map<String, Integer> catIds = new LinkedHashMap<>();
        Path labelsTxt = dir.resolve("labels.txt");
        boolean fixed = Files.isRegularFile(labelsTxt);
        if (fixed) {
            for (String l : Folders.lines(labelsTxt)) {
                if (l.equals("__ignore__") || l.equals("_background_")) continue;
                catIds.putIfAbsent(l, catIds.size() + 1);
            }
        }
        List<Sample> samples = new ArrayList<>();
        for (Path json : jsons) {
            JsonNode root;
            try {
                root = MAPPER.readTree(json.toFile());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw DatasetException.of(json, "invalid JSON: " + e.getOriginalMessage(), e);
            }
            int w = root.path("imageWidth").asInt(-1), h = root.path("imageHeight").asInt(-1);
            String imagePath = root.path("imagePath").asText(null);
            if (imagePath == null) throw DatasetException.of(json, "no imagePath");
            Path img = json.getParent().resolve(imagePath.replace('\\', '/')).normalize();
            if (w <= 0 || h <= 0) {
                if (!Files.isRegularFile(img)) throw DatasetException.of(json, "no imageWidth/imageHeight and image " + img + " not found");
                int[] wh = org.tessera.data.io.PngIo.size(img);
                w = wh[0];
                h = wh[1];
            }
            for (JsonNode s : root.path("shapes")) {
                String label = s.path("label").asText();
                if (label.equals("__ignore__") || label.equals("_background_")) continue;
                if (!catIds.containsKey(label)) {
                    if (fixed) throw DatasetException.of(json, "label '" + label + "' is not in " + labelsTxt.getFileName());
                    catIds.put(label, catIds.size() + 1);
                }
            }
            List<Annotation> anns = annotations(json, root, w, h, catIds);
            samples.add(Sample.builder(samples.size(), dir.relativize(img).toString().replace('\\', '/'), w, h)
                    .idText(Folders.stem(json)).imagePath(img).annotations(anns).build());
        }
        List<DatasetCategory> cats = new ArrayList<>();
        for (Map.Entry<String, Integer> e : catIds.entrySet()) cats.add(DatasetCategory.of(e.getValue(), e.getKey()));
        return new ListDataset(samples, cats, EnumSet.of(GroundTruth.INSTANCES), dir, 255);
    }

    private static List<Annotation> annotations(Path json, JsonNode root, int w, int h, Map<String, Integer> catIds) throws DatasetException {
        // key: label + group id (ungrouped shapes get a unique key)
        Map<String, List<double[]>> parts = new LinkedHashMap<>();
        Map<String, String> labelOf = new LinkedHashMap<>();
        int n = 0;
        for (JsonNode s : root.path("shapes")) {
            n++;
            String label = s.path("label").asText();
            if (label.equals("_background_")) continue;
            String type = s.path("shape_type").isMissingNode() || s.path("shape_type").isNull() ? "polygon" : s.path("shape_type").asText();
            JsonNode pts = s.path("points");
            double[] xy = new double[pts.size() * 2];
            for (int k = 0; k < pts.size(); k++) {
                xy[2 * k] = pts.get(k).path(0).asDouble();
                xy[2 * k + 1] = pts.get(k).path(1).asDouble();
            }
            double[] poly;
            switch (type) {
                case "polygon" -> {
                    poly = xy; // fewer than 3 points: kept, DatasetValidator lists it
                }
                case "rectangle" -> {
                    if (xy.length != 4) throw DatasetException.of(json, "shape #" + n + " (" + label + "): rectangle needs 2 points");
                    double x0 = Math.min(xy[0], xy[2]), x1 = Math.max(xy[0], xy[2]);
                    double y0 = Math.min(xy[1], xy[3]), y1 = Math.max(xy[1], xy[3]);
                    poly = new double[] {x0, y0, x1, y0, x1, y1, x0, y1};
                }
                case "circle" -> {
                    if (xy.length != 4) throw DatasetException.of(json, "shape #" + n + " (" + label + "): circle needs 2 points");
                    double r = Math.hypot(xy[2] - xy[0], xy[3] - xy[1]);
                    poly = new double[128];
                    for (int k = 0; k < 64; k++) {
                        double a = 2 * Math.PI * k / 64;
                        poly[2 * k] = xy[0] + r * Math.cos(a);
                        poly[2 * k + 1] = xy[1] + r * Math.sin(a);
                    }
                }
                default -> {
                    continue; // line, linestrip, point, mask: no area
                }
            }
            JsonNode g = s.path("group_id");
            String key = label + "\u0000" + (g.isNull() || g.isMissingNode() ? "#" + n : "g" + g.asText());
            parts.computeIfAbsent(key, k -> new ArrayList<>()).add(poly);
            labelOf.put(key, label);
        }
        List<Annotation> out = new ArrayList<>();
        long id = 1;
        for (Map.Entry<String, List<double[]>> e : parts.entrySet()) {
            String label = labelOf.get(e.getKey());
            boolean ignore = label.equals("__ignore__");
            double[][] polys = e.getValue().toArray(new double[0][]);
            double x0 = Double.MAX_VALUE, y0 = Double.MAX_VALUE, x1 = -Double.MAX_VALUE, y1 = -Double.MAX_VALUE;
            for (double[] p : polys) {
                for (int k = 0; k < p.length; k += 2) {
                    x0 = Math.min(x0, p[k]);
                    x1 = Math.max(x1, p[k]);
                    y0 = Math.min(y0, p[k + 1]);
                    y1 = Math.max(y1, p[k + 1]);
                }
            }
            boolean valid = true;
            for (double[] p : polys) valid &= p.length >= 6 && p.length % 2 == 0;
            long area = 0;
            double[] box;
            if (valid) {
                // labelme2coco's box: pycocotools toBbox of the rasterised mask, so a vertex dragged past the image
                // edge (common in labelme files) gives a box clipped to the image, as in labelme's own COCO export
                Rle mask = Rle.fromPolygons(List.of(polys), h, w);
                area = mask.area();
                box = area > 0 ? mask.toBbox() : clippedBox(x0, y0, x1, y1, w, h);
            } else {
                box = clippedBox(x0, y0, x1, y1, w, h);
            }
            out.add(Annotation.of(id++, ignore ? IGNORE_CATEGORY : catIds.get(label), ignore, area, box,
                    new Segmentation.OfPolygons(polys)));
        }
        return out;
    }

    /** The vertex extent {@code [x0, y0, x1, y1]} clipped to the {@code w x h} image, as {@code [x, y, w, h]}. */
    private static double[] clippedBox(double x0, double y0, double x1, double y1, int w, int h) {
        double a = Math.min(Math.max(x0, 0), w), b = Math.min(Math.max(y0, 0), h);
        double c = Math.min(Math.max(x1, 0), w), d = Math.min(Math.max(y1, 0), h);
        return new double[] {a, b, Math.max(0, c - a), Math.max(0, d - b)};
    }
}
