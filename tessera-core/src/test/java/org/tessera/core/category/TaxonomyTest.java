package org.tessera.core.category;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tessera.core.testing.SharedData;

class TaxonomyTest {
    @Test
    void cocoPanopticMatchesPanopticapiCategoriesFile() throws IOException {
        JsonNode cats = new ObjectMapper().readTree(SharedData.path("data/coco_panoptic_2/panoptic_coco_categories.json").toFile());
        Taxonomy t = Taxonomy.cocoPanoptic();
        assertEquals(133, cats.size());
        assertEquals(133, t.size());
        for (int i = 0; i < cats.size(); i++) {
            JsonNode c = cats.get(i);
            Category k = t.get(i);
            assertEquals(c.get("id").asInt(), k.id());
            assertEquals(c.get("name").asText(), k.name());
            assertEquals(c.get("isthing").asInt() == 1, k.isThing());
            assertEquals(c.get("supercategory").asText(), k.supercategory());
            JsonNode rgb = c.get("color");
            assertEquals((rgb.get(0).asInt() << 16) | (rgb.get(1).asInt() << 8) | rgb.get(2).asInt(), k.color());
        }
        assertEquals(80, t.categories().stream().filter(Category::isThing).count());
    }

    @Test
    void coco80MatchesTheInstancesFileAndMapsTo91() throws IOException {
        JsonNode cats = new ObjectMapper().readTree(SharedData.path("data/coco_val2014_100/instances_val2014_100.json").toFile())
                .get("categories");
        Taxonomy t = Taxonomy.coco80();
        assertEquals(80, cats.size());
        assertEquals(80, t.size());
        for (int i = 0; i < 80; i++) {
            assertEquals(cats.get(i).get("id").asInt(), t.idOf(i));
            assertEquals(cats.get(i).get("name").asText(), t.get(i).name());
            assertEquals(cats.get(i).get("supercategory").asText(), t.get(i).supercategory());
            assertEquals(i, t.indexOf(t.idOf(i)));
        }
        // the classic coco80_to_coco91 table: gaps at 12, 26, 29, 30, 45, 66, 68, 69, 71, 83
        assertEquals(1, t.idOf(0));
        assertEquals(13, t.idOf(11));
        assertEquals(90, t.idOf(79));
        assertEquals(-1, t.indexOf(12));
        assertEquals("toothbrush", t.byId(90).name());
        int[] to91 = t.ids(), to80 = t.indexById();
        assertEquals(91, to80.length);
        assertEquals(-1, to80[0]);
        assertEquals(-1, to80[83]);
        for (int i = 0; i < 80; i++) assertEquals(i, to80[to91[i]]);
        assertEquals(List.of(12, 26, 29, 30, 45, 66, 68, 69, 71, 83),
                java.util.stream.IntStream.rangeClosed(1, 90).filter(id -> to80[id] < 0).boxed().toList());
        assertEquals(0, t.byName("person").id() - 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.byId(12));
        assertEquals("taxonomy coco80 has no category id 12", e.getMessage());
    }

    @Test
    void pascalVoc() {
        Taxonomy t = Taxonomy.pascalVoc();
        assertEquals(21, t.size());
        assertEquals("background", t.get(0).name());
        assertEquals("tvmonitor", t.get(20).name());
        assertEquals(0x800000, t.byName("aeroplane").color());
        assertEquals(0xC08000, t.byName("diningtable").color()); // VOC color map entry 11 = (192, 128, 0)
        assertEquals(255, t.ignore().orElseThrow().id());
        assertEquals(0xE0E0C0, t.ignore().orElseThrow().color());
        assertFalse(t.isThing(0));
        assertTrue(t.isThing(15));
    }

    @Test
    void cityscapesHasAll35OfficialRows() {
        List<CityscapesLabel> all = CityscapesLabel.all();
        assertEquals(35, all.size());
        CityscapesLabel car = CityscapesLabel.byId(26);
        assertEquals(new CityscapesLabel("car", 26, 13, "vehicle", 7, true, false, 0x00008E), car);
        CityscapesLabel plate = all.get(34);
        assertEquals(new CityscapesLabel("license plate", -1, -1, "vehicle", 7, false, true, 0x00008E), plate);
        assertEquals(new CityscapesLabel("dynamic", 5, 255, "void", 0, false, true, 0x6F4A00), all.get(5));
        assertEquals(19, all.stream().filter(l -> l.trainId() >= 0 && l.trainId() < 255).count());
        assertEquals(10, all.stream().filter(CityscapesLabel::hasInstances).count());
        int[] lut = CityscapesLabel.idToTrainId();
        assertEquals(0, lut[7]);
        assertEquals(18, lut[33]);
        assertEquals(255, lut[9]);
        Taxonomy t = Taxonomy.cityscapes();
        assertEquals(35, t.size());
        assertEquals("license plate", t.byId(-1).name());
        assertTrue(t.isThing(24));
        Taxonomy tr = Taxonomy.cityscapesTrainIds();
        assertEquals(19, tr.size());
        assertEquals("road", tr.get(0).name());
        assertEquals("bicycle", tr.get(18).name());
        assertEquals(255, tr.ignore().orElseThrow().id());
    }

    @Test
    void camVidInSegNetOrder() {
        Taxonomy t = Taxonomy.camVid();
        assertEquals(List.of("Sky", "Building", "Pole", "Road", "Pavement", "Tree", "SignSymbol", "Fence", "Car", "Pedestrian",
                "Bicyclist"), t.categories().stream().map(Category::name).toList());
        assertEquals(11, t.ignore().orElseThrow().id());
        assertEquals(0x3C28DE, t.byName("Pavement").color());
        assertEquals(10, t.idOf(10));
    }

    @Test
    void ade20kSceneParsing150() {
        Taxonomy t = Taxonomy.ade20k();
        assertEquals(150, t.size());
        assertEquals("wall", t.byId(1).name());
        assertEquals("person, individual, someone, somebody, mortal, soul", t.byId(13).name());
        assertEquals("bicycle, bike, wheel, cycle", t.byId(128).name());
        assertEquals("flag", t.byId(150).name());
        assertEquals(0x96053D, t.byId(13).color());
        assertEquals(100, t.categories().stream().filter(Category::isThing).count());
        assertTrue(t.isThing(13));
        assertFalse(t.isThing(3));
        assertEquals("other", t.ignore().orElseThrow().name());
        assertEquals(0, t.ignore().orElseThrow().id());
        assertEquals(0, t.indexOf(1));
        assertEquals(151, t.paletteById().size());
    }
}
