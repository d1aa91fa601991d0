package org.tessera.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.tessera.data.Conversions;
import org.tessera.data.Dataset;
import org.tessera.data.DatasetFormat;
import org.tessera.data.GroundTruth;
import org.tessera.data.ReadOptions;
import org.tessera.data.WriteOptions;
import org.tessera.data.coco.CocoDataset;
import org.tessera.data.formats.Cityscapes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tessera convert --from FMT --to FMT IN OUT}: converts a data set between formats with tessera-data's readers
 * and writers (the ground truth the target needs is derived by {@link Conversions}). The output is built in a
 * temporary folder beside OUT and moved into place only when complete.
 */
@Command(name = "convert", sortOptions = false, mixinStandardHelpOptions = true, description = {
        "Convert a data set between formats.",
        "",
        "Readable: coco, coco-panoptic, voc, cityscapes, camvid, ade20k, yolo, labelme, labelmaps, dsb-kaggle.",
        "Writable: coco, coco-panoptic, voc, yolo, labelmaps, dsb-kaggle.",
        "Supported pairs (FROM -> TO):",
        "  coco          -> yolo, voc, labelmaps, coco-panoptic, dsb-kaggle, coco",
        "  yolo          -> coco, voc, labelmaps, coco-panoptic, dsb-kaggle, yolo",
        "  voc           -> coco, yolo, labelmaps, coco-panoptic, dsb-kaggle, voc",
        "  labelme       -> coco, voc, yolo, labelmaps, coco-panoptic, dsb-kaggle",
        "  cityscapes    -> coco (instances), coco-panoptic (exactly as cityscapesScripts createPanopticImgs;",
        "                   OUT is a folder), labelmaps, voc, yolo, dsb-kaggle",
        "  coco-panoptic -> coco, labelmaps, voc, yolo, dsb-kaggle, coco-panoptic",
        "  dsb-kaggle    -> coco, yolo, labelmaps, voc, coco-panoptic, dsb-kaggle",
        "  labelmaps     -> coco (one annotation per class, or per instance with --instance-ids), yolo, voc,",
        "                   coco-panoptic, labelmaps; dsb-kaggle only with --instance-ids",
        "  camvid, ade20k -> coco (one annotation per class), yolo, voc, labelmaps, coco-panoptic (stuff only)",
        "Semantic-only sources (camvid, ade20k, class-id labelmaps) cannot become dsb-kaggle or instance-id label maps.",
        "COCO instances -> labelmaps writes class-id PNGs (overlaps: the smaller object wins, crowd = ignore index);",
        "  with --write-instance-ids, instance-id PNGs. instances (+ semantic) -> coco-panoptic builds panoptic maps.",
        "OUT: a .json file for coco and coco-panoptic (PNGs in the folder of the same name beside it), else a folder.",
        "Nothing is left behind on error: OUT is written in a temporary folder beside it and moved into place.",
        "--add writes another split into an existing folder (e.g. YOLO train, then --add --out-split val).",
        ""})
final class ConvertCommand implements Callable<Integer> {
    @Option(names = "--from", description = "Source format (default: detected from IN's layout).")
    String from;

    @Option(names = "--to", required = true, description = "Target format.")
    String to;

    @Parameters(index = "0", description = "Source: a file (COCO JSON, YOLO data.yaml) or a folder, as the format expects.")
    Path in;

    @Parameters(index = "1", description = "Target: a .json for coco / coco-panoptic, else a folder.")
    Path out;

    @Mixin
    DataSources.ReadArgs read = new DataSources.ReadArgs();

    @Option(names = "--out-split", defaultValue = "train", description = "YOLO / VOC: split or image-set name to write (default: ${DEFAULT-VALUE}).")
    String outSplit;

    @Option(names = "--write-instance-ids", description = "labelmaps target: write instance-id PNGs instead of class ids.")
    boolean writeInstanceIds;

    @Option(names = "--background", description = "Semantic -> instances: the class value that is background (default: 0 when no category has id 0, else none; -1 = none).")
    Integer background;

    @Option(names = "--force", description = "Replace OUT if it exists.")
    boolean force;

    @Option(names = "--add", description = "Folder targets (yolo, voc, labelmaps, dsb-kaggle): add to an existing OUT instead of replacing it, e.g. a second split with --out-split val.")
    boolean add;

    /** The ground truth each reader yields. */
    static Set<GroundTruth> carried(DatasetFormat f, boolean instanceIds) {
        return switch (f) {
            case COCO, YOLO, LABELME, DSB_KAGGLE -> EnumSet.of(GroundTruth.INSTANCES);
            case COCO_PANOPTIC -> EnumSet.of(GroundTruth.PANOPTIC, GroundTruth.INSTANCES);
            case VOC -> EnumSet.of(GroundTruth.SEMANTIC, GroundTruth.INSTANCES);
            case CITYSCAPES -> EnumSet.allOf(GroundTruth.class);
            case CAMVID, ADE20K -> EnumSet.of(GroundTruth.SEMANTIC);
            case LABELMAPS -> instanceIds ? EnumSet.of(GroundTruth.SEMANTIC, GroundTruth.INSTANCES) : EnumSet.of(GroundTruth.SEMANTIC);
        };
    }

