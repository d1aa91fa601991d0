package org.tessera.eval.semantic;

import org.tessera.core.category.CityscapesLabel;

/**
 * How GT label values become class indexes 0..C-1 before counting. A convention gives, for every unsigned 16-bit
 * value, a class, {@link ConfusionMatrix#IGNORE} or {@link ConfusionMatrix#OUT_OF_RANGE}.
 */
public interface LabelConvention {

    /** The table over values 0..65535 for C classes. */
    int[] gtTable(int numClasses);

    /** A short description, e.g. "identity, ignore 255". */
    String describe();

    /** Value v is class v when v &lt; C; {@code ignoreIndex} is ignored (Pascal VOC 255, CamVid 11, trainIds 255). */
    static LabelConvention identity(int ignoreIndex) {
        return new LabelConvention() {
            @Override
            public int[] gtTable(int c) {
                int[] t = new int[65536];
                for (int v = 0; v < 65536; v++) t[v] = v == ignoreIndex ? ConfusionMatrix.IGNORE : v < c ? v : ConfusionMatrix.OUT_OF_RANGE;
                return t;
            }

            @Override
            public String describe() {
                return "identity, ignore " + ignoreIndex;
            }
        };
    }

    /**
     * ADE20K (mmseg {@code reduce_zero_label=True}): GT 0 ("other") is ignored, v in 1..C becomes class v - 1, 255 is
     * ignored; the prediction is already in 0..C-1 (150 classes for ADE20K).
     */
    static LabelConvention reduceZeroLabel() {
        return new LabelConvention() {
            @Override
            public int[] gtTable(int c) {
                int[] t = new int[65536];
                for (int v = 0; v < 65536; v++) {
                    t[v] = v == 0 || v == 255 ? ConfusionMatrix.IGNORE : v - 1 < c ? v - 1 : ConfusionMatrix.OUT_OF_RANGE;
                }
                return t;
            }

            @Override
            public String describe() {
                return "reduce zero label (0 and 255 ignored, v -> v - 1)";
            }
        };
    }

    /**
     * Cityscapes labelIds GT mapped to the 19 trainIds ({@link CityscapesLabels}); labels with trainId 255 or -1 and
     * values above 33 are ignored. Use with 19 classes and predictions in trainIds.
     */
    static LabelConvention cityscapesLabelIdsToTrainIds() {
        return new LabelConvention() {
            @Override
            public int[] gtTable(int c) {
                int[] t = new int[65536];
                java.util.Arrays.fill(t, ConfusionMatrix.IGNORE);
                for (CityscapesLabel l : CityscapesLabel.all()) {
                    if (l.id() >= 0 && l.trainId() >= 0 && l.trainId() < 255) {
                        t[l.id()] = l.trainId() < c ? l.trainId() : ConfusionMatrix.OUT_OF_RANGE;
                    }
                }
                return t;
            }

            @Override
            public String describe() {
                return "Cityscapes labelIds -> trainIds";
            }
        };
    }
}
