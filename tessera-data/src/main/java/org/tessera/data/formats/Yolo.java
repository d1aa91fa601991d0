package org.tessera.data.formats;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.tessera.core.mask.Rle;
import org.tessera.data.Annotation;
import org.tessera.core.io.AtomicFiles;
import org.tessera.data.Dataset;
import org.tessera.data.DatasetCategory;
import org.tessera.data.DatasetException;
import org.tessera.data.GroundTruth;
import org.tessera.data.ListDataset;
import org.tessera.data.Sample;
import org.tessera.data.Segmentation;
import org.tessera.data.io.PngIo;

/**
 * Ultralytics YOLO segmentation data sets: a data YAML ({@code path}, {@code train} / {@code val} / {@code test} as an
 * image folder, a list of folders or a .txt list of images, and {@code names} as a list or an index map) and one
 * {@code labels/.../<stem>.txt} per {@code images/.../<stem>.<ext>} (the last {@code images} path component replaced by
 * {@code labels}). A label line is {@code class x1 y1 ... xn yn} with coordinates normalised by the image width and
 * height (a polygon, n >= 3), or {@code class cx cy w h} (a box).
 *
 * <p>Reading: category ids are the YOLO class indices 0..nc-1; a polygon's mask is pycocotools' rasterisation of the
 * de-normalised vertices, its area the mask area, its bbox the vertices' extent; a sample's file name is the image path
 * relative to its split folder (or to {@code path} for .txt lists). Writing: classes are numbered in the
 * data set's category order; crowd annotations are skipped (YOLO has no crowd flag); an object made of several
 * polygons is written as one polygon whose parts are joined by zero-width bridges at their nearest vertices; RLE masks
 * are traced to polygons first ({@code rleToPolygons}). Coordinates are written with 6 decimals.
 */
public final class Yolo {
    private Yolo() {}

    /** Parsed data YAML. */
    public record DataYaml(Path base, Map<String, List<String>> splits, List<String> names) {}

