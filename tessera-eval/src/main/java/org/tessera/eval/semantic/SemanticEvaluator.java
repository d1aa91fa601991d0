package org.tessera.eval.semantic;

import java.util.ArrayList;
import java.util.List;
import org.tessera.core.category.Category;
import org.tessera.core.category.Taxonomy;
import org.tessera.core.label.LabelMap;

/**
 * Streaming semantic segmentation evaluation: confusion matrix, pixel accuracy, mean class accuracy, per-class IoU,
 * mIoU, frequency-weighted IoU, Dice / F1 (formulas in {@link SemanticResult}; equal to the numpy / mmseg
 * {@code intersect_and_union} definitions). Protocol: {@link #reset}, {@link #add} per image, {@link #merge} partial
 * states ({@link #state()}), {@link #compute}.
 *
 * <p>Labels are unsigned 16-bit values. A {@link LabelConvention} maps GT values to classes first (identity with an
 * ignore index, ADE20K's reduce-zero-label, Cityscapes labelIds to trainIds). GT pixels that map to no class and are
 * not the ignore index are left out and counted ({@link SemanticResult#outOfRangeGtPixels()}), as numpy's
 * {@code gt < C} mask. A prediction value outside 0..C-1 on a counted pixel is an error.
 *
 * <p>Not thread-safe: use one evaluator per thread and merge their {@link #state()}s. If {@link #add} throws (sizes
 * differ, invalid prediction value), part of that image may already be counted: {@link #reset} or discard the
 * evaluator.
 */
public final class SemanticEvaluator {
    private final List<String> classNames;
    private final LabelConvention convention;
    private final ConfusionMatrix matrix;
    private final int[] rowOffsets;

    /**
     * An evaluator over these classes.
     *
     * @param classNames one name per class (C = size)
     * @param convention how GT values become classes
     */
    public SemanticEvaluator(List<String> classNames, LabelConvention convention) {
        this.classNames = List.copyOf(classNames);
        this.convention = convention;
        this.matrix = new ConfusionMatrix(this.classNames.size());
        this.rowOffsets = matrix.rowOffsets(convention.gtTable(this.classNames.size()));
    }

    /** C classes named "0".."C-1", GT value v = class v, {@code ignoreIndex} ignored. */
    public static SemanticEvaluator of(int numClasses, int ignoreIndex) {
        List<String> names = new ArrayList<>(numClasses);
        for (int i = 0; i < numClasses; i++) names.add(Integer.toString(i));
        return new SemanticEvaluator(names, LabelConvention.identity(ignoreIndex));
    }

    /**
     * Classes = the taxonomy's categories in contiguous order (class index = position), GT value v = class v, the
     * taxonomy's ignore id ignored (255 if it has none). Fits Pascal VOC, CamVid and Cityscapes trainIds.
     */
    public static SemanticEvaluator of(Taxonomy taxonomy) {
        int ignore = taxonomy.ignore().map(Category::id).orElse(LabelMap.DEFAULT_IGNORE);
        return new SemanticEvaluator(taxonomy.categories().stream().map(Category::name).toList(), LabelConvention.identity(ignore));
    }

    /** Pascal VOC: 21 classes, 255 ignored. */
    public static SemanticEvaluator pascalVoc() {
        return of(Taxonomy.pascalVoc());
    }

    /** CamVid (SegNet order): 11 classes, 11 ignored. */
    public static SemanticEvaluator camVid() {
        return of(Taxonomy.camVid());
    }

    /** Cityscapes trainIds (GT *_labelTrainIds.png): 19 classes, 255 ignored. */
    public static SemanticEvaluator cityscapesTrainIds() {
        return of(Taxonomy.cityscapesTrainIds());
    }

    /** Cityscapes GT in labelIds, predictions in trainIds: 19 classes ({@link LabelConvention#cityscapesLabelIdsToTrainIds}). */
    public static SemanticEvaluator cityscapesLabelIds() {
        return new SemanticEvaluator(Taxonomy.cityscapesTrainIds().categories().stream().map(Category::name).toList(),
                LabelConvention.cityscapesLabelIdsToTrainIds());
    }

    /** ADE20K SceneParsing: 150 classes, GT 0 ("other") ignored and 1..150 mapped to 0..149 (mmseg reduce_zero_label). */
    public static SemanticEvaluator ade20k() {
        return new SemanticEvaluator(Taxonomy.ade20k().categories().stream().map(Category::name).toList(),
                LabelConvention.reduceZeroLabel());
    }

    public List<String> classNames() {
        return classNames;
    }

    public LabelConvention convention() {
        return convention;
    }

    /** Forgets all accumulated pixels. */
    public void reset() {
        matrix.clear();
    }

