package org.tessera.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.tessera.classic.crf.DenseCrf;
import org.tessera.classic.crf.DenseCrfConfig;
import org.tessera.core.image.FloatMap;
import org.tessera.core.image.Image;
import org.tessera.core.image.Images;
import org.tessera.core.image.PanopticMaps;
import org.tessera.core.mask.Rle;
import org.tessera.infer.Foreground;
import org.tessera.infer.Segmenter;

/**
 * CRF acceptance report: person IoU of the {@code mediapipe-selfie-256} foreground model before and after
 * {@link DenseCrf} refinement, on every image with a person of {@code data/coco_val2017_6} (COCO instance
 * annotations: polygons and crowd RLE) and {@code data/coco_panoptic_2} (panoptic PNG segments of category 1) —
 * the 4 <em>test</em> images. Ground truth = union of all person annotations (non-crowd and crowd). Prediction
 * before = alpha &gt; 0.5; after = refined person marginal &gt; 0.5 (2 labels: background 1 − p, person p; unary
 * −log p).
 *
 * <p>Protocol: the CRF parameters are <em>selected on other images</em>: the CamVid (SegNet split) train and val
 * images whose Pedestrian class (9) covers at least {@value #MIN_PEDESTRIAN_SHARE} of the image (ground truth =
 * Pedestrian; Bicyclist (10) and Void (11) pixels ignored). Every configuration of {@link #grid()} is run once on
 * that selection set; the one with the highest pooled IoU (Σ intersection / Σ union over the set) is chosen. Then
 * the model alone, the reference defaults and the chosen configuration are evaluated on the 4 test images: IoU
 * per image, mean IoU and pooled IoU, and the CRF wall time per image (minimum of {@code reps} runs after a
 * warm-up, averaged over the images).
 *
 * <p>Run (after {@code mvn -pl benchmarks -am package -DskipTests}):
 * {@code java -Dtessera.models=/work/shared/models -cp benchmarks/target/benchmarks.jar
 * org.tessera.benchmarks.CrfPersonReport /work/shared ~/.cache/tessera/data/camvid/CamVid [reps]}
 */
public final class CrfPersonReport {
    /** Share of the image the Pedestrian class must cover for a CamVid image to join the selection set. */
    static final double MIN_PEDESTRIAN_SHARE = 0.01;

    private CrfPersonReport() {
    }

    /** An evaluation image; {@code ignore} may be null (no ignored pixels). */
    record Case(String name, Image image, byte[] truth, byte[] ignore) {
        Case(String name, Image image, byte[] truth) {
            this(name, image, truth, null);
        }
    }

