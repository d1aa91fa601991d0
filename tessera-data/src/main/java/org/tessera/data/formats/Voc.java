package org.tessera.data.formats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.tessera.core.label.LabelMap;
import org.tessera.core.label.Palette;
import org.tessera.core.mask.Rle;
import org.tessera.data.Annotation;
import org.tessera.core.io.AtomicFiles;
import org.tessera.data.Dataset;
import org.tessera.data.DatasetCategory;
import org.tessera.data.DatasetException;
import org.tessera.data.GroundTruth;
import org.tessera.data.IdMaps;
import org.tessera.data.ListDataset;
import org.tessera.data.Sample;
import org.tessera.data.Segmentation;
import org.tessera.data.io.PngIo;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Pascal VOC: {@code JPEGImages/<id>.jpg}, {@code SegmentationClass/<id>.png} and {@code SegmentationObject/<id>.png}
 * (palette PNGs whose indices are the values: class 0 = background, 1..20 the classes, 255 = border / ignore;
 * object 1..N), {@code Annotations/<id>.xml} and {@code ImageSets/Segmentation/<set>.txt}.
 *
 * <p>Instances: with a SegmentationObject map, each object index 1..254 is one instance whose class is the most
 * frequent SegmentationClass value under it (ties: the smaller class), area = pixel count, bbox = tight box; without
 * one, the XML objects give box-only instances with VOC's 1-based inclusive corners converted to COCO's
 * {@code [xmin - 1, ymin - 1, xmax - xmin + 1, ymax - ymin + 1]}. Category ids are 1..20 in VOC's order.
 */
public final class Voc {
    private Voc() {}

    /** The 20 VOC classes, ids 1..20 (0 = background, 255 = ignore). */
    public static final List<String> CLASSES = List.of("aeroplane", "bicycle", "bird", "boat", "bottle", "bus", "car",
            "cat", "chair", "cow", "diningtable", "dog", "horse", "motorbike", "person", "pottedplant", "sheep", "sofa",
            "train", "tvmonitor");

    public static List<DatasetCategory> categories() {
        List<DatasetCategory> out = new ArrayList<>();
        int[] pal = Palette.pascalVoc(256).toArray();
        for (int i = 0; i < CLASSES.size(); i++) out.add(new DatasetCategory(i + 1, CLASSES.get(i), "", true, pal[i + 1]));
        return out;
    }

