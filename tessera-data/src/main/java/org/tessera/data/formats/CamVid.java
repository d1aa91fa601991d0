package org.tessera.data.formats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.tessera.core.label.LabelMap;
import org.tessera.data.Dataset;
import org.tessera.data.DatasetCategory;
import org.tessera.data.DatasetException;
import org.tessera.data.GroundTruth;
import org.tessera.data.ListDataset;
import org.tessera.data.Sample;
import org.tessera.data.io.PngIo;

/**
 * CamVid in its two common layouts.
 * <ul>
 *   <li>SegNet (11 classes): {@code <split>.txt} lists {@code <split>/x.png <split>annot/x.png} pairs (absolute
 *       SegNet paths are reduced to their last two components); labels 0..10 = Sky, Building, Pole, Road, Pavement,
 *       Tree, SignSymbol, Fence, Car, Pedestrian, Bicyclist; 11 = Unlabelled (ignore index).</li>
 *   <li>Original 32 classes (fast.ai): {@code codes.txt} (one class name per line, the line index is the value),
 *       {@code images/x.png} and {@code labels/x_P.png}; the class "Void" is the ignore index;
 *       {@code valid.txt} lists the validation images (split "valid"; "train" = the others).</li>
 * </ul>
 */
public final class CamVid {
    private CamVid() {}

    public static final List<String> SEGNET_CLASSES = List.of("Sky", "Building", "Pole", "Road", "Pavement", "Tree",
            "SignSymbol", "Fence", "Car", "Pedestrian", "Bicyclist");

    /** Reads a CamVid root; {@code split} = "train", "val", "test" (SegNet) or "train", "valid" (32-class); null = all. */
    public static Dataset read(Path root, String split) throws IOException {
        if (Files.isRegularFile(root.resolve("codes.txt"))) return read32(root, split);
        List<String> splits = split == null ? List.of("train", "val", "test") : List.of(split);
        List<Sample> samples = new ArrayList<>();
        for (String sp : splits) {
            Path list = root.resolve(sp + ".txt");
            if (!Files.isRegularFile(list)) {
                if (split == null) continue;
                throw DatasetException.of(list, "split list not found");
            }
            int line = 0;
            for (String l : Folders.lines(list)) {
                line++;
                String[] parts = l.split("\\s+");
                if (parts.length != 2) throw DatasetException.of(list, "line " + line + ": expected 'image label', found '" + l + "'");
                Path img = root.resolve(lastTwo(parts[0])), lbl = root.resolve(lastTwo(parts[1]));
                samples.add(sample(samples.size(), root, img, lbl, 11));
            }
        }
        if (samples.isEmpty()) throw DatasetException.of(root, "no CamVid list file (train.txt / val.txt / test.txt) or codes.txt");
        List<DatasetCategory> cats = new ArrayList<>();
        for (int k = 0; k < SEGNET_CLASSES.size(); k++) cats.add(new DatasetCategory(k, SEGNET_CLASSES.get(k), "", false, -1));
        return new ListDataset(samples, cats, EnumSet.of(GroundTruth.SEMANTIC), root, 11);
    }

    private static Dataset read32(Path root, String split) throws IOException {
        List<String> codes = Folders.lines(root.resolve("codes.txt"));
        int ignore = codes.indexOf("Void");
        java.util.Set<String> valid = new java.util.HashSet<>();
        if (Files.isRegularFile(root.resolve("valid.txt"))) {
            for (String l : Folders.lines(root.resolve("valid.txt"))) valid.add(Path.of(l).getFileName().toString());
        }
        List<Sample> samples = new ArrayList<>();
        for (Path img : Folders.images(root.resolve("images"))) {
            boolean isValid = valid.contains(img.getFileName().toString());
            if (split != null && (split.equals("valid") != isValid)) continue;
            Path lbl = root.resolve("labels").resolve(Folders.stem(img) + "_P.png");
            samples.add(sample(samples.size(), root, img, lbl, ignore));
        }
        List<DatasetCategory> cats = new ArrayList<>();
        for (int k = 0; k < codes.size(); k++) if (k != ignore) cats.add(new DatasetCategory(k, codes.get(k), "", false, -1));
        return new ListDataset(samples, cats, EnumSet.of(GroundTruth.SEMANTIC), root, ignore < 0 ? 255 : ignore);
    }

    private static String lastTwo(String p) {
        Path path = Path.of(p);
        int n = path.getNameCount();
        return n >= 2 ? path.subpath(n - 2, n).toString() : path.toString();
    }

    private static Sample sample(int index, Path root, Path img, Path lbl, int ignore) throws IOException {
        int[] wh = PngIo.size(img);
        int w = wh[0], h = wh[1];
        return Sample.builder(index, root.relativize(img).toString(), w, h).idText(Folders.stem(img)).imagePath(img)
                .semantic(() -> {
                    int[] v = LabelMapFolder.readPlane(lbl, w, h);
                    short[] s = new short[v.length];
                    for (int k = 0; k < v.length; k++) s[k] = (short) v[k];
                    return new LabelMap(w, h, s, ignore, null);
                }).build();
    }
}
