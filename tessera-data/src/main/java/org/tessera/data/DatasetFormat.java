package org.tessera.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;
import org.tessera.data.coco.CocoJson;
import org.tessera.data.coco.CocoPanoptic;
import org.tessera.data.formats.Ade20k;
import org.tessera.data.formats.CamVid;
import org.tessera.data.formats.Cityscapes;
import org.tessera.data.formats.DsbKaggle;
import org.tessera.data.formats.LabelMapFolder;
import org.tessera.data.formats.Labelme;
import org.tessera.data.formats.Voc;
import org.tessera.data.formats.Yolo;

/**
 * The data-set formats, by the names the CLI uses, each with its reader and (where the format can be written) its
 * writer. The source / target path is the file or folder named in each constant's description.
 */
public enum DatasetFormat {
    /** COCO instances JSON (source: the .json; images beside it in images/ or its folder). */
    COCO("coco", (p, o) -> CocoJson.read(p, o.imageDir() != null ? o.imageDir() : defaultImages(p)),
            (d, p, o) -> CocoJson.write(Conversions.withInstances(d, o.background()), p)),
    /** COCO panoptic: the .json, PNGs in the folder of the same name beside it. */
    COCO_PANOPTIC("coco-panoptic", (p, o) -> CocoPanoptic.read(p, null, o.imageDir()),
            (d, p, o) -> {
                String n = p.getFileName().toString();
                Path pngs = p.resolveSibling(n.endsWith(".json") ? n.substring(0, n.length() - 5) : n + "_png");
                CocoPanoptic.write(Conversions.withPanoptic(d), p, pngs, CocoPanoptic::defaultPngName);
            }),
    /** Pascal VOC root (JPEGImages/, SegmentationClass/, SegmentationObject/, Annotations/, ImageSets/). */
    VOC("voc", (p, o) -> Voc.read(p, o.split()), (d, p, o) -> Voc.write(d, p, o.split())),
    /** Cityscapes root (gtFine/, leftImg8bit/). */
    CITYSCAPES("cityscapes", (p, o) -> Cityscapes.read(p, o.split(), o.useTrainIds()), null),
    /** CamVid root (SegNet list files, or codes.txt for the 32-class layout). */
    CAMVID("camvid", (p, o) -> CamVid.read(p, o.split()), null),
    /** ADE20K SceneParsing root (images/, annotations/). */
    ADE20K("ade20k", (p, o) -> Ade20k.read(p, o.split()), null),
    /** YOLO segmentation: the data .yaml or its folder. */
    YOLO("yolo", (p, o) -> Yolo.read(p, o.split()),
            (d, p, o) -> Yolo.write(d, p, o.split() == null ? "train" : o.split(), RleTracing::toPolygons)),
    /** labelme: a folder of per-image .json files. */
    LABELME("labelme", (p, o) -> Labelme.read(p), null),
    /** Label-map folders: images/ + labels/ PNGs (class ids, or instance ids with {@code instanceIds}). */
    LABELMAPS("labelmaps", (p, o) -> LabelMapFolder.read(p, o.instanceIds()
                    ? LabelMapFolder.Options.instances(null)
                    : LabelMapFolder.Options.classes(o.ignoreIndex(), null)),
            (d, p, o) -> LabelMapFolder.write(d, p, o.instanceIds() ? LabelMapFolder.Kind.INSTANCE_IDS : LabelMapFolder.Kind.CLASS_IDS)),
    /** Kaggle DSB 2018: <id>/images/<id>.png + <id>/masks/*.png. */
    DSB_KAGGLE("dsb-kaggle", (p, o) -> DsbKaggle.read(p), (d, p, o) -> DsbKaggle.write(d, p));

    private final String cliName;
    private final DatasetReader reader;
    private final DatasetWriter writer;

    DatasetFormat(String cliName, DatasetReader reader, DatasetWriter writer) {
        this.cliName = cliName;
        this.reader = reader;
        this.writer = writer;
    }

    /** The name used on the command line, e.g. "coco-panoptic". */
    public String cliName() {
        return cliName;
    }

    public DatasetReader reader() {
        return reader;
    }

