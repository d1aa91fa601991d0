package org.tessera.core.instances;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.tessera.core.category.Taxonomy;
import org.tessera.core.label.LabelMap;
import org.tessera.core.panoptic.PanopticMap;
import org.tessera.core.testing.SharedData;

/** Instances from the real Cityscapes instanceIds PNG of shared/data/cityscapes_1 (read with javax.imageio). */
class InstancesCityscapesTest {
    static final String DIR = "data/cityscapes_1/gtFine/val/frankfurt/frankfurt_000000_000294_gtFine_";

    static LabelMap read(String suffix) throws IOException {
        BufferedImage img = ImageIO.read(SharedData.path(DIR + suffix).toFile());
        Raster r = img.getRaster();
        int w = img.getWidth(), h = img.getHeight();
        short[] d = new short[w * h];
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) d[y * w + x] = (short) r.getSample(x, y, 0);
        return new LabelMap(w, h, d, 255, null);
    }

    @Test
    void instanceIdsGiveFourPersonsAndThreeCars() throws IOException {
        LabelMap ids = read("instanceIds.png");
        // independent count of every instance value (>= 1000): area and tight box
        TreeMap<Integer, int[]> stats = new TreeMap<>(); // area, minX, minY, maxX, maxY
        for (int y = 0; y < ids.height(); y++) {
            for (int x = 0; x < ids.width(); x++) {
                int v = ids.get(x, y);
                if (v < 1000) continue;
                int[] s = stats.computeIfAbsent(v, k -> new int[] {0, Integer.MAX_VALUE, Integer.MAX_VALUE, -1, -1});
                s[0]++;
                s[1] = Math.min(s[1], x);
                s[2] = Math.min(s[2], y);
                s[3] = Math.max(s[3], x);
                s[4] = Math.max(s[4], y);
            }
        }
        Instances in = Instances.fromInstanceIds(ids, v -> v >= 1000 ? v / 1000 : -1);
        assertEquals(7, in.size());
        assertArrayEquals(new int[] {24, 24, 24, 24, 26, 26, 26}, in.categoryIds());
        int i = 0;
        for (var e : stats.entrySet()) {
            int[] s = e.getValue();
            assertEquals(e.getKey().longValue(), in.id(i));
            assertEquals(s[0], in.mask(i).area());
            assertArrayEquals(new double[] {s[1], s[2], s[3] - s[1] + 1, s[4] - s[2] + 1}, in.box(i));
            assertEquals(Taxonomy.cityscapes().byId(in.categoryId(i)).name(), i < 4 ? "person" : "car");
            i++;
        }
        // back to an instance map: same pixels per instance
        LabelMap back = in.toInstanceIdMap();
        for (int p = 0; p < back.data().length; p++) {
            int v = ids.data()[p] & 0xFFFF;
            int k = back.data()[p] & 0xFFFF;
            assertEquals(v >= 1000 ? v : 0, k == 0 ? 0 : (int) in.id(k - 1));
        }
        // combined with the labelIds map: every thing pixel goes to its instance, stuff labels fill the rest
        LabelMap labels = read("labelIds.png");
        Instances.PanopticResult pr = in.toPanoptic(labels,
                new Instances.PanopticOptions(0.5, 0.5, 0, l -> !Taxonomy.cityscapes().isThing(l)));
        int[] pan = pr.map().data();
        for (int p = 0; p < pan.length; p++) {
            int v = ids.data()[p] & 0xFFFF;
            PanopticMap.Segment s = pr.map().segment(pan[p]);
            if (v >= 1000) {
                assertEquals(v, in.id(pr.instanceIndex()[pan[p] - 1]));
            } else if (!Taxonomy.cityscapes().isThing(labels.data()[p] & 0xFFFF)) {
                assertEquals(labels.data()[p] & 0xFFFF, s.categoryId());
            }
        }
    }
}