    /**
     * Adds one image pair (the maps' own ignore indexes are not used: the convention decides).
     *
     * @param name names the image in error messages
     */
    public void add(String name, LabelMap gt, LabelMap pred) {
        if (gt.width() != pred.width() || gt.height() != pred.height()) {
            throw new IllegalArgumentException(name + ": GT is " + gt.width() + "x" + gt.height() + " but the prediction is "
                    + pred.width() + "x" + pred.height());
        }
        add(name, gt.data(), pred.data());
    }

    /** Adds two row-major label arrays of equal length (unsigned 16-bit values). */
    public void add(String name, short[] gt, short[] pred) {
        if (gt.length != pred.length) {
            throw new IllegalArgumentException(name + ": GT has " + gt.length + " pixels but the prediction " + pred.length);
        }
        int bad = matrix.add(gt, pred, 0, gt.length, rowOffsets);
        if (bad >= 0) {
            throw new IllegalArgumentException(name + ": prediction value " + bad + " is not a class (0.."
                    + (classNames.size() - 1) + ")");
        }
    }

    /**
     * Adds one large image pair with its rows split over {@code threads} threads (each counts into its own matrix,
     * merged here; same counts as {@link #add(String, short[], short[])}). Worth it for images of tens of megapixels;
     * for many small images, run one evaluator per thread instead ({@link SemanticFolderEvaluation}).
     */
    public void add(String name, short[] gt, short[] pred, int threads) {
        if (gt.length != pred.length) {
            throw new IllegalArgumentException(name + ": GT has " + gt.length + " pixels but the prediction " + pred.length);
        }
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        int parts = (int) Math.max(1, Math.min(threads, gt.length / (1 << 20)));
        if (parts == 1) {
            add(name, gt, pred);
            return;
        }
        ConfusionMatrix[] partial = new ConfusionMatrix[parts];
        int[] bad = new int[parts];
        java.util.stream.IntStream.range(0, parts).parallel().forEach(k -> {
            int from = (int) ((long) gt.length * k / parts), to = (int) ((long) gt.length * (k + 1) / parts);
            partial[k] = new ConfusionMatrix(matrix.size());
            bad[k] = partial[k].add(gt, pred, from, to, rowOffsets);
        });
        for (int b : bad) {
            if (b >= 0) throw new IllegalArgumentException(name + ": prediction value " + b + " is not a class (0.." + (classNames.size() - 1) + ")");
        }
        for (ConfusionMatrix m : partial) matrix.merge(m);
    }

    /** Adds a partial state (a matrix of the same size). */
    public void merge(ConfusionMatrix partial) {
        matrix.merge(partial);
    }

    /** A copy of the current confusion matrix. */
    public ConfusionMatrix state() {
        return matrix.copy();
    }

    /** Scores from the current state. */
    public SemanticResult compute() {
        return compute(classNames, matrix);
    }

    /** Scores of a confusion matrix. */
    public static SemanticResult compute(List<String> classNames, ConfusionMatrix m) {
        int n = m.size();
        if (classNames.size() != n) throw new IllegalArgumentException(classNames.size() + " names for " + n + " classes");
        long[] cm = m.toArray();
        long[] g = new long[n], p = new long[n];
        long total = 0, correct = 0;
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                long v = cm[r * n + c];
                g[r] += v;
                p[c] += v;
                total += v;
            }
            correct += cm[r * n + r];
        }
        List<SemanticResult.PerClass> per = new ArrayList<>(n);
        double accSum = 0, iouSum = 0, diceSum = 0, fw = 0;
        int accN = 0, iouN = 0, diceN = 0;
        for (int c = 0; c < n; c++) {
            long tp = cm[c * n + c];
            Double acc = g[c] > 0 ? (double) tp / g[c] : null;
            long union = g[c] + p[c] - tp;
            Double iou = union > 0 ? (double) tp / union : null;
            Double dice = g[c] + p[c] > 0 ? 2.0 * tp / (g[c] + p[c]) : null;
            if (acc != null) {
                accSum += acc;
                accN++;
            }
            if (iou != null) {
                iouSum += iou;
                iouN++;
            }
            if (dice != null) {
                diceSum += dice;
                diceN++;
            }
            if (g[c] > 0) fw += ((double) g[c] / total) * iou;
            per.add(new SemanticResult.PerClass(c, classNames.get(c), iou, acc, dice, g[c], p[c]));
        }
        return new SemanticResult((double) correct / total, accSum / accN, iouSum / iouN, total > 0 ? fw : Double.NaN,
                diceSum / diceN, total, m.ignoredPixels(), m.outOfRangeGtPixels(), List.copyOf(per), m.toRows());
    }
}
