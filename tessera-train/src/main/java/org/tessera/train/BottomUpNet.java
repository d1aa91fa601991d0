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
 *   <li>{@code offset}: {@code (N, 2, H, W)} offset from each pixel to its instance centre, (dy, dx) in pixels: the
 *       1x1 convolution's output times {@link #OFFSET_SCALE} (part of the graph, also in ONNX).</li>
 * </ol>
 * Input: float32 RGB {@code / 255}, H and W multiples of {@code 2^depth}. Exported to ONNX by {@link OnnxExport} with
 * the three outputs named as above.
 */
public final class BottomUpNet extends UNet {
    /**
     * Constant factor on the offset head's output. Offsets span tens of pixels while the head starts at 0 and Adam
     * moves each weight by about the learning rate per step, so unscaled the head needs thousands of steps to reach
     * the targets' range (measured on DSB 2018: offset L1 stuck at the zero predictor's ~13 px after 564 steps).
     * The factor is a per-head learning-rate boost; the gradient reaching the shared features is unchanged.
     */
    public static final float OFFSET_SCALE = 16f;

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

    /**
     * Sets the weights and biases of the {@code center} and {@code offset} heads to 0 (call after
     * {@link #initializeParameters}): the regression heads then start at heat 0 and offset 0 instead of the
     * He-normal outputs of magnitude ~1, whose 200x-weighted heat-map error otherwise dominates the first steps and
     * collapses the shared features (measured on DSB: cross-entropy stuck at the constant-predictor level). With zero
     * head weights the body first learns from the semantic loss; the heads' own gradients are non-zero from the start.
     */
    public void zeroRegressionHeads() {
        for (String n : List.of("head.center.weight", "head.center.bias", "head.offset.weight", "head.offset.bias")) {
            ai.djl.ndarray.NDArray a = parameter(n).getArray();
            a.set(java.nio.FloatBuffer.wrap(new float[Math.toIntExact(a.size())]));
        }
    }

    @Override
    public String describe() {
        Spec s = spec();
        return "bottomup-unet(in=3,classes=" + numClasses + ",width=" + s.width() + ",depth=" + s.depth() + ",bn=" + s.batchNorm() + ",offsetScale=" + OFFSET_SCALE + ")";
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
                ops.scale(ops.conv(h, "head.offset", Ops.Conv.same(1)), OFFSET_SCALE));
    }
}
