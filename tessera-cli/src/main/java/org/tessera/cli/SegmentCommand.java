package org.tessera.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tessera.classic.abst.InstanceSegmenter;
import org.tessera.classic.abst.RegionSegmenter;
import org.tessera.classic.binary.ConnectedComponents;
import org.tessera.classic.binary.Connectivity;
import org.tessera.classic.binary.Labeling;
import org.tessera.classic.cluster.KMeansConfig;
import org.tessera.classic.cluster.SuperpixelConfig;
import org.tessera.classic.edge.EdgeRegionsConfig;
import org.tessera.classic.factory.FactoryClassic;
import org.tessera.classic.region.DistanceWatershedConfig;
import org.tessera.classic.region.RegionGrowing;
import org.tessera.classic.threshold.GlobalThresholdConfig;
import org.tessera.classic.threshold.LocalThresholdConfig;
import org.tessera.classic.threshold.ThresholdMethod;
import org.tessera.core.image.Image;
import org.tessera.core.image.Images;
import org.tessera.core.image.LabelMaps;
import org.tessera.core.instances.Instances;
import org.tessera.core.io.AtomicFiles;
import org.tessera.core.label.LabelMap;
import org.tessera.core.mask.Rle;
import org.tessera.viz.Overlay;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tessera segment}: classical (model-free) segmentation of images with the {@code tessera-classic} module.
 * Per image it writes {@code <stem>_labels.png} (palette PNG; 16-bit gray above 255 labels), {@code
 * <stem>_overlay.png} and, for the instance-like methods (global / local thresholds followed by connected
 * components, the distance-transform watershed, seeded region growing), {@code <stem>_instances.json}: COCO results
 * (RLE masks, category 1, score 1, {@code image_id} = the image's 1-based position in the input list).
 *
 * <p>Default method (no {@code --method}): SLIC superpixels on a color image (3+ channels whose color channels
 * differ somewhere), Otsu + distance-transform watershed on a gray image (1 channel, or R = G = B everywhere), the
 * objects being the minority side of the threshold. Options a method does not use are refused.
 */
@Command(name = "segment", mixinStandardHelpOptions = true, description = {"Classical segmentation (thresholds, watershed, superpixels, k-means, edges).",
        "Default method: slic for color images, watershed (Otsu + distance-transform split) for gray images."})
final class SegmentCommand implements Callable<Integer> {
    /** The methods, with the options each one accepts. */
    enum Method {
        otsu(Kind.THRESHOLD, "--dark", "--min-area"),
        multiotsu(Kind.REGIONS, "--classes"),
        li(Kind.THRESHOLD, "--dark", "--min-area"),
        yen(Kind.THRESHOLD, "--dark", "--min-area"),
        triangle(Kind.THRESHOLD, "--dark", "--min-area"),
        isodata(Kind.THRESHOLD, "--dark", "--min-area"),
        mean(Kind.THRESHOLD, "--dark", "--min-area"),
        minimum(Kind.THRESHOLD, "--dark", "--min-area"),
        adaptive(Kind.THRESHOLD, "--dark", "--min-area", "--window", "--scale"),
        niblack(Kind.THRESHOLD, "--dark", "--min-area", "--window", "--k"),
        sauvola(Kind.THRESHOLD, "--dark", "--min-area", "--window", "--k"),
        watershed(Kind.INSTANCES, "--dark", "--min-area", "--threshold", "--h", "--min-distance"),
        region_grow(Kind.INSTANCES, "--seeds", "--tolerance", "--min-area"),
        kmeans(Kind.REGIONS, "--k", "--seed", "--spatial-weight"),
        slic(Kind.REGIONS, "--regions", "--compactness"),
        felzenszwalb(Kind.REGIONS, "--k", "--min-area"),
        meanshift(Kind.REGIONS, "--min-area", "--spatial-radius", "--color-radius"),
        edges(Kind.REGIONS, "--min-area", "--low", "--high");

        final Kind kind;
        final List<String> options;

        Method(Kind kind, String... options) {
            this.kind = kind;
            this.options = List.of(options);
        }

        String cliName() {
            return name().replace('_', '-');
        }

        static Method parse(String s) {
            for (Method m : values()) if (m.cliName().equals(s.toLowerCase(Locale.ROOT))) return m;
            List<String> names = new ArrayList<>();
            for (Method m : values()) names.add(m.cliName());
            throw new IllegalArgumentException("unknown --method '" + s + "' (expected one of " + String.join(", ", names) + ")");
        }
    }

    /** What a method produces: a two-class map split into connected components, instances, or a region map. */
    enum Kind { THRESHOLD, INSTANCES, REGIONS }

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Images (files or folders).")
    List<Path> inputs;

    @Option(names = "--out", required = true, description = "Output folder.")
    Path out;

    @Option(names = "--method", description = "otsu, multiotsu, li, yen, triangle, isodata, mean, minimum, adaptive, niblack, "
            + "sauvola, watershed, region-grow, kmeans, slic, felzenszwalb, meanshift, edges (default: slic for color, watershed for gray).")
    String method;

    @Option(names = "--classes", description = "multiotsu: number of classes, 2..5 (default 3).") Integer classes;
    @Option(names = "--k", description = "kmeans: clusters (default 4); felzenszwalb: scale (default 300); niblack/sauvola: std weight (default 0.2).") Double k;
    @Option(names = {"--regions", "--segments"}, description = "slic: requested number of superpixels (default 200).") Integer regions;
    @Option(names = "--compactness", description = "slic: spatial weight against color (default 200 = compactness m 10 in CIELAB; larger = more compact).") Double compactness;
    @Option(names = "--min-area", description = "Smallest object / region in pixels (thresholds, watershed, region-grow: drop; felzenszwalb, meanshift, edges: merge).") Integer minArea;
    @Option(names = "--seed", description = "kmeans: random seed (default 1).") Long seed;
    @Option(names = "--window", description = "adaptive/niblack/sauvola: odd window width in pixels (default 15).") Integer window;
    @Option(names = "--scale", description = "adaptive: multiplier of the local Gaussian mean (default 1).") Double scale;
    @Option(names = "--tolerance", description = "region-grow: largest color distance to the region mean (default 20).") Double tolerance;
    @Option(names = "--seeds", description = "region-grow: seed points 'x,y;x,y;...' (pixels, 0-based).") String seeds;
    @Option(names = "--dark", description = "Objects are darker than the background (thresholds; watershed: instead of the minority side).") boolean dark;
    @Option(names = "--threshold", description = "watershed: global threshold method otsu, li, yen, triangle, isodata, mean, minimum (default otsu).") String threshold;
    @Option(names = "--h", description = "watershed: h-maxima dynamic of the distance map, pixels (default 1).") Double hMax;
    @Option(names = "--min-distance", description = "watershed: use distance peaks at least this far apart (pixels) instead of h-maxima.") Integer minDistance;
    @Option(names = "--spatial-weight", description = "kmeans: weight of x, y in the clustering (default 0).") Double spatialWeight;
    @Option(names = "--spatial-radius", description = "meanshift: spatial radius in pixels (default 6).") Integer spatialRadius;
    @Option(names = "--color-radius", description = "meanshift: color radius in sample units (default 15).") Double colorRadius;
    @Option(names = "--low", description = "edges: Canny low threshold, relative (default 0.05).") Double low;
    @Option(names = "--high", description = "edges: Canny high threshold, relative (default 0.15).") Double high;

    /** One image's result: a label map (classes or regions) and, for instance-like methods, the instances. */
    record Result(LabelMap labels, Labeling instances) {}

    @Override
    public Integer call() throws Exception {
        Method fixed = method == null ? null : Method.parse(method);
        if (fixed != null) checkOptions(fixed);
        else checkOptionsForDefault();
        List<Path> images = ImageFiles.expand(inputs);
        if (images.isEmpty()) throw new BadInputException("no images found in " + inputs);
        long t0 = System.nanoTime();
        int totalInstances = 0;
        int totalRegions = 0;
        try (Progress progress = new Progress("images", images.size())) {
            for (int i = 0; i < images.size(); i++) {
                Path file = images.get(i);
                Image img = Images.read(file);
                Method m = fixed != null ? fixed : defaultMethod(img);
                Result r;
                try {
                    r = segment(img, m, fixed == null);
                } catch (IllegalArgumentException | IllegalStateException e) {
                    throw new BadInputException(file.getFileName() + ": " + m.cliName() + ": " + e.getMessage());
                }
                String stem = ImageFiles.stem(file);
                Files.createDirectories(out);
                LabelMap lm = r.labels();
                int labelCount = maxLabel(lm) + 1;
                if (labelCount <= 256) lm = lm.withPalette(PredictCommand.palette(256));
                LabelMaps.writePng(lm, out.resolve(stem + "_labels.png"));
                Image base = img.is16Bit() ? img.to8Bit() : img;
                Image overlay;
                if (r.instances() != null) {
                    Instances inst = r.instances().toInstances(new int[] {1});
                    overlay = Overlay.instances(base, inst, id -> "object", null, new Overlay.Options(0.5, true, false, false, false));
                    writeResults(out.resolve(stem + "_instances.json"), i + 1, inst);
                    totalInstances += inst.size();
                    System.out.printf(Locale.ROOT, "%s: %s, %d instances%n", file.getFileName(), m.cliName(), inst.size());
                } else {
                    boolean legend = labelCount <= 16;
                    overlay = Overlay.labelMap(base, lm, lm.palette(), null, new Overlay.Options(0.45, true, false, false, legend));
                    totalRegions += distinctLabels(lm);
                    System.out.printf(Locale.ROOT, "%s: %s, %d regions%n", file.getFileName(), m.cliName(), distinctLabels(lm));
                }
                Images.writePng(overlay, out.resolve(stem + "_overlay.png"));
                progress.step();
            }
        }
        System.out.printf(Locale.ROOT, "%d images, %d instances, %d regions, %.2f s; outputs in %s%n", images.size(),
                totalInstances, totalRegions, (System.nanoTime() - t0) / 1e9, out);
        return 0;
    }

    /**
     * The default method for an image: slic when it has color (3+ channels and some pixel whose R, G, B differ),
     * else watershed (Otsu + distance-transform split, objects = the minority side of the threshold).
     */
    static Method defaultMethod(Image img) {
        return hasColor(img) ? Method.slic : Method.watershed;
    }

    static boolean hasColor(Image img) {
        int c = img.channels();
        if (c < 3) return false;
        int n = img.pixelCount();
        for (int p = 0; p < n; p++) {
            int r = img.sample(p * c), g = img.sample(p * c + 1), b = img.sample(p * c + 2);
            if (r != g || g != b) return true;
        }
        return false;
    }

    /** Refuses options the method does not use (one line naming the option and the method). */
    private void checkOptions(Method m) {
        for (Map.Entry<String, Boolean> e : given().entrySet()) {
            if (e.getValue() && !m.options.contains(e.getKey())) {
                throw new BadInputException(e.getKey() + " is not used by --method " + m.cliName()
                        + (m.options.isEmpty() ? "" : " (its options: " + String.join(", ", m.options) + ")"));
            }
        }
    }

    /** Without --method the method depends on the image, so only options both defaults share are allowed. */
    private void checkOptionsForDefault() {
        for (Map.Entry<String, Boolean> e : given().entrySet()) {
            if (e.getValue()) {
                throw new BadInputException(e.getKey() + " needs an explicit --method (the default depends on the image: "
                        + "slic for color, watershed for gray)");
            }
        }
    }

    private Map<String, Boolean> given() {
        Map<String, Boolean> g = new LinkedHashMap<>();
        g.put("--classes", classes != null);
        g.put("--k", k != null);
        g.put("--regions", regions != null);
        g.put("--compactness", compactness != null);
        g.put("--min-area", minArea != null);
        g.put("--seed", seed != null);
        g.put("--window", window != null);
        g.put("--scale", scale != null);
        g.put("--tolerance", tolerance != null);
        g.put("--seeds", seeds != null);
        g.put("--dark", dark);
        g.put("--threshold", threshold != null);
        g.put("--h", hMax != null);
        g.put("--min-distance", minDistance != null);
        g.put("--spatial-weight", spatialWeight != null);
        g.put("--spatial-radius", spatialRadius != null);
        g.put("--color-radius", colorRadius != null);
        g.put("--low", low != null);
        g.put("--high", high != null);
        return g;
    }

    private static int intK(double v, String what) {
        if (v != Math.rint(v) || v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
            throw new BadInputException("--k must be an integer for " + what + ", got " + v);
        }
        return (int) v;
    }

    /** Runs one method on one image (configs validated by the classic module: bad values throw one line). */
    Result segment(Image img, Method m, boolean isDefault) {
        int area = minArea == null ? 0 : minArea;
        if (area < 0) throw new IllegalArgumentException("--min-area must be >= 0, got " + area);
        switch (m) {
            case otsu, li, yen, triangle, isodata, mean, minimum -> {
                GlobalThresholdConfig c = new GlobalThresholdConfig(ThresholdMethod.parse(m.name()));
                c.darkForeground = dark;
                return thresholded(FactoryClassic.globalThreshold(c).segment(img), area);
            }
            case adaptive, niblack, sauvola -> {
                LocalThresholdConfig c = new LocalThresholdConfig();
                c.method = switch (m) {
                    case adaptive -> LocalThresholdConfig.Method.GAUSSIAN;
                    case niblack -> LocalThresholdConfig.Method.NIBLACK;
                    default -> LocalThresholdConfig.Method.SAUVOLA;
                };
                if (window != null) c.windowSize = window;
                if (k != null) c.k = k;
                if (scale != null) c.scale = scale;
                c.darkForeground = dark;
                return thresholded(FactoryClassic.localThreshold(c).segment(img), area);
            }
            case multiotsu -> {
                GlobalThresholdConfig c = new GlobalThresholdConfig(ThresholdMethod.OTSU);
                c.classes = classes == null ? 3 : classes;
                return new Result(FactoryClassic.globalThreshold(c).segment(img), null);
            }
            case watershed -> {
                DistanceWatershedConfig c = new DistanceWatershedConfig();
                if (threshold != null) c.threshold = ThresholdMethod.parse(threshold);
                if (dark) c.polarity = DistanceWatershedConfig.Polarity.DARK;
                if (minArea != null) {
                    c.minObjectArea = minArea;
                    c.minInstanceArea = minArea;
                }
                if (hMax != null) c.h = hMax;
                if (minDistance != null) {
                    c.markers = DistanceWatershedConfig.MarkerMethod.PEAKS;
                    c.minDistance = minDistance;
                }
                InstanceSegmenter s = FactoryClassic.distanceWatershed(c);
                return instances(s.label(img));
            }
            case region_grow -> {
                if (seeds == null) throw new BadInputException("--method region-grow needs --seeds 'x,y;x,y;...'");
                double tol = tolerance == null ? 20 : tolerance;
                int[] markers = parseSeeds(seeds, img.width(), img.height());
                Image src = img.channels() == 4 ? img.toRgb() : img.channels() == 2 ? img.toGray() : img;
                Labeling l = src.is16Bit()
                        ? RegionGrowing.grow(src.shorts(), src.channels(), src.width(), src.height(), markers, tol, Connectivity.EIGHT)
                        : RegionGrowing.grow(src.bytes(), src.channels(), src.width(), src.height(), markers, tol, Connectivity.EIGHT);
                if (area > 0) l = l.filterByArea(area, Integer.MAX_VALUE);
                return instances(l);
            }
            case kmeans -> {
                KMeansConfig c = new KMeansConfig();
                if (k != null) c.k = intK(k, "kmeans");
                if (seed != null) c.seed = seed;
                if (spatialWeight != null) c.spatialWeight = spatialWeight;
                return new Result(FactoryClassic.kMeans(c).segment(img), null);
            }
            case slic, felzenszwalb, meanshift -> {
                SuperpixelConfig c = new SuperpixelConfig(switch (m) {
                    case slic -> SuperpixelConfig.Method.SLIC;
                    case felzenszwalb -> SuperpixelConfig.Method.FELZENSZWALB;
                    default -> SuperpixelConfig.Method.MEAN_SHIFT;
                });
                if (regions != null) c.regions = regions;
                if (compactness != null) c.spatialWeight = compactness;
                if (k != null) c.k = k;
                if (minArea != null) c.minimumSize = minArea;
                if (spatialRadius != null) c.spatialRadius = spatialRadius;
                if (colorRadius != null) c.colorRadius = colorRadius;
                // the default method must work on any image: 16-bit is reduced to 8-bit (an explicit --method slic
                // on a 16-bit image is refused by the classic module instead)
                Image src = isDefault && img.is16Bit() ? img.to8Bit() : img;
                return new Result(FactoryClassic.superpixels(c).segment(src), null);
            }
            case edges -> {
                EdgeRegionsConfig c = new EdgeRegionsConfig();
                if (minArea != null) c.minRegionArea = minArea;
                if (low != null) c.low = low;
                if (high != null) c.high = high;
                return new Result(FactoryClassic.edgeRegions(c).segment(img), null);
            }
            default -> throw new IllegalStateException("unhandled method " + m);
        }
    }

    /** A 0/1 map and its 8-connected foreground components (components under {@code minArea} px dropped). */
    private Result thresholded(LabelMap binary, int minArea) {
        short[] d = binary.data();
        byte[] mask = new byte[d.length];
        for (int i = 0; i < d.length; i++) mask[i] = (byte) (d[i] == 1 ? 1 : 0);
        Labeling l = ConnectedComponents.label(mask, binary.width(), binary.height(), Connectivity.EIGHT);
        if (minArea > 0) l = l.filterByArea(minArea, Integer.MAX_VALUE);
        Method m = Method.otsu; // kind only matters for reporting; the caller reports its own method
        return new Result(binary, l);
    }

    private static Result instances(Labeling l) {
        return new Result(l.toLabelMap(), l);
    }

    /** Parses "x,y;x,y" into a marker image (seed k = region k). */
    static int[] parseSeeds(String s, int w, int h) {
        int[] markers = new int[w * h];
        String[] parts = s.split(";");
        int id = 0;
        for (String part : parts) {
            if (part.isBlank()) continue;
            String[] xy = part.split(",");
            int x, y;
            try {
                if (xy.length != 2) throw new NumberFormatException();
                x = Integer.parseInt(xy[0].strip());
                y = Integer.parseInt(xy[1].strip());
            } catch (NumberFormatException e) {
                throw new BadInputException("--seeds: '" + part + "' is not 'x,y' (integers)");
            }
            if (x < 0 || y < 0 || x >= w || y >= h) {
                throw new BadInputException("--seeds: point " + x + "," + y + " is outside the " + w + "x" + h + " image");
            }
            markers[y * w + x] = ++id;
        }
        if (id == 0) throw new BadInputException("--seeds: no seed points given");
        return markers;
    }

    private static int maxLabel(LabelMap lm) {
        int max = 0;
        for (short v : lm.data()) max = Math.max(max, v & 0xFFFF);
        return max;
    }

    private static int distinctLabels(LabelMap lm) {
        boolean[] seen = new boolean[65536];
        int n = 0;
        for (short v : lm.data()) {
            int l = v & 0xFFFF;
            if (!seen[l]) {
                seen[l] = true;
                n++;
            }
        }
        return n;
    }

    /** COCO results for one image: RLE masks, category 1, score 1. */
    static void writeResults(Path file, int imageId, Instances inst) throws IOException {
        AtomicFiles.write(file, o -> {
            try (JsonGenerator g = new JsonFactory().createGenerator(o, JsonEncoding.UTF8)) {
                g.writeStartArray();
                for (int k = 0; k < inst.size(); k++) {
                    Rle r = inst.mask(k).toRle();
                    g.writeStartObject();
                    g.writeNumberField("image_id", imageId);
                    g.writeNumberField("category_id", inst.categoryId(k));
                    g.writeNumberField("score", inst.score(k));
                    g.writeArrayFieldStart("bbox");
                    for (double v : inst.box(k)) g.writeNumber(v);
                    g.writeEndArray();
                    g.writeNumberField("area", r.area());
                    CocoFields.segmentation(g, r);
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
        });
    }
}