    public boolean canWrite() {
        return writer != null;
    }

    /**
     * The writer.
     *
     * @throws UnsupportedOperationException when Tessera cannot write this format
     */
    public DatasetWriter writer() {
        if (writer == null) throw new UnsupportedOperationException("Tessera reads " + cliName + " but does not write it");
        return writer;
    }

    /** Reads {@code source} in this format. */
    public Dataset read(Path source, ReadOptions options) throws IOException {
        return reader.read(source, options);
    }

    /** Writes {@code d} to {@code target} in this format. */
    public void write(Dataset d, Path target, WriteOptions options) throws IOException {
        writer().write(d, target, options);
    }

    /**
     * The format with this CLI name (case-insensitive; '_' and '-' alike).
     *
     * @throws IllegalArgumentException listing the known names
     */
    public static DatasetFormat byName(String name) {
        String n = name.toLowerCase(Locale.ROOT).replace('_', '-');
        for (DatasetFormat f : values()) if (f.cliName.equals(n)) return f;
        StringBuilder known = new StringBuilder();
        for (DatasetFormat f : values()) known.append(known.isEmpty() ? "" : ", ").append(f.cliName);
        throw new IllegalArgumentException("unknown data-set format '" + name + "'; known: " + known);
    }

    /**
     * Guesses the format of a file or folder from its layout, or returns null: a .json with "panoptic" in its name →
     * coco-panoptic, other .json → coco, .yaml → yolo; folders by their characteristic sub-folders / files (a folder
     * of labelme JSONs is recognised by their top-level "shapes" field, so a folder holding a COCO JSON is not
     * mistaken for labelme).
     */
    public static DatasetFormat detect(Path p) throws IOException {
        String n = p.getFileName() == null ? "" : p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (Files.isRegularFile(p)) {
            if (n.endsWith(".json")) return n.contains("panoptic") ? COCO_PANOPTIC : COCO;
            if (n.endsWith(".yaml") || n.endsWith(".yml")) return YOLO;
            return null;
        }
        if (!Files.isDirectory(p)) return null;
        if (Files.isDirectory(p.resolve("JPEGImages"))) return VOC;
        if (Files.isDirectory(p.resolve("gtFine"))) return CITYSCAPES;
        if (Files.isRegularFile(p.resolve("codes.txt")) || Files.isDirectory(p.resolve("trainannot")) || Files.isDirectory(p.resolve("valannot"))) return CAMVID;
        if (Files.isDirectory(p.resolve("images").resolve("training")) || Files.isDirectory(p.resolve("images").resolve("validation"))) return ADE20K;
        try (Stream<Path> s = Files.list(p)) {
            for (Path c : (Iterable<Path>) s::iterator) {
                String cn = c.getFileName().toString();
                if (cn.endsWith(".yaml") || cn.endsWith(".yml")) return YOLO;
                if (Files.isDirectory(c.resolve("images")) && Files.isDirectory(c.resolve("masks"))) return DSB_KAGGLE;
                if (cn.endsWith(".json") && !cn.equals("labels.json") && isLabelmeJson(c)) return LABELME;
            }
        }
        for (String[] pair : new String[][] {{"images", "labels"}, {"image", "label"}, {"images", "masks"}}) {
            if (Files.isDirectory(p.resolve(pair[0])) && Files.isDirectory(p.resolve(pair[1]))) return LABELMAPS;
        }
        return null;
    }

    /** A labelme file is a JSON object with a top-level "shapes" field (COCO files have "images" / "annotations"). */
    private static boolean isLabelmeJson(Path file) {
        try (com.fasterxml.jackson.core.JsonParser jp = new com.fasterxml.jackson.core.JsonFactory().createParser(file.toFile())) {
            if (jp.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) return false;
            while (jp.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String f = jp.currentName();
                if (f.equals("shapes")) return true;
                if (f.equals("images") || f.equals("annotations") || f.equals("categories")) return false;
                jp.nextToken();
                jp.skipChildren();
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path defaultImages(Path json) {
        Path parent = json.toAbsolutePath().getParent();
        Path images = parent.resolve("images");
        return Files.isDirectory(images) ? images : parent;
    }
}
