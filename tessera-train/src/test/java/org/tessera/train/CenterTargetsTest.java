package org.tessera.train;

import org.junit.jupiter.api.Test;
import org.tessera.core.instances.CenterGrouping;
import org.tessera.data.Dataset;
import org.tessera.data.DatasetFormat;
import org.tessera.data.ReadOptions;
import org.tessera.eval.instance.DsbScore;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CenterTargetsTest {
    static Path shared(String rel) {
        String s = System.getProperty("tessera.shared");
        assertTrue(s != null && !s.isBlank() && !s.startsWith("$"), "system property tessera.shared is not set (-Dtessera.shared=/work/shared)");
        Path p = Path.of(s, rel);
        assertTrue(Files.isDirectory(p), p + " is missing: the DSB 2018 sample of the shared data is needed");
        return p;
    }

    /** Perfect predictions (the targets themselves) must give back the true instances on real DSB images. */
    @Test
    void targetsGroupBackToTheTruthOnDsbSample() throws Exception {
        Dataset d = DatasetFormat.DSB_KAGGLE.read(shared("data/dsb2018_sample/kaggle"), ReadOptions.defaults());
        InstanceData data = InstanceData.all(d, 2, -1, false);
        assertTrue(data.size() >= 3);
        for (int i = 0; i < data.size(); i++) {
            InstanceData.Item it = data.read(i);
            int w = it.width(), h = it.height(), n = w * h;
            CenterTargets t = CenterTargets.of(it.instanceIds(), it.semantic(), w, h, -1, 2.0);
            float[] probs = new float[2 * n];
            for (int p = 0; p < n; p++) probs[(it.semantic()[p] == 0 ? 0 : n) + p] = 1f;
            // window 3 and no minimum area: two centres of mass may be 2 px apart
            CenterGrouping.Result r = CenterGrouping.group(probs, 2, t.center(), t.offset(), w, h, new boolean[] {false, true},
                    new CenterGrouping.Options(0.5, 3, 65535, 0));
            int[] truth = new int[n];
            for (int p = 0; p < n; p++) truth[p] = it.instanceIds()[p] & 0xFFFF;
            double dsb = DsbScore.score(truth, r.instanceId());
            // nuclei whose centre of mass lies outside the nucleus (crescents) or nearer to another centre can be
            // split / merged; on these images almost all are recovered exactly
            assertTrue(dsb > 0.95, it.name() + ": DSB of perfect predictions " + dsb + " (" + r.instances().size() + " vs " + t.instances() + ")");
            assertEquals(t.instances(), r.instances().size(), 0.03 * t.instances() + 1, it.name());
        }
    }

    @Test
    void handChecked() {
        // 5 columns x 4 rows; instance 7 = 2x2 block at the top-left, instance 3 = pixel (row 3, col 4);
        // pixel (row 0, col 4) is ignored (label 9), as is the instance pixel (row 1, col 1)
        int w = 5, h = 4;
        short[] ids = new short[w * h], sem = new short[w * h];
        for (int p : new int[] {0, 1, 5, 6}) { ids[p] = 7; sem[p] = 1; }
        ids[3 * w + 4] = 3;
        sem[3 * w + 4] = 1;
        sem[4] = 9;
        sem[6] = 9;
        CenterTargets t = CenterTargets.of(ids, sem, w, h, 9, 1.0);
        assertEquals(2, t.instances());
        // instance 7: centre of mass (0.5, 0.5), Gaussian peak at the rounded (1, 1)
        assertEquals(1f, t.center()[1 * w + 1], 0f);
        assertEquals((float) Math.exp(-1), t.center()[0], 1e-7f); // (0,0): dy = dx = 1
        assertEquals((float) Math.exp(-0.5), t.center()[1 * w + 2], 1e-7f);
        // (2,2): exp(-(1+1)/2) from instance 7 beats exp(-(1+4)/2) from instance 3 (max over instances)
        assertEquals((float) Math.exp(-1), t.center()[2 * w + 2], 1e-7f);
        assertEquals(1f, t.center()[3 * w + 4], 0f);
        assertEquals((float) Math.exp(-0.5), t.center()[3 * w + 3], 1e-7f);
        // (3,0): exp(-(4+1)/2) from (1,1); (3,4) is 4 columns away, outside its ceil(3 sigma) = 3 px window
        assertEquals((float) Math.exp(-2.5), t.center()[3 * w], 1e-7f);
        // (0,4): exp(-9/2) from (3,4) beats exp(-(1+9)/2) from (1,1)
        assertEquals((float) Math.exp(-4.5), t.center()[4], 1e-7f);
        // offsets = centre of mass - pixel
        int n = w * h;
        assertEquals(0.5f, t.offset()[0], 0f);
        assertEquals(0.5f, t.offset()[n], 0f);
        assertEquals(-0.5f, t.offset()[6], 0f);
        assertEquals(-0.5f, t.offset()[n + 6], 0f);
        assertEquals(-0.5f, t.offset()[5], 0f); // (row 1, col 0): dy = 0.5 - 1
        assertEquals(0.5f, t.offset()[n + 5], 0f);
        assertEquals(-0.5f, t.offset()[n + 1], 0f);
        assertEquals(0f, t.offset()[3 * w + 4], 0f);
        assertEquals(0f, t.offset()[2 * w + 2], 0f);
        // weights
        float[] ow = new float[n];
        ow[0] = ow[1] = ow[5] = 1; // pixel 6 is ignored
        ow[3 * w + 4] = 1;
        assertArrayEquals(ow, t.offsetWeight());
        for (int p = 0; p < n; p++) assertEquals(p == 4 || p == 6 ? 0f : 1f, t.centerWeight()[p], "centre weight " + p);
        assertArrayEquals(sem, t.semantic());
        assertThrows(IllegalArgumentException.class, () -> CenterTargets.of(ids, sem, w, h + 1, 9, 1.0));
        assertThrows(IllegalArgumentException.class, () -> CenterTargets.of(ids, sem, w, h, 9, 0));
    }
}
