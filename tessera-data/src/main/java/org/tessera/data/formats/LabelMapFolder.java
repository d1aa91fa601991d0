package org.tessera.data.formats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.tessera.core.label.LabelMap;
import org.tessera.data.Annotation;
import org.tessera.data.Dataset;
import org.tessera.data.DatasetCategory;
import org.tessera.data.DatasetException;
import org.tessera.data.GroundTruth;
import org.tessera.data.IdMaps;
import org.tessera.data.ListDataset;
import org.tessera.data.Sample;
import org.tessera.data.Segmentation;
import org.tessera.data.io.PngIo;

/**
 * A folder of images and a folder of label PNGs (8- or 16-bit grey or palette), paired by file stem:
 * {@code <root>/<imageDir>/<stem>.<ext>} with {@code <root>/<labelDir>/<stem><labelSuffix>.png}. The labels are
 * either class ids (semantic; the value is the class) or instance ids (0 = background, each other value one
 * instance of a single class, id 1 "object" unless named). Used for ISBI-style, DSB 2018 label maps, CamVid-like
 * and ADE20K-like layouts.
 */
public final class LabelMapFolder {
    private LabelMapFolder() {}

    /** What the label values are. */
    public enum Kind { CLASS_IDS, INSTANCE_IDS }

    /**
     * Options.
     *
     * @param imageDir    image folder name under the root ("images" when null, or "image" if that exists)
     * @param labelDir    label folder name ("labels" when null, or "label", "masks", "annotations" if existing)
     * @param labelSuffix text between the stem and ".png" in label names ("" usually; "_P" for CamVid-32)
     * @param kind        class or instance ids
     * @param ignoreIndex the class value to ignore (semantic), or -1 for none
     * @param classNames  names of class ids 0..n-1 (semantic), or of the single instance class; null to number them
     */
    public record Options(String imageDir, String labelDir, String labelSuffix, Kind kind, int ignoreIndex, List<String> classNames) {
        public static Options classes(int ignoreIndex, List<String> names) {
            return new Options(null, null, "", Kind.CLASS_IDS, ignoreIndex, names);
        }

        public static Options instances(String className) {
            return new Options(null, null, "", Kind.INSTANCE_IDS, -1, className == null ? null : List.of(className));
        }
    }

    private static String pick(Path root, String given, String... candidates) throws DatasetException {
        if (given != null) return given;
        for (String c : candidates) if (Files.isDirectory(root.resolve(c))) return c;
        throw DatasetException.of(root, "no folder named " + String.join(" / ", candidates));
    }

