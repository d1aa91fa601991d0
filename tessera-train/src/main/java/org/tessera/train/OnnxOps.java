package org.tessera.train;

import org.tessera.train.OnnxExport.Proto;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.tessera.train.OnnxExport.floatAttr;
import static org.tessera.train.OnnxExport.intAttr;
import static org.tessera.train.OnnxExport.ints;
import static org.tessera.train.OnnxExport.node;
import static org.tessera.train.OnnxExport.stringAttr;

/**
 * {@link Ops} recorded as ONNX (opset 17) nodes in inference mode: each call appends nodes to a graph and returns the
 * name of the value it produced. Parameters are referenced by name (the graph's initializers); constants (resize
 * scales) are collected in {@link #constants}.
 */
final class OnnxOps implements Ops<String> {
    final List<Proto> nodes = new ArrayList<>();
    /** Float constants (name → values, shape = length) to add as initializers. */
    final Map<String, float[]> constants = new LinkedHashMap<>();
    private final Network net;
    private int counter;

    OnnxOps(Network net) {
        this.net = net;
    }

    private String fresh(String hint) {
        return hint + ":" + counter++;
    }

    private String emit(String op, String hint, String[] inputs, Proto... attrs) {
        String out = fresh(hint);
        nodes.add(node(op, out, inputs, out, attrs));
        return out;
    }

    private String[] withBias(String x, String name) {
        return net.hasParameter(name + ".bias") ? new String[] {x, name + ".weight", name + ".bias"}
                : new String[] {x, name + ".weight"};
    }

    @Override
    public String conv(String x, String name, Conv c) {
        long[] k = net.parameterShape(name + ".weight").getShape();
        return emit("Conv", name, withBias(x, name), ints("kernel_shape", k[2], k[3]),
                ints("pads", c.padH(), c.padW(), c.padH(), c.padW()), ints("strides", c.strideH(), c.strideW()),
                ints("dilations", c.dilationH(), c.dilationW()), intAttr("group", c.groups()));
    }

    @Override
    public String convTranspose(String x, String name, int stride, int pad, int outputPad) {
        long[] k = net.parameterShape(name + ".weight").getShape();
        return emit("ConvTranspose", name, withBias(x, name), ints("kernel_shape", k[2], k[3]),
                ints("strides", stride, stride), ints("pads", pad, pad, pad, pad), ints("output_padding", outputPad, outputPad));
    }

    @Override
    public String batchNorm(String x, String name) {
        return emit("BatchNormalization", name, new String[] {x, name + ".gamma", name + ".beta", name + ".mean", name + ".var"},
                floatAttr("epsilon", Network.BN_EPS));
    }

    @Override
    public String relu(String x) {
        return emit("Relu", "relu", new String[] {x});
    }

    @Override
    public String sigmoid(String x) {
        return emit("Sigmoid", "sigmoid", new String[] {x});
    }

    @Override
    public String maxPool(String x, int k, int s) {
        return emit("MaxPool", "maxpool", new String[] {x}, ints("kernel_shape", k, k), ints("strides", s, s));
    }

    @Override
    public String avgPool(String x, int k, int s) {
        return emit("AveragePool", "avgpool", new String[] {x}, ints("kernel_shape", k, k), ints("strides", s, s));
    }

    @Override
    public String globalAvgPool(String x) {
        return emit("GlobalAveragePool", "gap", new String[] {x});
    }

    @Override
    public String resizeBilinear(String x, String like) {
        String nc = emit("Shape", "shape", new String[] {x}, intAttr("start", 0), intAttr("end", 2));
        String hw = emit("Shape", "shape", new String[] {like}, intAttr("start", 2), intAttr("end", 4));
        String sizes = emit("Concat", "sizes", new String[] {nc, hw}, intAttr("axis", 0));
        return emit("Resize", "resize", new String[] {x, "", "", sizes}, stringAttr("mode", "linear"),
                stringAttr("coordinate_transformation_mode", "half_pixel"));
    }

    private String scales(int scale) {
        String name = "const.scales" + scale;
        constants.putIfAbsent(name, new float[] {1, 1, scale, scale});
        return name;
    }

    @Override
    public String upsampleBilinear(String x, int scale) {
        return emit("Resize", "upsample", new String[] {x, "", scales(scale)}, stringAttr("mode", "linear"),
                stringAttr("coordinate_transformation_mode", "half_pixel"));
    }

    @Override
    public String upsampleNearest(String x, int scale) {
        return emit("Resize", "upsample", new String[] {x, "", scales(scale)}, stringAttr("mode", "nearest"),
                stringAttr("coordinate_transformation_mode", "asymmetric"), stringAttr("nearest_mode", "floor"));
    }

    @Override
    public String concat(List<String> xs) {
        return emit("Concat", "concat", xs.toArray(String[]::new), intAttr("axis", 1));
    }

    @Override
    public String add(String a, String b) {
        return emit("Add", "add", new String[] {a, b});
    }

    @Override
    public String mul(String a, String b) {
        return emit("Mul", "mul", new String[] {a, b});
    }

    @Override
    public String scale(String x, float s) {
        String name = "const.scale" + Float.floatToIntBits(s);
        constants.putIfAbsent(name, new float[] {s});
        return emit("Mul", "scale", new String[] {x, name});
    }

    @Override
    public String equal(String a, String b) {
        String e = emit("Equal", "equal", new String[] {a, b});
        return emit("Cast", "mask", new String[] {e}, intAttr("to", 1)); // FLOAT
    }
}
