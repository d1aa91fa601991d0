package org.tessera.train;

import java.util.List;

/**
 * The operations a {@link Network}'s forward pass is written in, once, for two back-ends: {@code DjlOps} executes them
 * with DJL / PyTorch ({@code T} = {@link ai.djl.ndarray.NDArray}, differentiable, training or inference mode) and
 * {@code OnnxOps} records them as ONNX nodes ({@code T} = value name; inference mode) for {@link OnnxExport}. Both
 * back-ends compute the same function (checked against ONNX Runtime within 1e-4 per architecture).
 *
 * <p>Tensors are float32 {@code (N, C, H, W)}. Parameters are referred to by the prefix under which the network
 * declared them ({@link Network#declareConv}, {@link Network#declareBatchNorm}), e.g. {@code conv(x, "enc0.conv1",
 * Conv.same(3))} reads {@code enc0.conv1.weight} and, when declared, {@code enc0.conv1.bias}.
 *
 * @param <T> the back-end's tensor handle
 */
public interface Ops<T> {

    /**
     * Convolution geometry (PyTorch {@code Conv2d} / ONNX {@code Conv} conventions; the kernel size comes from the
     * weight's shape {@code (out, in / groups, kH, kW)}). Output size per axis:
     * {@code floor((in + 2 pad - dilation (k - 1) - 1) / stride) + 1}.
     */
    record Conv(int strideH, int strideW, int padH, int padW, int dilationH, int dilationW, int groups) {
        public Conv {
            if (strideH < 1 || strideW < 1 || padH < 0 || padW < 0 || dilationH < 1 || dilationW < 1 || groups < 1) {
                throw new IllegalArgumentException("bad convolution geometry " + strideH + "," + strideW + "," + padH + ","
                        + padW + "," + dilationH + "," + dilationW + "," + groups);
            }
        }

        /** Stride 1, "same" padding {@code (k - 1) / 2} for an odd square kernel {@code k}. */
        public static Conv same(int k) {
            return new Conv(1, 1, (k - 1) / 2, (k - 1) / 2, 1, 1, 1);
        }

        /** Stride 1, dilation {@code d}, padding {@code d (k - 1) / 2} (same size) for an odd square kernel. */
        public static Conv dilated(int k, int d) {
            return new Conv(1, 1, d * (k - 1) / 2, d * (k - 1) / 2, d, d, 1);
        }

        /** Square stride {@code s} and padding {@code p}. */
        public static Conv strided(int s, int p) {
            return new Conv(s, s, p, p, 1, 1, 1);
        }

        /** The same geometry with {@code g} groups. */
        public Conv groups(int g) {
            return new Conv(strideH, strideW, padH, padW, dilationH, dilationW, g);
        }
    }

    /** Convolution with {@code <name>.weight} {@code (out, in / groups, kH, kW)} and the optional {@code <name>.bias}. */
    T conv(T x, String name, Conv c);

    /**
     * Transposed convolution with {@code <name>.weight} {@code (in, out, kH, kW)} (PyTorch {@code ConvTranspose2d} /
     * ONNX {@code ConvTranspose} layout) and the optional {@code <name>.bias}; square stride, padding and output
     * padding; output size {@code (in - 1) stride - 2 pad + k + outputPad}. Supported: {@code k == stride},
     * {@code pad == outputPad == 0} (computed as 1x1 conv + depth-to-space), and {@code outputPad == stride - 1}
     * with {@code pad <= k - 1} (zero insertion + ordinary convolution), e.g. k 3, stride 2, pad 1, outputPad 1;
     * others throw {@link IllegalArgumentException} (DJL's PyTorch engine has no deconvolution).
     */
    T convTranspose(T x, String name, int stride, int pad, int outputPad);

    /**
     * Batch normalisation with {@code <name>.gamma}, {@code .beta}, {@code .mean}, {@code .var} (epsilon
     * {@link Network#BN_EPS}). Training mode (DJL only): batch statistics, running statistics updated with momentum
     * {@link Network#BN_MOMENTUM} (DJL convention); inference: running statistics.
     */
    T batchNorm(T x, String name);

    /** max(x, 0). */
    T relu(T x);

    /** Logistic sigmoid 1 / (1 + e^-x). */
    T sigmoid(T x);

    /** Max pooling, square kernel {@code k}, stride {@code s}, no padding, floor. */
    T maxPool(T x, int k, int s);

    /** Average pooling, square kernel {@code k}, stride {@code s}, no padding, floor. */
    T avgPool(T x, int k, int s);

    /** Mean over H and W, keeping them: {@code (N, C, 1, 1)}. */
    T globalAvgPool(T x);

    /**
     * Bilinear resize of {@code x} to the height and width of {@code like}, half-pixel centres (PyTorch
     * {@code interpolate(mode="bilinear", align_corners=False)} = ONNX {@code Resize} linear / half_pixel). Enlarges
     * only: {@code like}'s height and width must be at least {@code x}'s ({@link IllegalArgumentException} otherwise;
     * DJL's PyTorch engine anti-aliases when shrinking, which ONNX opset 17 cannot express).
     */
    T resizeBilinear(T x, T like);

    /** Bilinear up-sampling by an integer {@code scale} (same convention as {@link #resizeBilinear(Object, Object)}). */
    T upsampleBilinear(T x, int scale);

    /** Nearest up-sampling by an integer {@code scale}: each value repeated in a {@code scale x scale} block. */
    T upsampleNearest(T x, int scale);

    /** Concatenation along the channel axis. */
    T concat(List<T> xs);

    /** Element-wise sum (broadcasting as NumPy). */
    T add(T a, T b);

    /** Element-wise product (broadcasting as NumPy). */
    T mul(T a, T b);

    /** {@code x} times the constant {@code s}. */
    T scale(T x, float s);

    /** 1 where {@code a == b}, else 0 (float32, no gradient). */
    T equal(T a, T b);

    /** {@link #conv} then {@link #batchNorm} ({@code <name>.bn}) when {@code bn}, then {@link #relu}. */
    default T convBnRelu(T x, String name, Conv c, boolean bn) {
        T h = conv(x, name, c);
        if (bn) h = batchNorm(h, name + ".bn");
        return relu(h);
    }
}