    /** Null when {@code from -> to} is supported, else why not (one line). */
    static String unsupported(DatasetFormat from, DatasetFormat to, boolean instanceIds, boolean writeInstanceIds) {
        if (!to.canWrite()) {
            return "Tessera reads " + to.cliName() + " but cannot write it; writable formats: " + DataSources.formatNames(true);
        }
        Set<GroundTruth> gt = carried(from, instanceIds);
        boolean needsInstances = to == DatasetFormat.DSB_KAGGLE || (to == DatasetFormat.LABELMAPS && writeInstanceIds);
        if (needsInstances && !gt.contains(GroundTruth.INSTANCES)) {
            return "cannot convert " + from.cliName() + " to " + to.cliName() + (to == DatasetFormat.LABELMAPS ? " instance ids" : "")
                    + ": " + from.cliName() + " carries class maps only, and " + to.cliName() + " needs object instances"
                    + (from == DatasetFormat.LABELMAPS ? " (read instance-id label maps with --instance-ids)" : "");
        }
        return null;
    }

    @Override
    public Integer call() throws IOException {
        DataSources.requireExists(in);
        DataSources.Resolved resolved = DataSources.resolve(from, in, "--from");
        in = resolved.path();
        DatasetFormat src = resolved.format();
        DatasetFormat dst = DatasetFormat.byName(to);
        String why = unsupported(src, dst, read.instanceIds, writeInstanceIds);
        if (why != null) throw new BadInputException(why);
        boolean jsonTarget = dst == DatasetFormat.COCO || dst == DatasetFormat.COCO_PANOPTIC;
        boolean cityscapesPanoptic = src == DatasetFormat.CITYSCAPES && dst == DatasetFormat.COCO_PANOPTIC;
        String outName = out.toAbsolutePath().normalize().getFileName().toString();
        boolean outIsJson = outName.toLowerCase(Locale.ROOT).endsWith(".json");
        if (cityscapesPanoptic && outIsJson) {
            throw new BadInputException(out + ": cityscapes -> coco-panoptic writes cityscapes_panoptic_<set>.json and its PNG folder into a folder; give a folder");
        }
        if (jsonTarget && !cityscapesPanoptic && !outIsJson) {
            throw new BadInputException(out + ": the " + dst.cliName() + " target must be a .json file");
        }
        if (!jsonTarget && Files.isRegularFile(out)) throw new BadInputException(out + ": is a file; the " + dst.cliName() + " target is a folder");
        if (add && (jsonTarget || cityscapesPanoptic)) throw new BadInputException("--add works with folder targets (yolo, voc, labelmaps, dsb-kaggle), not " + dst.cliName());
        if (add && force) throw new BadInputException("give either --add or --force, not both");
        List<String> siblings = new ArrayList<>();
        if (dst == DatasetFormat.COCO_PANOPTIC && !cityscapesPanoptic) siblings.add(outName.substring(0, outName.length() - 5));
        ReadOptions ro = read.options();
        long t0 = System.nanoTime();
        int images;
        int categories;
        try (StagedOutput staged = new StagedOutput(out, force, siblings, add)) {
            if (cityscapesPanoptic) {
                int[] r = cityscapesToPanoptic(staged.target(), ro);
                images = r[0];
                categories = r[1];
            } else {
                Dataset d = DataSources.open(in, src, ro);
                if (d.size() == 0) throw new BadInputException(in + ": the data set has no images");
                images = d.size();
                categories = d.categories().size();
                WriteOptions wo = WriteOptions.defaults().withSplit(outSplit).withInstanceIds(writeInstanceIds)
                        .withBackground(background == null ? WriteOptions.AUTO_BACKGROUND : background);
                if (dst == DatasetFormat.YOLO && !d.groundTruth().contains(GroundTruth.INSTANCES)) {
                    d = Conversions.withInstances(d, wo.background());
                }
                try (Progress progress = new Progress("images", d.size())) {
                    // a COCO source written as COCO keeps its annotation ids: give the writer the CocoDataset itself
                    Dataset w = d instanceof CocoDataset && dst == DatasetFormat.COCO ? d : DataSources.withProgress(d, progress);
                    if (dst != DatasetFormat.COCO && dst != DatasetFormat.COCO_PANOPTIC) Files.createDirectories(staged.target());
                    dst.write(w, staged.target(), wo);
                }
            }
            staged.commit();
        }
        System.out.printf(Locale.ROOT, "converted %d images, %d categories: %s %s -> %s %s (%.2f s)%n", images, categories,
                src.cliName(), in, dst.cliName(), out, (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    /** cityscapesScripts' createPanopticImgs: one JSON + PNG folder per set of gtFine (or the --split one). */
    private int[] cityscapesToPanoptic(Path target, ReadOptions ro) throws IOException {
        Path gtFine = in.resolve("gtFine");
        if (!Files.isDirectory(gtFine)) throw new BadInputException(in + ": not a Cityscapes root (no gtFine/ folder)");
        List<String> sets = new ArrayList<>();
        if (ro.split() != null) {
            sets.add(ro.split());
        } else {
            try (Stream<Path> s = Files.list(gtFine)) {
                s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().forEach(sets::add);
            }
        }
        Files.createDirectories(target);
        int images = 0;
        for (String set : sets) {
            Dataset d = DataSources.open(in, DatasetFormat.CITYSCAPES, ro.withSplit(set));
            images += d.size();
            Cityscapes.convertToPanoptic(gtFine, set, target, ro.useTrainIds());
        }
        return new int[] {images, Cityscapes.categories(ro.useTrainIds()).size()};
    }
}
