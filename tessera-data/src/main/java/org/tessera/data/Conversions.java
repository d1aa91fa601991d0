package org.tessera.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tessera.core.label.LabelMap;
import org.tessera.core.mask.Rle;
import org.tessera.core.panoptic.PanopticMap;

/**
 * Conversions between the kinds of ground truth, per sample and per data set.
 *
 * <p><b>Overlap rule</b> (instances → semantic and → panoptic): masks are painted in order of decreasing mask area, so
 * where objects overlap the <em>smaller</em> one wins (it is usually the one in front); among equal areas the later
 * annotation wins. Crowd regions never cover objects: they mark the pixels no object covers as ignore (semantic) or
 * as crowd segments (panoptic).
 */
public final class Conversions {
    private Conversions() {}

    /**
     * The semantic map of a sample: its own when it has one, else its instance masks painted with their category ids
     * on background 0 by the overlap rule (crowd regions → {@code ignoreIndex}); null when it has neither.
     */
    public static LabelMap toSemantic(Sample s, int ignoreIndex) throws IOException {
        if (s.hasSemantic()) return s.semantic();
        if (!s.hasAnnotations()) return null;
        int w = s.width(), h = s.height();
        int[] plane = new int[w * h];
        paintByArea(s.annotations(), plane, w, h, a -> a.categoryId(), ignoreIndex, 0);
        short[] out = new short[plane.length];
        for (int i = 0; i < plane.length; i++) out[i] = (short) plane[i];
        return new LabelMap(w, h, out, ignoreIndex, null);
    }

    /**
     * An instance-id map (row-major, 0 = background) of a sample's non-crowd masks, instance k (1..N in annotation
     * order, counting only non-crowd annotations with a mask) painted with value k by the overlap rule.
     */
    public static int[] instanceIdMap(List<Annotation> anns, int w, int h) {
        List<Annotation> objs = new ArrayList<>();
        long k = 1;
        for (Annotation a : anns) if (!a.iscrowd() && a.segmentation() != null) objs.add(a.withId(k++));
        int[] plane = new int[w * h];
        paintByArea(objs, plane, w, h, a -> (int) a.id(), 0, 0);
        return plane;
    }

    /** Paints objects (non-crowd, by decreasing area) then crowd regions onto unset pixels. */
    private static void paintByArea(List<Annotation> anns, int[] plane, int w, int h,
                                    java.util.function.ToIntFunction<Annotation> value, int crowdValue, int unset) {
        List<Rle> rles = new ArrayList<>();
        List<Integer> order = new ArrayList<>();
        for (int k = 0; k < anns.size(); k++) {
            Annotation a = anns.get(k);
            rles.add(a.segmentation() == null ? null : a.segmentation().toRle(h, w));
            if (a.segmentation() != null && !a.iscrowd()) order.add(k);
        }
        order.sort((x, y) -> {
            int c = Long.compare(rles.get(y).area(), rles.get(x).area());
            return c != 0 ? c : Integer.compare(x, y);
        });
        for (int k : order) IdMaps.paint(rles.get(k), plane, w, value.applyAsInt(anns.get(k)), false, unset);
        for (int k = 0; k < anns.size(); k++) {
            Annotation a = anns.get(k);
            if (a.iscrowd() && rles.get(k) != null) {
                IdMaps.paint(rles.get(k), plane, w, crowdValue == Integer.MIN_VALUE ? value.applyAsInt(a) : crowdValue, true, unset);
            }
        }
    }

    /**
     * Instances from a semantic map: one annotation per class present (excluding {@code background} and the ignore
     * index), ids 1..N ascending by class, area = pixel count, bbox = tight box, mask as compressed RLE. This is how
     * COCO-Stuff stores stuff classes; use {@link #instancesFromIds} when the values are instance ids.
     */
    public static List<Annotation> instancesFromSemantic(LabelMap m, int background) {
        int[] v = new int[m.data().length];
        short[] d = m.data();
        for (int i = 0; i < v.length; i++) v[i] = d[i] & 0xFFFF;
        int ignore = m.ignoreIndex();
        List<Annotation> out = new ArrayList<>();
        long id = 1;
        for (IdMaps.Region r : IdMaps.regions(v, m.width(), m.height(), x -> x == background || x == ignore)) {
            int[] bb = r.bbox();
            out.add(Annotation.of(id++, r.id(), false, r.area(), new double[] {bb[0], bb[1], bb[2], bb[3]},
                    new Segmentation.OfRle(r.rle(), true)));
        }
        return out;
    }

    /** Instances from an instance-id map (0 = background): one per id, all of class {@code category}. */
    public static List<Annotation> instancesFromIds(int[] ids, int w, int h, int category) {
        List<Annotation> out = new ArrayList<>();
        for (IdMaps.Region r : IdMaps.regions(ids, w, h, x -> x == 0)) {
            int[] bb = r.bbox();
            out.add(Annotation.of(r.id(), category, false, r.area(), new double[] {bb[0], bb[1], bb[2], bb[3]},
                    new Segmentation.OfRle(r.rle(), true)));
        }
        return out;
    }

