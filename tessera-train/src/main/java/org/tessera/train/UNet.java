package org.tessera.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

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
 * {@code (N, numClasses, H, W)}. Parameters are created by {@link #initializeParameters(NDManager, long)}
 * (He-normal weights from a seeded Java generator, zero biases, BN gamma 1 / beta 0 / mean 0 / var 1), not by DJL's
 * {@code initialize}, so that a seed fixes the initial weights independently of the engine.
 */
public final class UNet extends AbstractBlock {
    /** BatchNorm epsilon (as PyTorch's default). */
    public static final float BN_EPS = 1e-5f;
    /** BatchNorm momentum in DJL's convention (running = 0.9 running + 0.1 batch). */
    public static final float BN_MOMENTUM = 0.9f;

    /**
     * Architecture.
     *
     * @param inChannels input channels (3 for RGB)
     * @param numClasses output classes (at least 2)
     * @param width      channels of the first stage (64 in the paper), doubled at each down-sampling
     * @param depth      number of down-sampling stages (4 in the paper), 1..6
     * @param batchNorm  batch normalisation after each 3x3 convolution
     */
    public record Spec(int inChannels, int numClasses, int width, int depth, boolean batchNorm) {
        public Spec {
            if (inChannels < 1) throw new IllegalArgumentException("U-Net inChannels must be >= 1, got " + inChannels);
            if (numClasses < 2) throw new IllegalArgumentException("U-Net numClasses must be >= 2, got " + numClasses);
            if (width < 1) throw new IllegalArgumentException("U-Net width must be >= 1, got " + width);
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

    private final Spec spec;
    private final Map<String, Parameter> params = new LinkedHashMap<>();
    private final Map<String, Shape> shapes = new LinkedHashMap<>();

    public UNet(Spec spec) {
        super((byte) 1);
        this.spec = spec;
        int in = spec.inChannels();
        for (int s = 0; s <= spec.depth(); s++) {
            int c = spec.channels(s);
            doubleConv("enc" + s, in, c);
            in = c;
        }
        for (int s = spec.depth() - 1; s >= 0; s--) {
            int c = spec.channels(s);
            // ConvTranspose weight layout (in, out, kH, kW)
            declare("up" + s + ".weight", Parameter.Type.WEIGHT, new Shape(spec.channels(s + 1), c, 2, 2));
            declare("up" + s + ".bias", Parameter.Type.BIAS, new Shape(c));
            doubleConv("dec" + s, 2 * c, c);
        }
        declare("head.weight", Parameter.Type.WEIGHT, new Shape(spec.numClasses(), spec.channels(0), 1, 1));
        declare("head.bias", Parameter.Type.BIAS, new Shape(spec.numClasses()));
    }

    private void doubleConv(String prefix, int in, int out) {
        conv(prefix + ".conv1", in, out);
        conv(prefix + ".conv2", out, out);
    }

    private void conv(String name, int in, int out) {
        declare(name + ".weight", Parameter.Type.WEIGHT, new Shape(out, in, 3, 3));
        if (spec.batchNorm()) {
            declare(name + ".bn.gamma", Parameter.Type.GAMMA, new Shape(out));
            declare(name + ".bn.beta", Parameter.Type.BETA, new Shape(out));
            declare(name + ".bn.mean", Parameter.Type.RUNNING_MEAN, new Shape(out));
            declare(name + ".bn.var", Parameter.Type.RUNNING_VAR, new Shape(out));
        } else {
            declare(name + ".bias", Parameter.Type.BIAS, new Shape(out));
        }
    }

    private void declare(String name, Parameter.Type type, Shape shape) {
        boolean grad = type != Parameter.Type.RUNNING_MEAN && type != Parameter.Type.RUNNING_VAR;
        Parameter p = Parameter.builder().setName(name).setType(type).optRequiresGrad(grad).build();
        params.put(name, addParameter(p));
        shapes.put(name, shape);
    }

    /** The architecture. */
    public Spec spec() {
        return spec;
    }

    /** Parameter names in a fixed order (the order of checkpoints and of the optimizer state). */
    public List<String> parameterNames() {
        return new ArrayList<>(params.keySet());
    }

    /** The parameter of this name. */
    public Parameter parameter(String name) {
        Parameter p = params.get(name);
        if (p == null) throw new IllegalArgumentException("U-Net has no parameter '" + name + "'");
        return p;
    }

    /** The shape of parameter {@code name}. */
    public Shape parameterShape(String name) {
        return shapes.get(name);
    }

    /** Number of trainable scalars. */
    public long trainableScalars() {
        long n = 0;
        for (var e : params.entrySet()) if (e.getValue().requiresGradient()) n += shapes.get(e.getKey()).size();
        return n;
    }

    /**
     * Creates all parameter arrays in {@code manager}: He-normal (std = sqrt(2 / fan_in)) weights drawn from a
     * {@link SplittableRandom} seeded with {@code seed}, in {@link #parameterNames()} order; zero biases; BN gamma 1,
     * beta 0, running mean 0, running var 1.
     */
    public void initializeParameters(NDManager manager, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (var e : params.entrySet()) {
            Parameter p = e.getValue();
            if (p.isInitialized()) throw new IllegalStateException("U-Net parameters are already initialised");
            Shape shape = shapes.get(e.getKey());
            float[] v = new float[Math.toIntExact(shape.size())];
            switch (p.getType()) {
                case WEIGHT -> {
                    long fanIn = e.getKey().startsWith("up")
                            ? shape.get(0) * shape.get(2) * shape.get(3) / 4 // transposed: one input tap per output
                            : shape.get(1) * shape.get(2) * shape.get(3);
                    double std = Math.sqrt(2.0 / Math.max(1, fanIn));
                    for (int i = 0; i < v.length; i++) v[i] = (float) (gaussian(rng) * std);
                }
                case GAMMA, RUNNING_VAR -> java.util.Arrays.fill(v, 1f);
                default -> { }
            }
            NDArray a = manager.create(v, shape);
            p.setArray(a);
            if (p.requiresGradient()) a.setRequiresGradient(true);
        }
    }

    private static double gaussian(SplittableRandom r) {
        // Box-Muller on the generator's doubles (deterministic, independent of the JDK's nextGaussian algorithm)
        double u1 = r.nextDouble(), u2 = r.nextDouble();
        if (u1 < 1e-300) u1 = 1e-300;
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> p) {
        return new NDList(forward(inputs.singletonOrThrow(), training, name -> store.getValue(params.get(name), inputs.head().getDevice(), training)));
    }

    /**
     * Runs the network on {@code x} {@code (N, C, H, W)}; in training mode BN uses batch statistics and updates its
     * running statistics in place.
     */
    public NDArray forward(NDArray x, boolean training) {
        return forward(x, training, name -> params.get(name).getArray());
    }

    private NDArray forward(NDArray x, boolean training, java.util.function.Function<String, NDArray> get) {
        Shape s = x.getShape();
        int f = 1 << spec.depth();
        if (s.dimension() != 4 || s.get(1) != spec.inChannels() || s.get(2) % f != 0 || s.get(3) % f != 0) {
            throw new IllegalArgumentException("U-Net " + spec.describe() + " needs input (N, " + spec.inChannels()
                    + ", H, W) with H and W multiples of " + f + ", got " + s);
        }
        List<NDArray> skips = new ArrayList<>();
        NDArray h = x;
        for (int st = 0; st <= spec.depth(); st++) {
            if (st > 0) h = Pool.maxPool2d(h, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
            h = doubleConv("enc" + st, h, training, get);
            if (st < spec.depth()) skips.add(h);
        }
        for (int st = spec.depth() - 1; st >= 0; st--) {
            h = upConv2x2(h, get.apply("up" + st + ".weight"), get.apply("up" + st + ".bias"));
            h = NDArrays.concat(new NDList(skips.get(st), h), 1);
            h = doubleConv("dec" + st, h, training, get);
        }
        return Conv2d.conv2d(h, get.apply("head.weight"), get.apply("head.bias")).singletonOrThrow();
    }

    /**
     * 2x2 stride-2 transposed convolution, {@code y[n, o, 2i+a, 2j+b] = b[o] + sum_c x[n, c, i, j] W[c, o, a, b]}
     * with {@code W (in, out, 2, 2)} as ONNX / PyTorch ConvTranspose. DJL's PyTorch engine does not implement
     * deconvolution, so it is computed as a 1x1 convolution to {@code out * 4} channels followed by a
     * depth-to-space rearrangement (reshape / transpose, both differentiable).
     */
    static NDArray upConv2x2(NDArray x, NDArray w, NDArray bias) {
        long in = w.getShape().get(0), out = w.getShape().get(1);
        long n = x.getShape().get(0), hh = x.getShape().get(2), ww = x.getShape().get(3);
        // arrays derived from parameters belong to the parameters' manager: move them to the input's (per-step)
        // manager, else each forward would leak them together with the autograd graph they reference
        NDManager m = x.getManager();
        NDArray wt = w.transpose(1, 2, 3, 0);
        wt.attach(m);
        NDArray k = wt.reshape(out * 4, in, 1, 1);
        k.attach(m);
        NDArray b = bias.reshape(1, out, 1, 1);
        b.attach(m);
        NDArray z = Conv2d.conv2d(x, k).singletonOrThrow(); // (N, out*4, H, W), channel = o*4 + a*2 + b
        NDArray y = z.reshape(n, out, 2, 2, hh, ww).transpose(0, 1, 4, 2, 5, 3).reshape(n, out, 2 * hh, 2 * ww);
        return y.add(b);
    }

    private NDArray doubleConv(String prefix, NDArray h, boolean training, java.util.function.Function<String, NDArray> get) {
        h = convBnRelu(prefix + ".conv1", h, training, get);
        return convBnRelu(prefix + ".conv2", h, training, get);
    }

    private NDArray convBnRelu(String name, NDArray h, boolean training, java.util.function.Function<String, NDArray> get) {
        NDArray bias = spec.batchNorm() ? null : get.apply(name + ".bias");
        h = Conv2d.conv2d(h, get.apply(name + ".weight"), bias, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1)
                .singletonOrThrow();
        if (spec.batchNorm()) {
            h = BatchNorm.batchNorm(h, get.apply(name + ".bn.mean"), get.apply(name + ".bn.var"),
                    get.apply(name + ".bn.gamma"), get.apply(name + ".bn.beta"), 1, BN_MOMENTUM, BN_EPS, training)
                    .singletonOrThrow();
        }
        return ai.djl.nn.Activation.relu(h);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), spec.numClasses(), s.get(2), s.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        // no child blocks: parameters are created by initializeParameters
    }

    @Override
    public void initialize(NDManager manager, DataType dataType, Shape... inputShapes) {
        if (dataType != DataType.FLOAT32) throw new IllegalArgumentException("U-Net supports float32 only, got " + dataType);
        initializeParameters(manager, 0L);
    }

    @Override
    public String toString() {
        return spec.describe();
    }
}
