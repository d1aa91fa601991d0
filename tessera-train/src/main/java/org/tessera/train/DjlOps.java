package org.tessera.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;

import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * {@link Ops} executed by DJL's PyTorch engine (differentiable). Arrays derived from parameters (reshaped biases,
 * rearranged transposed-convolution kernels) are attached to the input's manager, so a forward pass in a per-step
 * sub-manager leaves nothing behind in the parameters' manager.
 */
final class DjlOps implements Ops<NDArray> {
    /** DJL {@code Image.Interpolation} codes accepted by {@code NDArrayEx.interpolation} (PyTorch engine). */
    private static final int NEAREST = 0, BILINEAR = 1;

    private final Function<String, NDArray> get;
    private final Predicate<String> has;
    private final boolean training;

    DjlOps(Function<String, NDArray> get, Predicate<String> has, boolean training) {
        this.get = get;
        this.has = has;
        this.training = training;
    }

    private NDArray bias(String name) {
        return has.test(name + ".bias") ? get.apply(name + ".bias") : null;
    }

    @Override
    public NDArray conv(NDArray x, String name, Conv c) {
        return Conv2d.conv2d(x, get.apply(name + ".weight"), bias(name), new Shape(c.strideH(), c.strideW()),
                new Shape(c.padH(), c.padW()), new Shape(c.dilationH(), c.dilationW()), c.groups()).singletonOrThrow();
    }

    @Override
    public NDArray convTranspose(NDArray x, String name, int stride, int pad, int outputPad) {
        NDArray w = get.apply(name + ".weight");
        NDArray b = bias(name);
        long k = w.getShape().get(2);
        if (w.getShape().get(3) != k) throw new IllegalArgumentException(name + ": transposed convolution needs a square kernel");
        if (k == stride && pad == 0 && outputPad == 0) return depthToSpaceConv(x, w, b, stride);
        if (outputPad != stride - 1 || pad > k - 1) {
            throw new IllegalArgumentException(name + ": transposed convolution k=" + k + " stride=" + stride + " pad=" + pad
                    + " outputPad=" + outputPad + " is not supported (needs k == stride with no padding, or outputPad == stride - 1 and pad <= k - 1)");
        }
        // zero insertion: x at (i*stride, j*stride) of an (H*stride, W*stride) map, zeros elsewhere (the stride - 1
        // trailing zeros act as the output padding); then a stride-1 convolution with the flipped, transposed kernel
        // and padding k - 1 - pad on every side
        NDManager m = x.getManager();
        Shape s = x.getShape();
        long n = s.get(0), c = s.get(1), h = s.get(2), wd = s.get(3);
        NDArray z = x.reshape(n, c, h, 1, wd, 1);
        if (stride > 1) {
            z = NDArrays.concat(new NDList(z, m.zeros(new Shape(n, c, h, stride - 1, wd, 1))), 3);
            z = NDArrays.concat(new NDList(z, m.zeros(new Shape(n, c, h, stride, wd, stride - 1))), 5);
        }
        z = z.reshape(n, c, h * stride, wd * stride);
        NDArray kt = w.transpose(1, 0, 2, 3);
        kt.attach(m);
        NDArray kf = kt.flip(2).flip(3);
        kf.attach(m);
        long p = k - 1 - pad;
        return Conv2d.conv2d(z, kf, b, new Shape(1, 1), new Shape(p, p), new Shape(1, 1), 1).singletonOrThrow();
    }

