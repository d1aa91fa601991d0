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

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
