package org.tessera.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.tessera.core.instances.Instances;
import org.tessera.core.mask.Mask;
import org.tessera.core.mask.Polygons;
import org.tessera.core.mask.Rle;

/**
 * {@link Mask}, {@link Polygons} and {@link Instances} on the 1000-mask workload of shared/golden/BASELINES.md §3
 * (830 non-crowd polygon annotations of coco_val2014_100, mask i = annotation {@code (i*7) % 830} shifted by
 * {@code ((i*37)%101 - 50, (i*53)%81 - 40)} on a 480x640 canvas). One batch of 1000 (or 1000x1000) per invocation.
 * {@code *Rle} methods use masks held as RLEs, {@code *Crop} ones masks held as cropped bitmaps.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar MaskBench -f 1 -wi 2 -i 3 -Dtessera.shared=...}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
public class MaskBench {
    static final int N = 1000, H = 480, W = 640;

    Mask[] rle;
    Mask[] crop;
    Mask.Bitmap[] bitmaps = new Mask.Bitmap[N];
    Instances instances;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        String root = System.getProperty("tessera.shared", "../shared");
        Path f = Path.of(root, "data/coco_val2014_100/instances_val2014_100.json");
        JsonNode gt = new ObjectMapper().readTree(f.toFile());
        List<JsonNode> anns = new ArrayList<>();
        for (JsonNode a : gt.get("annotations")) if (a.get("iscrowd").asInt() == 0) anns.add(a);
        if (anns.size() != 830) throw new IllegalStateException(f + ": expected 830 non-crowd annotations, found " + anns.size());
        rle = new Mask[N];
        crop = new Mask[N];
        Instances.Builder b = Instances.builder(H, W);
        for (int i = 0; i < N; i++) {
            JsonNode a = anns.get((i * 7) % anns.size());
            int dx = (i * 37) % 101 - 50, dy = (i * 53) % 81 - 40;
            List<double[]> polys = new ArrayList<>();
            for (JsonNode p : a.get("segmentation")) {
                double[] xy = new double[p.size()];
                for (int k = 0; k < xy.length; k += 2) {
                    xy[k] = p.get(k).asDouble() + dx;
                    xy[k + 1] = p.get(k + 1).asDouble() + dy;
                }
                polys.add(xy);
            }
            Rle r = Rle.fromPolygons(polys, H, W);
            rle[i] = Mask.fromRle(r);
            crop[i] = Mask.fromRle(r).withRepresentation(Mask.Representation.CROPPED_BITMAP);
            bitmaps[i] = crop[i].toCroppedBitmap();
            b.add(crop[i], a.get("category_id").asInt(), ((i * 7919) % 1000) / 1000.0);
        }
        instances = b.build();
    }

    /** pycocotools {@code iou(rles, rles, [0]*1000)}: 0.376 s (BASELINES.md §3). */
    @Benchmark
    public double[][] iouMatrixRle() {
        return Mask.iou(rle, rle, null);
    }

    /** 1000 single-pair {@link Mask#iou(Mask)} calls per row on cropped bitmaps (the path of mask NMS). */
    @Benchmark
    public double iouPairsCrop() {
        double s = 0;
        for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) s += crop[i].iou(crop[j]);
        return s;
    }

    /** Union of neighbours (pycocotools {@code merge} of pairs: 0.0049 s). */
    @Benchmark
    public void unionPairsRle(Blackhole bh) {
        for (int i = 0; i + 1 < N; i++) bh.consume(rle[i].union(rle[i + 1]));
    }

    @Benchmark
    public void unionPairsCrop(Blackhole bh) {
        for (int i = 0; i + 1 < N; i++) bh.consume(crop[i].union(crop[i + 1]));
    }

    /** RLE -> cropped bitmap for all masks (fresh masks, so nothing is cached). */
    @Benchmark
    public void rleToCrop(Blackhole bh) {
        for (Mask m : rle) bh.consume(Mask.fromRle(m.toRle()).withRepresentation(Mask.Representation.CROPPED_BITMAP));
    }

    /** Cropped bitmap -> mask (tight box scan) -> RLE for all masks. */
    @Benchmark
    public void bitmapToRle(Blackhole bh) {
        for (Mask.Bitmap b : bitmaps) bh.consume(Mask.fromBitmap(b, H, W).toRle());
    }

    @Benchmark
    public void traceExact(Blackhole bh) {
        for (Mask m : crop) bh.consume(Polygons.trace(m, 0));
    }

    /** mask -> hole-keeping COCO polygons -> mask (pycocotools rasteriser) for all masks. */
    @Benchmark
    public void polygonRoundTrip(Blackhole bh) {
        for (Mask m : crop) bh.consume(Polygons.toMask(Polygons.toCocoWithHoles(m, 0), H, W));
    }

    @Benchmark
    public void resizeHalf(Blackhole bh) {
        for (Mask m : crop) bh.consume(m.resize(H / 2, W / 2));
    }

    @Benchmark
    public Instances boxNmsClassAware() {
        return instances.nms(0.5, true);
    }

    @Benchmark
    public Instances maskNmsClassAware() {
        return instances.maskNms(0.5, true);
    }

    @Benchmark
    public Object toLabelMap() {
        return instances.toLabelMap();
    }
}
