package org.tessera.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.tessera.core.image.Image;
import org.tessera.core.image.Images;
import org.tessera.core.panoptic.PanopticMap;
import org.tessera.data.Annotation;
import org.tessera.data.Dataset;
import org.tessera.data.DatasetFormat;
import org.tessera.data.DatasetStatistics;
import org.tessera.data.DatasetValidator;
import org.tessera.data.GroundTruth;
import org.tessera.data.Problem;
import org.tessera.data.Sample;
import org.tessera.data.Splits;
import org.tessera.data.coco.CocoDataset;
import org.tessera.viz.Colors;
import org.tessera.viz.ContactSheet;
import org.tessera.viz.Overlay;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tessera dataset validate | info | split | show}: check, summarise, split and look at a data set. */
@Command(name = "dataset", mixinStandardHelpOptions = true, description = "Validate, summarise, split and view data sets (formats: coco, coco-panoptic, voc, cityscapes, camvid, ade20k, yolo, labelme, labelmaps, dsb-kaggle; detected when --format is omitted).",
        subcommands = {DatasetCommand.Validate.class, DatasetCommand.Info.class, DatasetCommand.Split.class, DatasetCommand.Show.class})
final class DatasetCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Source path + format + reading options. */
    static final class Source {
        @Parameters(index = "0", paramLabel = "DIR|FILE", description = "The data set: a COCO / COCO panoptic JSON (or the folder holding it), a YOLO data.yaml, or a data-set folder.")
        Path path;

        @Option(names = "--format", description = "Data-set format (default: detected from the layout).")
        String format;

        @Mixin
        DataSources.ReadArgs read = new DataSources.ReadArgs();

        DatasetFormat format() throws IOException {
            DataSources.requireExists(path);
            DataSources.Resolved r = DataSources.resolve(format, path, "--format");
            path = r.path();
            return r.format();
        }

        Dataset open() throws IOException {
            DatasetFormat f = format(); // resolves path first (a folder may stand for its COCO JSON)
            return DataSources.open(path, f, read.options());
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true, description = {"List every problem of a data set, each with its file and item (image id, annotation id).",
            "Exit code: 0 when there is no problem, 2 when there is at least one (or the data set cannot be read at all)."})
    static final class Validate implements Callable<Integer> {
        @Mixin
        Source src = new Source();

        @Option(names = "--no-images", description = "Do not open image files (skips missing-image and image-size checks).")
        boolean noImages;

        @Option(names = "--no-masks", description = "Do not rasterise masks or read label maps (faster; skips empty-mask and label-map checks).")
        boolean noMasks;

        @Override
        public Integer call() throws IOException {
            DatasetFormat f = src.format();
            List<Problem> problems = DatasetValidator.validate(src.path, f, src.read.options(), new DatasetValidator.Options(!noImages, !noMasks));
            PrintStream o = System.out;
            for (Problem p : problems) o.println(p);
            long errors = problems.stream().filter(p -> p.severity() == Problem.Severity.ERROR).count();
            if (problems.isEmpty()) {
                o.println(src.path + " (" + f.cliName() + "): no problems");
                return 0;
            }
            o.println(src.path + " (" + f.cliName() + "): " + problems.size() + " problem" + (problems.size() == 1 ? "" : "s")
                    + " (" + errors + " errors, " + (problems.size() - errors) + " warnings)");
            return Main.EXIT_BAD_INPUT;
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true, description = "Images, image sizes, class and instance histograms, crowd count and number of problems of a data set.")
    static final class Info implements Callable<Integer> {
        @Mixin
        Source src = new Source();

        @Option(names = "--no-validate", description = "Skip validation (the problems count).")
        boolean noValidate;

        @Option(names = "--top", defaultValue = "50", description = "At most this many rows per table (default: ${DEFAULT-VALUE}).")
        int top;

        @Override
        public Integer call() throws IOException {
            DatasetFormat f = src.format();
            Dataset d = DataSources.open(src.path, f, src.read.options());
            DatasetStatistics st;
            try (Progress p = new Progress("images", d.size())) {
                st = DatasetStatistics.of(DataSources.withProgress(d, p), d.groundTruth().contains(GroundTruth.SEMANTIC));
            }
            PrintStream o = System.out;
            o.printf(Locale.ROOT, "%s: %s, %d images (%d annotated), %d categories, ground truth: %s%n", src.path, f.cliName(),
                    st.images(), st.annotatedImages(), d.categories().size(), d.groundTruth().stream().sorted().map(g -> g.name().toLowerCase(Locale.ROOT)).toList());
            o.printf(Locale.ROOT, "annotations: %d (%d crowd)%n", st.annotations(), st.crowd());
            o.println("image sizes (WxH: images):");
            List<Map.Entry<String, Long>> sizes = new ArrayList<>(st.sizes().entrySet());
            sizes.sort((a, b) -> a.getValue().equals(b.getValue()) ? a.getKey().compareTo(b.getKey()) : Long.compare(b.getValue(), a.getValue()));
            for (int i = 0; i < sizes.size() && i < top; i++) o.printf("  %-11s %d%n", sizes.get(i).getKey(), sizes.get(i).getValue());
            if (sizes.size() > top) o.printf("  ... %d more sizes%n", sizes.size() - top);
            java.util.Set<Integer> ids = new java.util.TreeSet<>();
            ids.addAll(st.instancesPerCategory().keySet());
            ids.addAll(st.imagesPerCategory().keySet());
            ids.addAll(st.pixelsPerClass().keySet());
            boolean pixels = !st.pixelsPerClass().isEmpty();
            long totalPixels = st.pixelsPerClass().values().stream().mapToLong(Long::longValue).sum();
            o.println("categories present:");
            o.println(pixels ? "     id  name                   instances  images        pixels  fraction"
                    : "     id  name                   instances  images");
            int shown = 0;
            for (int id : ids) {
                if (shown++ >= top) {
                    o.printf("  ... %d more categories%n", ids.size() - top);
                    break;
                }
                String name = DataSources.name(d, id);
                o.printf(Locale.ROOT, "  %5d  %-22s %9d %7d", id, name.length() > 22 ? name.substring(0, 21) + "…" : name,
                        st.instancesPerCategory().getOrDefault(id, 0L), st.imagesPerCategory().getOrDefault(id, 0L));
                if (pixels) {
                    long px = st.pixelsPerClass().getOrDefault(id, 0L);
                    o.printf(Locale.ROOT, " %13d  %8.4f", px, totalPixels == 0 ? 0.0 : (double) px / totalPixels);
                }
                o.println();
            }
            int absent = 0;
            for (var c : d.categories()) if (!ids.contains(c.id())) absent++;
            if (absent > 0) o.printf("  (%d declared categories do not occur)%n", absent);
            if (!noValidate) {
                List<Problem> problems = DatasetValidator.validate(d, DatasetValidator.Options.all());
                o.printf("problems: %d%s%n", problems.size(), problems.isEmpty() ? "" : " (list them with 'tessera dataset validate')");
            }
            return 0;
        }
    }

    @Command(name = "split", mixinStandardHelpOptions = true, description = {"Split a data set deterministically (same data, ratios and seed -> same split on every machine).",
            "Writes <name>.txt per split (one image file name per line, as VOC ImageSets / YOLO lists) and, for a COCO source,",
            "<name>.json (a COCO file per split, annotation ids kept) that convert / validate / info / eval accept.",
            "With --k-fold K: fold<f>_train and fold<f>_val for f = 0..K-1."})
    static final class Split implements Callable<Integer> {
        @Mixin
        Source src = new Source();

        @Option(names = "--ratios", split = ",", description = "Fractions summing to 1 (default: 0.8,0.1,0.1).")
        double[] ratios;

        @Option(names = "--names", split = ",", description = "Split names (default: train,val,test for 3 ratios, train,val for 2, else split0,split1,...).")
        List<String> names;

        @Option(names = "--seed", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--stratify", description = "Stratify by the rarest category present in each image.")
        boolean stratify;

        @Option(names = "--k-fold", description = "K folds instead of ratios.")
        Integer kFold;

        @Option(names = "--out", required = true, description = "Output folder (replaced atomically with --force).")
        Path out;

        @Option(names = "--force", description = "Replace --out if it exists.")
        boolean force;

        @Override
        public Integer call() throws IOException {
            Dataset d = src.open();
            if (d.size() == 0) throw new BadInputException(src.path + ": the data set has no images");
            List<Splits.Split> splits;
            if (kFold != null) {
                if (ratios != null) throw new BadInputException("give either --ratios or --k-fold, not both");
                if (kFold < 2 || kFold > d.size()) throw new BadInputException("--k-fold must be in 2.." + d.size() + " for " + d.size() + " images, got " + kFold);
                splits = new ArrayList<>();
                for (Splits.Split fold : Splits.kFold(d, kFold, seed, stratify)) {
                    splits.add(new Splits.Split(fold.name() + "_train", Splits.complement(d, fold)));
                    splits.add(new Splits.Split(fold.name() + "_val", fold.indices()));
                }
            } else {
                double[] r = ratios == null ? new double[] {0.8, 0.1, 0.1} : ratios;
                double sum = Arrays.stream(r).sum();
                if (Arrays.stream(r).anyMatch(x -> !(x >= 0)) || Math.abs(sum - 1) > 1e-6) {
                    throw new BadInputException("--ratios must be >= 0 and sum to 1, got " + Arrays.toString(r));
                }
                for (int i = 0; i < r.length; i++) r[i] /= sum;
                List<String> n = names != null ? names : r.length == 3 ? List.of("train", "val", "test")
                        : r.length == 2 ? List.of("train", "val") : java.util.stream.IntStream.range(0, r.length).mapToObj(i -> "split" + i).toList();
                if (n.size() != r.length) throw new BadInputException("--names has " + n.size() + " names for " + r.length + " ratios");
                if (n.stream().distinct().count() != n.size()) throw new BadInputException("--names must be distinct: " + n);
                splits = stratify ? Splits.stratified(d, n, r, seed) : Splits.random(d, n, r, seed);
            }
            if (Files.isRegularFile(out)) throw new BadInputException(out + ": is a file; --out is a folder");
            try (StagedOutput staged = new StagedOutput(out, force, List.of())) {
                Files.createDirectories(staged.target());
                Splits.writeLists(d, splits, staged.target());
                if (d instanceof CocoDataset) Splits.writeCoco(d, splits, staged.target());
                staged.commit();
            }
            for (Splits.Split s : splits) System.out.printf("%-12s %6d images%n", s.name(), s.indices().length);
            System.out.println("written to " + out + (d instanceof CocoDataset ? " (.txt lists and COCO .json per split)" : " (.txt lists)"));
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = {"Write a contact sheet: ground-truth overlays of some images in a grid, with file names and a legend.",
            "Panoptic ground truth is drawn when the data set has it, else instances (boxes for box-only annotations), else the semantic map."})
    static final class Show implements Callable<Integer> {
        @Mixin
        Source src = new Source();

        @Option(names = "--out", required = true, description = "The PNG to write.")
        Path out;

        @Option(names = "--max", defaultValue = "16", description = "At most this many images (default: ${DEFAULT-VALUE}).")
        int max;

        @Option(names = "--seed", description = "Pick the images at random with this seed (default: the first ones, in order).")
        Long seed;

        @Option(names = "--columns", defaultValue = "4", description = "Grid columns (default: ${DEFAULT-VALUE}).")
        int columns;

        @Option(names = "--thumb", defaultValue = "256", description = "Thumbnail box size in pixels (default: ${DEFAULT-VALUE}).")
        int thumb;

        @Option(names = "--alpha", defaultValue = "0.5", description = "Fill opacity 0..1 (default: ${DEFAULT-VALUE}).")
        double alpha;

        @Override
        public Integer call() throws IOException {
            if (max < 1) throw new BadInputException("--max must be >= 1, got " + max);
            if (!out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) throw new BadInputException(out + ": --out must be a .png file");
            ContactSheet.Options so = ContactSheet.Options.defaults().withThumb(thumb, thumb).withColumns(columns);
            Overlay.Options oo = new Overlay.Options(alpha, true, false, false, false);
            Dataset d = src.open();
            if (d.size() == 0) throw new BadInputException(src.path + ": the data set has no images");
            int[] pick = pick(d.size(), max, seed);
            List<ContactSheet.Tile> tiles = new ArrayList<>();
            Map<Integer, Integer> used = new TreeMap<>();
            try (Progress p = new Progress("images", pick.length)) {
                for (int i : pick) {
                    Sample s = d.get(i);
                    tiles.add(new ContactSheet.Tile(render(d, s, oo, used), s.fileName()));
                    p.step();
                }
            }
            Map<String, Integer> legend = new LinkedHashMap<>();
            for (var e : used.entrySet()) legend.putIfAbsent(DataSources.name(d, e.getKey()), e.getValue());
            Image sheet = ContactSheet.render(tiles, legend, so);
            Images.writePng(sheet, out);
            System.out.printf("%s: %d images, %dx%d%n", out, tiles.size(), sheet.width(), sheet.height());
            return 0;
        }

        /** The first {@code max} indices, or a seeded random choice of them (ascending). */
        static int[] pick(int n, int max, Long seed) {
            int k = Math.min(n, max);
            int[] idx = java.util.stream.IntStream.range(0, n).toArray();
            if (seed != null) {
                SplittableRandom r = new SplittableRandom(seed);
                for (int i = 0; i < k; i++) {
                    int j = i + r.nextInt(n - i);
                    int t = idx[i];
                    idx[i] = idx[j];
                    idx[j] = t;
                }
            }
            int[] out = Arrays.copyOf(idx, k);
            Arrays.sort(out);
            return out;
        }

        private static Image render(Dataset d, Sample s, Overlay.Options oo, Map<Integer, Integer> used) throws IOException {
            Image img = s.image();
            if (img.width() != s.width() || img.height() != s.height()) {
                throw new BadInputException(s.imagePath() + ": image is " + img.width() + "x" + img.height() + " but the data set says "
                        + s.width() + "x" + s.height());
            }
            java.util.function.IntFunction<String> names = id -> DataSources.name(d, id);
            // one colour per category for the whole sheet (legend included), the k-th category seen getting the k-th
            // distinct hue, so the classes on one sheet are well apart whatever their ids
            java.util.function.IntFunction<Integer> colorOf = id -> used.computeIfAbsent(id, k -> Colors.distinct(used.size()));
            if (s.hasPanoptic()) {
                PanopticMap m = s.panoptic();
                for (PanopticMap.Segment seg : m.segments()) colorOf.apply(seg.categoryId());
                return Overlay.panoptic(img, m, names, colorOf, oo);
            }
            if (s.hasAnnotations()) {
                List<Annotation> anns = s.annotations();
                for (Annotation a : anns) colorOf.apply(a.categoryId());
                // box-only annotations (e.g. VOC XML without masks) are drawn as boxes
                boolean boxes = anns.stream().anyMatch(a -> a.segmentation() == null);
                Overlay.Options o = new Overlay.Options(oo.alpha(), oo.contours(), boxes, false, false);
                return Overlay.instances(img, s.instances(), names, colorOf, o);
            }
            if (s.hasSemantic()) {
                var m = s.semantic();
                long[] h = m.histogram();
                for (int v = 0; v < h.length; v++) if (h[v] > 0 && v != m.ignoreIndex()) colorOf.apply(v);
                int[] pal = new int[h.length];
                for (int v = 0; v < pal.length; v++) pal[v] = h[v] > 0 && v != m.ignoreIndex() ? colorOf.apply(v) : 0;
                return Overlay.labelMap(img, m, new org.tessera.core.label.Palette(pal), names, oo);
            }
            return img;
        }
    }
}