    /**
     * Reads the folder pair. Images are listed from the image folder (sorted); an image without a label file is a
     * sample without ground truth. With class ids and no names, the categories are the values present in the label
     * files (which are then all decoded once).
     */
    public static Dataset read(Path root, Options o) throws IOException {
        String imgName = pick(root, o.imageDir(), "images", "image", "img", "imgs");
        String lblName = pick(root, o.labelDir(), "labels", "label", "masks", "mask", "annotations", "gt");
        Path imgDir = root.resolve(imgName), lblDir = root.resolve(lblName);
        List<Path> images = Folders.images(imgDir);
        if (images.isEmpty()) throw DatasetException.of(imgDir, "no images");
        List<Sample> samples = new ArrayList<>();
        boolean instances = o.kind() == Kind.INSTANCE_IDS;
        for (int i = 0; i < images.size(); i++) {
            Path img = images.get(i);
            String stem = Folders.stem(img);
            Path lbl = lblDir.resolve(stem + o.labelSuffix() + ".png");
            int[] wh = PngIo.size(img);
            int w = wh[0], h = wh[1];
            Sample.Builder b = Sample.builder(i, img.getFileName().toString(), w, h).idText(stem).imagePath(img);
            if (Files.isRegularFile(lbl)) {
                if (instances) {
                    b.annotations(() -> instanceAnnotations(readPlane(lbl, w, h), w, h, 1));
                    b.semantic(() -> {
                        int[] v = readPlane(lbl, w, h);
                        short[] s = new short[v.length];
                        for (int k = 0; k < v.length; k++) s[k] = (short) (v[k] == 0 ? 0 : 1);
                        return new LabelMap(w, h, s, LabelMap.DEFAULT_IGNORE, null);
                    });
                } else {
                    b.semantic(() -> {
                        int[] v = readPlane(lbl, w, h);
                        short[] s = new short[v.length];
                        for (int k = 0; k < v.length; k++) s[k] = (short) v[k];
                        return new LabelMap(w, h, s, o.ignoreIndex(), null);
                    });
                }
            }
            samples.add(b.build());
        }
        List<DatasetCategory> cats = new ArrayList<>();
        if (instances) {
            cats.add(DatasetCategory.of(1, o.classNames() == null || o.classNames().isEmpty() ? "object" : o.classNames().get(0)));
        } else if (o.classNames() != null) {
            for (int k = 0; k < o.classNames().size(); k++) {
                if (k != o.ignoreIndex()) cats.add(new DatasetCategory(k, o.classNames().get(k), "", false, -1));
            }
        } else {
            long[] hist = new long[65536];
            for (Sample s : samples) {
                if (!s.hasSemantic()) continue;
                for (short v : s.semantic().data()) hist[v & 0xFFFF]++;
            }
            for (int k = 0; k < hist.length; k++) {
                if (hist[k] > 0 && k != o.ignoreIndex()) cats.add(new DatasetCategory(k, "class_" + k, "", false, -1));
            }
        }
        Set<GroundTruth> gt = instances ? EnumSet.of(GroundTruth.INSTANCES, GroundTruth.SEMANTIC) : EnumSet.of(GroundTruth.SEMANTIC);
        return new ListDataset(samples, cats, gt, root, o.ignoreIndex());
    }

    static int[] readPlane(Path lbl, int w, int h) throws IOException {
        PngIo.Plane p = PngIo.readChannel0(lbl);
        if (p.width() != w || p.height() != h) {
            throw DatasetException.of(lbl, "label map is " + p.width() + "x" + p.height() + " but its image is " + w + "x" + h);
        }
        return p.values();
    }

    /** One annotation per non-zero id (ascending), category {@code category}, area = pixels, bbox = tight box. */
    public static List<Annotation> instanceAnnotations(int[] ids, int w, int h, int category) {
        List<Annotation> out = new ArrayList<>();
        for (IdMaps.Region r : IdMaps.regions(ids, w, h, v -> v == 0)) {
            int[] bb = r.bbox();
            out.add(Annotation.of(r.id(), category, false, r.area(), new double[] {bb[0], bb[1], bb[2], bb[3]},
                    new Segmentation.OfRle(r.rle(), true)));
        }
        return out;
    }

    /**
     * Writes a data set as a label-map folder pair: images copied to {@code images/}, label PNGs to {@code labels/}
     * (class ids from {@link org.tessera.data.Conversions#toSemantic}, or instance ids from
     * {@link org.tessera.data.Conversions#instanceIdMap}, both by its overlap rule), 16-bit when a value exceeds 255.
     */
    public static void write(Dataset d, Path root, Kind kind) throws IOException {
        for (int i = 0; i < d.size(); i++) {
            Sample s = d.get(i);
            String stem = Folders.stem(Path.of(s.fileName()));
            int w = s.width(), h = s.height();
            int[] v = new int[w * h];
            if (kind == Kind.CLASS_IDS) {
                LabelMap m = org.tessera.data.Conversions.toSemantic(s, d.ignoreIndex());
                if (m == null) continue;
                short[] src = m.data();
                for (int k = 0; k < v.length; k++) v[k] = src[k] & 0xFFFF;
            } else {
                v = org.tessera.data.Conversions.instanceIdMap(s.annotations(), w, h);
            }
            int max = 0;
            for (int x : v) max = Math.max(max, x);
            PngIo.writeGray(root.resolve("labels").resolve(stem + ".png"), w, h, v, max > 255);
            if (s.imagePath() != null && Files.isRegularFile(s.imagePath())) {
                Path target = root.resolve("images").resolve(s.imagePath().getFileName());
                org.tessera.core.io.AtomicFiles.write(target, out -> Files.copy(s.imagePath(), out));
            }
        }
    }
}
