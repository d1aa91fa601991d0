package org.tessera.data.formats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.tessera.core.category.CityscapesLabel;
import org.tessera.core.label.LabelMap;
import org.tessera.core.panoptic.PanopticMap;
import org.tessera.data.Annotation;
import org.tessera.data.Dataset;
import org.tessera.data.DatasetCategory;
import org.tessera.data.DatasetException;
import org.tessera.data.GroundTruth;
import org.tessera.data.IdMaps;
import org.tessera.data.ListDataset;
import org.tessera.data.Sample;
import org.tessera.data.Segmentation;
import org.tessera.data.coco.CocoPanoptic;
import org.tessera.data.io.PngIo;

/**
 * Cityscapes ({@code leftImg8bit/<split>/<city>/<frame>_leftImg8bit.png}, {@code gtFine/<split>/<city>/
 * <frame>_gtFine_{labelIds,instanceIds,labelTrainIds}.png}). Frames are those with an {@code instanceIds} file,
 * sorted by path. Samples carry:
 * <ul>
 *   <li>semantic: the labelIds map (label ids 0..33), or with {@code useTrainIds} the labelTrainIds file (255 =
 *       ignore; labelIds mapped through the table when that file is absent);</li>
 *   <li>instances: from instanceIds, each value {@code >= 1000} (label * 1000 + n) is one object, and each value
 *       {@code < 1000} of a label with instances is a crowd region (iscrowd 1); area = pixel count, bbox = tight
 *       box;</li>
 *   <li>panoptic: exactly cityscapesScripts' {@code createPanopticImgs} segments (see {@link #panoptic}).</li>
 * </ul>
 * Categories are the 19 labels used in evaluation (ids = label ids, or trainIds with {@code useTrainIds}).
 */
public final class Cityscapes {
    private Cityscapes() {}

    /**
     * Reads a Cityscapes root (the folder holding {@code gtFine/} and {@code leftImg8bit/}); {@code split} = "train",
     * "val", "test", or null for all.
     */
    public static Dataset read(Path root, String split, boolean useTrainIds) throws IOException {
        Path gtFine = root.resolve("gtFine");
        if (!Files.isDirectory(gtFine)) throw DatasetException.of(root, "not a Cityscapes root: no gtFine/ folder");
        List<Path> files = instanceFiles(gtFine, split);
        if (files.isEmpty()) throw DatasetException.of(gtFine, "no *_gtFine_instanceIds.png files" + (split == null ? "" : " in split " + split));
        List<Sample> samples = new ArrayList<>();
        int[] toTrain = CityscapesLabel.idToTrainId();
        for (int i = 0; i < files.size(); i++) {
            Path inst = files.get(i);
            String name = inst.getFileName().toString();
            String frame = name.substring(0, name.length() - "_gtFine_instanceIds.png".length());
            Path cityDir = inst.getParent();
            Path rel = gtFine.relativize(cityDir); // <split>/<city>
            Path image = root.resolve("leftImg8bit").resolve(rel).resolve(frame + "_leftImg8bit.png");
            Path labelIds = cityDir.resolve(frame + "_gtFine_labelIds.png");
            Path trainIds = cityDir.resolve(frame + "_gtFine_labelTrainIds.png");
            int[] wh = PngIo.size(inst);
            int w = wh[0], h = wh[1];
            Sample.Builder b = Sample.builder(i, rel.resolve(frame + "_leftImg8bit.png").toString(), w, h)
                    .idText(frame).imagePath(image);
            b.semantic(() -> {
                if (useTrainIds && Files.exists(trainIds)) return toLabelMap(PngIo.readChannel0(trainIds), trainIds, w, h);
                PngIo.Plane p = PngIo.readChannel0(labelIds);
                LabelMap m = toLabelMap(p, labelIds, w, h);
                if (useTrainIds) {
                    short[] d = m.data();
                    for (int k = 0; k < d.length; k++) d[k] = (short) toTrain[d[k] & 0xFF];
                }
                return m;
            });
            b.annotations(() -> instances(read16(inst, w, h), w, h, useTrainIds));
            b.panoptic(() -> panoptic(read16(inst, w, h), w, h, useTrainIds));
            samples.add(b.build());
        }
        // label ids that cityscapesScripts does not evaluate (trainId 255 or -1) are void, not unknown classes
        return new ListDataset(samples, categories(useTrainIds),
                EnumSet.of(GroundTruth.SEMANTIC, GroundTruth.INSTANCES, GroundTruth.PANOPTIC), root, 255,
                v -> v == 255 || (!useTrainIds && v >= 0 && v < toTrain.length && (toTrain[v] == 255 || toTrain[v] < 0)));
    }

    private static int[] read16(Path p, int w, int h) throws IOException {
        PngIo.Plane pl = PngIo.readChannel0(p);
        if (pl.width() != w || pl.height() != h) throw DatasetException.of(p, "size " + pl.width() + "x" + pl.height() + " differs from " + w + "x" + h);
        return pl.values();
    }

    private static LabelMap toLabelMap(PngIo.Plane p, Path file, int w, int h) throws IOException {
        if (p.width() != w || p.height() != h) {
            throw DatasetException.of(file, "label map is " + p.width() + "x" + p.height() + " but the instanceIds map is " + w + "x" + h);
        }
        int[] v = p.values();
        short[] s = new short[v.length];
        for (int k = 0; k < v.length; k++) s[k] = (short) v[k];
        return new LabelMap(w, h, s, 255, null);
    }