    /**
     * k == stride transposed convolution, {@code y[n, o, s i + a, s j + b] = bias[o] + sum_c x[n, c, i, j] W[c, o, a, b]},
     * as a 1x1 convolution to {@code out * s * s} channels followed by a depth-to-space rearrangement.
     */
    static NDArray depthToSpaceConv(NDArray x, NDArray w, NDArray bias, int s) {
        long in = w.getShape().get(0), out = w.getShape().get(1);
        long n = x.getShape().get(0), hh = x.getShape().get(2), ww = x.getShape().get(3);
        // arrays derived from parameters belong to the parameters' manager: move them to the input's (per-step)
        // manager, else each forward would leak them together with the autograd graph they reference
        NDManager m = x.getManager();
        NDArray wt = w.transpose(1, 2, 3, 0);
        wt.attach(m);
        NDArray k = wt.reshape(out * s * s, in, 1, 1);
        k.attach(m);
        NDArray z = Conv2d.conv2d(x, k).singletonOrThrow(); // (N, out*s*s, H, W), channel = (o*s + a)*s + b
        NDArray y = z.reshape(n, out, s, s, hh, ww).transpose(0, 1, 4, 2, 5, 3).reshape(n, out, s * hh, s * ww);
        if (bias == null) return y;
        NDArray b = bias.reshape(1, out, 1, 1);
        b.attach(m);
        return y.add(b);
    }

    @Override
    public NDArray batchNorm(NDArray x, String name) {
        return BatchNorm.batchNorm(x, get.apply(name + ".mean"), get.apply(name + ".var"), get.apply(name + ".gamma"),
                get.apply(name + ".beta"), 1, Network.BN_MOMENTUM, Network.BN_EPS, training).singletonOrThrow();
    }

    @Override
    public NDArray relu(NDArray x) {
        return Activation.relu(x);
    }

    @Override
    public NDArray sigmoid(NDArray x) {
        return Activation.sigmoid(x);
    }

    @Override
    public NDArray maxPool(NDArray x, int k, int s) {
        return Pool.maxPool2d(x, new Shape(k, k), new Shape(s, s), new Shape(0, 0), false);
    }

    @Override
    public NDArray avgPool(NDArray x, int k, int s) {
        return Pool.avgPool2d(x, new Shape(k, k), new Shape(s, s), new Shape(0, 0), false, true);
    }

    @Override
    public NDArray globalAvgPool(NDArray x) {
        return x.mean(new int[] {3}, true).mean(new int[] {2}, true);
    }

    @Override
    public NDArray resizeBilinear(NDArray x, NDArray like) {
        Shape s = like.getShape();
        if (s.get(2) < x.getShape().get(2) || s.get(3) < x.getShape().get(3)) {
            // the engine's bilinear mode anti-aliases when shrinking, which ONNX opset 17 Resize cannot express
            throw new IllegalArgumentException("resizeBilinear only enlarges: " + x.getShape() + " to " + s.get(2) + "x" + s.get(3));
        }
        return resize(x, s.get(2), s.get(3), BILINEAR);
    }

    @Override
    public NDArray upsampleBilinear(NDArray x, int scale) {
        Shape s = x.getShape();
        return resize(x, s.get(2) * scale, s.get(3) * scale, BILINEAR);
    }

    @Override
    public NDArray upsampleNearest(NDArray x, int scale) {
        Shape s = x.getShape();
        return resize(x, s.get(2) * scale, s.get(3) * scale, NEAREST);
    }

    /** torch {@code upsample_bilinear2d} (align_corners false) / {@code upsample_nearest2d} to an output size. */
    private static NDArray resize(NDArray x, long h, long w, int mode) {
        Shape s = x.getShape();
        if (s.get(2) == h && s.get(3) == w) return x;
        return x.getNDArrayInternal().interpolation(new long[] {h, w}, mode, false);
    }

    @Override
    public NDArray concat(List<NDArray> xs) {
        return NDArrays.concat(new NDList(xs), 1);
    }

    @Override
    public NDArray add(NDArray a, NDArray b) {
        return a.add(b);
    }

    @Override
    public NDArray mul(NDArray a, NDArray b) {
        return a.mul(b);
    }

    @Override
    public NDArray scale(NDArray x, float s) {
        return x.mul(s);
    }

    @Override
    public NDArray equal(NDArray a, NDArray b) {
        return a.eq(b).toType(DataType.FLOAT32, false);
    }
}
