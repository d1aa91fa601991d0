package org.tessera.train;

import java.util.List;

/**
 * The network of the bottom-up instance / panoptic model ({@link BottomUpTrainer}): a {@link UNet} encoder-decoder
 * shared by three 1x1 convolution heads on its last decoder features, in the spirit of Panoptic-DeepLab (B. Cheng et
 * al., CVPR 2020), whose separate ASPP decoders for the semantic and the instance branch are not reproduced:
 *
 * <ol>
 *   <li>{@code semantic}: {@code (N, numClasses, H, W)} class logits;</li>
 *   <li>{@code center}: {@code (N, 1, H, W)} instance-centre heat map (linear output, trained towards a Gaussian of
 *       peak 1, {@link CenterTargets});</li>
 *   <li>{@code offset}: {@code (N, 2, H, W)} offset from each pixel to its instance centre, (dy, dx) in pixels.</li>
 * </ol>
 * Input: float32 RGB {@code / 255}, H and W multiples of {@code 2^depth}. Exported to ONNX by {@link OnnxExport} with
 * the three outputs named as above.
 */
public final class BottomUpNet extends UNet {
    private final int numClasses;

    /**
     * @param numClasses semantic classes (at least 2)
     * @param width      U-Net width (channels of the first stage)
     * @param depth      U-Net depth (down-sampling stages)
     * @param batchNorm  batch normalisation after each 3x3 convolution
     */
    public BottomUpNet(int numClasses, int width, int depth, boolean batchNorm) {
        super(new Spec(3, numClasses, width, depth, batchNorm), false);
        this.numClasses = numClasses;
        int c0 = spec().channels(0);
        declareConv("head.semantic", c0, numClasses, 1, 1, 1, true);
        declareConv("head.center", c0, 1, 1, 1, 1, true);
        declareConv("head.offset", c0, 2, 1, 1, 1, true);
    }

    @Override
    public String describe() {
        Spec s = spec();
        return "bottomup-unet(in=3,classes=" + numClasses + ",width=" + s.width() + ",depth=" + s.depth() + ",bn=" + s.batchNorm() + ")";
    }

    @Override
    public int[] outputChannels() {
        return new int[] {numClasses, 1, 2};
    }

    @Override
    public List<String> outputNames() {
        return List.of("semantic", "center", "offset");
    }

    @Override
    protected <T> List<T> graph(Ops<T> ops, T x) {
        T h = features(ops, x);
        return List.of(ops.conv(h, "head.semantic", Ops.Conv.same(1)), ops.conv(h, "head.center", Ops.Conv.same(1)),
                ops.conv(h, "head.offset", Ops.Conv.same(1)));
    }
}
