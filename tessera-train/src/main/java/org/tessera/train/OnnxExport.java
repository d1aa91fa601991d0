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

    /**
     * Writes a servable model: the ONNX graph to {@code file} and, beside it, the sidecar JSON that tessera-infer's
     * {@code ModelSpec} reads ({@code model.onnx} → {@code model.json}), so that {@code tessera predict --model file}
     * and {@code Segmenter} run it with no other description. The sidecar states the preprocessing of
     * {@link SegmentationTrainer#predict}: RGB, {@code v / 255} (no mean / std), NCHW, resized (stretched) to the
     * training scale {@link TrainConfig#resizeWidth()} x {@link TrainConfig#resizeHeight()}, padded with zeros on the
     * right and bottom to multiples of {@link Network#sizeMultiple()} ({@code "pad_to_multiple"}); one semantic head
     * of softmax logits named by {@code classes}. Both files are written atomically, the sidecar first, so a
     * {@code model.onnx} present always has its description.
     *
     * @param classes class names by label (size {@link TrainConfig#numClasses()}; see {@link #classNames})
     * @return the sidecar's path
     * @throws IllegalArgumentException when the network is not a one-output semantic network or the names do not fit
     */
    public static Path writeServable(Network net, TrainConfig cfg, List<String> classes, Path file) throws IOException {
        AtomicFiles.writeString(sidecarPath(file), sidecar(net, cfg, classes, idOf(file)));
        write(net, file);
        return sidecarPath(file);
    }

    /**
     * Writes a servable bottom-up model (tessera-infer family {@code bottom-up}): the ONNX graph of
     * {@link BottomUpNet} (outputs {@code semantic}, {@code center}, {@code offset}) to {@code file} and its sidecar
     * beside it, both atomically, sidecar first. The sidecar states the preprocessing of
     * {@link BottomUpTrainer#infer}: RGB {@code v / 255} NCHW at the image's own resolution (no width / height, no
     * resize), padded with zeros on the right and bottom to multiples of {@code 2^depth}; task {@code instance};
     * class names and {@code category_ids} = the class indices (as {@code BottomUpTrainer}'s instances); and the
     * grouping of {@link BottomUpConfig}: centre threshold, NMS window, top-k, minimum area, thing and stuff classes,
     * minimum stuff area. So {@code Segmenter} / {@code tessera predict} give the instances and panoptic map of
     * {@link BottomUpTrainer#predict} / {@link BottomUpTrainer#predictPanoptic}.
     *
     * @param classes class names by label (size {@link TrainConfig#numClasses()}; see {@link #classNames})
     * @return the sidecar's path
     * @throws IllegalArgumentException when the names do not fit the classes
     */
    public static Path writeServable(BottomUpNet net, BottomUpConfig cfg, List<String> classes, Path file) throws IOException {
        AtomicFiles.writeString(sidecarPath(file), sidecar(net, cfg, classes, idOf(file)));
        write(net, file);
        return sidecarPath(file);
    }

    /** The sidecar JSON text (tessera-infer's {@code ModelSpec}, family {@code bottom-up}) of a bottom-up network. */
    public static String sidecar(BottomUpNet net, BottomUpConfig cfg, List<String> classes, String id) {
        int c = cfg.base().numClasses();
        if (classes.size() != c || net.outputChannels()[0] != c) {
            throw new IllegalArgumentException(classes.size() + " class names for a bottom-up model of " + c + " classes ("
                    + net.outputChannels()[0] + " semantic channels)");
        }
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var root = json.createObjectNode();
        root.put("id", id);
        root.put("task", "instance");
        root.put("family", "bottom-up");
        root.put("description", "tessera-train " + net.describe() + ", native resolution");
        inputNode(root, net);
        var cl = root.putArray("classes");
        for (String n : classes) cl.add(n);
        var ids = root.putArray("category_ids");
        for (int i = 0; i < c; i++) ids.add(i);
        var outs = root.putObject("outputs");
        for (String n : net.outputNames()) outs.put(n, n);
        var g = root.putObject("grouping");
        g.put("center_threshold", cfg.grouping().centerThreshold());
        g.put("nms_kernel", cfg.grouping().nmsKernel());
        g.put("top_k", cfg.grouping().topK());
        g.put("min_area", cfg.grouping().minArea());
        var things = g.putArray("thing_classes");
        for (int t : cfg.thingClasses()) things.add(t);
        var stuff = g.putArray("stuff_classes");
        for (int t : cfg.stuffClasses()) stuff.add(t);
        g.put("min_stuff_area", cfg.minStuffArea());
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The sidecar beside a model file: the name with {@code .onnx} replaced by {@code .json} (else {@code .json} appended). */
    public static Path sidecarPath(Path model) {
        String n = model.getFileName().toString();
        String stem = n.toLowerCase(Locale.ROOT).endsWith(".onnx") ? n.substring(0, n.length() - 5) : n;
        return model.resolveSibling(stem + ".json");
    }

    /** A model id for messages: the run folder's name for {@code RUN/model.onnx}, else the file stem. */
    private static String idOf(Path model) {
        String n = model.getFileName().toString();
        String stem = n.toLowerCase(Locale.ROOT).endsWith(".onnx") ? n.substring(0, n.length() - 5) : n;
        Path parent = model.toAbsolutePath().getParent();
        return stem.equals("model") && parent != null && parent.getFileName() != null ? parent.getFileName().toString() : stem;
    }

    /**
     * Class names for {@code numClasses} labels from (id, name) pairs of a data set's categories: label {@code i}
     * takes the name of category id {@code i}, else {@code class_i}; the ignore id is skipped.
     */
    public static List<String> classNames(int numClasses, java.util.Map<Integer, String> categories, int ignoreIndex) {
        java.util.ArrayList<String> names = new java.util.ArrayList<>(numClasses);
        for (int i = 0; i < numClasses; i++) {
            String n = i == ignoreIndex ? null : categories.get(i);
            names.add(n == null || n.isBlank() ? "class_" + i : n);
        }
        return names;
    }

    /** The sidecar JSON text (tessera-infer's {@code ModelSpec} format) for a trained semantic network. */
    public static String sidecar(Network net, TrainConfig cfg, List<String> classes, String id) {
        List<String> outs = net.outputNames();
        int[] channels = net.outputChannels();
        if (outs.size() != 1) {
            throw new IllegalArgumentException(net.describe() + ": " + outs.size() + " outputs " + outs
                    + "; a servable semantic model has one logits output (bottom-up networks: writeServable(BottomUpNet, BottomUpConfig, ...))");
        }
        if (classes.size() != channels[0]) {
            throw new IllegalArgumentException(classes.size() + " class names for " + channels[0] + " output channels");
        }
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var root = json.createObjectNode();
        root.put("id", id);
        root.put("task", "semantic");
        root.put("family", "semantic-logits");
        root.put("description", "tessera-train " + net.describe() + ", " + cfg.resizeWidth() + "x" + cfg.resizeHeight());
        var in = inputNode(root, net);
        in.put("width", cfg.resizeWidth());
        in.put("height", cfg.resizeHeight());
        in.put("resize", "stretch");
        var head = root.putArray("heads").addObject();
        head.put("name", outs.get(0));
        head.put("output", outs.get(0));
        var cl = head.putArray("classes");
        for (String c : classes) cl.add(c);
        head.put("activation", "softmax");
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
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

    /**
     * The sidecar's {@code input} object of a Tessera-trained network: tensor {@code input}, NCHW, RGB / 255 (mean 0,
     * std 1), padded right / bottom with 0 to the network's size multiple. Semantic models add their fixed size.
     */
    private static com.fasterxml.jackson.databind.node.ObjectNode inputNode(com.fasterxml.jackson.databind.node.ObjectNode root,
                                                                            Network net) {
        var in = root.putObject("input");
        in.put("name", "input");
        in.put("layout", "NCHW");
        in.put("pad_value", 0);
        in.put("pad_to_multiple", net.sizeMultiple());
        in.put("channel_order", "RGB");
        in.put("scale", 1.0 / 255.0);
        in.putArray("mean").add(0).add(0).add(0);
        in.putArray("std").add(1).add(1).add(1);
        return in;
    }
}
