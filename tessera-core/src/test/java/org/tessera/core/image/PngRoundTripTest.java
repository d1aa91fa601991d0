package org.tessera.core.image;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.core.label.LabelMap;
import org.tessera.core.label.Palette;
import org.tessera.core.panoptic.PanopticMap;

class PngRoundTripTest {
    @TempDir
    Path tmp;

    @Test
    void cocoPanopticIdsAreaAndBboxMatchJson() throws Exception {
        Path dir = SharedData.path("data/coco_panoptic_2");
        JsonNode root = new ObjectMapper().readTree(dir.resolve("panoptic_examples.json").toFile());
        int checkedSegments = 0;
        for (JsonNode ann : root.get("annotations")) {
            Path png = dir.resolve("panoptic_examples").resolve(ann.get("file_name").asText());
            PanopticMap map = PanopticMaps.readIds(png);
            JsonNode img = null;
            for (JsonNode i : root.get("images")) if (i.get("id").asLong() == ann.get("image_id").asLong()) img = i;
            assertNotNull(img);
            assertEquals(img.get("width").asInt(), map.width());
            assertEquals(img.get("height").asInt(), map.height());

            PanopticMaps.SegmentStats st = PanopticMaps.segmentStats(map);
            assertEquals(ann.get("segments_info").size(), st.count(), "segment count of " + png);
            for (JsonNode seg : ann.get("segments_info")) {
                int k = st.indexOf(seg.get("id").asInt());
                assertTrue(k >= 0, "segment " + seg.get("id") + " missing in " + png);
                assertEquals(seg.get("area").asLong(), st.areas()[k], "area of segment " + seg.get("id"));
                int[] bbox = st.bbox(k);
                for (int j = 0; j < 4; j++) assertEquals(seg.get("bbox").get(j).asInt(), bbox[j], "bbox of segment " + seg.get("id"));
                checkedSegments++;
            }

            Path out = tmp.resolve("p.png");
            PanopticMaps.writePng(map, out);
            PanopticMap back = PanopticMaps.readIds(out);
            assertArrayEquals(map.data(), back.data());
            // the written file is a plain 8-bit RGB PNG whose pixels equal the original's
            assertEquals(Images.read(png), Images.read(out));
        }
        assertEquals(18 + 32, checkedSegments);
    }

    @Test
    void vocPalettePngsKeepIndicesAndPalette() throws Exception {
        Path cls = SharedData.path("data/voc_1/SegmentationClass/2007_000063.png");
        LabelMap m = LabelMaps.read(cls);
        assertEquals(500, m.width());
        assertEquals(375, m.height());
        long[] h = m.histogram();
        assertEquals(256, h.length);
        assertEquals(72224, h[0]);
        assertEquals(78930, h[9]);
        assertEquals(27632, h[12]);
        assertEquals(8714, h[255]);
        assertEquals(500L * 375, h[0] + h[9] + h[12] + h[255]);
        assertEquals(Palette.pascalVoc(256), m.palette(), "VOC PNG palette is the VOC colour map");

        Path out = tmp.resolve("voc.png");
        LabelMaps.writePng(m, out);
        LabelMap back = LabelMaps.read(out);
        assertEquals(m, back);
        // as an image, the palette maps to the same RGB
        assertEquals(Images.read(cls), Images.read(out));
        Image rgb = Images.read(out);
        assertEquals(3, rgb.channels());
        int border = -1, dog = -1;
        for (int i = 0; i < m.data().length; i++) {
            if (m.data()[i] == 255 && border < 0) border = i;
            if (m.data()[i] == 12 && dog < 0) dog = i;
        }
        assertEquals(0xE0E0C0, rgb.toPackedRgb()[border], "VOC border colour (224, 224, 192)");
        assertEquals(0x400080, rgb.toPackedRgb()[dog], "VOC dog colour (64, 0, 128)");

        LabelMap obj = LabelMaps.read(SharedData.path("data/voc_1/SegmentationObject/2007_000063.png"));
        long[] ho = obj.histogram();
        assertTrue(ho[1] > 0 && ho[2] > 0 && ho[255] > 0);
        assertEquals(500L * 375, ho[0] + ho[1] + ho[2] + ho[255]);
        Path out2 = tmp.resolve("obj.png");
        LabelMaps.writePng(obj, out2);
        assertEquals(obj, LabelMaps.read(out2));
    }