    /**
     * Panoptic segmentation from instances (things) and, optionally, a semantic map (stuff). Things: each annotation
     * of a thing category with a mask becomes a segment (crowd ones with iscrowd 1), painted by the overlap rule.
     * Stuff: each stuff category present in {@code semantic} becomes one segment over its pixels not taken by a
     * thing. Pixels of thing classes without an instance, of the ignore index or unknown classes stay VOID (0).
     * Segment ids are 1..N in order (things in annotation order, then stuff by class id); area = pixel count after
     * painting, bbox = tight box; segments left with no pixel are dropped.
     */
    public static PanopticMap toPanoptic(List<Annotation> instances, LabelMap semantic, int w, int h,
                                         List<DatasetCategory> categories) {
        Map<Integer, DatasetCategory> cats = new HashMap<>();
        for (DatasetCategory c : categories) cats.put(c.id(), c);
        List<Annotation> things = new ArrayList<>();
        for (Annotation a : instances) {
            DatasetCategory c = cats.get(a.categoryId());
            if (a.segmentation() != null && (c == null || c.isThing())) things.add(a);
        }
        int[] seg = new int[w * h];
        int next = 1;
        int[] idOf = new int[things.size()];
        for (int k = 0; k < things.size(); k++) idOf[k] = next++;
        List<Annotation> tagged = new ArrayList<>();
        for (int k = 0; k < things.size(); k++) {
            tagged.add(things.get(k).withId(idOf[k]));
        }
        paintByArea(tagged, seg, w, h, a -> (int) a.id(), Integer.MIN_VALUE, 0);
        List<int[]> stuffOf = new ArrayList<>(); // {segment id, category}
        if (semantic != null) {
            if (semantic.width() != w || semantic.height() != h) throw new IllegalArgumentException("semantic map size differs from the image");
            short[] d = semantic.data();
            int[] stuffSeg = new int[65536];
            for (int i = 0; i < d.length; i++) {
                if (seg[i] != 0) continue;
                int c = d[i] & 0xFFFF;
                DatasetCategory cat = cats.get(c);
                if (c == semantic.ignoreIndex() || cat == null || cat.isThing()) continue;
                if (stuffSeg[c] == 0) stuffSeg[c] = -1;
            }
            for (int c = 0; c < stuffSeg.length; c++) {
                if (stuffSeg[c] == -1) {
                    stuffSeg[c] = next++;
                    stuffOf.add(new int[] {stuffSeg[c], c});
                }
            }
            for (int i = 0; i < d.length; i++) {
                if (seg[i] == 0) {
                    int c = d[i] & 0xFFFF;
                    if (stuffSeg[c] > 0) seg[i] = stuffSeg[c];
                }
            }
        }
        Map<Integer, IdMaps.Region> regions = new HashMap<>();
        for (IdMaps.Region r : IdMaps.regions(seg, w, h, x -> x == 0)) regions.put(r.id(), r);
        List<PanopticMap.Segment> segments = new ArrayList<>();
        for (Annotation a : tagged) {
            IdMaps.Region r = regions.get((int) a.id());
            if (r == null) continue;
            int[] bb = r.bbox();
            segments.add(new PanopticMap.Segment((int) a.id(), a.categoryId(), a.iscrowd(), r.area(), new double[] {bb[0], bb[1], bb[2], bb[3]}));
        }
        for (int[] sc : stuffOf) {
            IdMaps.Region r = regions.get(sc[0]);
            if (r == null) continue;
            int[] bb = r.bbox();
            segments.add(new PanopticMap.Segment(sc[0], sc[1], false, r.area(), new double[] {bb[0], bb[1], bb[2], bb[3]}));
        }
        return new PanopticMap(w, h, seg, segments);
    }

    /**
     * A view of {@code d} whose samples carry instance annotations: unchanged when it has them, else made from the
     * semantic maps by {@link #instancesFromSemantic} (background {@code background}, or
     * {@link WriteOptions#AUTO_BACKGROUND}). Annotation ids are per image here; the COCO writer renumbers them.
     */
    public static Dataset withInstances(Dataset d, int background) {
        if (d.groundTruth().contains(GroundTruth.INSTANCES)) return d;
        if (background == WriteOptions.AUTO_BACKGROUND) background = d.category(0) == null ? 0 : -1;
        final int bg = background;
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < d.size(); i++) {
            Sample s = d.get(i);
            out.add(s.toBuilder().annotations(() -> {
                LabelMap m = s.semantic();
                return m == null ? List.of() : instancesFromSemantic(m, bg);
            }).build());
        }
        Set<GroundTruth> gt = EnumSet.copyOf(d.groundTruth().isEmpty() ? EnumSet.noneOf(GroundTruth.class) : d.groundTruth());
        gt.add(GroundTruth.INSTANCES);
        List<DatasetCategory> cats = new ArrayList<>();
        for (DatasetCategory c : d.categories()) if (c.id() != background) cats.add(c);
        return new ListDataset(out, cats, gt, d.source(), d.ignoreIndex());
    }

    /**
     * A view of {@code d} whose samples carry panoptic maps: unchanged when it has them, else built by
     * {@link #toPanoptic} from the instances and the semantic map (when present).
     */
    public static Dataset withPanoptic(Dataset d) {
        if (d.groundTruth().contains(GroundTruth.PANOPTIC)) return d;
        List<Sample> out = new ArrayList<>();
        List<DatasetCategory> cats = d.categories();
        for (int i = 0; i < d.size(); i++) {
            Sample s = d.get(i);
            out.add(s.toBuilder().panoptic(() -> toPanoptic(s.annotations(), s.hasSemantic() ? s.semantic() : null,
                    s.width(), s.height(), cats)).build());
        }
        Set<GroundTruth> gt = EnumSet.noneOf(GroundTruth.class);
        gt.addAll(d.groundTruth());
        gt.add(GroundTruth.PANOPTIC);
        return new ListDataset(out, cats, gt, d.source(), d.ignoreIndex());
    }
}