    /** Reads the simple YAML subset used by data files: scalars, inline / block lists, block index maps, comments. */
    public static DataYaml readYaml(Path yaml) throws IOException {
        List<String> lines = Files.readAllLines(yaml, StandardCharsets.UTF_8);
        Map<String, Object> top = new LinkedHashMap<>();
        String openKey = null;
        List<String> openList = null;
        TreeMap<Integer, String> openMap = null;
        for (int n = 0; n < lines.size(); n++) {
            String raw = lines.get(n);
            String line = stripComment(raw);
            if (line.isBlank()) continue;
            boolean indented = Character.isWhitespace(line.charAt(0));
            String t = line.strip();
            if (indented && openKey != null) {
                if (t.startsWith("- ")) {
                    if (openList == null) openList = new ArrayList<>();
                    openList.add(unquote(t.substring(2).strip()));
                    top.put(openKey, openList);
                } else if (t.contains(":")) {
                    int c = t.indexOf(':');
                    try {
                        int idx = Integer.parseInt(t.substring(0, c).strip());
                        if (openMap == null) openMap = new TreeMap<>();
                        openMap.put(idx, unquote(t.substring(c + 1).strip()));
                        top.put(openKey, openMap);
                    } catch (NumberFormatException e) {
                        throw DatasetException.of(yaml, "line " + (n + 1) + ": unsupported YAML (nested key '" + t + "')");
                    }
                } else {
                    throw DatasetException.of(yaml, "line " + (n + 1) + ": unsupported YAML '" + t + "'");
                }
                continue;
            }
            int c = t.indexOf(':');
            if (c < 0) throw DatasetException.of(yaml, "line " + (n + 1) + ": expected 'key: value', found '" + t + "'");
            String key = t.substring(0, c).strip(), value = t.substring(c + 1).strip();
            openKey = null;
            openList = null;
            openMap = null;
            if (value.isEmpty()) {
                openKey = key;
            } else if (value.startsWith("[")) {
                if (!value.endsWith("]")) throw DatasetException.of(yaml, "line " + (n + 1) + ": unterminated inline list");
                List<String> l = new ArrayList<>();
                for (String p : value.substring(1, value.length() - 1).split(",")) if (!p.isBlank()) l.add(unquote(p.strip()));
                top.put(key, l);
            } else if (value.startsWith("{")) {
                if (!value.endsWith("}")) throw DatasetException.of(yaml, "line " + (n + 1) + ": unterminated inline map");
                TreeMap<Integer, String> m = new TreeMap<>();
                for (String p : value.substring(1, value.length() - 1).split(",")) {
                    if (p.isBlank()) continue;
                    int cc = p.indexOf(':');
                    m.put(Integer.parseInt(p.substring(0, cc).strip()), unquote(p.substring(cc + 1).strip()));
                }
                top.put(key, m);
            } else {
                top.put(key, unquote(value));
            }
        }
        Path dir = yaml.toAbsolutePath().getParent();
        Path base = top.get("path") instanceof String p ? dir.resolve(p) : dir;
        Map<String, List<String>> splits = new LinkedHashMap<>();
        for (String k : List.of("train", "val", "test")) {
            Object v = top.get(k);
            if (v instanceof String s) splits.put(k, List.of(s));
            else if (v instanceof List<?> l) splits.put(k, l.stream().map(Object::toString).toList());
        }
        List<String> names = new ArrayList<>();
        Object nm = top.get("names");
        if (nm instanceof List<?> l) for (Object o : l) names.add(o.toString());
        else if (nm instanceof TreeMap<?, ?> m) {
            int i = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if ((Integer) e.getKey() != i++) throw DatasetException.of(yaml, "names must be indexed 0..n-1 without gaps");
                names.add(e.getValue().toString());
            }
        } else if (top.get("nc") instanceof String nc) {
            for (int i = 0; i < Integer.parseInt(nc); i++) names.add("class" + i);
        } else {
            throw DatasetException.of(yaml, "no 'names' (class names) given");
        }
        return new DataYaml(base, splits, names);
    }

    private static String stripComment(String s) {
        boolean sq = false, dq = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'' && !dq) sq = !sq;
            else if (c == '"' && !sq) dq = !dq;
            else if (c == '#' && !sq && !dq && (i == 0 || Character.isWhitespace(s.charAt(i - 1)))) return s.substring(0, i);
        }
        return s;
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && ((s.startsWith("'") && s.endsWith("'")) || (s.startsWith("\"") && s.endsWith("\"")))) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }

    /** The label file of an image: the last "images" component replaced by "labels", extension ".txt". */
    public static Path labelPath(Path image) {
        int n = image.getNameCount();
        int at = -1;
        for (int i = n - 2; i >= 0; i--) {
            if (image.getName(i).toString().equals("images")) {
                at = i;
                break;
            }
        }
        String stem = Folders.stem(image);
        if (at < 0) return image.resolveSibling(stem + ".txt");
        Path root = image.getRoot() == null ? Path.of("") : image.getRoot();
        Path p = root;
        for (int i = 0; i < n - 1; i++) p = p.resolve(i == at ? "labels" : image.getName(i).toString());
        return p.resolve(stem + ".txt");
    }

    /**
     * Reads a YOLO data set from its YAML (or a folder holding one {@code *.yaml}); {@code split} = "train", "val",
     * "test", or null for all listed splits.
     */
    public static Dataset read(Path yamlOrDir, String split) throws IOException {
        Path yaml = yamlOrDir;
        if (Files.isDirectory(yamlOrDir)) {
            try (Stream<Path> s = Files.list(yamlOrDir)) {
                List<Path> ys = s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
                if (ys.isEmpty()) throw DatasetException.of(yamlOrDir, "no data .yaml file");
                yaml = ys.get(0);
            }
        }
        DataYaml y = readYaml(yaml);
        List<Path> images = new ArrayList<>();
        List<Path> relTo = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : y.splits().entrySet()) {
            if (split != null && !split.equals(e.getKey())) continue;
            for (String entry : e.getValue()) {
                Path p = y.base().resolve(entry);
                if (Files.isDirectory(p)) {
                    try (Stream<Path> s = Files.walk(p)) {
                        for (Path q : s.filter(Files::isRegularFile).filter(Folders::isImage).sorted().toList()) {
                            images.add(q);
                            relTo.add(p);
                        }
                    }
                } else if (Files.isRegularFile(p) && p.toString().endsWith(".txt")) {
                    for (String l : Folders.lines(p)) {
                        images.add(y.base().resolve(l).normalize());
                        relTo.add(y.base());
                    }
                } else {
                    throw DatasetException.of(yaml, "split '" + e.getKey() + "' entry " + entry + " is neither a folder nor a .txt list (" + p + ")");
                }
            }
        }
        if (split != null && !y.splits().containsKey(split)) throw DatasetException.of(yaml, "no split '" + split + "'");
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            Path img = images.get(i);
            int[] wh = PngIo.size(img);
            int w = wh[0], h = wh[1];
            Path lbl = labelPath(img);
            String rel = relTo.get(i).relativize(img).toString().replace('\\', '/');
            samples.add(Sample.builder(samples.size(), rel, w, h).idText(Folders.stem(img)).imagePath(img)
                    .annotations(() -> readLabels(lbl, w, h, y.names().size())).build());
        }
        List<DatasetCategory> cats = new ArrayList<>();
        for (int i = 0; i < y.names().size(); i++) cats.add(DatasetCategory.of(i, y.names().get(i)));
        return new ListDataset(samples, cats, EnumSet.of(GroundTruth.INSTANCES), yaml, 255);
    }

    static List<Annotation> readLabels(Path lbl, int w, int h, int nc) throws IOException {
        if (!Files.isRegularFile(lbl)) return List.of(); // an image without a label file has no objects
        List<Annotation> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(lbl, StandardCharsets.UTF_8);
        long id = 1;
        for (int n = 0; n < lines.size(); n++) {
            String t = lines.get(n).strip();
            if (t.isEmpty()) continue;
            String[] f = t.split("\\s+");
            int cls;
            double[] v = new double[f.length - 1];
            try {
                cls = Integer.parseInt(f[0]);
                for (int k = 1; k < f.length; k++) v[k - 1] = Double.parseDouble(f[k]);
            } catch (NumberFormatException e) {
                throw DatasetException.of(lbl, "line " + (n + 1) + ": not numbers: '" + t + "'");
            }
            if (cls < 0 || cls >= nc) throw DatasetException.of(lbl, "line " + (n + 1) + ": class " + cls + " outside 0.." + (nc - 1));
            if (v.length == 4) {
                double bw = v[2] * w, bh = v[3] * h;
                double[] bb = {v[0] * w - bw / 2, v[1] * h - bh / 2, bw, bh};
                out.add(Annotation.of(id++, cls, false, bw * bh, bb, null));
                continue;
            }
            if (v.length % 2 != 0) throw DatasetException.of(lbl, "line " + (n + 1) + ": odd number of coordinates");
            double x0 = Double.MAX_VALUE, y0 = Double.MAX_VALUE, x1 = -Double.MAX_VALUE, y1 = -Double.MAX_VALUE;
            for (int k = 0; k < v.length; k += 2) {
                v[k] *= w;
                v[k + 1] *= h;
                x0 = Math.min(x0, v[k]);
                x1 = Math.max(x1, v[k]);
                y0 = Math.min(y0, v[k + 1]);
                y1 = Math.max(y1, v[k + 1]);
            }
            long area = v.length >= 6 ? Rle.fromPolygon(v, h, w).area() : 0; // < 3 points: kept for the validator to list
            out.add(Annotation.of(id++, cls, false, area, new double[] {x0, y0, x1 - x0, y1 - y0},
                    new Segmentation.OfPolygons(new double[][] {v})));
        }
        return out;
    }

    /**
     * Joins the parts of a multi-polygon object into one ring: each part after the first is linked to the first at
     * the nearest pair of vertices by a zero-width bridge (there and back), so the ring encloses the same area.
     */
    public static double[] joinParts(double[][] parts) {
        if (parts.length == 1) return parts[0];
        double[] main = parts[0];
        int nMain = main.length / 2;
        List<List<double[]>> inserts = new ArrayList<>();
        for (int i = 0; i < nMain; i++) inserts.add(null);
        for (int p = 1; p < parts.length; p++) {
            double[] q = parts[p];
            int bi = 0, bj = 0;
            double best = Double.MAX_VALUE;
            for (int i = 0; i < nMain; i++) {
                for (int j = 0; j < q.length / 2; j++) {
                    double dx = main[2 * i] - q[2 * j], dy = main[2 * i + 1] - q[2 * j + 1];
                    double d = dx * dx + dy * dy;
                    if (d < best) {
                        best = d;
                        bi = i;
                        bj = j;
                    }
                }
            }
            int m = q.length / 2;
            double[] loop = new double[2 * (m + 1)];
            for (int k = 0; k <= m; k++) {
                int j = (bj + k) % m;
                loop[2 * k] = q[2 * j];
                loop[2 * k + 1] = q[2 * j + 1];
            }
            if (inserts.get(bi) == null) inserts.set(bi, new ArrayList<>());
            inserts.get(bi).add(loop);
        }
        int total = main.length;
        for (List<double[]> l : inserts) if (l != null) for (double[] a : l) total += a.length + 2;
        double[] out = new double[total];
        int o = 0;
        for (int i = 0; i < nMain; i++) {
            out[o++] = main[2 * i];
            out[o++] = main[2 * i + 1];
            if (inserts.get(i) != null) {
                for (double[] loop : inserts.get(i)) {
                    System.arraycopy(loop, 0, out, o, loop.length);
                    o += loop.length;
                    out[o++] = main[2 * i];
                    out[o++] = main[2 * i + 1];
                }
            }
        }
        return out;
    }

    /**
     * Writes {@code d} as a YOLO segmentation data set under {@code root}: {@code images/<split>/} (copies),
     * {@code labels/<split>/<stem>.txt} and {@code data.yaml} (splits written before into the same root are kept, so
     * train and val can be written by two calls). {@code rleToPolygons} turns an RLE mask into polygons
     * (null: RLE-only instances are skipped). Returns the number of instances skipped (crowd, box-only, no polygon).
     */
    public static int write(Dataset d, Path root, String split, Function<Rle, double[][]> rleToPolygons) throws IOException {
        Map<Integer, Integer> index = new LinkedHashMap<>();
        List<DatasetCategory> cats = d.categories();
        for (int i = 0; i < cats.size(); i++) index.put(cats.get(i).id(), i);
        int skipped = 0;
        for (int i = 0; i < d.size(); i++) {
            Sample s = d.get(i);
            String file = Path.of(s.fileName()).getFileName().toString();
            String stem = Folders.stem(Path.of(file));
            int w = s.width(), h = s.height();
            StringBuilder b = new StringBuilder();
            for (Annotation a : s.annotations()) {
                Integer cls = index.get(a.categoryId());
                if (cls == null) throw new DatasetException("image " + s.fileName() + ", annotation " + a.id() + ": category " + a.categoryId() + " is not among the categories");
                if (a.iscrowd() || a.segmentation() == null) {
                    skipped++;
                    continue;
                }
                double[][] parts = switch (a.segmentation()) {
                    case Segmentation.OfPolygons p -> p.polygons();
                    case Segmentation.OfRle r -> rleToPolygons == null ? null : rleToPolygons.apply(r.rle());
                };
                if (parts == null || parts.length == 0) {
                    skipped++;
                    continue;
                }
                double[] ring = joinParts(parts);
                b.append(cls);
                for (int k = 0; k < ring.length; k += 2) {
                    b.append(' ').append(String.format(Locale.ROOT, "%.6f", ring[k] / w));
                    b.append(' ').append(String.format(Locale.ROOT, "%.6f", ring[k + 1] / h));
                }
                b.append('\n');
            }
            byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
            AtomicFiles.write(root.resolve("labels").resolve(split).resolve(stem + ".txt"), out -> out.write(bytes));
            Path target = root.resolve("images").resolve(split).resolve(file);
            if (s.imagePath() != null && Files.isRegularFile(s.imagePath())) {
                AtomicFiles.write(target, out -> Files.copy(s.imagePath(), out));
            }
        }
        StringBuilder y = new StringBuilder();
        y.append("path: .\n");
        Path yamlPath = root.resolve("data.yaml");
        if (java.nio.file.Files.isRegularFile(yamlPath)) {
            // keep the splits written before (same root), e.g. train then val
            DataYaml old = readYaml(yamlPath);
            List<String> names = cats.stream().map(DatasetCategory::name).toList();
            if (!old.names().equals(names)) throw DatasetException.of(yamlPath, "exists with other class names; write each data set to its own folder");
            for (Map.Entry<String, List<String>> e : old.splits().entrySet()) {
                if (!e.getKey().equals(split) && e.getValue().size() == 1) y.append(e.getKey()).append(": ").append(e.getValue().get(0)).append('\n');
            }
        }
        y.append(split).append(": images/").append(split).append('\n').append("names:\n");
        for (int i = 0; i < cats.size(); i++) y.append("  ").append(i).append(": ").append(yamlString(cats.get(i).name())).append('\n');
        byte[] yb = y.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(root.resolve("data.yaml"), out -> out.write(yb));
        return skipped;
    }

    private static String yamlString(String s) {
        return s.matches("[A-Za-z0-9_ .-]*") && !s.isBlank() ? s : "'" + s.replace("'", "''") + "'";
    }
}
