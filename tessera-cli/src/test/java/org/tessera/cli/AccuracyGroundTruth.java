package org.tessera.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.tessera.core.io.AtomicFiles;
import org.tessera.core.mask.Rle;
import org.tessera.data.Annotation;
import org.tessera.data.Dataset;
import org.tessera.data.Sample;
import org.tessera.data.coco.CocoPanoptic;

/**
 * The COCO instances ground truth of the inference accuracy report: the 5 annotated images of
 * {@code coco_val2017_6} (annotations as they are) plus the 2 images of {@code coco_panoptic_2}, whose thing
 * segments become instances (RLE from the panoptic PNG, area and bbox from the segment, crowd kept as
 * {@code iscrowd}; stuff segments dropped). Annotation ids of the panoptic part continue after the largest COCO id.
 * The file committed under {@code src/test/resources/infer-accuracy/} is this class's output (checked by a test);
 * regenerate with {@code main(shared, out)}.
 */
final class AccuracyGroundTruth {
    private AccuracyGroundTruth() {}

    static final String RESOURCE = "/infer-accuracy/coco7_instances.json";

    static ObjectNode build(Path shared) throws IOException {
        ObjectMapper m = new ObjectMapper();
        JsonNode val = m.readTree(shared.resolve("data/coco_val2017_6/annotations.json").toFile());
        ObjectNode out = m.createObjectNode();
        ObjectNode info = out.putObject("info");
        info.put("description", "Tessera inference accuracy GT: coco_val2017_6 (5 annotated images) + coco_panoptic_2 thing segments as instances");
        ArrayNode images = out.putArray("images"), anns = out.putArray("annotations");
        Set<Long> annotated = new HashSet<>();
        long maxId = 0;
        for (JsonNode a : val.get("annotations")) {
            annotated.add(a.get("image_id").asLong());
            maxId = Math.max(maxId, a.get("id").asLong());
        }
        for (JsonNode im : val.get("images")) if (annotated.contains(im.get("id").asLong())) images.add(slim(m, im));
        for (JsonNode a : val.get("annotations")) anns.add(a);
        Path pan = shared.resolve("data/coco_panoptic_2");
        Dataset d = CocoPanoptic.read(pan.resolve("panoptic_examples.json"), pan.resolve("panoptic_examples"), pan.resolve("input_images"));
        Set<Integer> things = new HashSet<>();
        for (var c : d.categories()) if (c.isThing()) things.add(c.id());
        long next = maxId + 1;
        for (int i = 0; i < d.size(); i++) {
            Sample s = d.get(i);
            ObjectNode im = images.addObject();
            im.put("id", s.id());
            im.put("file_name", s.fileName());
            im.put("width", s.width());
            im.put("height", s.height());
            for (Annotation a : s.annotations()) {
                if (!things.contains(a.categoryId())) continue;
                Rle r = a.segmentation().toRle(s.height(), s.width());
                ObjectNode o = anns.addObject();
                o.put("id", next++);
                o.put("image_id", s.id());
                o.put("category_id", a.categoryId());
                o.put("iscrowd", a.iscrowd() ? 1 : 0);
                o.put("area", (long) a.area());
                ArrayNode bb = o.putArray("bbox");
                for (double v : a.bbox()) bb.add(v);
                ObjectNode seg = o.putObject("segmentation");
                seg.putArray("size").add(r.height()).add(r.width());
                seg.put("counts", r.toString());
            }
        }
        out.set("categories", val.get("categories"));
        return out;
    }

    private static ObjectNode slim(ObjectMapper m, JsonNode im) {
        ObjectNode o = m.createObjectNode();
        for (String k : new String[] {"id", "file_name", "width", "height"}) o.set(k, im.get(k));
        return o;
    }

    public static void main(String[] args) throws IOException {
        ObjectNode gt = build(Path.of(args[0]));
        AtomicFiles.write(Path.of(args[1]), new ObjectMapper().writeValueAsBytes(gt));
    }
}
