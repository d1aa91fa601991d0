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
 * annotations: polygons and crowd RLE) and {@code data/coco_panoptic_2} (panoptic PNG segments of category 1).
 * Ground truth = union of all person annotations (non-crowd and crowd). Prediction before = alpha &gt; 0.5;
 * after = refined person marginal &gt; 0.5 (2 labels: background 1 − p, person p; unary −log p).
 *
 * <p>Prints, for each CRF configuration of a small grid around the reference defaults, the IoU per image, the
 * mean, and the CRF wall time per image (minimum of {@code reps} runs after one warm-up).
 *
 * <p>Run (after {@code mvn -pl benchmarks -am package -DskipTests}):
 * {@code java -Dtessera.models=/work/shared/models -cp benchmarks/target/benchmarks.jar
 * org.tessera.benchmarks.CrfPersonReport /work/shared [reps]}
 */
public final class CrfPersonReport {
    private CrfPersonReport() {
    }

    record Case(String name, Image image, byte[] truth) {
    }

    public static void main(String[] args) throws Exception {
        Path shared = Path.of(args.length > 0 ? args[0] : System.getProperty("tessera.shared", "/work/shared"));
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<Case> cases = new ArrayList<>();
        cases.addAll(cocoInstances(shared.resolve("data/coco_val2017_6")));
        cases.addAll(cocoPanoptic(shared.resolve("data/coco_panoptic_2")));
        if (cases.isEmpty()) {
            throw new IllegalStateException("no person images found under " + shared);
        }
        List<FloatMap> alphas = new ArrayList<>();
        try (Segmenter seg = Segmenter.builder().model("mediapipe-selfie-256").probabilities(true).threads(2)
                .build()) {
            for (Case c : cases) {
                Foreground fg = seg.predict(c.image()).foreground();
                alphas.add(fg.alpha());
            }
        }
        StringBuilder head = new StringBuilder("| config |");
        StringBuilder sep = new StringBuilder("|---|");
        for (Case c : cases) {
            head.append(' ').append(c.name()).append(" (").append(c.image().width()).append('x')
                    .append(c.image().height()).append(") |");
            sep.append("---|");
        }
        head.append(" mean IoU | CRF ms/image (mean of per-image min) |");
        sep.append("---|---|");
        System.out.println(head);
        System.out.println(sep);
        StringBuilder row = new StringBuilder("| model alone (alpha > 0.5) |");
        double sum = 0;
        for (int i = 0; i < cases.size(); i++) {
            double iou = iou(threshold(alphas.get(i)), cases.get(i).truth());
            sum += iou;
            row.append(String.format(" %.4f |", iou));
        }
        row.append(String.format(" **%.4f** | — |", sum / cases.size()));
        System.out.println(row);
        for (DenseCrfConfig cfg : grid()) {
            DenseCrf crf = new DenseCrf(cfg);
            row = new StringBuilder("| " + describe(cfg) + " |");
            sum = 0;
            double msSum = 0;
            for (int i = 0; i < cases.size(); i++) {
                Case c = cases.get(i);
                FloatMap refined = crf.refine(c.image(), alphas.get(i)); // warm-up, and the result
                long best = Long.MAX_VALUE;
                for (int r = 0; r < reps; r++) {
                    long t0 = System.nanoTime();
                    crf.refine(c.image(), alphas.get(i));
                    best = Math.min(best, System.nanoTime() - t0);
                }
                msSum += best / 1e6;
                double iou = iou(threshold(refined), c.truth());
                sum += iou;
                row.append(String.format(" %.4f |", iou));
            }
            row.append(String.format(" **%.4f** | %.0f |", sum / cases.size(), msSum / cases.size()));
            System.out.println(row);
        }
    }

    /** The reference defaults first, then a grid within the ranges of Krähenbühl's example and DeepLab. */
    static List<DenseCrfConfig> grid() {
        List<DenseCrfConfig> out = new ArrayList<>();
        out.add(config(10, 80, 13, 3, 3, 5)); // Krähenbühl's example / pydensecrf README (the class defaults)
        out.add(config(4, 121, 5, 3, 3, 10)); // DeepLab v2 (bi_w 4, bi_xy_std 121, bi_rgb_std 5, pos 3/3, 10 it.)
        for (double w1 : new double[] {4, 5}) {
            for (double xy : new double[] {50, 80}) {
                for (double rgb : new double[] {3, 5, 13}) {
                    for (int it : new int[] {5, 10}) {
                        out.add(config(w1, xy, rgb, 3, 3, it));
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

    static double iou(byte[] a, byte[] b) {
        long inter = 0, union = 0;
        for (int i = 0; i < a.length; i++) {
            inter += a[i] & b[i];
            union += a[i] | b[i];
        }
        return union == 0 ? 1.0 : inter / (double) union;
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
