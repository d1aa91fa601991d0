package org.tessera.core.mask;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Loads the shared data and the pycocotools goldens used by the RLE tests (cached per JVM). */
final class RleGoldens {
    private RleGoldens() {}

    static final ObjectMapper JSON = new ObjectMapper();
    static final String COCO2017 = "coco_val2017_6/annotations.json";
    static final String COCO2014 = "coco_val2014_100/instances_val2014_100.json";
    private static final Map<String, JsonNode> CACHE = new HashMap<>();

    /** The shared folder; fails the test (never skips) when it is not configured or absent. */
    static Path shared() {
        String p = System.getProperty("tessera.shared");
        if (p == null) fail("system property tessera.shared is not set (run with -Dtessera.shared=/work/shared)");
        Path dir = Path.of(p);
        if (!Files.isDirectory(dir)) fail("tessera.shared folder " + dir + " does not exist");
        return dir;
    }

    static synchronized JsonNode json(String relativeToShared) {
        return CACHE.computeIfAbsent(relativeToShared, k -> {
            Path f = shared().resolve(k);
            if (!Files.isRegularFile(f)) fail("shared data file " + f + " is missing");
            try {
                return JSON.readTree(f.toFile());
            } catch (IOException e) {
                throw new AssertionError("cannot read " + f + ": " + e, e);
            }
        });
    }

    static JsonNode maskutils() {
        return json("golden/rle/maskutils.json");
    }

    /** A COCO GT file (path relative to shared/data). */
    static JsonNode coco(String file) {
        return json("data/" + file);
    }

    static Map<Long, JsonNode> annotationsById(String file) {
        Map<Long, JsonNode> m = new HashMap<>();
        for (JsonNode a : coco(file).get("annotations")) m.put(a.get("id").asLong(), a);
        return m;
    }

    static Map<Long, JsonNode> imagesById(String file) {
        Map<Long, JsonNode> m = new HashMap<>();
        for (JsonNode a : coco(file).get("images")) m.put(a.get("id").asLong(), a);
        return m;
    }

    static double[] doubles(JsonNode arr) {
        double[] d = new double[arr.size()];
        for (int i = 0; i < d.length; i++) d[i] = arr.get(i).asDouble();
        return d;
    }

    static int[] ints(JsonNode arr) {
        int[] d = new int[arr.size()];
        for (int i = 0; i < d.length; i++) d[i] = arr.get(i).asInt();
        return d;
    }

    static List<double[]> polygons(JsonNode segmentation) {
        List<double[]> p = new ArrayList<>();
        for (JsonNode poly : segmentation) p.add(doubles(poly));
        return p;
    }

    /** Polygons shifted by integer offsets (x + dx, y + dy), as the perf construction does. */
    static List<double[]> shifted(List<double[]> polys, int dx, int dy) {
        List<double[]> out = new ArrayList<>();
        for (double[] p : polys) {
            double[] q = p.clone();
            for (int i = 0; i < q.length; i += 2) {
                q[i] += dx;
                q[i + 1] += dy;
            }
            out.add(q);
        }
        return out;
    }

    /** {@code merge(frPyObjects(segmentation, h, w))} of a COCO segmentation (polygons, uncompressed or compressed RLE). */
    static Rle segmentation(JsonNode seg, int h, int w) {
        if (seg.isArray()) return Rle.fromPolygons(polygons(seg), h, w);
        JsonNode size = seg.get("size");
        JsonNode counts = seg.get("counts");
        if (counts.isTextual()) return Rle.fromString(counts.asText(), size.get(0).asInt(), size.get(1).asInt());
        return Rle.fromCounts(size.get(0).asInt(), size.get(1).asInt(), ints(counts));
    }

    /** A mask from row strings of '0'/'1', as column-major bits. */
    static byte[] columnMajorFromRows(JsonNode rows, int h, int w) {
        byte[] bits = new byte[h * w];
        for (int y = 0; y < h; y++) {
            String r = rows.get(y).asText();
            for (int x = 0; x < w; x++) bits[x * h + y] = (byte) (r.charAt(x) == '1' ? 1 : 0);
        }
        return bits;
    }

    static String[] rowsOf(Rle r) {
        byte[] rm = r.decodeRowMajor();
        String[] rows = new String[r.height()];
        for (int y = 0; y < r.height(); y++) {
            StringBuilder sb = new StringBuilder();
            for (int x = 0; x < r.width(); x++) sb.append(rm[y * r.width() + x] == 0 ? '0' : '1');
            rows[y] = sb.toString();
        }
        return rows;
    }

    static String[] strings(JsonNode arr) {
        String[] s = new String[arr.size()];
        for (int i = 0; i < s.length; i++) s[i] = arr.get(i).asText();
        return s;
    }
}
