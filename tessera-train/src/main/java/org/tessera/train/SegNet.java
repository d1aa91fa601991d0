package org.tessera.train;

import java.util.ArrayList;
import java.util.List;

/**
 * SegNet (V. Badrinarayanan, A. Kendall, R. Cipolla, "SegNet: A Deep Convolutional Encoder-Decoder Architecture for
 * Image Segmentation", IEEE TPAMI 39(12), 2017): an encoder of {@code depth} stages (two 3x3 convolutions + BN + ReLU,
 * then 2x2 max pooling; channels {@code w, 2w, 4w, ...}) and a mirrored decoder whose stages up-sample with the
 * pooling indices of the matching encoder stage ("max unpooling", no learned up-sampling and no skip features), then
 * apply two 3x3 convolutions + BN + ReLU (the second reducing the channels to those of the next stage); a 1x1
 * convolution gives the class logits.
 *
 * <p>Unpooling: DJL's PyTorch engine returns no pooling indices, so the index unpooling is computed from the
 * encoder's pre-pooling map {@code x}: {@code unpool(y) = nearest2x(y) * (x == nearest2x(maxpool2x2(x)))} — each value
 * of {@code y} goes to the position(s) of its window's maximum, zeros elsewhere. Ties: where several positions of a
 * 2x2 window hold the maximum (e.g. a window of zeros after ReLU) every one of them receives the value, whereas index
 * unpooling writes it only at the first. Without ties the two are identical. Exported to ONNX as Resize (nearest),
 * MaxPool, Equal, Cast, Mul.
 *
 * <p>Differences from the paper: VGG16's 13 encoder convolutions in five stages (64..512 channels, ImageNet weights)
 * are replaced by two convolutions per stage, {@code depth} stages and width {@code w}. Input H and W must be
 * multiples of {@code 2^depth}. Input float32 {@code (N, inChannels, H, W)}, output logits
 * {@code (N, numClasses, H, W)}.
 */
public final class SegNet extends SpecNetwork<SegNet.Spec> {
    /**
     * Architecture.
     *
     * @param inChannels input channels (3 for RGB)
     * @param numClasses output classes (at least 2)
     * @param width      channels of the first stage (64 in the paper), doubled per stage
     * @param depth      encoder stages = pooling steps (5 in the paper), 1..6
     * @param batchNorm  batch normalisation after each 3x3 convolution (the paper uses it)
     */
    public record Spec(int inChannels, int numClasses, int width, int depth, boolean batchNorm) implements Network.Spec {
        public Spec {
            checkSpec("SegNet", inChannels, numClasses, width);
            if (depth < 1 || depth > 6) throw new IllegalArgumentException("SegNet depth must be 1..6, got " + depth);
        }

        /** Channels of stage {@code s}. */
        public int channels(int s) {
            return width << s;
        }

        public String describe() {
            return "segnet(in=" + inChannels + ",classes=" + numClasses + ",width=" + width + ",depth=" + depth
                    + ",bn=" + batchNorm + ")";
        }
    }

    public SegNet(Spec spec) {
        super(spec);
        int in = spec.inChannels();
        for (int s = 0; s < spec.depth(); s++) {
            conv("enc" + s + ".conv1", in, spec.channels(s));
            conv("enc" + s + ".conv2", spec.channels(s), spec.channels(s));
            in = spec.channels(s);
        }
        for (int s = spec.depth() - 1; s >= 0; s--) {
            conv("dec" + s + ".conv1", spec.channels(s), spec.channels(s));
            conv("dec" + s + ".conv2", spec.channels(s), spec.channels(Math.max(0, s - 1)));
        }
        declareConv("head", spec.channels(0), spec.numClasses(), 1, 1, 1, true);
    }

    private void conv(String name, int in, int out) {
        declareConv(name, in, out, 3, 3, 1, !spec.batchNorm());
        if (spec.batchNorm()) declareBatchNorm(name + ".bn", out);
    }

    @Override
    public int sizeMultiple() {
        return 1 << spec.depth();
    }

    @Override
    protected <T> List<T> graph(Ops<T> ops, T x) {
        boolean bn = spec.batchNorm();
        List<T> masks = new ArrayList<>();
        T h = x;
        for (int s = 0; s < spec.depth(); s++) {
            h = ops.convBnRelu(h, "enc" + s + ".conv1", Ops.Conv.same(3), bn);
            h = ops.convBnRelu(h, "enc" + s + ".conv2", Ops.Conv.same(3), bn);
            T pooled = ops.maxPool(h, 2, 2);
            masks.add(ops.equal(h, ops.upsampleNearest(pooled, 2))); // where the window maxima were
            h = pooled;
        }
        for (int s = spec.depth() - 1; s >= 0; s--) {
            h = ops.mul(ops.upsampleNearest(h, 2), masks.get(s)); // max unpooling
            h = ops.convBnRelu(h, "dec" + s + ".conv1", Ops.Conv.same(3), bn);
            h = ops.convBnRelu(h, "dec" + s + ".conv2", Ops.Conv.same(3), bn);
        }
        return List.of(ops.conv(h, "head", Ops.Conv.same(1)));
    }
}