    public static void main(String[] args) throws Exception {
        Path shared = Path.of(args.length > 0 ? args[0] : System.getProperty("tessera.shared", "/work/shared"));
        Path camvid = Path.of(args.length > 1 ? args[1]
                : System.getProperty("user.home") + "/.cache/tessera/data/camvid/CamVid");
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        List<Case> tests = new ArrayList<>();
        tests.addAll(cocoInstances(shared.resolve("data/coco_val2017_6")));
        tests.addAll(cocoPanoptic(shared.resolve("data/coco_panoptic_2")));
        if (tests.isEmpty()) {
            throw new IllegalStateException("no person images found under " + shared);
        }
        List<Case> selection = new ArrayList<>();
        selection.addAll(camvidPedestrians(camvid, "train"));
        selection.addAll(camvidPedestrians(camvid, "val"));
        if (selection.isEmpty()) {
            throw new IllegalStateException("no CamVid image with pedestrians under " + camvid);
        }
        List<FloatMap> testAlpha = new ArrayList<>();
        List<FloatMap> selAlpha = new ArrayList<>();
        try (Segmenter seg = Segmenter.builder().model("mediapipe-selfie-256").probabilities(true).threads(2)
                .build()) {
            for (Case c : tests) {
                testAlpha.add(seg.predict(c.image()).foreground().alpha());
            }
            for (Case c : selection) {
                selAlpha.add(seg.predict(c.image()).foreground().alpha());
            }
        }

        System.out.printf("## Selection on %d CamVid images (Pedestrian >= %.0f %% of the image)%n%n",
                selection.size(), 100 * MIN_PEDESTRIAN_SHARE);
        System.out.println("| config | pooled IoU | mean IoU |");
        System.out.println("|---|---|---|");
        double[] base = scores(selection, selAlpha, null);
        System.out.printf("| model alone (alpha > 0.5) | %.4f | %.4f |%n", base[0], base[1]);
        DenseCrfConfig chosen = null;
        double chosenScore = Double.NEGATIVE_INFINITY;
        for (DenseCrfConfig cfg : grid()) {
            double[] sc = scores(selection, selAlpha, new DenseCrf(cfg));
            System.out.printf("| %s | %.4f | %.4f |%n", describe(cfg), sc[0], sc[1]);
            if (sc[0] > chosenScore) {
                chosenScore = sc[0];
                chosen = cfg;
            }
        }
        System.out.printf("%nchosen (highest pooled IoU on the selection set): %s%n%n", describe(chosen));

        System.out.println("## Test: the 4 COCO person images");
        System.out.println();
        StringBuilder head = new StringBuilder("| config |");
        StringBuilder sep = new StringBuilder("|---|");
        for (Case c : tests) {
            head.append(' ').append(c.name()).append(" (").append(c.image().width()).append('x')
                    .append(c.image().height()).append(") |");
            sep.append("---|");
        }
        head.append(" mean IoU | pooled IoU | CRF ms/image |");
        sep.append("---|---|---|");
        System.out.println(head);
        System.out.println(sep);
        testRow("model alone (alpha > 0.5)", tests, testAlpha, null, reps);
        testRow("reference defaults: " + describe(grid().get(0)), tests, testAlpha, new DenseCrf(grid().get(0)), reps);
        testRow("**selected on CamVid**: " + describe(chosen), tests, testAlpha, new DenseCrf(chosen), reps);
    }

