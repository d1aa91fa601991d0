package org.tessera.train;

import ai.djl.ndarray.NDArray;

/**
 * Segmentation losses on logits {@code (N, C, H, W)} and {@link Targets}. Both return a scalar float32 NDArray that
 * is differentiable with respect to the logits.
 */
public final class Losses {
    private Losses() {
    }

    /**
     * Weighted cross-entropy with an ignore index, as PyTorch's {@code F.cross_entropy(logits, target, weight=w,
     * ignore_index=i, reduction='mean')}: {@code sum_i w[y_i] * -log softmax(x_i)[y_i] / sum_i w[y_i]} over the
     * pixels that are not ignored. Returns 0 when every pixel is ignored (PyTorch returns NaN).
     */
    public static NDArray crossEntropy(NDArray logits, Targets t) {
        check(logits, t);
        NDArray logp = logits.logSoftmax(1);
        NDArray picked = logp.mul(t.oneHot()).sum(new int[] {1}, true); // (N,1,H,W)
        NDArray num = picked.mul(t.pixelWeight()).sum().neg();
        NDArray den = t.pixelWeight().sum().maximum(1e-12f);
        return num.div(den);
    }

    /**
     * Soft Dice loss (Milletari et al. 2016, "V-Net", squared-denominator-free form): {@code 1 - mean_c (2 sum p_c y_c
     * + eps) / (sum p_c + sum y_c + eps)} with {@code p = softmax(logits)} and {@code y} the one-hot target, both
     * over non-ignored pixels only (pixel weight &gt; 0; class weights are not applied), sums over the whole batch,
     * {@code eps = 1}. Classes absent from both prediction and target contribute a Dice of 1.
     */
    public static NDArray dice(NDArray logits, Targets t) {
        check(logits, t);
        NDArray valid = t.pixelWeight().gt(0f).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
        NDArray p = logits.softmax(1).mul(valid);
        int[] axes = {0, 2, 3};
        NDArray inter = p.mul(t.oneHot()).sum(axes);
        NDArray denom = p.sum(axes).add(t.oneHot().sum(axes));
        NDArray diceC = inter.mul(2f).add(1f).div(denom.add(1f));
        return diceC.mean().neg().add(1f);
    }

    /**
     * Weighted mean squared error, the centre heat-map loss of Panoptic-DeepLab: {@code sum w (p - t)^2 / sum w} with
     * {@code w} broadcast over the channels of {@code p} and {@code t}; 0 when every weight is 0.
     *
     * @param pred   {@code (N, K, H, W)}
     * @param target same shape
     * @param weight {@code (N, 1, H, W)}
     */
    public static NDArray weightedMse(NDArray pred, NDArray target, NDArray weight) {
        NDArray d = pred.sub(target);
        return d.mul(d).mul(weight).sum().div(weight.sum().maximum(1e-12f));
    }

    /**
     * Weighted L1 loss, the offset loss of Panoptic-DeepLab: {@code sum_pixels w sum_channels |p - t| / sum_pixels w}
     * (the channels of a pixel are summed, as in the reference implementation, which divides by the weight of the
     * pixels only); 0 when every weight is 0.
     *
     * @param pred   {@code (N, K, H, W)}
     * @param target same shape
     * @param weight {@code (N, 1, H, W)}
     */
    public static NDArray weightedL1(NDArray pred, NDArray target, NDArray weight) {
        return pred.sub(target).abs().mul(weight).sum().div(weight.sum().maximum(1e-12f));
    }

    /**
     * Focal loss (Lin et al. 2017, "Focal Loss for Dense Object Detection", eq. 5) in its softmax (multi-class)
     * form: {@code FL_i = -alpha[y_i] (1 - p_i)^gamma log p_i} with {@code p_i = softmax(logits_i)[y_i]}, averaged over
     * the pixels that are not ignored: {@code sum_i FL_i / #valid} (the paper normalises by the number of
     * assigned samples, not by the sum of alphas). {@code alpha} is the class weight of {@link Targets} (1 without
     * class weights). {@code gamma = 0} and no class weights give exactly the unweighted cross-entropy. The
     * modulating factor is differentiated too (as in the paper); its base is clamped at 1e-12 so that
     * {@code gamma < 1} has a finite gradient at p = 1. Returns 0 when every pixel is ignored.
     *
     * @param gamma focusing parameter, &ge; 0 (the paper uses 2)
     */
    public static NDArray focal(NDArray logits, Targets t, float gamma) {
        check(logits, t);
        if (!(gamma >= 0) || !Float.isFinite(gamma)) throw new IllegalArgumentException("focal loss: gamma must be finite and >= 0, got " + gamma);
        NDArray logpt = logits.logSoftmax(1).mul(t.oneHot()).sum(new int[] {1}, true); // (N,1,H,W), 0 at ignored
        NDArray weighted = logpt.mul(t.pixelWeight());
        if (gamma != 0) {
            NDArray factor = logpt.exp().neg().add(1f).maximum(1e-12f).pow(gamma);
            weighted = weighted.mul(factor);
        }
        NDArray count = t.oneHot().sum().maximum(1f);
        return weighted.sum().neg().div(count);
    }

    private static void check(NDArray logits, Targets t) {
        if (!logits.getShape().equals(t.oneHot().getShape())) {
            throw new IllegalArgumentException("logits " + logits.getShape() + " and targets " + t.oneHot().getShape() + " differ");
        }
    }
}
