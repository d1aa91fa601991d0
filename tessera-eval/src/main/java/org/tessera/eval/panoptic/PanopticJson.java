package org.tessera.eval.panoptic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tessera.core.panoptic.PanopticMap.Segment;

/**
 * A COCO panoptic JSON file: {@code categories} (GT files) and {@code annotations}, each with {@code image_id},
 * {@code file_name} (the PNG in the segmentation folder) and {@code segments_info}.
 *
 * @param file        the file read
 * @param categories  {@code categories[]} in file order (empty if absent)
 * @param annotations {@code annotations[]} in file order
 */
public record PanopticJson(Path file, List<PanopticCategory> categories, List<Annotation> annotations) {

    /**
     * One image's annotation.
     *
     * @param imageId  {@code image_id} as text
     * @param fileName {@code file_name}
     * @param segments {@code segments_info}; {@code area} is -1 where the JSON has none, {@code iscrowd} false where
     *                 absent
     */
    public record Annotation(String imageId, String fileName, List<Segment> segments) {}

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * Reads a panoptic JSON file.
     *
     * @throws IOException if the file cannot be read or is not a panoptic JSON (the message names the file and item)
     */
    public static PanopticJson read(Path file) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": not readable JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) throw new IOException(file + ": not a JSON object");
        List<PanopticCategory> cats = new ArrayList<>();
        JsonNode cn = root.path("categories");
        for (int i = 0; i < cn.size(); i++) {
            JsonNode c = cn.get(i);
            if (!c.path("id").canConvertToInt()) throw new IOException(file + ": categories[" + i + "] has no integer id");
            cats.add(new PanopticCategory(c.get("id").asInt(), c.path("name").asText(""), c.path("isthing").asInt(0) == 1));
        }
        JsonNode an = root.get("annotations");
        if (an == null || !an.isArray()) throw new IOException(file + ": no 'annotations' array");
        List<Annotation> anns = new ArrayList<>(an.size());
        for (int i = 0; i < an.size(); i++) {
            JsonNode a = an.get(i);
            String where = file + ": annotations[" + i + "]";
            JsonNode idn = a.get("image_id");
            if (idn == null || idn.isNull()) throw new IOException(where + " has no image_id");
            String fileName = a.path("file_name").asText(null);
            if (fileName == null) throw new IOException(where + " (image " + idn.asText() + ") has no file_name");
            JsonNode si = a.path("segments_info");
            List<Segment> segs = new ArrayList<>(si.size());
            for (int k = 0; k < si.size(); k++) {
                JsonNode s = si.get(k);
                String sw = where + ".segments_info[" + k + "]";
                if (!s.path("id").canConvertToLong()) throw new IOException(sw + " has no integer id");
                if (!s.path("category_id").canConvertToInt()) throw new IOException(sw + " has no integer category_id");
                long area = s.path("area").canConvertToLong() ? s.get("area").asLong() : -1;
                double[] bbox = null;
                JsonNode b = s.get("bbox");
                if (b != null && b.isArray() && b.size() == 4) {
                    bbox = new double[] {b.get(0).asDouble(), b.get(1).asDouble(), b.get(2).asDouble(), b.get(3).asDouble()};
                }
                segs.add(new Segment((int) s.get("id").asLong(), s.get("category_id").asInt(),
                        s.path("iscrowd").asInt(0) == 1, area, bbox));
            }
            anns.add(new Annotation(idn.asText(), fileName, List.copyOf(segs)));
        }
        return new PanopticJson(file, List.copyOf(cats), List.copyOf(anns));
    }
}