    @Test
    void sixteenBitInstancePngsReadBackExactly() throws Exception {
        Path dir = SharedData.path("data/dsb2018_sample/labelmaps/labels");
        int files = 0;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.sorted().toList()) {
                LabelMap m = LabelMaps.read(p);
                assertNull(m.palette());
                int max = m.histogram().length - 1;
                assertTrue(max >= 1, "instances in " + p);
                Image im = Images.read(p);
                assertTrue(im.is16Bit());
                assertEquals(1, im.channels());
                for (int i = 0; i < m.data().length; i++) assertEquals(m.data()[i], im.shorts()[i]);

                Path out = tmp.resolve(p.getFileName());
                LabelMaps.writePng(m, out);
                assertEquals(m, LabelMaps.read(out));
                // an Image written as 16-bit gray keeps 16 bits even when all values are small
                Path out16 = tmp.resolve("16-" + p.getFileName());
                Images.writePng(im, out16);
                Image back = Images.read(out16);
                assertTrue(back.is16Bit());
                assertEquals(im, back);
                files++;
            }
        }
        assertEquals(16, files);
    }

    @Test
    void instanceCountsMatchReadme() throws Exception {
        // README: 13c8ff1f... has 17 instances, 16c3d593... 11; ids are 1..N
        LabelMap a = LabelMaps.read(SharedData.path("data/dsb2018_sample/labelmaps/labels/13c8ff1f49886e91c98ce795c93648ad8634c782ff57eb928ce29496b0425057.png"));
        long[] h = a.histogram();
        assertEquals(18, h.length);
        for (int i = 1; i < h.length; i++) assertTrue(h[i] > 0, "instance " + i);
        LabelMap b = LabelMaps.read(SharedData.path("data/dsb2018_sample/labelmaps/labels/16c3d5935ba94b720becc24b7a05741c26149e221e3401924080f41e2f891368.png"));
        assertEquals(12, b.histogram().length);
    }

    @Test
    void imageKindsRoundTrip() throws Exception {
        int w = 7, h = 5;
        for (int ch = 1; ch <= 4; ch++) {
            for (int depth : new int[] {8, 16}) {
                Image im = Image.blank(w, h, ch, depth);
                for (int i = 0; i < w * h * ch; i++) {
                    int v = (i * 2654435761L % 65536) > 0 ? (int) (i * 2654435761L % 65536) : 1;
                    if (depth == 8) im.bytes()[i] = (byte) v;
                    else im.shorts()[i] = (short) v;
                }
                Path out = tmp.resolve("k" + ch + "-" + depth + ".png");
                for (int level : new int[] {0, 1, 9}) {
                    Images.writePng(im, out, level);
                    Image back = Images.read(out);
                    if (depth == 16 && ch > 1) {
                        assertEquals(im.to8Bit(), back, "16-bit colour PNGs read as 8-bit (high byte)");
                    } else {
                        assertEquals(im, back, ch + " channels, " + depth + " bit, level " + level);
                    }
                }
            }
        }
    }

    @Test
    void sixteenBitRgbPngReadsAsHighByte() throws Exception {
        Image im = Images.read(SharedData.path("data/images/chessboard_RGB.png"));
        assertEquals(200, im.width());
        assertEquals(3, im.channels());
        assertFalse(im.is16Bit());
        Image gray = Images.read(SharedData.path("data/images/chessboard_GRAY.png"));
        assertEquals(gray.width(), im.width());
    }

    @Test
    void labelMapWithoutPaletteWritesGray8Or16() throws Exception {
        LabelMap m = new LabelMap(3, 2, new short[] {0, 1, 2, 255, 7, 0}, 255, null);
        Path p = tmp.resolve("g8.png");
        LabelMaps.writePng(m, p);
        assertEquals(m, LabelMaps.read(p));
        assertFalse(Images.read(p).is16Bit());
        LabelMap big = new LabelMap(3, 1, new short[] {0, (short) 300, (short) 65535}, 255, Palette.pascalVoc(256));
        Path q = tmp.resolve("g16.png");
        LabelMaps.writePng(big, q);
        LabelMap back = LabelMaps.read(q);
        assertArrayEquals(big.data(), back.data());
        assertNull(back.palette(), "ids > 255 cannot be a palette PNG");
        assertTrue(Images.read(q).is16Bit());
        // a short palette is extended (black) to cover the indices used
        LabelMap sp = new LabelMap(2, 1, new short[] {0, 5}, 255, new Palette(new int[] {0x102030}));
        Path r = tmp.resolve("sp.png");
        LabelMaps.writePng(sp, r);
        LabelMap spb = LabelMaps.read(r);
        assertArrayEquals(sp.data(), spb.data());
        assertEquals(6, spb.palette().size());
        assertEquals(0x102030, spb.palette().rgb(0));
    }

    @Test
    void colourCodedLabels() throws Exception {
        Path cls = SharedData.path("data/voc_1/SegmentationClass/2007_000063.png");
        LabelMap indices = LabelMaps.read(cls);
        Image colours = LabelMaps.toColorImage(indices, null);
        assertEquals(Images.read(cls), colours);
        Path rgb = tmp.resolve("rgb.png");
        Images.writePng(colours, rgb);
        LabelMap back = LabelMaps.readColorCoded(rgb, Palette.pascalVoc(256));
        assertArrayEquals(indices.data(), back.data());
        // a colour outside the palette names the pixel
        colours.set(3, 2, 0, 1);
        colours.set(3, 2, 1, 2);
        colours.set(3, 2, 2, 3);
        Images.writePng(colours, rgb);
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> LabelMaps.readColorCoded(rgb, Palette.pascalVoc(256)));
        assertEquals(rgb + ": colour (1, 2, 3) at pixel (3, 2) is not in the 256-colour palette", e.getMessage());
    }
}
