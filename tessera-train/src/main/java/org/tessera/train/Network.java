package org.tessera.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Base of Tessera's trainable networks: a DJL {@link ai.djl.nn.Block} whose parameters are declared by name in a
 * fixed order (the order of checkpoints and of the optimizer state) and whose forward pass is written once, in
 * {@link #graph(Ops, Object)}, against the {@link Ops} interface: executed by DJL / PyTorch for training and
 * prediction, recorded as ONNX nodes by {@link OnnxExport}.
 *
 * <p>A subclass declares its parameters in its constructor ({@link #declareConv}, {@link #declareConvTranspose},
 * {@link #declareBatchNorm}, {@link #declare}) and implements {@link #describe()}, {@link #inChannels()},
 * {@link #sizeMultiple()}, {@link #outputChannels()} and {@link #graph}. Input: float32 {@code (N, inChannels, H, W)}
 * with H and W multiples of {@link #sizeMultiple()}; outputs: one float32 {@code (N, outputChannels()[i], H, W)}
 * array per {@link #outputNames()} entry (the first is the semantic logits the trainer's losses read).
 *
 * <p>Parameters are created by {@link #initializeParameters(NDManager, long)} (He-normal weights, std
 * {@code sqrt(2 / fanIn)}, drawn from a seeded Java generator in declaration order; zero biases; BN gamma 1, beta 0,
 * running mean 0, running variance 1), not by DJL's {@code initialize}, so that a seed fixes the initial weights
 * independently of the engine.
 */
public abstract class Network extends AbstractBlock {
    /** BatchNorm epsilon (as PyTorch's default). */
    public static final float BN_EPS = 1e-5f;
    /** BatchNorm momentum in DJL's convention (running = 0.9 running + 0.1 batch; PyTorch momentum 0.1). */
    public static final float BN_MOMENTUM = 0.9f;

    /** The options every architecture's configuration record has (the records validate themselves). */
    public interface Spec {
        /** Input channels (3 for RGB). */
        int inChannels();

        /** Output classes. */
        int numClasses();

        /** A one-line description stored in checkpoints (see {@link Network#describe()}). */
        String describe();
    }

    /**
     * Checks the options all architectures share; the message names the architecture.
     *
     * @throws IllegalArgumentException if {@code inChannels < 1}, {@code numClasses < 2} or {@code width < 1}
     */
    protected static void checkSpec(String arch, int inChannels, int numClasses, int width) {
        if (inChannels < 1) throw new IllegalArgumentException(arch + " inChannels must be >= 1, got " + inChannels);
        if (numClasses < 2) throw new IllegalArgumentException(arch + " numClasses must be >= 2, got " + numClasses);
        if (width < 1) throw new IllegalArgumentException(arch + " width must be >= 1, got " + width);
    }

    private final Map<String, Parameter> params = new LinkedHashMap<>();
    private final Map<String, Shape> shapes = new LinkedHashMap<>();
    private final Map<String, Double> fanIns = new LinkedHashMap<>();

    protected Network() {
        super((byte) 1);
    }

    // ------------------------------------------------------------------ what a subclass provides

    /** A one-line description of the architecture and its options, stored in checkpoints to detect a mismatch. */
    public abstract String describe();

    /** Input channels (3 for RGB). */
    public abstract int inChannels();

    /** H and W of the input must be multiples of this (the total down-sampling factor). */
    public abstract int sizeMultiple();

    /** Channels of each output, in {@link #outputNames()} order. */
    public abstract int[] outputChannels();

    /** Output names (ONNX graph outputs), default {@code ["logits"]}; same length as {@link #outputChannels()}. */
    public List<String> outputNames() {
        return List.of("logits");
    }

    /**
     * The forward pass: maps the input to the outputs ({@link #outputNames()} order, each at the input's height and
     * width), using only {@code ops} on tensors (so that it runs on every back-end).
     */
    protected abstract <T> List<T> graph(Ops<T> ops, T input);

    // ------------------------------------------------------------------ parameter declarations

    /**
     * Declares a parameter. {@code fanIn} is used for He-normal initialisation of {@link Parameter.Type#WEIGHT}s
     * (ignored otherwise); running statistics get no gradient.
     */
    protected final void declare(String name, Parameter.Type type, Shape shape, double fanIn) {
        if (params.containsKey(name)) throw new IllegalArgumentException(getClass().getSimpleName() + ": parameter '" + name + "' declared twice");
        boolean grad = type != Parameter.Type.RUNNING_MEAN && type != Parameter.Type.RUNNING_VAR;
        Parameter p = Parameter.builder().setName(name).setType(type).optRequiresGrad(grad).build();
        params.put(name, addParameter(p));
        shapes.put(name, shape);
        fanIns.put(name, fanIn);
    }

    /**
     * Declares {@code <name>.weight} {@code (out, in / groups, kH, kW)} (fan-in {@code in / groups * kH * kW}) and,
     * when {@code bias}, {@code <name>.bias} {@code (out)}.
     */
    protected final void declareConv(String name, int in, int out, int kH, int kW, int groups, boolean bias) {
        if (in % groups != 0 || out % groups != 0) {
            throw new IllegalArgumentException(name + ": channels " + in + " -> " + out + " not divisible by groups " + groups);
        }
        declare(name + ".weight", Parameter.Type.WEIGHT, new Shape(out, in / groups, kH, kW), (double) in / groups * kH * kW);
        if (bias) declare(name + ".bias", Parameter.Type.BIAS, new Shape(out), 0);
    }

    /**
     * Declares a transposed convolution {@code <name>.weight} {@code (in, out, k, k)} (fan-in
     * {@code in * k * k / stride^2}, the taps reaching one output) and, when {@code bias}, {@code <name>.bias}.
     */
    protected final void declareConvTranspose(String name, int in, int out, int k, int stride, boolean bias) {
        declare(name + ".weight", Parameter.Type.WEIGHT, new Shape(in, out, k, k), (double) in * k * k / (stride * stride));
        if (bias) declare(name + ".bias", Parameter.Type.BIAS, new Shape(out), 0);
    }

    /** Declares {@code <name>.gamma}, {@code .beta}, {@code .mean}, {@code .var}, each {@code (channels)}. */
    protected final void declareBatchNorm(String name, int channels) {
        Shape s = new Shape(channels);
        declare(name + ".gamma", Parameter.Type.GAMMA, s, 0);
        declare(name + ".beta", Parameter.Type.BETA, s, 0);
        declare(name + ".mean", Parameter.Type.RUNNING_MEAN, s, 0);
        declare(name + ".var", Parameter.Type.RUNNING_VAR, s, 0);
    }

    // ------------------------------------------------------------------ parameters

    /** Parameter names in declaration order (the order of checkpoints and of the optimizer state). */
    public final List<String> parameterNames() {
        return new ArrayList<>(params.keySet());
    }

    /** The parameter of this name. */
    public final Parameter parameter(String name) {
        Parameter p = params.get(name);
        if (p == null) throw new IllegalArgumentException(describe() + " has no parameter '" + name + "'");
        return p;
    }

    /** Whether a parameter of this name was declared. */
    public final boolean hasParameter(String name) {
        return params.containsKey(name);
    }

    /** The shape of parameter {@code name}. */
    public final Shape parameterShape(String name) {
        return shapes.get(name);
    }

    /** Number of trainable scalars. */
    public final long trainableScalars() {
        long n = 0;
        for (var e : params.entrySet()) if (e.getValue().requiresGradient()) n += shapes.get(e.getKey()).size();
        return n;
    }

    /**
     * Creates all parameter arrays in {@code manager}: He-normal weights (std {@code sqrt(2 / fanIn)}) drawn from a
     * {@link SplittableRandom} seeded with {@code seed}, in {@link #parameterNames()} order; zero biases and BN beta;
     * BN gamma 1, running mean 0, running var 1.
     */
    public final void initializeParameters(NDManager manager, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (var e : params.entrySet()) {
            Parameter p = e.getValue();
            if (p.isInitialized()) throw new IllegalStateException(describe() + ": parameters are already initialised");
            Shape shape = shapes.get(e.getKey());
            float[] v = new float[Math.toIntExact(shape.size())];
            switch (p.getType()) {
                case WEIGHT -> {
                    double std = Math.sqrt(2.0 / Math.max(1, fanIns.get(e.getKey())));
                    for (int i = 0; i < v.length; i++) v[i] = (float) (gaussian(rng) * std);
                }
                case GAMMA, RUNNING_VAR -> Arrays.fill(v, 1f);
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

    // ------------------------------------------------------------------ execution

    /**
     * Runs the network on {@code x} {@code (N, C, H, W)} and returns its first output (the semantic logits). In
     * training mode BN uses batch statistics and updates its running statistics in place.
     */
    public final NDArray forward(NDArray x, boolean training) {
        return forwardAll(x, training).get(0);
    }

    /** Runs the network and returns all outputs, in {@link #outputNames()} order. */
    public final NDList forwardAll(NDArray x, boolean training) {
        return run(x, training, name -> params.get(name).getArray());
    }

    private NDList run(NDArray x, boolean training, Function<String, NDArray> get) {
        checkInput(x.getShape());
        return new NDList(graph(new DjlOps(get, params::containsKey, training), x));
    }

    /** Throws an {@link IllegalArgumentException} naming the architecture unless {@code s} is a valid input shape. */
    public final void checkInput(Shape s) {
        int f = sizeMultiple();
        if (s.dimension() != 4 || s.get(1) != inChannels() || s.get(2) % f != 0 || s.get(3) % f != 0 || s.get(2) < f || s.get(3) < f) {
            throw new IllegalArgumentException(describe() + " needs input (N, " + inChannels()
                    + ", H, W) with H and W positive multiples of " + f + ", got " + s);
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> p) {
        NDArray x = inputs.singletonOrThrow();
        return run(x, training, name -> store.getValue(params.get(name), x.getDevice(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        int[] c = outputChannels();
        Shape[] out = new Shape[c.length];
        for (int i = 0; i < c.length; i++) out[i] = new Shape(s.get(0), c[i], s.get(2), s.get(3));
        return out;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        // no child blocks: parameters are created by initializeParameters
    }

    @Override
    public void initialize(NDManager manager, DataType dataType, Shape... inputShapes) {
        if (dataType != DataType.FLOAT32) throw new IllegalArgumentException(describe() + " supports float32 only, got " + dataType);
        initializeParameters(manager, 0L);
    }

    @Override
    public String toString() {
        return describe();
    }
}
