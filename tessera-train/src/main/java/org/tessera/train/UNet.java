package org.tessera.train;

import ai.djl.ndarray.NDArray;

import java.util.ArrayList;
import java.util.List;

/**
 * U-Net (O. Ronneberger, P. Fischer, T. Brox, "U-Net: Convolutional Networks for Biomedical Image Segmentation",
 * MICCAI 2015) as a DJL {@link ai.djl.nn.Block}: an encoder of {@code depth} down-sampling stages (two 3x3
 * convolutions + ReLU, then 2x2 max pooling), a bottleneck, and a decoder that up-samples with a 2x2 stride-2
 * transposed convolution, concatenates the encoder feature map of the same scale (skip connection) and applies two
 * 3x3 convolutions; a 1x1 convolution gives one logit per class.
 *
 * <p>Differences from the paper, as in most modern implementations: convolutions are padded ("same"), so the output
 * has the input's height and width (which must be multiples of {@code 2^depth}), no cropping of skip features;
 * optional batch normalisation after each 3x3 convolution (before the ReLU); the width (channels of the first
 * stage, doubled at each stage; 64 in the paper) and the depth (4 in the paper) are configurable.
 *
 * <p>Input: float32 {@code (N, inChannels, H, W)} (Tessera's trainer feeds RGB / 255). Output: float32 logits
 * {@code (N, numClasses, H, W)}. Parameters and initialisation: see {@link Network}.
 */
public class UNet extends SpecNetwork<UNet.Spec> {
    /**
     * Architecture.
     *
     * @param inChannels input channels (3 for RGB)
     * @param numClasses output classes (at least 2)
     * @param width      channels of the first stage (64 in the paper), doubled at each down-sampling
     * @param depth      number of down-sampling stages (4 in the paper), 1..6
     * @param batchNorm  batch normalisation after each 3x3 convolution
     */
    public record Spec(int inChannels, int numClasses, int width, int depth, boolean batchNorm) implements Network.Spec {
        public Spec {
            checkSpec("U-Net", inChannels, numClasses, width);
            if (depth < 1 || depth > 6) throw new IllegalArgumentException("U-Net depth must be 1..6, got " + depth);
        }

        /** Channels of stage {@code s} (0 = first, {@code depth} = bottleneck). */
        public int channels(int s) {
            return width << s;
        }

        /** A one-line description stored in checkpoints to detect a mismatch. */
        public String describe() {
            return "unet(in=" + inChannels + ",classes=" + numClasses + ",width=" + width + ",depth=" + depth
                    + ",bn=" + batchNorm + ")";
        }
    }

    public UNet(Spec spec) {
        this(spec, true);
    }

    /**
     * For subclasses that put their own heads on the U-Net's last decoder features ({@link #features}):
     * {@code classHead} false leaves out the 1x1 class head ({@code spec.numClasses()} is then unused).
     */
    protected UNet(Spec spec, boolean classHead) {
        super(spec);
        int in = spec.inChannels();
        for (int s = 0; s <= spec.depth(); s++) {
            int c = spec.channels(s);
            doubleConv("enc" + s, in, c);
            in = c;
        }
        for (int s = spec.depth() - 1; s >= 0; s--) {
            int c = spec.channels(s);
            declareConvTranspose("up" + s, spec.channels(s + 1), c, 2, 2, true);
            doubleConv("dec" + s, 2 * c, c);
        }
        if (classHead) declareConv("head", spec.channels(0), spec.numClasses(), 1, 1, 1, true);
    }

    private void doubleConv(String prefix, int in, int out) {
        conv(prefix + ".conv1", in, out);
        conv(prefix + ".conv2", out, out);
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
        return List.of(ops.conv(features(ops, x), "head", Ops.Conv.same(1)));
    }

    /** Encoder and decoder: the {@code spec.channels(0)}-channel features at the input's size, before the head. */
    protected final <T> T features(Ops<T> ops, T x) {
        List<T> skips = new ArrayList<>();
        T h = x;
        for (int st = 0; st <= spec.depth(); st++) {
            if (st > 0) h = ops.maxPool(h, 2, 2);
            h = ops.convBnRelu(h, "enc" + st + ".conv1", Ops.Conv.same(3), spec.batchNorm());
            h = ops.convBnRelu(h, "enc" + st + ".conv2", Ops.Conv.same(3), spec.batchNorm());
            if (st < spec.depth()) skips.add(h);
        }
        for (int st = spec.depth() - 1; st >= 0; st--) {
            h = ops.convTranspose(h, "up" + st, 2, 0, 0);
            h = ops.concat(List.of(skips.get(st), h));
            h = ops.convBnRelu(h, "dec" + st + ".conv1", Ops.Conv.same(3), spec.batchNorm());
            h = ops.convBnRelu(h, "dec" + st + ".conv2", Ops.Conv.same(3), spec.batchNorm());
        }
        return h;
    }

    /**
     * 2x2 stride-2 transposed convolution, {@code y[n, o, 2i+a, 2j+b] = b[o] + sum_c x[n, c, i, j] W[c, o, a, b]}
     * with {@code W (in, out, 2, 2)} as ONNX / PyTorch ConvTranspose. DJL's PyTorch engine does not implement
     * deconvolution, so it is computed as a 1x1 convolution to {@code out * 4} channels followed by a
     * depth-to-space rearrangement (reshape / transpose, both differentiable).
     */
    static NDArray upConv2x2(NDArray x, NDArray w, NDArray bias) {
        return DjlOps.depthToSpaceConv(x, w, bias, 2);
    }
}