    static List<Path> instanceFiles(Path gtFine, String split) throws IOException {
        Path base = split == null ? gtFine : gtFine.resolve(split);
        if (!Files.isDirectory(base)) return List.of();
        try (Stream<Path> s = Files.walk(base)) {
            return s.filter(p -> p.getFileName().toString().endsWith("_gtFine_instanceIds.png")).sorted().toList();
        }
    }

    /** The 19 evaluated labels as categories (isThing = hasInstances), ids = label ids or trainIds. */
    public static List<DatasetCategory> categories(boolean useTrainIds) {
        List<DatasetCategory> out = new ArrayList<>();
        for (CityscapesLabel l : CityscapesLabel.all()) {
            if (l.ignoreInEval()) continue;
            out.add(new DatasetCategory(useTrainIds ? l.trainId() : l.id(), l.name(), l.category(), l.hasInstances(), l.color()));
        }
        return out;
    }

    /**
     * Instances of an instanceIds map: objects (value >= 1000) and crowd regions (value < 1000 of a label with
     * instances) of labels not ignored in evaluation, ascending by value; ids are the instanceIds values.
     */
    public static List<Annotation> instances(int[] instanceIds, int w, int h, boolean useTrainIds) {
        List<Annotation> out = new ArrayList<>();
        for (IdMaps.Region r : IdMaps.regions(instanceIds, w, h, null)) {
            int v = r.id();
            CityscapesLabel l = CityscapesLabel.byId(v < 1000 ? v : v / 1000);
            if (!l.hasInstances() || l.ignoreInEval()) continue;
            int[] bb = r.bbox();
            out.add(Annotation.of(v, useTrainIds ? l.trainId() : l.id(), v < 1000, r.area(),
                    new double[] {bb[0], bb[1], bb[2], bb[3]}, new Segmentation.OfRle(r.rle(), true)));
        }
        return out;
    }

    /**
     * The panoptic segmentation of an instanceIds map exactly as cityscapesScripts 2.2.4
     * {@code createPanopticImgs.convert2panoptic}: for each distinct value v in ascending order, label = v (v < 1000,
     * iscrowd 1) or v / 1000 (iscrowd 0); labels ignored in evaluation are skipped (their pixels stay 0 = VOID);
     * iscrowd is forced to 0 for labels without instances; the segment id is v; category = label id or trainId;
     * area = pixel count; bbox = first/last occupied column and row.
     */
    public static PanopticMap panoptic(int[] instanceIds, int w, int h, boolean useTrainIds) {
        int[] ids = new int[instanceIds.length];
        List<PanopticMap.Segment> segs = new ArrayList<>();
        List<IdMaps.Region> regions = IdMaps.regions(instanceIds, w, h, null);
        boolean[] keep = new boolean[regions.size()];
        for (int k = 0; k < regions.size(); k++) {
            IdMaps.Region r = regions.get(k);
            int v = r.id();
            boolean crowd = v < 1000;
            CityscapesLabel l = CityscapesLabel.byId(crowd ? v : v / 1000);
            if (l.ignoreInEval()) continue;
            if (!l.hasInstances()) crowd = false;
            keep[k] = true;
            int[] bb = r.bbox();
            segs.add(new PanopticMap.Segment(v, useTrainIds ? l.trainId() : l.id(), crowd, r.area(),
                    new double[] {bb[0], bb[1], bb[2], bb[3]}));
        }
        java.util.Set<Integer> kept = new java.util.HashSet<>();
        for (int k = 0; k < keep.length; k++) if (keep[k]) kept.add(regions.get(k).id());
        for (int i = 0; i < ids.length; i++) ids[i] = kept.contains(instanceIds[i]) ? instanceIds[i] : 0;
        return new PanopticMap(w, h, ids, segs);
    }

    /**
     * cityscapesScripts' {@code convert2panoptic} for one set: reads {@code gtFine/<set>/*}{@code /*_instanceIds.png}
     * and writes {@code outputFolder/cityscapes_panoptic_<set>[_trainId].json} and the PNG folder of the same name
     * ({@code <frame>_gtFine_panoptic.png}), with image ids = frame names and image file names
     * {@code <frame>_gtFine_leftImg8bit.png} as the reference writes them.
     */
    public static void convertToPanoptic(Path gtFine, String set, Path outputFolder, boolean useTrainId) throws IOException {
        Path root = gtFine.toAbsolutePath().getParent();
        Dataset d = read(root, set, useTrainId);
        List<Sample> renamed = new ArrayList<>();
        for (int i = 0; i < d.size(); i++) {
            Sample s = d.get(i);
            renamed.add(Sample.builder(s.id(), s.idText() + "_gtFine_leftImg8bit.png", s.width(), s.height())
                    .idText(s.idText()).imagePath(s.imagePath()).panoptic(s::panoptic).build());
        }
        Dataset out = new ListDataset(renamed, d.categories(), EnumSet.of(GroundTruth.PANOPTIC), root, 255);
        String base = "cityscapes_panoptic_" + set + (useTrainId ? "_trainId" : "");
        CocoPanoptic.write(out, outputFolder.resolve(base + ".json"), outputFolder.resolve(base),
                s -> s.idText() + "_gtFine_panoptic.png");
    }
}
