package org.tessera.train;

import java.util.List;

/**
 * FCN-8s (J. Long, E. Shelhamer, T. Darrell, "Fully Convolutional Networks for Semantic Segmentation", CVPR 2015) on
 * a small VGG-like backbone: five stages of two 3x3 convolutions (+ BN) + ReLU, each followed by 2x2 max pooling
 * (channels {@code w, 2w, 4w, 8w, 8w}, stride 32 after the fifth); "fc6" / "fc7" as a 3x3 convolution to {@code 16w}
 * and a 1x1 convolution (+ BN) + ReLU; a 1x1 class scorer on fc7, on pool4 and on pool3; skip fusion as in FCN-8s:
 * {@code up2(score_fr) + score_pool4}, {@code up2(.) + score_pool3}, then {@code up8(.)} to the input size.
 *
 * <p>Differences from the paper: VGG16 (13 convolutions, 64..512 channels, 7x7 fc6 with 4096 channels, dropout,
 * ImageNet weights, 100-pixel input padding and cropping) is replaced by this small backbone trained from scratch
 * with optional batch normalisation and padded convolutions (input H and W multiples of 32, no crop layers); all
 * up-sampling is fixed bilinear (the paper learns the 2x up-samplings as deconvolutions initialised to bilinear, and
 * reports that learning the final 8x one does not help).
 *
 * <p>Input: float32 {@code (N, inChannels, H, W)}; output logits {@code (N, numClasses, H, W)}.
 */
public final class FCN extends SpecNetwork<FCN.Spec> {
    /**
     * Architecture.
     *
     * @param inChannels input channels (3 for RGB)
     * @param numClasses output classes (at least 2)
     * @param width      channels of the first stage (64 in VGG16); stages have w, 2w, 4w, 8w, 8w, fc6/fc7 16w
     * @param batchNorm  batch normalisation after each backbone convolution and fc6 / fc7
     */
    public record Spec(int inChannels, int numClasses, int width, boolean batchNorm) implements Network.Spec {
        public Spec {
            checkSpec("FCN", inChannels, numClasses, width);
        }

        /** Channels of backbone stage {@code s} (0..4). */
        public int channels(int s) {
            return width << Math.min(s, 3);
        }

        public String describe() {
            return "fcn8s(in=" + inChannels + ",classes=" + numClasses + ",width=" + width + ",bn=" + batchNorm + ")";
        }
    }

    private static final int STAGES = 5;
    public FCN(Spec spec) {
        super(spec);
        int in = spec.inChannels();
        for (int s = 0; s < STAGES; s++) {
            int c = spec.channels(s);
            conv("stage" + s + ".conv1", in, c, 3);
            conv("stage" + s + ".conv2", c, c, 3);
            in = c;
        }
        conv("fc6", in, 16 * spec.width(), 3);
        conv("fc7", 16 * spec.width(), 16 * spec.width(), 1);
        declareConv("score_fr", 16 * spec.width(), spec.numClasses(), 1, 1, 1, true);
        declareConv("score_pool4", spec.channels(3), spec.numClasses(), 1, 1, 1, true);
        declareConv("score_pool3", spec.channels(2), spec.numClasses(), 1, 1, 1, true);
    }

    private void conv(String name, int in, int out, int k) {
        declareConv(name, in, out, k, k, 1, !spec.batchNorm());
        if (spec.batchNorm()) declareBatchNorm(name + ".bn", out);
    }

    @Override
    public int sizeMultiple() {
        return 32;
    }

    @Override
    protected <T> List<T> graph(Ops<T> ops, T x) {
        boolean bn = spec.batchNorm();
        T h = x, pool3 = null, pool4 = null;
        for (int s = 0; s < STAGES; s++) {
            h = ops.convBnRelu(h, "stage" + s + ".conv1", Ops.Conv.same(3), bn);
            h = ops.convBnRelu(h, "stage" + s + ".conv2", Ops.Conv.same(3), bn);
            h = ops.maxPool(h, 2, 2);
            if (s == 2) pool3 = h;
            if (s == 3) pool4 = h;
        }
        h = ops.convBnRelu(h, "fc6", Ops.Conv.same(3), bn);
        h = ops.convBnRelu(h, "fc7", Ops.Conv.same(1), bn);
        T score = ops.conv(h, "score_fr", Ops.Conv.same(1));                                   // stride 32
        score = ops.add(ops.upsampleBilinear(score, 2), ops.conv(pool4, "score_pool4", Ops.Conv.same(1))); // 16
        score = ops.add(ops.upsampleBilinear(score, 2), ops.conv(pool3, "score_pool3", Ops.Conv.same(1))); // 8
        return List.of(ops.upsampleBilinear(score, 8));
    }
}
