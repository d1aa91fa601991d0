package org.tessera.data.coco;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.tessera.core.panoptic.PanopticMap;
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

/**
 * COCO panoptic ground truth: a JSON ({@code images}, {@code annotations} with {@code segments_info},
 * {@code categories} with {@code isthing}) plus a folder of RGB PNGs with {@code id = R + 256 G + 256^2 B}
 * (0 = VOID). Samples carry the panoptic map and, as instances, one annotation per segment (things and stuff;
 * {@code area}, {@code bbox}, {@code iscrowd} from the JSON, the mask as RLE from the PNG).
 */
public final class CocoPanoptic {
    private CocoPanoptic() {}

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * Reads {@code json} with PNGs in {@code pngDir} and images in {@code imageDir} (either may be null: then the
     * folder named like the JSON without {@code .json} beside it, and the JSON's folder).
     */
    public static Dataset read(Path json, Path pngDir, Path imageDir) throws IOException {
        Path parent = json.toAbsolutePath().getParent();
        if (pngDir == null) {
            String n = json.getFileName().toString();
            pngDir = parent.resolve(n.endsWith(".json") ? n.substring(0, n.length() - 5) : n);
        }
        if (imageDir == null) imageDir = parent;
        List<JsonNode> images = new ArrayList<>(), anns = new ArrayList<>();
        List<DatasetCategory> cats = new ArrayList<>();
        try (InputStream in = Files.newInputStream(json); JsonParser jp = MAPPER.createParser(in)) {
            if (jp.nextToken() != JsonToken.START_OBJECT) throw DatasetException.of(json, "a COCO panoptic file must be a JSON object");
            while (jp.nextToken() == JsonToken.FIELD_NAME) {
                String name = jp.currentName();
                JsonToken t = jp.nextToken();
                if (t == JsonToken.START_ARRAY && (name.equals("images") || name.equals("annotations") || name.equals("categories"))) {
                    while (jp.nextToken() == JsonToken.START_OBJECT) {
                        JsonNode n = jp.readValueAsTree();
                        switch (name) {
                            case "images" -> images.add(n);
                            case "annotations" -> anns.add(n);
                            default -> cats.add(category(json, n));
                        }
                    }
                } else {
                    jp.skipChildren();
                }
            }
        } catch (StreamReadException e) {
            String m = String.valueOf(e.getOriginalMessage());
            String loc = e.getLocation() == null ? "?" : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw DatasetException.of(json, (m.toLowerCase().contains("end-of-input") ? "truncated JSON (unexpected end of file)" : "invalid JSON: " + m) + " at " + loc, e);
        }
        Map<String, JsonNode> annByImage = new HashMap<>();
        for (JsonNode a : anns) annByImage.put(a.get("image_id").asText(), a);
        List<Sample> samples = new ArrayList<>();
        int index = 0;
        for (JsonNode im : images) {
            JsonNode idNode = im.get("id");
            if (idNode == null) throw DatasetException.of(json, "image #" + (index + 1) + " has no id");
            String idText = idNode.asText();
            long id = idNode.isNumber() ? idNode.asLong() : index;
            String fileName = im.path("file_name").asText();
            int w = im.path("width").asInt(), h = im.path("height").asInt();
            JsonNode ann = annByImage.get(idText);
            Sample.Builder b = Sample.builder(id, fileName, w, h).imagePath(imageDir.resolve(fileName));
            if (!idNode.isNumber()) b.idText(idText);
            if (ann != null) {
                Path png = pngDir.resolve(ann.path("file_name").asText());
                List<PanopticMap.Segment> segs = new ArrayList<>();
                for (JsonNode s : ann.path("segments_info")) {
                    double[] bb = new double[4];
                    for (int k = 0; k < 4; k++) bb[k] = s.path("bbox").path(k).asDouble();
                    segs.add(new PanopticMap.Segment(s.get("id").asInt(), s.get("category_id").asInt(),
                            s.path("iscrowd").asInt() != 0, s.path("area").asLong(), bb));
                }
                b.panoptic(() -> {
                    PngIo.Plane p = PngIo.readRgbIds(png);
                    if (p.width() != w || p.height() != h) {
                        throw DatasetException.of(png, "panoptic PNG is " + p.width() + "x" + p.height() + " but its image is " + w + "x" + h);
                    }
                    return new PanopticMap(w, h, p.values(), segs);
                });
                b.annotations(() -> segmentsToAnnotations(png, w, h, segs));
            }
            samples.add(b.build());
            index++;
        }
        return new ListDataset(samples, cats, EnumSet.of(GroundTruth.PANOPTIC, GroundTruth.INSTANCES), json, 0);
    }

    private static List<Annotation> segmentsToAnnotations(Path png, int w, int h, List<PanopticMap.Segment> segs) throws IOException {
        PngIo.Plane p = PngIo.readRgbIds(png);
        if (p.width() != w || p.height() != h) {
            throw DatasetException.of(png, "panoptic PNG is " + p.width() + "x" + p.height() + " but its image is " + w + "x" + h);
        }
        Map<Integer, IdMaps.Region> regions = new HashMap<>();
        for (IdMaps.Region r : IdMaps.regions(p.values(), w, h, v -> v == 0)) regions.put(r.id(), r);
        List<Annotation> out = new ArrayList<>();
        for (PanopticMap.Segment s : segs) {
            IdMaps.Region r = regions.get(s.id());
            Segmentation seg = r == null ? new Segmentation.OfRle(org.tessera.core.mask.Rle.empty(h, w), true)
                    : new Segmentation.OfRle(r.rle(), true);
            out.add(Annotation.of(s.id(), s.categoryId(), s.iscrowd(), s.area(), s.bbox().clone(), seg));
        }
        return out;
    }

    private static DatasetCategory category(Path json, JsonNode n) throws DatasetException {
        if (!n.has("id")) throw DatasetException.of(json, "category without id: " + n);
        int color = -1;
        JsonNode c = n.get("color");
        if (c != null && c.isArray() && c.size() == 3) color = (c.get(0).asInt() << 16) | (c.get(1).asInt() << 8) | c.get(2).asInt();
        return new DatasetCategory(n.get("id").asInt(), n.path("name").asText(String.valueOf(n.get("id").asInt())),
                n.path("supercategory").asText(""), !n.has("isthing") || n.get("isthing").asInt() != 0, color);
    }

    /** The default panoptic PNG name of a sample: its file name's base with {@code .png}. */
    public static String defaultPngName(Sample s) {
        String f = Path.of(s.fileName()).getFileName().toString();
        int dot = f.lastIndexOf('.');
        return (dot > 0 ? f.substring(0, dot) : f) + ".png";
    }

    /**
     * Writes the panoptic ground truth of {@code dataset} as COCO panoptic: the JSON at {@code json} and one RGB PNG
     * per sample in {@code pngDir}, named by {@code pngName}. String image ids are written as strings. Boxes and
     * areas are written as integers when integral. Each file is written atomically; samples without panoptic maps
     * are skipped.
     */
    public static void write(Dataset dataset, Path json, Path pngDir, Function<Sample, String> pngName) throws IOException {
        List<Sample> done = new ArrayList<>();
        Files.createDirectories(pngDir);
        // keep only the segments of each written map for the JSON, not its pixels
        List<List<PanopticMap.Segment>> segs = new ArrayList<>();
        for (int i = 0; i < dataset.size(); i++) {
            Sample s = dataset.get(i);
            PanopticMap m = s.panoptic();
            if (m == null) continue;
            PngIo.writeRgbIds(pngDir.resolve(pngName.apply(s)), m.width(), m.height(), m.data());
            done.add(s);
            segs.add(m.segments());
        }
        AtomicFiles.write(json, out -> {
            try (JsonGenerator g = CocoParser.FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
                g.writeStartObject();
                g.writeArrayFieldStart("images");
                for (Sample s : done) {
                    g.writeStartObject();
                    writeId(g, "id", s);
                    g.writeStringField("file_name", s.fileName());
                    g.writeNumberField("width", s.width());
                    g.writeNumberField("height", s.height());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeArrayFieldStart("annotations");
                for (int k = 0; k < done.size(); k++) {
                    Sample s = done.get(k);
                    g.writeStartObject();
                    writeId(g, "image_id", s);
                    g.writeStringField("file_name", pngName.apply(s));
                    g.writeArrayFieldStart("segments_info");
                    for (PanopticMap.Segment seg : segs.get(k)) {
                        g.writeStartObject();
                        g.writeNumberField("id", seg.id());
                        g.writeNumberField("category_id", seg.categoryId());
                        g.writeNumberField("area", seg.area());
                        g.writeArrayFieldStart("bbox");
                        for (double v : seg.bbox()) {
                            if (v == Math.rint(v) && Math.abs(v) < 1e15) g.writeNumber((long) v);
                            else g.writeNumber(v);
                        }
                        g.writeEndArray();
                        g.writeNumberField("iscrowd", seg.iscrowd() ? 1 : 0);
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                }
                g.writeEndArray();
                CocoJson.writeCategories(g, dataset.categories(), true);
                g.writeEndObject();
            }
        });
    }

    private static void writeId(JsonGenerator g, String field, Sample s) throws IOException {
        if (s.hasTextId()) g.writeStringField(field, s.idText());
        else g.writeNumberField(field, s.id());
    }
}