    /** Pooled IoU and mean IoU of crf (null = the model alone) over the cases. */
    static double[] scores(List<Case> cases, List<FloatMap> alphas, DenseCrf crf) {
        long inter = 0, union = 0;
        double sum = 0;
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            FloatMap p = crf == null ? alphas.get(i) : crf.refine(c.image(), alphas.get(i));
            long[] iu = interUnion(threshold(p), c.truth(), c.ignore());
            inter += iu[0];
            union += iu[1];
            sum += iu[1] == 0 ? 1.0 : iu[0] / (double) iu[1];
        }
        return new double[] {inter / (double) union, sum / cases.size()};
    }

    static void testRow(String label, List<Case> cases, List<FloatMap> alphas, DenseCrf crf, int reps) {
        StringBuilder row = new StringBuilder("| " + label + " |");
        long inter = 0, union = 0;
        double sum = 0, msSum = 0;
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            FloatMap p = alphas.get(i);
            if (crf != null) {
                p = crf.refine(c.image(), alphas.get(i)); // warm-up, and the result
                long best = Long.MAX_VALUE;
                for (int r = 0; r < reps; r++) {
                    long t0 = System.nanoTime();
                    crf.refine(c.image(), alphas.get(i));
                    best = Math.min(best, System.nanoTime() - t0);
                }
                msSum += best / 1e6;
            }
            long[] iu = interUnion(threshold(p), c.truth(), c.ignore());
            inter += iu[0];
            union += iu[1];
            double iou = iu[1] == 0 ? 1.0 : iu[0] / (double) iu[1];
            sum += iou;
            row.append(String.format(" %.4f |", iou));
        }
        row.append(String.format(" **%.4f** | **%.4f** | %s |", sum / cases.size(), inter / (double) union,
                crf == null ? "—" : String.format("%.0f", msSum / cases.size())));
        System.out.println(row);
    }

    /**
     * CamVid (SegNet layout: split/, splitannot/ with class ids 0..11) images whose Pedestrian class covers at
     * least MIN_PEDESTRIAN_SHARE; truth = Pedestrian, ignore = Bicyclist or Void.
     */
    static List<Case> camvidPedestrians(Path root, String split) throws IOException {
        Path imgDir = root.resolve(split), annDir = root.resolve(split + "annot");
        if (!Files.isDirectory(imgDir) || !Files.isDirectory(annDir)) {
            throw new IOException(root + ": no " + split + "/ and " + split + "annot/ (CamVid, SegNet layout)");
        }
        List<Path> files;
        try (var s = Files.list(annDir)) {
            files = s.filter(f -> f.toString().endsWith(".png")).sorted().toList();
        }
        List<Case> out = new ArrayList<>();
        for (Path ann : files) {
            Image a = Images.read(ann);
            int n = a.pixelCount();
            byte[] truth = new byte[n], ignore = new byte[n];
            int ped = 0;
            for (int i = 0; i < n; i++) {
                int v = a.sample(i * a.channels());
                truth[i] = (byte) (v == 9 ? 1 : 0);
                ignore[i] = (byte) (v == 10 || v == 11 ? 1 : 0);
                ped += truth[i];
            }
            if (ped < MIN_PEDESTRIAN_SHARE * n) {
                continue;
            }
            Image img = Images.read(imgDir.resolve(ann.getFileName()));
            check(img, a.width(), a.height(), ann.toString());
            out.add(new Case(split + "/" + stem(ann.getFileName().toString()), img, truth, ignore));
        }
        return out;
    }

    /**
     * The reference defaults first (Krähenbühl's example / pydensecrf README), DeepLab v2's setting, then
     * w1 ∈ {1, 3, 5, 10} × θα ∈ {10, 30, 80} px × θβ ∈ {5, 13} with the reference smoothness kernel (w2 3, θγ 3) and
     * 5 iterations, then the smoothness kernel alone.
     */
    static List<DenseCrfConfig> grid() {
        List<DenseCrfConfig> out = new ArrayList<>();
        out.add(config(10, 80, 13, 3, 3, 5));
        out.add(config(4, 121, 5, 3, 3, 10)); // DeepLab v2 (bi_w 4, bi_xy_std 121, bi_rgb_std 5, pos 3/3, 10 it.)
        for (double w1 : new double[] {1, 3, 5, 10}) {
            for (double xy : new double[] {10, 30, 80}) {
                for (double rgb : new double[] {5, 13}) {
                    if (!(w1 == 10 && xy == 80 && rgb == 13)) {
                        out.add(config(w1, xy, rgb, 3, 3, 5));
                    }
                }
            }
        }
        out.add(config(0, 80, 13, 3, 3, 5)); // smoothness kernel alone
        return out;
    }

    static DenseCrfConfig config(double w1, double xy, double rgb, double w2, double gxy, int it) {
        DenseCrfConfig c = new DenseCrfConfig();
        c.bilateralWeight = w1;
        c.bilateralXy = xy;
        c.bilateralRgb = rgb;
        c.gaussianWeight = w2;
        c.gaussianXy = gxy;
        c.iterations = it;
        return c.validate();
    }

    static String describe(DenseCrfConfig c) {
        return String.format("w1 %s θα %s θβ %s, w2 %s θγ %s, %d it.", fmt(c.bilateralWeight), fmt(c.bilateralXy),
                fmt(c.bilateralRgb), fmt(c.gaussianWeight), fmt(c.gaussianXy), c.iterations);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    static byte[] threshold(FloatMap p) {
        float[] d = p.data();
        byte[] m = new byte[p.width() * p.height()];
        for (int i = 0; i < m.length; i++) {
            m[i] = (byte) (d[i] > 0.5f ? 1 : 0);
        }
        return m;
    }

    /** Intersection and union of two 0/1 masks over the pixels not ignored (ignore may be null). */
    static long[] interUnion(byte[] a, byte[] b, byte[] ignore) {
        long inter = 0, union = 0;
        for (int i = 0; i < a.length; i++) {
            if (ignore != null && ignore[i] != 0) {
                continue;
            }
            inter += a[i] & b[i];
            union += a[i] | b[i];
        }
        return new long[] {inter, union};
    }

    /** Images with at least one person (category 1) annotation; truth = union of all of them, row-major. */
    static List<Case> cocoInstances(Path dir) throws IOException {
        JsonNode root = readJson(dir.resolve("annotations.json"));
        List<Case> out = new ArrayList<>();
        for (JsonNode im : root.get("images")) {
            long id = im.get("id").asLong();
            int w = im.get("width").asInt(), h = im.get("height").asInt();
            List<Rle> persons = new ArrayList<>();
            for (JsonNode a : root.get("annotations")) {
                if (a.get("image_id").asLong() != id || a.get("category_id").asInt() != 1) {
                    continue;
                }
                JsonNode s = a.get("segmentation");
                if (s.isArray()) {
                    List<double[]> polys = new ArrayList<>();
                    for (JsonNode poly : s) {
                        double[] xy = new double[poly.size()];
                        for (int k = 0; k < xy.length; k++) {
                            xy[k] = poly.get(k).asDouble();
                        }
                        polys.add(xy);
                    }
                    persons.add(Rle.fromPolygons(polys, h, w));
                } else if (s.get("counts").isArray()) {
                    JsonNode cn = s.get("counts");
                    int[] counts = new int[cn.size()];
                    for (int k = 0; k < counts.length; k++) {
                        counts[k] = cn.get(k).asInt();
                    }
                    persons.add(Rle.fromCounts(h, w, counts));
                } else {
                    persons.add(Rle.fromString(s.get("counts").asText(), h, w));
                }
            }
            if (persons.isEmpty()) {
                continue;
            }
            Image img = Images.read(dir.resolve("images").resolve(im.get("file_name").asText()));
            check(img, w, h, im.get("file_name").asText());
            out.add(new Case(stem(im.get("file_name").asText()), img,
                    Rle.merge(persons, false).decodeRowMajor()));
        }
        return out;
    }

    /** Panoptic examples: truth = pixels of every segment with category 1 (things, crowd included). */
    static List<Case> cocoPanoptic(Path dir) throws IOException {
        JsonNode root = readJson(dir.resolve("panoptic_examples.json"));
        List<Case> out = new ArrayList<>();
        for (JsonNode ann : root.get("annotations")) {
            Set<Integer> ids = new HashSet<>();
            for (JsonNode s : ann.get("segments_info")) {
                if (s.get("category_id").asInt() == 1) {
                    ids.add(s.get("id").asInt());
                }
            }
            if (ids.isEmpty()) {
                continue;
            }
            String png = ann.get("file_name").asText();
            int[] pan = PanopticMaps.readIds(dir.resolve("panoptic_examples").resolve(png)).data();
            byte[] truth = new byte[pan.length];
            for (int i = 0; i < pan.length; i++) {
                truth[i] = (byte) (ids.contains(pan[i]) ? 1 : 0);
            }
            String jpg = stem(png) + ".jpg";
            Image img = Images.read(dir.resolve("input_images").resolve(jpg));
            if (img.pixelCount() != pan.length) {
                throw new IllegalStateException(jpg + ": image has " + img.pixelCount() + " pixels, panoptic PNG "
                        + pan.length);
            }
            out.add(new Case(stem(png), img, truth));
        }
        return out;
    }

    private static void check(Image img, int w, int h, String name) {
        if (img.width() != w || img.height() != h) {
            throw new IllegalStateException(name + ": image is " + img.width() + "x" + img.height()
                    + ", annotations say " + w + "x" + h);
        }
    }

    private static String stem(String file) {
        int dot = file.lastIndexOf('.');
        return dot < 0 ? file : file.substring(0, dot);
    }

    private static JsonNode readJson(Path p) throws IOException {
        if (!Files.isRegularFile(p)) {
            throw new IOException(p + ": not found");
        }
        return new ObjectMapper().readTree(p.toFile());
    }
}
