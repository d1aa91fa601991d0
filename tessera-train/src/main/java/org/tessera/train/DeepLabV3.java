package org.tessera.train;

import java.util.ArrayList;
import java.util.List;

/**
 * DeepLabV3 (L.-C. Chen, G. Papandreou, F. Schroff, H. Adam, "Rethinking Atrous Convolution for Semantic Image
 * Segmentation", arXiv:1706.05587, 2017) on a small residual backbone with output stride 16.
 *
 * <p>Backbone (basic residual blocks of K. He et al., "Deep Residual Learning for Image Recognition", CVPR 2016:
 * two 3x3 convolutions + BN, identity or 1x1-convolution + BN shortcut, ReLU after the sum): a stem of two 3x3
 * convolutions (the first with stride 2, {@code w} channels), three stride-2 blocks ({@code 2w}, {@code 4w},
 * {@code 8w} channels; stride 16), then an atrous block with dilations 2 and 4 ({@code 8w} channels; the paper's
 * multi-grid (1, 2) at rate 2) that keeps stride 16 instead of down-sampling further.
 *
 * <p>Head, Atrous Spatial Pyramid Pooling as in the paper at output stride 16: a 1x1 convolution, three 3x3 atrous
 * convolutions with rates 6, 12, 18 (each + BN + ReLU, {@code 4w} channels) and image-level features (global average
 * pooling, 1x1 convolution, ReLU, bilinear up-sampling to the feature size); concatenation, 1x1 convolution + BN +
 * ReLU, a 1x1 convolution to the classes, and bilinear up-sampling (align_corners false) to the input size.
 *
 * <p>Differences from the paper: the ResNet-101 backbone (ImageNet-pretrained, bottleneck blocks, 2048 channels) is
 * replaced by the small backbone above trained from scratch; the ASPP has {@code 4w} channels instead of 256; the
 * image-pooling branch has a biased convolution without BN (BN over a 1x1 map is degenerate for a batch of one).
 * With {@code batchNorm} false every BN is replaced by a convolution bias. Input H and W must be multiples of 16;
 * input float32 {@code (N, inChannels, H, W)}, output logits {@code (N, numClasses, H, W)}.
 */
public final class DeepLabV3 extends SpecNetwork<DeepLabV3.Spec> {
    /** ASPP atrous rates at output stride 16 (paper). */
    public static final int[] ASPP_RATES = {6, 12, 18};

    /**
     * Architecture.
     *
     * @param inChannels input channels (3 for RGB)
     * @param numClasses output classes (at least 2)
     * @param width      stem channels; the blocks have 2w, 4w, 8w, 8w, the ASPP 4w
     * @param batchNorm  batch normalisation (the paper uses it everywhere)
     */
    public record Spec(int inChannels, int numClasses, int width, boolean batchNorm) implements Network.Spec {
        public Spec {
            checkSpec("DeepLabV3", inChannels, numClasses, width);
        }

        public String describe() {
            return "deeplabv3(in=" + inChannels + ",classes=" + numClasses + ",width=" + width + ",bn=" + batchNorm + ")";
        }
    }

    public DeepLabV3(Spec spec) {
        super(spec);
        int w = spec.width();
        conv("stem.conv1", spec.inChannels(), w, 3);
        conv("stem.conv2", w, w, 3);
        block("block1", w, 2 * w);
        block("block2", 2 * w, 4 * w);
        block("block3", 4 * w, 8 * w);
        block("block4", 8 * w, 8 * w);
        int a = 4 * w;
        conv("aspp.b0", 8 * w, a, 1);
        for (int i = 0; i < ASPP_RATES.length; i++) conv("aspp.b" + (i + 1), 8 * w, a, 3);
        declareConv("aspp.pool", 8 * w, a, 1, 1, 1, true);
        conv("aspp.project", 5 * a, a, 1);
        declareConv("head", a, spec.numClasses(), 1, 1, 1, true);
    }

    private void conv(String name, int in, int out, int k) {
        declareConv(name, in, out, k, k, 1, !spec.batchNorm());
        if (spec.batchNorm()) declareBatchNorm(name + ".bn", out);
    }

    private void block(String name, int in, int out) {
        conv(name + ".conv1", in, out, 3);
        conv(name + ".conv2", out, out, 3);
        if (in != out) conv(name + ".shortcut", in, out, 1);
    }

    @Override
    public int sizeMultiple() {
        return 16;
    }

    private <T> T convBn(Ops<T> ops, T x, String name, Ops.Conv c) {
        T h = ops.conv(x, name, c);
        return spec.batchNorm() ? ops.batchNorm(h, name + ".bn") : h;
    }

    /** Basic residual block: stride {@code s} and dilation {@code d1} in the first 3x3 convolution, {@code d2} in the second. */
    private <T> T block(Ops<T> ops, T x, String name, int s, int d1, int d2) {
        T h = ops.relu(convBn(ops, x, name + ".conv1", new Ops.Conv(s, s, d1, d1, d1, d1, 1)));
        h = convBn(ops, h, name + ".conv2", Ops.Conv.dilated(3, d2));
        T shortcut = hasParameter(name + ".shortcut.weight") ? convBn(ops, x, name + ".shortcut", Ops.Conv.strided(s, 0)) : x;
        return ops.relu(ops.add(h, shortcut));
    }

    @Override
    protected <T> List<T> graph(Ops<T> ops, T x) {
        boolean bn = spec.batchNorm();
        T h = ops.convBnRelu(x, "stem.conv1", Ops.Conv.strided(2, 1), bn);   // stride 2
        h = ops.convBnRelu(h, "stem.conv2", Ops.Conv.same(3), bn);
        h = block(ops, h, "block1", 2, 1, 1);                                 // 4
        h = block(ops, h, "block2", 2, 1, 1);                                 // 8
        h = block(ops, h, "block3", 2, 1, 1);                                 // 16
        h = block(ops, h, "block4", 1, 2, 4);                                 // atrous, stays 16
        List<T> branches = new ArrayList<>();
        branches.add(ops.convBnRelu(h, "aspp.b0", Ops.Conv.same(1), bn));
        for (int i = 0; i < ASPP_RATES.length; i++) {
            branches.add(ops.convBnRelu(h, "aspp.b" + (i + 1), Ops.Conv.dilated(3, ASPP_RATES[i]), bn));
        }
        T pooled = ops.relu(ops.conv(ops.globalAvgPool(h), "aspp.pool", Ops.Conv.same(1)));
        branches.add(ops.resizeBilinear(pooled, h));
        T y = ops.convBnRelu(ops.concat(branches), "aspp.project", Ops.Conv.same(1), bn);
        return List.of(ops.resizeBilinear(ops.conv(y, "head", Ops.Conv.same(1)), x));
    }
}
