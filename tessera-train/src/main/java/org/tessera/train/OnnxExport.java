package org.tessera.train;

import ai.djl.ndarray.types.Shape;
import org.tessera.core.io.AtomicFiles;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Exports a {@link Network} in inference mode (BN with running statistics) as an ONNX model (IR version 8, opset 17),
 * written with a small hand-written protobuf encoder (DJL cannot export ONNX). The nodes are recorded from the
 * network's own forward pass ({@link Network#graph}) by {@link OnnxOps}; operators used: Conv, ConvTranspose,
 * BatchNormalization, Relu, Sigmoid, MaxPool, AveragePool, GlobalAveragePool, Resize (linear / half_pixel and
 * nearest / asymmetric / floor), Shape, Concat, Add, Mul, Equal, Cast, Identity. Graph input {@code "input"} float32
 * {@code (N, C, H, W)} with symbolic N, H, W (H and W must be multiples of {@link Network#sizeMultiple()}); one output
 * per {@link Network#outputNames()} entry (default {@code "logits"}), float32 {@code (N, channels, H, W)}. Weights
 * are stored as initializers (raw little-endian float32) named as the network's parameters.
 */
public final class OnnxExport {
    static final long IR_VERSION = 8, OPSET = 17;

    private OnnxExport() {
    }

    /** Writes the model to {@code file} atomically. */
    public static void write(Network net, Path file) throws IOException {
        AtomicFiles.write(file, toBytes(net));
    }

    /** The serialised ModelProto. */
    public static byte[] toBytes(Network net) {
        OnnxOps ops = new OnnxOps(net);
        List<String> outs = net.graph(ops, "input");
        List<String> names = net.outputNames();
        int[] channels = net.outputChannels();
        if (outs.size() != names.size() || channels.length != names.size()) {
            throw new IllegalStateException(net.describe() + ": " + outs.size() + " outputs, " + names.size() + " names, "
                    + channels.length + " channel counts");
        }
        Proto graph = new Proto();
        for (Proto n : ops.nodes) graph.message(1, n);
        for (int i = 0; i < outs.size(); i++) {
            graph.message(1, node("Identity", names.get(i), new String[] {outs.get(i)}, names.get(i)));
        }
        graph.string(2, "tessera_" + net.getClass().getSimpleName().toLowerCase(Locale.ROOT));
        for (String name : net.parameterNames()) {
            graph.message(5, tensor(name, net.parameterShape(name), net.parameter(name).getArray().toFloatArray()));
        }
        for (var c : ops.constants.entrySet()) {
            graph.message(5, tensor(c.getKey(), new Shape(c.getValue().length), c.getValue()));
        }
        graph.message(11, valueInfo("input", new Object[] {"N", (long) net.inChannels(), "H", "W"}));
        for (int i = 0; i < names.size(); i++) {
            graph.message(12, valueInfo(names.get(i), new Object[] {"N", (long) channels[i], "H", "W"}));
        }
        Proto opset = new Proto().string(1, "").varint(2, OPSET);
        Proto model = new Proto().varint(1, IR_VERSION).string(2, "tessera").string(3, "0.1.0")
                .message(7, graph).message(8, opset);
        return model.bytes();
    }

    static Proto node(String op, String name, String[] inputs, String output, Proto... attrs) {
        Proto n = new Proto();
        for (String i : inputs) n.string(1, i);
        n.string(2, output).string(3, name).string(4, op);
        for (Proto a : attrs) n.message(5, a);
        return n;
    }

    static Proto ints(String name, long... v) {
        Proto a = new Proto().string(1, name);
        for (long x : v) a.varint(8, x);
        return a.varint(20, 7); // INTS
    }

    static Proto intAttr(String name, long v) {
        return new Proto().string(1, name).varint(3, v).varint(20, 2); // INT
    }

    static Proto floatAttr(String name, float v) {
        return new Proto().string(1, name).fixed32(2, Float.floatToIntBits(v)).varint(20, 1); // FLOAT
    }

    static Proto stringAttr(String name, String v) {
        return new Proto().string(1, name).string(4, v).varint(20, 3); // STRING
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
