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
 * ADE20K SceneParsing ({@code ADEChallengeData2016}): {@code images/<split>/x.jpg} and
 * {@code annotations/<split>/x.png} with split "training" or "validation"; label values 1..150 are the classes and
 * 0 = "other" (the ignore index; models trained with mmseg's {@code reduce_zero_label} see 0..149 and 255). Class
 * names come from {@code objectInfo150.csv} (column "Name", first name before ';') when present.
 */
public final class Ade20k {
    private Ade20k() {}

    public static Dataset read(Path root, String split) throws IOException {
        List<String> splits = split == null ? List.of("training", "validation") : List.of(split);
        List<Sample> samples = new ArrayList<>();
        for (String sp : splits) {
            Path imgDir = root.resolve("images").resolve(sp), annDir = root.resolve("annotations").resolve(sp);
            if (!Files.isDirectory(imgDir)) {
                if (split == null) continue;
                throw DatasetException.of(imgDir, "split folder not found");
            }
            for (Path img : Folders.images(imgDir)) {
                Path lbl = annDir.resolve(Folders.stem(img) + ".png");
                int[] wh = PngIo.size(img);
                int w = wh[0], h = wh[1];
                samples.add(Sample.builder(samples.size(), root.relativize(img).toString(), w, h).idText(Folders.stem(img))
                        .imagePath(img).semantic(() -> {
                            int[] v = LabelMapFolder.readPlane(lbl, w, h);
                            short[] s = new short[v.length];
                            for (int k = 0; k < v.length; k++) s[k] = (short) v[k];
                            return new LabelMap(w, h, s, 0, null);
                        }).build());
            }
        }
        if (samples.isEmpty()) throw DatasetException.of(root, "no images under images/training or images/validation");
        List<String> names = names(root);
        List<DatasetCategory> cats = new ArrayList<>();
        for (int k = 1; k <= 150; k++) cats.add(new DatasetCategory(k, names == null || names.size() < k ? "class_" + k : names.get(k - 1), "", false, -1));
        return new ListDataset(samples, cats, EnumSet.of(GroundTruth.SEMANTIC), root, 0);
    }

    private static List<String> names(Path root) throws IOException {
        Path csv = root.resolve("objectInfo150.csv");
        if (!Files.isRegularFile(csv)) return null;
        List<String> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(csv);
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            String name = f[f.length - 1].replace("\"", "");
            out.add(name.split(";")[0].strip());
        }
        return out;
    }
}