    /**
     * Reads a VOC root (the folder holding {@code JPEGImages/}); {@code imageSet} names a list in
     * {@code ImageSets/Segmentation/} (e.g. "train"), or null for every image of {@code JPEGImages/} (those without
     * masks carry the XML boxes only).
     */
    public static Dataset read(Path root, String imageSet) throws IOException {
        Path jpeg = root.resolve("JPEGImages");
        if (!Files.isDirectory(jpeg)) throw DatasetException.of(root, "not a Pascal VOC root: no JPEGImages/ folder");
        List<String> ids = new ArrayList<>();
        if (imageSet != null) {
            Path list = root.resolve("ImageSets").resolve("Segmentation").resolve(imageSet + ".txt");
            if (!Files.isRegularFile(list)) throw DatasetException.of(list, "image set list not found");
            for (String l : Folders.lines(list)) ids.add(l.split("\\s+")[0]);
        } else {
            for (Path p : Folders.images(jpeg)) ids.add(Folders.stem(p));
        }
        List<Sample> samples = new ArrayList<>();
        Path cls = root.resolve("SegmentationClass"), obj = root.resolve("SegmentationObject"), xmlDir = root.resolve("Annotations");
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            Path img = Folders.findImage(jpeg, id);
            if (img == null) img = jpeg.resolve(id + ".jpg");
            Path clsPng = cls.resolve(id + ".png"), objPng = obj.resolve(id + ".png"), xml = xmlDir.resolve(id + ".xml");
            int w, h;
            List<XmlObject> xmlObjects = List.of();
            if (Files.isRegularFile(xml)) {
                XmlInfo info = readXml(xml);
                w = info.width;
                h = info.height;
                xmlObjects = info.objects;
            } else if (Files.isRegularFile(img)) {
                int[] wh = PngIo.size(img);
                w = wh[0];
                h = wh[1];
            } else if (Files.isRegularFile(clsPng)) {
                int[] wh = PngIo.size(clsPng);
                w = wh[0];
                h = wh[1];
            } else {
                throw DatasetException.of(img, "image not found (and no XML or mask gives its size)");
            }
            final int W = w, H = h;
            final List<XmlObject> objs = xmlObjects;
            Sample.Builder b = Sample.builder(i, img.getFileName().toString(), w, h).idText(id).imagePath(img);
            boolean hasCls = Files.isRegularFile(clsPng), hasObj = Files.isRegularFile(objPng);
            if (hasCls) b.semantic(() -> labelMap(clsPng, W, H));
            if (hasObj && hasCls) b.annotations(() -> instances(clsPng, objPng, W, H));
            else b.annotations(() -> boxes(objs));
            samples.add(b.build());
        }
        return new ListDataset(samples, categories(), EnumSet.of(GroundTruth.SEMANTIC, GroundTruth.INSTANCES), root, 255);
    }

    static LabelMap labelMap(Path png, int w, int h) throws IOException {
        PngIo.Plane p = PngIo.readChannel0(png);
        if (p.width() != w || p.height() != h) {
            throw DatasetException.of(png, "mask is " + p.width() + "x" + p.height() + " but its image is " + w + "x" + h);
        }
        short[] s = new short[p.values().length];
        int[] v = p.values();
        for (int k = 0; k < v.length; k++) s[k] = (short) v[k];
        return new LabelMap(w, h, s, 255, Palette.pascalVoc(256));
    }

    static List<Annotation> instances(Path clsPng, Path objPng, int w, int h) throws IOException {
        PngIo.Plane c = PngIo.readChannel0(clsPng), o = PngIo.readChannel0(objPng);
        for (PngIo.Plane p : List.of(c, o)) {
            if (p.width() != w || p.height() != h) {
                throw DatasetException.of(p == c ? clsPng : objPng, "mask is " + p.width() + "x" + p.height() + " but its image is " + w + "x" + h);
            }
        }
        int[] cv = c.values(), ov = o.values();
        List<Annotation> out = new ArrayList<>();
        for (IdMaps.Region r : IdMaps.regions(ov, w, h, v -> v == 0 || v == 255)) {
            long[] votes = new long[256];
            for (int k = 0; k < ov.length; k++) if (ov[k] == r.id()) votes[cv[k] & 0xFF]++;
            int best = -1;
            for (int k = 1; k < 255; k++) if (votes[k] > 0 && (best < 0 || votes[k] > votes[best])) best = k;
            if (best < 0) throw DatasetException.of(objPng, "object " + r.id() + " lies only on background / border in " + clsPng.getFileName());
            int[] bb = r.bbox();
            out.add(Annotation.of(r.id(), best, false, r.area(), new double[] {bb[0], bb[1], bb[2], bb[3]},
                    new Segmentation.OfRle(r.rle(), true)));
        }
        return out;
    }

    static List<Annotation> boxes(List<XmlObject> objs) {
        List<Annotation> out = new ArrayList<>();
        int k = 1;
        for (XmlObject o : objs) {
            int cat = CLASSES.indexOf(o.name) + 1; // 0 for a name outside VOC's 20 classes: the validator lists it
            double w = o.xmax - o.xmin + 1, h = o.ymax - o.ymin + 1;
            out.add(Annotation.of(k++, cat, false, w * h, new double[] {o.xmin - 1, o.ymin - 1, w, h}, null));
        }
        return out;
    }

    record XmlObject(String name, double xmin, double ymin, double xmax, double ymax, boolean difficult) {}

    record XmlInfo(int width, int height, List<XmlObject> objects) {}

    static XmlInfo readXml(Path xml) throws IOException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            DocumentBuilder db = f.newDocumentBuilder();
            db.setErrorHandler(null);
            Document doc = db.parse(xml.toFile());
            Element root = doc.getDocumentElement();
            Element size = child(root, "size");
            int w = size == null ? 0 : (int) num(xml, size, "width");
            int h = size == null ? 0 : (int) num(xml, size, "height");
            List<XmlObject> objs = new ArrayList<>();
            NodeList nl = root.getElementsByTagName("object");
            for (int i = 0; i < nl.getLength(); i++) {
                Element o = (Element) nl.item(i);
                if (o.getParentNode() != root) continue;
                String name = text(child(o, "name"));
                Element bb = child(o, "bndbox");
                if (name == null || bb == null) throw DatasetException.of(xml, "object #" + (i + 1) + " lacks name or bndbox");
                Element d = child(o, "difficult");
                objs.add(new XmlObject(name, num(xml, bb, "xmin"), num(xml, bb, "ymin"), num(xml, bb, "xmax"), num(xml, bb, "ymax"),
                        d != null && "1".equals(text(d))));
            }
            return new XmlInfo(w, h, objs);
        } catch (org.xml.sax.SAXException e) {
            throw DatasetException.of(xml, "invalid XML: " + e.getMessage(), e);
        } catch (javax.xml.parsers.ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Element child(Element e, String tag) {
        for (org.w3c.dom.Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && c.getTagName().equals(tag)) return c;
        }
        return null;
    }

    private static String text(Element e) {
        return e == null ? null : e.getTextContent().strip();
    }

    private static double num(Path xml, Element parent, String tag) throws DatasetException {
        String t = text(child(parent, tag));
        if (t == null) throw DatasetException.of(xml, "missing <" + tag + ">");
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw DatasetException.of(xml, "<" + tag + "> is not a number: " + t);
        }
    }

    /**
     * Writes a data set as Pascal VOC segmentation: {@code SegmentationClass/} (the semantic map, or instances painted
     * by {@link org.tessera.data.Conversions#toSemantic}), {@code SegmentationObject/} (instances numbered 1..N in
     * order, crowd regions 255), palette PNGs, {@code Annotations/*.xml} with boxes, the images copied into
     * {@code JPEGImages/}, and {@code ImageSets/Segmentation/<imageSet>.txt}. Category ids must be 1..254 and are
     * written by name when they are VOC classes.
     */
    public static void write(Dataset d, Path root, String imageSet) throws IOException {
        int[] pal = Palette.pascalVoc(256).toArray();
        List<String> ids = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < d.size(); i++) {
            Sample s = d.get(i);
            String id = Folders.stem(Path.of(s.fileName()));
            if (!seen.add(id)) throw new DatasetException("two samples share the VOC id " + id);
            int w = s.width(), h = s.height();
            LabelMap sem = org.tessera.data.Conversions.toSemantic(s, d.ignoreIndex());
            if (sem != null) {
                int[] v = new int[w * h];
                short[] src = sem.data();
                for (int k = 0; k < v.length; k++) {
                    int x = src[k] & 0xFFFF;
                    v[k] = x == d.ignoreIndex() ? 255 : x;
                }
                PngIo.writePalette(root.resolve("SegmentationClass").resolve(id + ".png"), w, h, v, pal);
            }
            List<Annotation> anns = s.annotations();
            if (!anns.isEmpty() && anns.stream().anyMatch(a -> a.segmentation() != null)) {
                int[] obj = new int[w * h];
                int k = 1;
                for (Annotation a : anns) {
                    if (a.segmentation() == null) continue;
                    Rle r = a.segmentation().toRle(h, w);
                    IdMaps.paint(r, obj, w, a.iscrowd() ? 255 : Math.min(k++, 254), true, 0);
                }
                PngIo.writePalette(root.resolve("SegmentationObject").resolve(id + ".png"), w, h, obj, pal);
            }
            writeXml(d, s, anns, root.resolve("Annotations").resolve(id + ".xml"));
            if (s.imagePath() != null && Files.isRegularFile(s.imagePath())) {
                Path target = root.resolve("JPEGImages").resolve(id + ".jpg");
                Files.createDirectories(target.getParent());
                String n = s.imagePath().getFileName().toString().toLowerCase(java.util.Locale.ROOT);
                if (n.endsWith(".jpg") || n.endsWith(".jpeg")) {
                    AtomicFiles.write(target, out -> Files.copy(s.imagePath(), out));
                } else {
                    java.awt.image.BufferedImage bi = javax.imageio.ImageIO.read(s.imagePath().toFile());
                    java.awt.image.BufferedImage rgb = new java.awt.image.BufferedImage(bi.getWidth(), bi.getHeight(), java.awt.image.BufferedImage.TYPE_INT_RGB);
                    rgb.getGraphics().drawImage(bi, 0, 0, null);
                    AtomicFiles.write(target, out -> javax.imageio.ImageIO.write(rgb, "jpg", out));
                }
            }
            ids.add(id);
        }
        String list = String.join("\n", ids) + "\n";
        AtomicFiles.write(root.resolve("ImageSets").resolve("Segmentation").resolve((imageSet == null ? "all" : imageSet) + ".txt"),
                out -> out.write(list.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static void writeXml(Dataset d, Sample s, List<Annotation> anns, Path xml) throws IOException {
        StringBuilder b = new StringBuilder("<annotation>\n\t<folder>VOC</folder>\n");
        b.append("\t<filename>").append(esc(Folders.stem(Path.of(s.fileName())) + ".jpg")).append("</filename>\n");
        b.append("\t<size>\n\t\t<width>").append(s.width()).append("</width>\n\t\t<height>").append(s.height())
                .append("</height>\n\t\t<depth>3</depth>\n\t</size>\n\t<segmented>1</segmented>\n");
        for (Annotation a : anns) {
            if (a.iscrowd()) continue;
            double[] bb = a.bbox();
            if (bb == null && a.segmentation() != null) bb = a.segmentation().toRle(s.height(), s.width()).toBbox();
            if (bb == null) continue;
            DatasetCategory c = d.category(a.categoryId());
            String name = c == null ? String.valueOf(a.categoryId()) : c.name();
            long xmin = Math.round(bb[0]) + 1, ymin = Math.round(bb[1]) + 1;
            long xmax = Math.round(bb[0] + bb[2]), ymax = Math.round(bb[1] + bb[3]);
            b.append("\t<object>\n\t\t<name>").append(esc(name)).append("</name>\n\t\t<difficult>0</difficult>\n\t\t<bndbox>\n")
                    .append("\t\t\t<xmin>").append(xmin).append("</xmin>\n\t\t\t<ymin>").append(ymin).append("</ymin>\n")
                    .append("\t\t\t<xmax>").append(xmax).append("</xmax>\n\t\t\t<ymax>").append(ymax).append("</ymax>\n")
                    .append("\t\t</bndbox>\n\t</object>\n");
        }
        b.append("</annotation>\n");
        byte[] bytes = b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        AtomicFiles.write(xml, out -> out.write(bytes));
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
