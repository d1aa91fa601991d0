package org.tessera.train;

import ai.djl.ndarray.types.Shape;
import org.tessera.core.io.AtomicFiles;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Exports a {@link UNet} in inference mode (BN with running statistics) as an ONNX model (IR version 8, opset 17),
 * written with a small hand-written protobuf encoder (DJL cannot export ONNX). Operators: Conv, BatchNormalization,
 * Relu, MaxPool, ConvTranspose, Concat. Graph input {@code "input"} float32 {@code (N, C, H, W)} with symbolic N, H, W
 * (H and W must be multiples of {@code 2^depth}); output {@code "logits"} float32 {@code (N, classes, H, W)}. Weights
 * are stored as initializers (raw little-endian float32) named as the U-Net parameters.
 */
public final class OnnxExport {
    static final long IR_VERSION = 8, OPSET = 17;

    private OnnxExport() {
    }

    /** Writes the model to {@code file} atomically. */
    public static void write(UNet net, Path file) throws IOException {
        AtomicFiles.write(file, toBytes(net));
    }

    /** The serialised ModelProto. */
    public static byte[] toBytes(UNet net) {
        UNet.Spec spec = net.spec();
        Proto graph = new Proto();
        int[] counter = {0};
        // --- nodes, following UNet.forward
        String h = "input";
        String[] skips = new String[spec.depth()];
        for (int st = 0; st <= spec.depth(); st++) {
            if (st > 0) {
                String o = "enc" + st + ".pool";
                graph.message(1, node("MaxPool", o, new String[] {h}, o,
                        ints("kernel_shape", 2, 2), ints("strides", 2, 2)));
                h = o;
            }
            h = doubleConv(graph, net, "enc" + st, h);
            if (st < spec.depth()) skips[st] = h;
        }
        for (int st = spec.depth() - 1; st >= 0; st--) {
            String up = "up" + st;
            graph.message(1, node("ConvTranspose", up, new String[] {h, up + ".weight", up + ".bias"}, up + ".out",
                    ints("kernel_shape", 2, 2), ints("strides", 2, 2)));
            String cat = "dec" + st + ".concat";
            graph.message(1, node("Concat", cat, new String[] {skips[st], up + ".out"}, cat, intAttr("axis", 1)));
            h = doubleConv(graph, net, "dec" + st, cat);
        }
        graph.message(1, node("Conv", "head", new String[] {h, "head.weight", "head.bias"}, "logits",
                ints("kernel_shape", 1, 1)));
        graph.string(2, "tessera_unet");
        // --- initializers
        for (String name : net.parameterNames()) {
            graph.message(5, tensor(name, net.parameterShape(name), net.parameter(name).getArray().toFloatArray()));
        }
        graph.message(11, valueInfo("input", new Object[] {"N", (long) spec.inChannels(), "H", "W"}));
        graph.message(12, valueInfo("logits", new Object[] {"N", (long) spec.numClasses(), "H", "W"}));
        Proto opset = new Proto().string(1, "").varint(2, OPSET);
        Proto model = new Proto().varint(1, IR_VERSION).string(2, "tessera").string(3, "0.1.0")
                .message(7, graph).message(8, opset);
        return model.bytes();
    }

    private static String doubleConv(Proto g, UNet net, String prefix, String in) {
        String h = convBnRelu(g, net, prefix + ".conv1", in);
        return convBnRelu(g, net, prefix + ".conv2", h);
    }

    private static String convBnRelu(Proto g, UNet net, String name, String in) {
        boolean bn = net.spec().batchNorm();
        String[] inputs = bn ? new String[] {in, name + ".weight"} : new String[] {in, name + ".weight", name + ".bias"};
        g.message(1, node("Conv", name, inputs, name + ".conv", ints("kernel_shape", 3, 3), ints("pads", 1, 1, 1, 1),
                ints("strides", 1, 1)));
        String h = name + ".conv";
        if (bn) {
            g.message(1, node("BatchNormalization", name + ".bn", new String[] {h, name + ".bn.gamma", name + ".bn.beta",
                    name + ".bn.mean", name + ".bn.var"}, name + ".bn", floatAttr("epsilon", UNet.BN_EPS)));
            h = name + ".bn";
        }
        g.message(1, node("Relu", name + ".relu", new String[] {h}, name + ".relu"));
        return name + ".relu";
    }

    private static Proto node(String op, String name, String[] inputs, String output, Proto... attrs) {
        Proto n = new Proto();
        for (String i : inputs) n.string(1, i);
        n.string(2, output).string(3, name).string(4, op);
        for (Proto a : attrs) n.message(5, a);
        return n;
    }

    private static Proto ints(String name, long... v) {
        Proto a = new Proto().string(1, name);
        for (long x : v) a.varint(8, x);
        return a.varint(20, 7); // INTS
    }

    private static Proto intAttr(String name, long v) {
        return new Proto().string(1, name).varint(3, v).varint(20, 2); // INT
    }

    private static Proto floatAttr(String name, float v) {
        return new Proto().string(1, name).fixed32(2, Float.floatToIntBits(v)).varint(20, 1); // FLOAT
    }

    private static Proto tensor(String name, Shape shape, float[] values) {
        Proto t = new Proto();
        for (long d : shape.getShape()) t.varint(1, d);
        t.varint(2, 1); // FLOAT
        t.string(8, name);
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return t.bytes(9, b.array());
    }

    private static Proto valueInfo(String name, Object[] dims) {
        Proto shape = new Proto();
        for (Object d : dims) {
            Proto dim = d instanceof Long l ? new Proto().varint(1, l) : new Proto().string(2, (String) d);
            shape.message(1, dim);
        }
        Proto tensorType = new Proto().varint(1, 1).message(2, shape);
        Proto type = new Proto().message(1, tensorType);
        return new Proto().string(1, name).message(2, type);
    }

    /** A protobuf message being encoded (wire format: varint keys, length-delimited strings/messages). */
    static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proto varint(int field, long v) {
            key(field, 0);
            raw(v);
            return this;
        }

        Proto fixed32(int field, int v) {
            key(field, 5);
            for (int i = 0; i < 4; i++) out.write((v >>> (8 * i)) & 0xFF);
            return this;
        }

        Proto string(int field, String s) {
            return bytes(field, s.getBytes(StandardCharsets.UTF_8));
        }

        Proto bytes(int field, byte[] b) {
            key(field, 2);
            raw(b.length);
            out.writeBytes(b);
            return this;
        }

        Proto message(int field, Proto m) {
            return bytes(field, m.bytes());
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private void key(int field, int wire) {
            raw(((long) field << 3) | wire);
        }

        private void raw(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }
    }
}
