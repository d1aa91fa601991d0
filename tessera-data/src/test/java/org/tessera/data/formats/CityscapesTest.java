package org.tessera.data.formats;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.data.Annotation;
import org.tessera.data.Dataset;
import org.tessera.data.Sample;
import org.tessera.data.Shared;
import org.tessera.data.io.PngIo;

class CityscapesTest {
    @TempDir
    Path tmp;

    @Test
    void panopticConversionMatchesCityscapesScripts() throws IOException {
        for (boolean trainId : new boolean[] {false, true}) {
            Path out = tmp.resolve(trainId ? "t" : "l");
            Cityscapes.convertToPanoptic(Shared.path("data/cityscapes_1/gtFine"), "val", out, trainId);
            String base = "cityscapes_panoptic_val" + (trainId ? "_trainId" : "");
            ObjectMapper m = new ObjectMapper();
            JsonNode want = m.readTree(Shared.path("golden/cityscapes/" + base + ".json").toFile());
            JsonNode got = m.readTree(out.resolve(base + ".json").toFile());
            assertEquals(want, got, base);
            String png = "frankfurt_000000_000294_gtFine_panoptic.png";
            int[][] a = PngIo.readRgb(Shared.path("golden/cityscapes/" + base + "/" + png));
            int[][] b = PngIo.readRgb(out.resolve(base).resolve(png));
            for (int c = 0; c < 3; c++) assertArrayEquals(a[c], b[c], base + " channel " + c);
        }
    }

    @Test
    void readsCountsOfTheReadme() throws IOException {
        Dataset d = Cityscapes.read(Shared.path("data/cityscapes_1"), "val", false);
        assertEquals(1, d.size());
        Sample s = d.get(0);
        assertEquals(256, s.width());
        assertEquals(128, s.height());
        assertEquals("frankfurt_000000_000294", s.idText());
        assertTrue(s.imagePath().toFile().isFile());
        long[] hist = s.semantic().histogram();
        int distinct = 0;
        for (long c : hist) if (c > 0) distinct++;
        assertEquals(14, distinct);
        List<Annotation> inst = s.annotations();
        assertEquals(4, inst.stream().filter(a -> !a.iscrowd() && a.categoryId() == 24).count());
        assertEquals(3, inst.stream().filter(a -> !a.iscrowd() && a.categoryId() == 26).count());
        Dataset t = Cityscapes.read(Shared.path("data/cityscapes_1"), "val", true);
        long[] th = t.get(0).semantic().histogram();
        int present = 0;
        for (int k = 0; k < th.length; k++) if (th[k] > 0 && k != 255) present++;
        assertEquals(10, present);
        assertEquals(19, t.categories().size());
    }
}
