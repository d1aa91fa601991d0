package org.tessera.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tessera.core.mask.Rle;

/**
 * The 1000-mask RLE workload of shared/golden/BASELINES.md §3 (recipe in shared/golden/perf/expected.json): the 830
 * non-crowd polygon annotations of coco_val2014_100, mask i = annotation {@code (i*7) % 830} shifted by
 * {@code dx = (i*37)%101 - 50}, {@code dy = (i*53)%81 - 40}, on a 480x640 canvas.
 */
public final class RleWorkload {
    public static final int N = 1000, H = 480, W = 640;

    /** Per mask, its shifted polygons. */
    public final List<List<double[]>> polygons = new ArrayList<>();

    private RleWorkload() {}

    /**
     * The shared data folder: system property {@code tessera.shared}, else environment variable
     * {@code TESSERA_SHARED}, else {@code ../shared} and {@code shared} relative to the working directory.
     */
    public static Path shared() {
        String p = System.getProperty("tessera.shared");
        if (p == null) p = System.getenv("TESSERA_SHARED");
        List<Path> candidates = p != null ? List.of(Path.of(p)) : List.of(Path.of("../shared"), Path.of("shared"));
        for (Path c : candidates) {
            if (Files.isDirectory(c.resolve("data"))) return c;
        }
        throw new IllegalStateException("shared data not found (tried " + candidates
                + "); pass -Dtessera.shared=/path/to/shared or set TESSERA_SHARED");
    }

    public static RleWorkload load() {
        Path f = shared().resolve("data/coco_val2014_100/instances_val2014_100.json");
        JsonNode gt;
        try {
            gt = new ObjectMapper().readTree(f.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
        List<JsonNode> anns = new ArrayList<>();
        for (JsonNode a : gt.get("annotations")) if (a.get("iscrowd").asInt() == 0) anns.add(a);
        if (anns.size() != 830) throw new IllegalStateException(f + ": expected 830 non-crowd annotations, found " + anns.size());
        RleWorkload w = new RleWorkload();
        for (int i = 0; i < N; i++) {
            JsonNode a = anns.get((i * 7) % anns.size());
            int dx = (i * 37) % 101 - 50, dy = (i * 53) % 81 - 40;
            List<double[]> polys = new ArrayList<>();
            for (JsonNode poly : a.get("segmentation")) {
                double[] xy = new double[poly.size()];
                for (int k = 0; k < xy.length; k += 2) {
                    xy[k] = poly.get(k).asDouble() + dx;
                    xy[k + 1] = poly.get(k + 1).asDouble() + dy;
                }
                polys.add(xy);
            }
            w.polygons.add(polys);
        }
        return w;
    }

    /** The 1000 masks, {@code merge(frPyObjects(polys, 480, 640))} each. */
    public Rle[] masks() {
        Rle[] r = new Rle[N];
        for (int i = 0; i < N; i++) r[i] = Rle.fromPolygons(polygons.get(i), H, W);
        return r;
    }
}
