package org.tessera.infer;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal hand-written ONNX (protobuf wire format) encoder for test graphs made of Constant nodes: just the
 * ModelProto / GraphProto / NodeProto / TensorProto / ValueInfoProto fields these graphs need.
 */
final class OnnxWriter {
    private final List<byte[]> nodes = new ArrayList<>();
    private final List<byte[]> inputs = new ArrayList<>();
    private final List<byte[]> outputs = new ArrayList<>();
    private final List<byte[]> initializers = new ArrayList<>();
    static final int FLOAT = 1, INT64 = 7;

    /** A graph input of this element type and shape (-1 = a symbolic dimension). */
    OnnxWriter input(String name, int elemType, long... dims) {
        inputs.add(valueInfo(name, elemType, dims));
        return this;
    }

    /** A float initializer that is also listed as a graph input (as old exporters did, e.g. SINet's 235 inputs). */
    OnnxWriter initializerInput(String name, float[] data, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : data) b.putFloat(f);
        Msg tensor = new Msg();
        for (long d : dims) tensor.varint(1, d);
        tensor.varint(2, FLOAT).string(8, name).bytes(9, b.array());
        initializers.add(tensor.toBytes());
        inputs.add(valueInfo(name, FLOAT, dims));
        return this;
    }

    /** A node {@code op(input) -> output} whose output is a graph output of this type and shape. */
    OnnxWriter node(String op, String input, String output, int elemType, long... dims) {
        nodes.add(new Msg().string(1, input).string(2, output).string(3, op + "_" + output).string(4, op).toBytes());
        outputs.add(valueInfo(output, elemType, dims));
        return this;
    }

    /** A constant float output. */
    OnnxWriter constant(String name, float[] data, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : data) b.putFloat(f);
        return constant(name, FLOAT, b.array(), dims);
    }

    /** A constant int64 output. */
    OnnxWriter constant(String name, long[] data, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(data.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : data) b.putLong(v);
        return constant(name, INT64, b.array(), dims);
    }

    private OnnxWriter constant(String name, int type, byte[] raw, long[] dims) {
        Msg tensor = new Msg();
        for (long d : dims) tensor.varint(1, d);
        tensor.varint(2, type).bytes(9, raw);
        Msg attr = new Msg().string(1, "value").msg(5, tensor).varint(20, 4); // AttributeType TENSOR
        nodes.add(new Msg().string(2, name).string(3, "const_" + name).string(4, "Constant").msg(5, attr).toBytes());
        outputs.add(valueInfo(name, type, dims));
        return this;
    }

    private static byte[] valueInfo(String name, int elemType, long[] dims) {
        Msg shape = new Msg();
        int k = 0;
        for (long d : dims) {
            Msg dim = d >= 0 ? new Msg().varint(1, d) : new Msg().string(2, "d" + k);
            shape.msg(1, dim);
            k++;
        }
        Msg tensorType = new Msg().varint(1, elemType).msg(2, shape);
        Msg type = new Msg().msg(1, tensorType);
        return new Msg().string(1, name).msg(2, type).toBytes();
    }

    byte[] toBytes() {
        Msg graph = new Msg();
        for (byte[] n : nodes) graph.bytes(1, n);
        graph.string(2, "test");
        for (byte[] t : initializers) graph.bytes(5, t);
        for (byte[] i : inputs) graph.bytes(11, i);
        for (byte[] o : outputs) graph.bytes(12, o);
        Msg opset = new Msg().string(1, "").varint(2, 13);
        return new Msg().varint(1, 7).string(2, "tessera-test").msg(7, graph).msg(8, opset).toBytes();
    }

    /** A protobuf message under construction. */
    static final class Msg {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Msg varint(int field, long v) {
            tag(field, 0);
            raw(v);
            return this;
        }

        Msg string(int field, String s) {
            return bytes(field, s.getBytes(StandardCharsets.UTF_8));
        }

        Msg msg(int field, Msg m) {
            return bytes(field, m.toBytes());
        }

        Msg bytes(int field, byte[] b) {
            tag(field, 2);
            raw(b.length);
            out.writeBytes(b);
            return this;
        }

        private void tag(int field, int wire) {
            raw(((long) field << 3) | wire);
        }

        private void raw(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }

        byte[] toBytes() {
            return out.toByteArray();
        }
    }
}
