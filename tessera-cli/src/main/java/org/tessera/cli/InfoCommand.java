package org.tessera.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.tessera.core.image.Image;
import org.tessera.core.image.Images;
import org.tessera.core.image.LabelMaps;
import org.tessera.core.image.PanopticMaps;
import org.tessera.core.label.LabelMap;
import org.tessera.core.panoptic.PanopticMap;
import org.tessera.data.Annotation;
import org.tessera.data.DatasetCategory;
import org.tessera.data.coco.CocoDataset;
import org.tessera.data.coco.CocoJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tessera info FILE}: what a file holds. An image: size and mode; a label PNG (palette or gray): the class
 * histogram; a COCO JSON: images, annotations and crowd counts per category; a COCO results JSON: detections per
 * category; a COCO panoptic JSON: segments per category; a panoptic PNG with {@code --json}: its segments.
 */
@Command(name = "info", description = "Describe an image, label PNG, panoptic PNG (+ --json), COCO / COCO-panoptic / results JSON.")
final class InfoCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "The file.")
    Path file;

    @Option(names = "--json", description = "With a panoptic PNG: the COCO panoptic JSON that describes it.")
    Path panopticJson;

    @Option(names = "--top", defaultValue = "30", description = "At most this many rows per table (default: ${DEFAULT-VALUE}).")
    int top;

    private final PrintStream o = System.out;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(file)) throw new BadInputException(file + ": no such file");
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".json")) return json();
        if (panopticJson != null) return panoptic();
        return image();
    }

    private int image() throws IOException {
        Image img = Images.read(file);
        String mode = switch (img.channels()) {
            case 1 -> "gray";
            case 2 -> "gray+alpha";
            case 3 -> "RGB";
            default -> "RGBA";
        };
        boolean palette = isPalette();
        if (palette) mode = "palette (indexed)";
        o.printf("%s: image %dx%d, %s, %d-bit%n", file, img.width(), img.height(), mode, img.bitDepth());
        if (img.channels() == 1 || palette) {
            LabelMap lm = LabelMaps.read(file);
            long[] h = lm.histogram();
            int classes = 0;
            for (long v : h) if (v > 0) classes++;
            o.printf("label map: %d distinct values%s%n", classes, lm.palette() != null ? " (palette PNG)" : "");
            o.println("  value      pixels  fraction");
            int shown = 0;
            long total = (long) lm.width() * lm.height();
            for (int v = 0; v < h.length && shown < top; v++) {
                if (h[v] == 0) continue;
                o.printf(Locale.ROOT, "  %5d %11d  %7.4f%n", v, h[v], (double) h[v] / total);
                shown++;
            }
            if (shown < classes) o.printf("  ... %d more values%n", classes - shown);
        }
        return 0;
    }

    private boolean isPalette() throws IOException {
        // PNG color type 3 (IHDR byte 25) = palette
        byte[] head = new byte[26];
        try (var in = Files.newInputStream(file)) {
            if (in.readNBytes(head, 0, 26) < 26) return false;
        }
        return head[1] == 'P' && head[2] == 'N' && head[3] == 'G' && head[25] == 3;
    }

    private int panoptic() throws IOException {
        if (!Files.isRegularFile(panopticJson)) throw new BadInputException(panopticJson + ": no such file");
        PanopticMap ids = PanopticMaps.readIds(file);
        JsonNode root = readTree(panopticJson);
        JsonNode ann = null;
        String base = file.getFileName().toString();
        for (JsonNode a : root.path("annotations")) if (base.equals(a.path("file_name").asText())) ann = a;
        if (ann == null) throw new BadInputException(panopticJson + ": no annotation with file_name " + base);
        Map<Integer, String> cats = new TreeMap<>();
        for (JsonNode c : root.path("categories")) cats.put(c.path("id").asInt(), c.path("name").asText());
        PanopticMaps.SegmentStats st = PanopticMaps.segmentStats(ids);
        Map<Integer, Long> areaInPng = new TreeMap<>();
        for (int k = 0; k < st.ids().length; k++) areaInPng.put(st.ids()[k], st.areas()[k]);
        o.printf("%s: panoptic %dx%d, %d segment ids in the PNG, %d in the JSON%n", file, ids.width(), ids.height(),
                areaInPng.size(), ann.path("segments_info").size());
        o.println("  segment id  category               crowd     area(json)    area(png)");
        int shown = 0;
        for (JsonNode s : ann.path("segments_info")) {
            if (shown++ >= top) break;
            int id = s.path("id").asInt();
            int cat = s.path("category_id").asInt();
            o.printf(Locale.ROOT, "  %10d  %-20s %6s %13d %12d%n", id, cats.getOrDefault(cat, "?" + cat),
                    s.path("iscrowd").asInt() == 1 ? "yes" : "", s.path("area").asLong(), areaInPng.getOrDefault(id, 0L));
        }
        return 0;
    }

    private JsonNode readTree(Path p) {
        try {
            return new ObjectMapper().readTree(p.toFile());
        } catch (IOException e) {
            throw new BadInputException(p + ": not valid JSON (" + MaskCommand.firstLine(e.getMessage()) + ")");
        }
    }

    private int json() throws IOException {
        JsonToken first;
        boolean panoptic = false;
        try (JsonParser p = new JsonFactory().createParser(file.toFile())) {
            first = p.nextToken();
            if (first == JsonToken.START_OBJECT) panoptic = looksPanoptic(p);
        } catch (IOException e) {
            throw new BadInputException(file + ": not valid JSON (" + MaskCommand.firstLine(e.getMessage()) + ")");
        }
        if (first == JsonToken.START_ARRAY) return results();
        if (first != JsonToken.START_OBJECT) throw new BadInputException(file + ": expected a JSON object or array");
        if (panoptic) return panopticJsonInfo();
        CocoDataset ds = CocoJson.read(file);
        int n = ds.annotationCount();
        Map<Integer, long[]> per = new TreeMap<>(); // id -> {annotations, crowd, images}
        Map<Integer, String> names = new TreeMap<>();
        for (DatasetCategory c : ds.categories()) {
            names.put(c.id(), c.name());
            per.put(c.id(), new long[2]);
        }
        long crowd = 0;
        for (int k = 0; k < n; k++) {
            Annotation a = ds.annotation(k);
            long[] c = per.computeIfAbsent(a.categoryId(), x -> new long[2]);
            c[0]++;
            if (a.iscrowd()) {
                c[1]++;
                crowd++;
            }
        }
        o.printf("%s: COCO instances, %d images, %d annotations (%d crowd), %d categories%n", file, ds.size(), n, crowd, names.size());
        o.println("  id  name                   annotations   crowd");
        int empty = 0;
        for (var e : per.entrySet()) {
            if (e.getValue()[0] == 0) {
                empty++;
                continue;
            }
            o.printf("  %3d %-22s %11d %7d%n", e.getKey(), names.getOrDefault(e.getKey(), "(unknown)"), e.getValue()[0], e.getValue()[1]);
        }
        if (empty > 0) o.printf("  (%d categories without annotations not shown)%n", empty);
        return 0;
    }

    /** Scans the top-level object for an "annotations" array whose first element has "segments_info". */
    private static boolean looksPanoptic(JsonParser p) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken t = p.nextToken();
            if ("annotations".equals(f) && t == JsonToken.START_ARRAY) {
                if (p.nextToken() != JsonToken.START_OBJECT) return false;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    if ("segments_info".equals(p.currentName())) return true;
                    p.nextToken();
                    p.skipChildren();
                }
                return false;
            }
            p.skipChildren();
        }
        return false;
    }

    private int panopticJsonInfo() {
        JsonNode root = readTree(file);
        Map<Integer, String> names = new TreeMap<>();
        Map<Integer, Integer> isThing = new TreeMap<>();
        for (JsonNode c : root.path("categories")) {
            names.put(c.path("id").asInt(), c.path("name").asText());
            isThing.put(c.path("id").asInt(), c.path("isthing").asInt(1));
        }
        Map<Integer, long[]> per = new TreeMap<>();
        long segs = 0;
        for (JsonNode a : root.path("annotations")) {
            for (JsonNode s : a.path("segments_info")) {
                long[] c = per.computeIfAbsent(s.path("category_id").asInt(), x -> new long[2]);
                c[0]++;
                if (s.path("iscrowd").asInt() == 1) c[1]++;
                segs++;
            }
        }
        o.printf("%s: COCO panoptic, %d images, %d segments, %d categories%n", file, root.path("images").size(), segs, names.size());
        o.println("  id  name                   kind   segments   crowd");
        for (var e : per.entrySet()) {
            o.printf("  %3d %-22s %-5s %9d %7d%n", e.getKey(), names.getOrDefault(e.getKey(), "(unknown)"),
                    isThing.getOrDefault(e.getKey(), 1) == 1 ? "thing" : "stuff", e.getValue()[0], e.getValue()[1]);
        }
        return 0;
    }

    private int results() throws IOException {
        Map<Integer, long[]> per = new TreeMap<>();
        long n = 0, segm = 0;
        java.util.Set<Long> images = new java.util.HashSet<>();
        try (JsonParser p = new JsonFactory().createParser(file.toFile())) {
            p.nextToken();
            while (p.nextToken() == JsonToken.START_OBJECT) {
                int cat = -1;
                boolean hasSeg = false;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String f = p.currentName();
                    p.nextToken();
                    switch (f) {
                        case "category_id" -> cat = p.getIntValue();
                        case "image_id" -> images.add(p.getValueAsLong());
                        case "segmentation" -> {
                            hasSeg = true;
                            p.skipChildren();
                        }
                        default -> p.skipChildren();
                    }
                }
                per.computeIfAbsent(cat, x -> new long[1])[0]++;
                n++;
                if (hasSeg) segm++;
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadInputException(file + ": not valid JSON (" + MaskCommand.firstLine(e.getOriginalMessage()) + ")");
        }
        o.printf("%s: COCO results, %d detections on %d images (%d with segmentation)%n", file, n, images.size(), segm);
        o.println("  category_id  detections");
        for (var e : per.entrySet()) o.printf("  %11d %11d%n", e.getKey(), e.getValue()[0]);
        return 0;
    }

}
