package org.tessera.train;

import java.util.List;

/**
 * ERFNet (E. Romera, J. M. Álvarez, L. M. Bergasa, R. Arroyo, "ERFNet: Efficient Residual Factorized ConvNet for
 * Real-Time Semantic Segmentation", IEEE Transactions on Intelligent Transportation Systems 19(1), 2018; IV 2017), a
 * real-time encoder-decoder built from factorised ("non-bottleneck-1D") residual blocks; cheap on a CPU.
 *
 * <ul>
 *   <li>Downsampler block (from ENet): concatenation of a 3x3 stride-2 convolution to {@code out - in} channels and a
 *       2x2 max pooling of the input, then BN + ReLU.</li>
 *   <li>Non-bottleneck-1D block with dilation d: 3x1 conv, ReLU, 1x3 conv, BN, ReLU, 3x1 conv (dilation d), ReLU,
 *       1x3 conv (dilation d), BN, residual sum, ReLU; all convolutions biased.</li>
 *   <li>Upsampler block: 3x3 transposed convolution, stride 2, padding 1, output padding 1, then BN + ReLU.</li>
 * </ul>
 * Encoder: down(in → w), down(w → 4w), 5 blocks (4w, d 1), down(4w → 8w), 2 x blocks (8w, d 2, 4, 8, 16). Decoder:
 * up(8w → 4w), 2 blocks (4w), up(4w → w), 2 blocks (w), and a 2x2 stride-2 transposed convolution to the classes.
 * The paper has {@code w = 16} (2.07 M parameters at 20 classes).
 *
 * <p>Differences from the paper: no dropout (the paper's 2D dropout, 0.03 / 0.3, would draw from the engine's
 * unseeded generator and break the trainer's bit-exact resume); BN epsilon 1e-5 instead of 1e-3; {@code batchNorm}
 * false drops the BN layers. Input H and W must be multiples of 8; input float32 {@code (N, inChannels, H, W)},
 * output logits {@code (N, numClasses, H, W)}.
 */
public final class ERFNet extends SpecNetwork<ERFNet.Spec> {
    /** Dilations of the eight 8w-channel blocks of the encoder. */
    static final int[] DILATIONS = {2, 4, 8, 16, 2, 4, 8, 16};

    /**
     * Architecture.
     *
     * @param inChannels input channels (3 for RGB)
     * @param numClasses output classes (at least 2)
     * @param width      channels after the first downsampler (16 in the paper); then 4w and 8w; must exceed
     *                   {@code inChannels}
     * @param batchNorm  batch normalisation (the paper uses it)
     */
    public record Spec(int inChannels, int numClasses, int width, boolean batchNorm) implements Network.Spec {
        public Spec {
            checkSpec("ERFNet", inChannels, numClasses, width);
            if (width <= inChannels) {
                throw new IllegalArgumentException("ERFNet width must exceed the input channels " + inChannels + ", got " + width);
            }
        }

        public String describe() {
            return "erfnet(in=" + inChannels + ",classes=" + numClasses + ",width=" + width + ",bn=" + batchNorm + ")";
        }
    }

    public ERFNet(Spec spec) {
        super(spec);
        int w = spec.width();
        down("down1", spec.inChannels(), w);
        down("down2", w, 4 * w);
        for (int i = 0; i < 5; i++) block("enc4w." + i, 4 * w);
        down("down3", 4 * w, 8 * w);
        for (int i = 0; i < DILATIONS.length; i++) block("enc8w." + i, 8 * w);
        up("up1", 8 * w, 4 * w);
        for (int i = 0; i < 2; i++) block("dec4w." + i, 4 * w);
        up("up2", 4 * w, w);
        for (int i = 0; i < 2; i++) block("decw." + i, w);
        declareConvTranspose("head", w, spec.numClasses(), 2, 2, true);
    }

    private void bn(String name, int c) {
        if (spec.batchNorm()) declareBatchNorm(name, c);
    }

    private void down(String name, int in, int out) {
        declareConv(name + ".conv", in, out - in, 3, 3, 1, true);
        bn(name + ".bn", out);
    }

    private void up(String name, int in, int out) {
        declareConvTranspose(name + ".conv", in, out, 3, 2, true);
        bn(name + ".bn", out);
    }

    private void block(String name, int c) {
        declareConv(name + ".conv3x1_1", c, c, 3, 1, 1, true);
        declareConv(name + ".conv1x3_1", c, c, 1, 3, 1, true);
        bn(name + ".bn1", c);
        declareConv(name + ".conv3x1_2", c, c, 3, 1, 1, true);
        declareConv(name + ".conv1x3_2", c, c, 1, 3, 1, true);
        bn(name + ".bn2", c);
    }

    @Override
    public int sizeMultiple() {
        return 8;
    }

    private <T> T bnRelu(Ops<T> ops, T x, String name) {
        return ops.relu(spec.batchNorm() ? ops.batchNorm(x, name) : x);
    }

    private <T> T down(Ops<T> ops, T x, String name) {
        T y = ops.concat(List.of(ops.conv(x, name + ".conv", Ops.Conv.strided(2, 1)), ops.maxPool(x, 2, 2)));
        return bnRelu(ops, y, name + ".bn");
    }

    private <T> T up(Ops<T> ops, T x, String name) {
        return bnRelu(ops, ops.convTranspose(x, name + ".conv", 2, 1, 1), name + ".bn");
    }

    private <T> T block(Ops<T> ops, T x, String name, int d) {
        T h = ops.relu(ops.conv(x, name + ".conv3x1_1", new Ops.Conv(1, 1, 1, 0, 1, 1, 1)));
        h = bnRelu(ops, ops.conv(h, name + ".conv1x3_1", new Ops.Conv(1, 1, 0, 1, 1, 1, 1)), name + ".bn1");
        h = ops.relu(ops.conv(h, name + ".conv3x1_2", new Ops.Conv(1, 1, d, 0, d, 1, 1)));
        h = ops.conv(h, name + ".conv1x3_2", new Ops.Conv(1, 1, 0, d, 1, d, 1));
        if (spec.batchNorm()) h = ops.batchNorm(h, name + ".bn2");
        return ops.relu(ops.add(h, x));
    }

    @Override
    protected <T> List<T> graph(Ops<T> ops, T x) {
        T h = down(ops, x, "down1");
        h = down(ops, h, "down2");
        for (int i = 0; i < 5; i++) h = block(ops, h, "enc4w." + i, 1);
        h = down(ops, h, "down3");
        for (int i = 0; i < DILATIONS.length; i++) h = block(ops, h, "enc8w." + i, DILATIONS[i]);
        h = up(ops, h, "up1");
        for (int i = 0; i < 2; i++) h = block(ops, h, "dec4w." + i, 1);
        h = up(ops, h, "up2");
        for (int i = 0; i < 2; i++) h = block(ops, h, "decw." + i, 1);
        return List.of(ops.convTranspose(h, "head", 2, 0, 0));
    }
}
