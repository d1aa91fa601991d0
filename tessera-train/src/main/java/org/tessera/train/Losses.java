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

    private static void check(NDArray logits, Targets t) {
        if (!logits.getShape().equals(t.oneHot().getShape())) {
            throw new IllegalArgumentException("logits " + logits.getShape() + " and targets " + t.oneHot().getShape() + " differ");
        }
    }
}
