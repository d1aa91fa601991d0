package org.tessera.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import org.tessera.core.mask.Rle;
import org.tessera.core.panoptic.PanopticMap;

/** The COCO JSON objects the commands write, each written in one place. */
final class CocoFields {
    private CocoFields() {}

    /** {@code "segmentation": {"size": [h, w], "counts": "<compressed RLE>"}}. */
    static void segmentation(JsonGenerator g, Rle r) throws IOException {
        g.writeObjectFieldStart("segmentation");
        g.writeArrayFieldStart("size");
        g.writeNumber(r.height());
        g.writeNumber(r.width());
        g.writeEndArray();
        g.writeStringField("counts", r.toString());
        g.writeEndObject();
    }

    /** One {@code segments_info} entry of COCO panoptic JSON (bbox as integers, as panopticapi writes it). */
    static void segmentInfo(JsonGenerator g, PanopticMap.Segment s) throws IOException {
        g.writeStartObject();
        g.writeNumberField("id", s.id());
        g.writeNumberField("category_id", s.categoryId());
        g.writeNumberField("iscrowd", s.iscrowd() ? 1 : 0);
        g.writeNumberField("area", s.area());
        g.writeArrayFieldStart("bbox");
        for (double v : s.bbox()) g.writeNumber((long) v);
        g.writeEndArray();
        g.writeEndObject();
    }
}
