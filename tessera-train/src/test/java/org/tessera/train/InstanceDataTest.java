package org.tessera.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.core.image.Image;
import org.tessera.core.image.Images;
import org.tessera.data.Annotation;
import org.tessera.data.Conversions;
import org.tessera.data.DatasetCategory;
import org.tessera.data.GroundTruth;
import org.tessera.data.ListDataset;
import org.tessera.data.Sample;

import org.tessera.data.Dataset;
import org.tessera.data.DatasetFormat;
import org.tessera.data.ReadOptions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InstanceDataTest {
    @TempDir
    Path tmp;

    /**
     * Panoptic-style annotations (COCO panoptic gives things and stuff as annotations): only the thing categories get
     * instance ids and truth instances; the stuff segment only labels the semantic map.
     */
    @Test
    void stuffAnnotationsLabelPixelsButAreNoInstances() throws Exception {
        int w = 4, h = 2;
        Path img = tmp.resolve("a.png");
        Images.writePng(Image.blank(w, h, 3, 8), img);
        // row 0: thing (cat 1) at x 0..1, stuff (cat 2) at x 2..3; row 1: a second thing at x 0, nothing else
        int[] things = {1, 1, 0, 0, 2, 0, 0, 0};
        int[] stuff = {0, 0, 1, 1, 0, 0, 0, 0};
        List<Annotation> anns = new ArrayList<>();
        for (Annotation a : Conversions.instancesFromIds(things, w, h, 1)) anns.add(a);
        for (Annotation a : Conversions.instancesFromIds(stuff, w, h, 2)) {
            anns.add(Annotation.of(10, a.categoryId(), false, a.area(), a.bbox(), a.segmentation()));
        }
        Sample s = Sample.builder(1, "a.png", w, h).imagePath(img).annotations(anns).build();
        ListDataset d = new ListDataset(List.of(s), List.of(DatasetCategory.of(1, "cell"),
                new DatasetCategory(2, "tissue", "", false, -1)), EnumSet.of(GroundTruth.INSTANCES), tmp, 255);
        InstanceData.Item it = InstanceData.all(d, 3, 255, false).read(0);
        assertArrayEquals(new short[] {1, 1, 0, 0, 2, 0, 0, 0}, it.instanceIds());
        assertArrayEquals(new short[] {1, 1, 2, 2, 1, 0, 0, 0}, it.semantic());
        assertEquals(2, it.truth().size());
        assertEquals(1, it.truth().categoryId(1));
    }

    private static InstanceData.Item item(int w, int h, byte[] px, short[] ids, short[] sem) {
        return new InstanceData.Item("t", 0, Image.of8(w, h, 3, px), ids, sem, null);
    }

    /** The bottom-up default augmenter (random crop at native resolution + the 8 symmetries of the square). */
    private static Augmenter symmetries(int cw, int ch) {
        return Augmenter.atNativeResolution(cw, ch, true, BottomUpConfig.defaultAugmentation(true));
    }

    @Test
    void augmentMovesImageIdsAndLabelsTogether() {
        // 6x4 image whose red channel encodes the pixel index; instance id = index + 1, semantic = index % 2
        int w = 6, h = 4;
        byte[] px = new byte[3 * w * h];
        short[] ids = new short[w * h], sem = new short[w * h];
        for (int p = 0; p < w * h; p++) { px[3 * p] = (byte) p; ids[p] = (short) (p + 1); sem[p] = (short) (p % 2); }
        InstanceData.Item it = item(w, h, px, ids, sem);
        boolean[] seenFlip = new boolean[3];
        for (int s = 0; s < 40; s++) {
            InstanceData.Crop c = InstanceData.augment(it, symmetries(4, 4), 255, new SplittableRandom(s));
            for (int p = 0; p < 16; p++) {
                int src = Math.round(c.chw()[p] * 255);
                assertEquals(src + 1, c.instanceIds()[p]);
                assertEquals(src % 2, c.semantic()[p]);
            }
            // which symmetry: compare the corner pixels' source positions
            int a = Math.round(c.chw()[0] * 255), b = Math.round(c.chw()[1] * 255);
            if (b == a - 1) seenFlip[0] = true;          // left-right
            if (b == a + w || b == a - w) seenFlip[1] = true; // transposed
            if (Math.round(c.chw()[4] * 255) == a - w) seenFlip[2] = true; // up-down
        }
        for (boolean f : seenFlip) assertTrue(f);
        // a crop larger than the image: the image at the top left, the rest padded with no instance, the ignore
        // label (background 0 without an ignore index) and black
        Augmenter plain = Augmenter.atNativeResolution(8, 8, false, Augmentation.NONE);
        InstanceData.Crop big = InstanceData.augment(it, plain, 255, new SplittableRandom(1));
        assertEquals(0, big.instanceIds()[7]);
        assertEquals(255, big.semantic()[7]);
        assertEquals(0f, big.chw()[7]);
        assertEquals(6, big.instanceIds()[5]);
        assertEquals(0, InstanceData.augment(it, plain, -1, new SplittableRandom(1)).semantic()[7]);
    }

    /**
     * The former InstanceData.augment (before it went through {@link Augmenter}), kept here as the reference: random
     * window (no draw along an axis where the image is not larger; smaller images padded at the bottom / right), then
     * with flip the left-right, up-down flips and, for square crops, the transposition; draws x, y, lr, ud, tr.
     */
    private static InstanceData.Crop former(InstanceData.Item it, int cw, int ch, boolean flip, int ignoreIndex, SplittableRandom rng) {
        int w = it.width(), h = it.height();
        int x0 = w > cw ? rng.nextInt(w - cw + 1) : 0;
        int y0 = h > ch ? rng.nextInt(h - ch + 1) : 0;
        boolean lr = flip && rng.nextBoolean(), ud = flip && rng.nextBoolean();
        boolean tr = flip && cw == ch && rng.nextBoolean();
        int plane = cw * ch;
        float[] chw = new float[3 * plane];
        short[] ids = new short[plane], sem = new short[plane];
        short pad = (short) (ignoreIndex >= 0 ? ignoreIndex : 0);
        byte[] px = it.rgb().bytes();
        for (int y = 0; y < ch; y++) {
            for (int x = 0; x < cw; x++) {
                int u = tr ? y : x, v = tr ? x : y;
                if (lr) u = cw - 1 - u;
                if (ud) v = ch - 1 - v;
                int sx = x0 + u, sy = y0 + v, d = y * cw + x;
                if (sx >= w || sy >= h) {
                    sem[d] = pad;
                    continue;
                }
                int q = sy * w + sx;
                for (int c = 0; c < 3; c++) chw[c * plane + d] = (px[3 * q + c] & 0xFF) / 255f;
                ids[d] = it.instanceIds()[q];
                sem[d] = it.semantic()[q];
            }
        }
        return new InstanceData.Crop(chw, ids, sem, cw, ch);
    }

    /** The default augmentation draws and cuts exactly the crops the bottom-up model was trained with before. */
    @Test
    void defaultAugmentationGivesTheFormerCrops() {
        SplittableRandom gen = new SplittableRandom(11);
        int[][] sizes = {{10, 7}, {6, 4}, {4, 4}, {3, 9}};
        int[][] crops = {{4, 4}, {6, 6}, {3, 5}, {8, 8}, {5, 3}};
        int compared = 0;
        for (int[] sz : sizes) {
            int w = sz[0], h = sz[1];
            byte[] px = new byte[3 * w * h];
            short[] ids = new short[w * h], sem = new short[w * h];
            for (int i = 0; i < px.length; i++) px[i] = (byte) gen.nextInt(256);
            for (int p = 0; p < w * h; p++) { ids[p] = (short) gen.nextInt(5); sem[p] = (short) gen.nextInt(3); }
            InstanceData.Item it = item(w, h, px, ids, sem);
            for (int[] c : crops) {
                for (boolean flip : new boolean[] {true, false}) {
                    Augmenter a = Augmenter.atNativeResolution(c[0], c[1], flip, BottomUpConfig.defaultAugmentation(flip));
                    for (int ignore : new int[] {255, -1}) {
                        for (long seed = 0; seed < 25; seed++) {
                            InstanceData.Crop want = former(it, c[0], c[1], flip, ignore, new SplittableRandom(seed));
                            InstanceData.Crop got = InstanceData.augment(it, a, ignore, new SplittableRandom(seed));
                            String at = w + "x" + h + " crop " + c[0] + "x" + c[1] + " flip " + flip + " seed " + seed;
                            assertArrayEquals(want.chw(), got.chw(), at);
                            assertArrayEquals(want.instanceIds(), got.instanceIds(), at);
                            assertArrayEquals(want.semantic(), got.semantic(), at);
                            compared++;
                        }
                    }
                }
            }
        }
        assertEquals(4 * 5 * 2 * 2 * 25, compared);
    }

    /** 40x40: white square id 5 (x 14..23, y 10..19) and red square id 9 (x 0..5, y 30..39), semantic 1 on both. */
    private static InstanceData.Item squares() {
        int w = 40, h = 40;
        byte[] px = new byte[3 * w * h];
        short[] ids = new short[w * h], sem = new short[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                if (x >= 14 && x < 24 && y >= 10 && y < 20) {
                    ids[p] = 5;
                    sem[p] = 1;
                    px[3 * p] = px[3 * p + 1] = px[3 * p + 2] = (byte) 255;
                } else if (x < 6 && y >= 30) {
                    ids[p] = 9;
                    sem[p] = 1;
                    px[3 * p] = (byte) 255;
                }
            }
        }
        return item(w, h, px, ids, sem);
    }

    @Test
    void scaledSquareIsExactlyWhereTheImageShowsIt() {
        // scale exactly 2, 80x80 crop of the 80x80 scaled image (no crop draw), no flips: nearest neighbour (PIL
        // centres) maps output x to source floor((x + 0.5) / 2), so id 5 covers exactly x 28..47, y 20..39
        InstanceData.Item it = squares();
        Augmenter a = Augmenter.atNativeResolution(80, 80, false, Augmentation.NONE.withScale(2, 2));
        InstanceData.Crop c = InstanceData.augment(it, a, 255, new SplittableRandom(0));
        int plane = 80 * 80;
        for (int y = 0; y < 80; y++) {
            for (int x = 0; x < 80; x++) {
                int p = y * 80 + x;
                int want = x >= 28 && x < 48 && y >= 20 && y < 40 ? 5 : x < 12 && y >= 60 ? 9 : 0;
                assertEquals(want, c.instanceIds()[p], "(" + x + "," + y + ")");
                assertEquals(want == 0 ? 0 : 1, c.semantic()[p], "(" + x + "," + y + ")");
            }
        }
        // the bilinear image: white inside the square (one pixel away from its edge), black well outside
        for (int y = 21; y < 39; y++) {
            for (int x = 29; x < 47; x++) {
                for (int k = 0; k < 3; k++) assertEquals(1f, c.chw()[k * plane + y * 80 + x], 1e-6f);
            }
        }
        assertEquals(0f, c.chw()[10 * 80 + 10]);
    }

    @Test
    void rotatedAndScaledSquaresStayAlignedAndIdsAreNeverBlended() {
        InstanceData.Item it = squares();
        Augmenter a = Augmenter.atNativeResolution(32, 32, true,
                Augmentation.NONE.withScale(0.75, 1.5).withRotation(30).withSymmetries(true, true));
        int checked = 0, filled = 0;
        boolean[] seen = new boolean[10];
        for (long seed = 0; seed < 60; seed++) {
            InstanceData.Crop c = InstanceData.augment(it, a, 255, new SplittableRandom(seed));
            short[] ids = c.instanceIds(), sem = c.semantic();
            int cw = c.width(), ch = c.height(), plane = cw * ch;
            for (int p = 0; p < plane; p++) {
                int id = ids[p], s = sem[p];
                assertTrue(id == 0 || id == 5 || id == 9, "seed " + seed + ": id " + id + " (ids are never blended)");
                assertTrue(s == 0 || s == 1 || s == 255, "seed " + seed + ": label " + s);
                assertEquals(id != 0, s == 1, "seed " + seed + " pixel " + p + ": instance pixels are exactly the labelled ones");
                seen[id] = true;
                if (s == 255) filled++;
            }
            // where the ids are constant over a 9x9 neighbourhood, the image shows that square's colour (fill and
            // background: black)
            for (int y = 4; y < ch - 4; y++) {
                for (int x = 4; x < cw - 4; x++) {
                    int v = ids[y * cw + x];
                    boolean uniform = true;
                    for (int dy = -4; dy <= 4 && uniform; dy++) {
                        for (int dx = -4; dx <= 4; dx++) {
                            if (ids[(y + dy) * cw + x + dx] != v) { uniform = false; break; }
                        }
                    }
                    if (!uniform) continue;
                    float[] col = v == 5 ? new float[] {1, 1, 1} : v == 9 ? new float[] {1, 0, 0} : new float[3];
                    for (int k = 0; k < 3; k++) assertEquals(col[k], c.chw()[k * plane + y * cw + x], 1.5f / 255, "seed " + seed + " (" + x + "," + y + ")");
                    checked++;
                }
            }
        }
        assertTrue(seen[5] && seen[9], "both squares appear in some crops");
        assertTrue(checked > 5000, "interior pixels checked: " + checked);
        assertTrue(filled > 0, "rotation produced filled pixels");
    }

    @Test
    void pixelsRotatedOutOfTheImageVanish() {
        // the crop is the whole image (scale 1: no crop draw); a rotation of more than 5 degrees moves the corner
        // square partly out and fills the crop's top-left corner with no instance, the ignore label and black
        InstanceData.Item it = squares();
        Augmenter a = Augmenter.atNativeResolution(40, 40, false, Augmentation.NONE.withRotation(30));
        int rotated = 0;
        for (long seed = 0; seed < 30; seed++) {
            double angle = a.draw(40, 40, new SplittableRandom(seed)).angle();
            InstanceData.Crop c = InstanceData.augment(it, a, 255, new SplittableRandom(seed));
            int nine = 0, five = 0;
            for (short v : c.instanceIds()) { if (v == 9) nine++; if (v == 5) five++; }
            if (Math.abs(angle) < 5) continue;
            rotated++;
            assertEquals(0, c.instanceIds()[0], "seed " + seed);
            assertEquals(255, c.semantic()[0], "seed " + seed);
            assertEquals(0f, c.chw()[0], "seed " + seed);
            assertTrue(nine < 60, "seed " + seed + " angle " + angle + ": the corner square keeps " + nine + " of 60 pixels");
            assertTrue(Math.abs(five - 100) <= 12, "seed " + seed + ": the inner square keeps about its 100 pixels: " + five);
        }
        assertTrue(rotated > 15, "rotations over 5 degrees: " + rotated);
    }

    @Test
    void sameSeedSameCropOtherSeedOther() throws Exception {
        Dataset d = DatasetFormat.DSB_KAGGLE.read(CenterTargetsTest.shared("data/dsb2018_sample/kaggle"), ReadOptions.defaults());
        InstanceData data = InstanceData.all(d, 2, -1, false);
        Augmenter a = Augmenter.atNativeResolution(64, 64, true, Augmentation.ofStrength(1).withSymmetries(true, true));
        for (int i = 0; i < data.size(); i++) {
            InstanceData.Item it = data.read(i);
            InstanceData.Crop p = InstanceData.augment(it, a, -1, new SplittableRandom(7));
            InstanceData.Crop q = InstanceData.augment(it, a, -1, new SplittableRandom(7));
            InstanceData.Crop r = InstanceData.augment(it, a, -1, new SplittableRandom(8));
            assertArrayEquals(p.chw(), q.chw());
            assertArrayEquals(p.instanceIds(), q.instanceIds());
            assertArrayEquals(p.semantic(), q.semantic());
            assertFalse(Arrays.equals(p.chw(), r.chw()), it.name());
            // DSB labels come from the masks: nucleus pixels (label 1) are exactly the pixels with an instance id,
            // in every augmented crop too
            for (long seed = 0; seed < 10; seed++) {
                InstanceData.Crop c = InstanceData.augment(it, a, -1, new SplittableRandom(seed));
                for (int k = 0; k < c.semantic().length; k++) {
                    assertEquals(c.instanceIds()[k] != 0, c.semantic()[k] == 1, it.name() + " seed " + seed + " pixel " + k);
                }
            }
        }
    }
}
