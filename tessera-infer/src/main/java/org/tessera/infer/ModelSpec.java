package org.tessera.infer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How to feed a model and read its outputs: the content of a model's JSON sidecar ({@code model.onnx} +
 * {@code model.json}), or what Ultralytics' ONNX metadata says ({@link UltralyticsMetadata}).
 *
 * <p>Sidecar format (all keys snake_case; unknown keys are an error so that typos do not pass silently):
 * <pre>{@code
 * {
 *   "id": "twinlitenet-bdd100k-640",            // optional, used in messages
 *   "task": "semantic",                         // instance | semantic | foreground
 *   "family": "semantic-logits",                // yolo-seg | semantic-logits | foreground | maskrcnn-torchvision | bottom-up
 *   "input": {
 *     "name": "images",                         // optional when the model has one input
 *     "layout": "NCHW",                         // NCHW | NHWC
 *     "width": 640, "height": 360,              // optional when the model's input is static
 *     "resize": "stretch",                      // letterbox (keep aspect, centre, pad) | stretch
 *     "pad_value": 114,                         // letterbox padding, 0..255
 *     "channel_order": "RGB",                   // RGB | BGR
 *     "scale": 0.00392156862745098,             // tensor = (pixel * scale - mean) / std, per channel
 *     "mean": [0, 0, 0], "std": [1, 1, 1],
 *     "pad_to_multiple": 16                     // optional: pad right/bottom with pad_value up to multiples of 16
 *   },
 *   "classes": ["person", "bicycle"],          // instance models: class names by class index
 *   "category_ids": [1, 2],                     // optional: category id per class (default: COCO ids when the 80
 *                                               // names are COCO's, else the class index)
 *   "outputs": {"detections": "output0", "prototypes": "output1"},   // named roles of outputs (family specific)
 *   "heads": [                                  // semantic and foreground models
 *     {"name": "da", "output": "da", "classes": ["background", "drivable"], "activation": "softmax"}
 *   ],
 *   "objectness": false,                        // yolo-seg: rows carry an objectness score (YOLOv5/v7); omit to detect
 *   "grouping": {                               // bottom-up only (see Grouping): centre NMS and panoptic merge
 *     "center_threshold": 0.1, "nms_kernel": 7, "top_k": 200, "min_area": 0,
 *     "thing_classes": [1], "stuff_classes": [], "min_stuff_area": 0
 *   }
 * }
 * }</pre>
 *
 * @param id      a name for messages (file stem when absent)
 * @param classes class names by index (may be empty: classes are then reported by index)
 * @param categoryIds instance models: the category id of each class index (e.g. COCO's 1..90), or empty
 * @param outputs output role to graph output name
 * @param heads   the semantic or foreground heads, in order
 * @param objectness null = detect from the shapes
 * @param grouping bottom-up models: the post-processing ({@link Grouping}); null for the other families
 */
public record ModelSpec(String id, Task task, Family family, InputSpec input, List<String> classes,
                        List<Integer> categoryIds, Map<String, String> outputs, List<Head> heads, Boolean objectness,
                        Grouping grouping) {

    public ModelSpec {
        classes = List.copyOf(classes);
        categoryIds = List.copyOf(categoryIds);
        if (!categoryIds.isEmpty() && !classes.isEmpty() && categoryIds.size() != classes.size()) {
            throw new IllegalArgumentException(categoryIds.size() + " category ids for " + classes.size() + " classes");
        }
        outputs = Map.copyOf(outputs);
        heads = List.copyOf(heads);
        if (family == Family.BOTTOM_UP) {
            if (grouping == null) throw new IllegalArgumentException("family bottom-up needs a 'grouping' object (at least its 'thing_classes')");
            if (task != Task.INSTANCE) {
                throw new IllegalArgumentException("family bottom-up predicts instances (with a semantic and a panoptic map): task must be 'instance', not '"
                        + task.name().toLowerCase(Locale.ROOT) + "'");
            }
            if (!classes.isEmpty()) grouping.checkClasses(classes.size());
        } else if (grouping != null) {
            throw new IllegalArgumentException("'grouping' is only read by family bottom-up, not " + family.key());
        }
    }

    /** A description without grouping (every family but {@link Family#BOTTOM_UP}). */
    public ModelSpec(String id, Task task, Family family, InputSpec input, List<String> classes,
                     List<Integer> categoryIds, Map<String, String> outputs, List<Head> heads, Boolean objectness) {
        this(id, task, family, input, classes, categoryIds, outputs, heads, objectness, null);
    }

    /** Model families: how outputs are decoded. */
    public enum Family {
        /** Ultralytics YOLOv5/v8/11 and YOLOv7 segmentation: detections + mask coefficients, prototypes. */
        YOLO_SEG("yolo-seg"),
        /** Per-class logits (or an ArgMax label output) per head: DeepLab, FCN, SegFormer, U-Net, TwinLiteNet. */
        SEMANTIC_LOGITS("semantic-logits"),
        /** One sigmoid channel or two softmax channels: person / salient-object / matting models. */
        FOREGROUND("foreground"),
        /** torchvision Mask R-CNN export: boxes, labels, scores, masks [N,1,M,M]. */
        MASK_RCNN("maskrcnn-torchvision"),
        /**
         * Bottom-up instance / panoptic model in the style of Panoptic-DeepLab (tessera-train's {@code BottomUpNet}):
         * outputs {@code semantic} logits [B, C, H, W], {@code center} heat map [B, 1, H, W] and {@code offset}
         * [B, 2, H, W] (dy, dx in input pixels) at the input's resolution, grouped by core's
         * {@link org.tessera.core.instances.CenterGrouping} with the sidecar's {@link Grouping}.
         */
        BOTTOM_UP("bottom-up");

        private final String key;

        Family(String key) {
            this.key = key;
        }

        /** The sidecar spelling. */
        public String key() {
            return key;
        }

        public static Family parse(String s) {
            String k = s.trim().toLowerCase(Locale.ROOT);
            for (Family f : values()) if (f.key.equals(k)) return f;
            if (k.startsWith("foreground")) return FOREGROUND;
            if (k.equals("maskrcnn") || k.equals("mask-rcnn")) return MASK_RCNN;
            if (k.equals("bottomup") || k.equals("panoptic-deeplab")) return BOTTOM_UP;
            throw new IllegalArgumentException("unknown family '" + s
                    + "' (expected yolo-seg, semantic-logits, foreground, maskrcnn-torchvision or bottom-up)");
        }
    }

    /** Tensor memory layout of the image input. */
    public enum Layout { NCHW, NHWC }

    /** How an image is brought to the input size. */
    public enum ResizeMode {
        /** Keep the aspect ratio, scale to fit, centre, pad with {@code pad_value} (Ultralytics LetterBox). */
        LETTERBOX,
        /** Scale each axis independently to the input size. */
        STRETCH
    }

    /** Channel order expected by the model. */
    public enum ChannelOrder { RGB, BGR }

    /** What a head's channels hold. */
    public enum Activation {
        /** Unnormalised class scores: argmax, probabilities by softmax (1 channel: sigmoid). */
        SOFTMAX,
        /** Independent logits: probability = sigmoid. */
        SIGMOID,
        /** Already probabilities. */
        NONE,
        /** The graph ends in ArgMax: an integer label map (int64 or int32). */
        ARGMAX;

        public static Activation parse(String s) {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        }
    }

    /**
     * The image input.
     *
     * @param name   graph input name, or null for the model's only image input
     * @param width  input width in pixels, 0 = from the model (or the builder's {@code inputSize})
     * @param height input height in pixels, 0 = from the model
     * @param padMultiple the tensor is padded on the right and bottom with {@code padValue} up to multiples of this
     *               (sidecar {@code "pad_to_multiple"}, default 1 = no padding): the image is resized (per
     *               {@code resize}) to {@code width x height}, which need not be multiples, and fed as
     *               {@code padded(width) x padded(height)} — the convention of fully convolutional encoder-decoders
     *               trained by tessera-train ({@code SegmentationTrainer.predict})
     */
    public record InputSpec(String name, Layout layout, int width, int height, ResizeMode resize, int padValue,
                            ChannelOrder channelOrder, float scale, float[] mean, float[] std, int padMultiple) {
        public InputSpec {
            if (padMultiple < 0) throw new IllegalArgumentException("input 'pad_to_multiple' must be positive, got " + padMultiple);
            if (padMultiple == 0) padMultiple = 1;
        }

        /** An input without padding to a multiple ({@code padMultiple} 1). */
        public InputSpec(String name, Layout layout, int width, int height, ResizeMode resize, int padValue,
                         ChannelOrder channelOrder, float scale, float[] mean, float[] std) {
            this(name, layout, width, height, resize, padValue, channelOrder, scale, mean, std, 1);
        }

        /** RGB, /255, no mean/std, NCHW, letterbox with 114 (Ultralytics' preprocessing). */
        public static InputSpec ultralytics(String name, int width, int height) {
            return new InputSpec(name, Layout.NCHW, width, height, ResizeMode.LETTERBOX, 114, ChannelOrder.RGB,
                    1f / 255f, new float[] {0, 0, 0}, new float[] {1, 1, 1});
        }

        /** {@code n} rounded up to a multiple of {@link #padMultiple()}: the tensor extent for a content extent. */
        public int padded(int n) {
            return (n + padMultiple - 1) / padMultiple * padMultiple;
        }

        InputSpec withSize(int w, int h) {
            return new InputSpec(name, layout, w, h, resize, padValue, channelOrder, scale, mean, std, padMultiple);
        }

        InputSpec withName(String n) {
            return new InputSpec(n, layout, width, height, resize, padValue, channelOrder, scale, mean, std, padMultiple);
        }
    }

    /**
     * One output head of a semantic or foreground model.
     *
     * @param name              the head's name in predictions
     * @param output            graph output name
     * @param classes           class names by channel (may be empty)
     * @param activation        what the channels hold
     * @param foregroundChannel foreground models with 2 channels: the channel that is foreground (default 1)
     * @param multiLabel        semantic heads whose channels are independent (sidecar {@code "multi_label": true}, e.g.
     *                          skin / clothes / hair through one sigmoid each): label 0 where no channel's probability
     *                          is above the mask threshold, else 1 + the most probable channel; {@code classes} name
     *                          the channels (label k + 1 is {@code classes[k]})
     */
    public record Head(String name, String output, List<String> classes, Activation activation, int foregroundChannel,
                       boolean multiLabel) {
        public Head {
            classes = List.copyOf(classes);
        }

        /** A head whose channels compete (not multi-label). */
        public Head(String name, String output, List<String> classes, Activation activation, int foregroundChannel) {
            this(name, output, classes, activation, foregroundChannel, false);
        }
    }

    /**
     * Post-processing of a {@link Family#BOTTOM_UP} model (sidecar object {@code "grouping"}, keys in parentheses),
     * as core's {@link org.tessera.core.instances.CenterGrouping}: centres are heat-map pixels of at least
     * {@code centerThreshold} that are the maximum of their {@code nmsKernel} window, the {@code topK} highest kept;
     * every pixel whose arg-max class is a thing class joins the centre nearest to pixel + offset; instances of fewer
     * than {@code minArea} pixels are dropped. The panoptic map takes the instances, then each stuff class's remaining
     * pixels (segments of fewer than {@code minStuffArea} pixels dropped); classes in neither list are VOID (0).
     *
     * @param centerThreshold minimum centre heat ({@code center_threshold}, default 0.1 as the paper)
     * @param nmsKernel       odd NMS window side in pixels ({@code nms_kernel}, default 7)
     * @param topK            most centres kept, 1..65535 ({@code top_k}, default 200)
     * @param minArea         smallest instance in pixels of the network's grid ({@code min_area}, default 0)
     * @param thingClasses    class indices with instances ({@code thing_classes}, required, at least one)
     * @param stuffClasses    class indices that form stuff segments ({@code stuff_classes}, default none)
     * @param minStuffArea    smallest stuff segment in pixels ({@code min_stuff_area}, default 0)
     */
    public record Grouping(double centerThreshold, int nmsKernel, int topK, int minArea, int[] thingClasses,
                           int[] stuffClasses, long minStuffArea) {
        public Grouping {
            if (!(centerThreshold >= 0) || !Double.isFinite(centerThreshold)) {
                throw new IllegalArgumentException("grouping 'center_threshold' must be a number >= 0, got " + centerThreshold);
            }
            if (nmsKernel < 1 || nmsKernel % 2 == 0) throw new IllegalArgumentException("grouping 'nms_kernel' must be a positive odd number, got " + nmsKernel);
            if (topK < 1 || topK > 65535) throw new IllegalArgumentException("grouping 'top_k' must be 1..65535, got " + topK);
            if (minArea < 0) throw new IllegalArgumentException("grouping 'min_area' must be >= 0, got " + minArea);
            if (minStuffArea < 0) throw new IllegalArgumentException("grouping 'min_stuff_area' must be >= 0, got " + minStuffArea);
            if (thingClasses == null || thingClasses.length == 0) throw new IllegalArgumentException("grouping 'thing_classes' must list at least one class index");
            thingClasses = thingClasses.clone();
            stuffClasses = stuffClasses == null ? new int[0] : stuffClasses.clone();
            java.util.Set<Integer> seen = new java.util.HashSet<>();
            for (int[] list : new int[][] {thingClasses, stuffClasses}) {
                for (int c : list) {
                    if (c < 0 || c > 65534) throw new IllegalArgumentException("grouping: class index " + c + " is not 0..65534");
                    if (!seen.add(c)) throw new IllegalArgumentException("grouping: class " + c + " is listed twice among 'thing_classes' / 'stuff_classes'");
                }
            }
        }

        @Override
        public int[] thingClasses() {
            return thingClasses.clone();
        }

        @Override
        public int[] stuffClasses() {
            return stuffClasses.clone();
        }

        /** The centre / grouping parameters as core's options. */
        public org.tessera.core.instances.CenterGrouping.Options options() {
            return new org.tessera.core.instances.CenterGrouping.Options(centerThreshold, nmsKernel, topK, minArea);
        }

        /** Per class of a model with {@code numClasses} classes: is it a thing class. */
        public boolean[] isThing(int numClasses) {
            checkClasses(numClasses);
            boolean[] t = new boolean[numClasses];
            for (int c : thingClasses) t[c] = true;
            return t;
        }

        /** Per class: is it a stuff class. */
        public boolean[] isStuff(int numClasses) {
            checkClasses(numClasses);
            boolean[] t = new boolean[numClasses];
            for (int c : stuffClasses) t[c] = true;
            return t;
        }

        /** Fails when a listed class is not below {@code numClasses}. */
        void checkClasses(int numClasses) {
            for (int[] list : new int[][] {thingClasses, stuffClasses}) {
                for (int c : list) {
                    if (c >= numClasses) {
                        throw new IllegalArgumentException("grouping: class " + c + " is not one of the model's " + numClasses + " classes (0.." + (numClasses - 1) + ")");
                    }
                }
            }
        }
    }

    /** The output name for a role ({@code detections}, {@code prototypes}, {@code boxes}, ...), or {@code fallback}. */
    public String output(String role, String fallback) {
        return outputs.getOrDefault(role, fallback);
    }

    ModelSpec withInput(InputSpec in) {
        return new ModelSpec(id, task, family, in, classes, categoryIds, outputs, heads, objectness, grouping);
    }

    ModelSpec withHeads(List<Head> h) {
        return new ModelSpec(id, task, family, input, classes, categoryIds, outputs, h, objectness, grouping);
    }

    ModelSpec withId(String newId) {
        return new ModelSpec(newId, task, family, input, classes, categoryIds, outputs, heads, objectness, grouping);
    }

    ModelSpec withClasses(List<String> names) {
        return new ModelSpec(id, task, family, input, names, categoryIds, outputs, heads, objectness, grouping);
    }

    // ------------------------------------------------------------------ reading

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TOP = Set.of("id", "task", "family", "input", "classes", "category_ids", "outputs", "heads",
            "objectness", "description", "source", "license", "sha256", "grouping");
    private static final Set<String> INPUT = Set.of("name", "layout", "width", "height", "size", "resize", "pad_value",
            "channel_order", "scale", "mean", "std", "pad_to_multiple");
    private static final Set<String> GROUPING = Set.of("center_threshold", "nms_kernel", "top_k", "min_area", "thing_classes",
            "stuff_classes", "min_stuff_area");
    private static final Set<String> HEAD = Set.of("name", "output", "classes", "activation", "foreground_channel", "multi_label");

    /**
     * Reads a sidecar file.
     *
     * @throws ModelException naming the file and the problem when it is missing, not JSON or not a valid spec
     */
    public static ModelSpec read(Path sidecar) throws ModelException {
        String text;
        try {
            text = Files.readString(sidecar);
        } catch (NoSuchFileException e) {
            throw new ModelException(sidecar + ": model sidecar not found");
        } catch (IOException e) {
            throw new ModelException(sidecar + ": cannot read model sidecar: " + e.getMessage(), e);
        }
        return parse(text, sidecar.toString());
    }

    /**
     * Parses sidecar JSON text; {@code source} names it in messages.
     *
     * @throws ModelException naming the source and the problem
     */
    public static ModelSpec parse(String json, String source) throws ModelException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ModelException(source + ": sidecar is not valid JSON: " + e.getOriginalMessage(), e);
        }
        try {
            return fromTree(root);
        } catch (IllegalArgumentException e) {
            throw new ModelException(source + ": " + e.getMessage(), e);
        }
    }

    private static ModelSpec fromTree(JsonNode root) {
        if (root == null || !root.isObject()) throw new IllegalArgumentException("sidecar must be a JSON object");
        checkKeys(root, TOP, "sidecar");
        String id = text(root, "id", null);
        Task task = Task.parse(required(root, "task"));
        Family family = Family.parse(required(root, "family"));
        InputSpec input = parseInput(root.get("input"));
        List<String> classes = strings(root.get("classes"), "classes");
        Map<String, String> outputs = new LinkedHashMap<>();
        JsonNode o = root.get("outputs");
        if (o != null) {
            if (!o.isObject()) throw new IllegalArgumentException("'outputs' must be an object of role -> output name");
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                var e = it.next();
                outputs.put(e.getKey(), e.getValue().asText());
            }
        }
        List<Head> heads = new ArrayList<>();
        JsonNode h = root.get("heads");
        if (h != null) {
            if (!h.isArray()) throw new IllegalArgumentException("'heads' must be an array");
            for (JsonNode hn : h) {
                checkKeys(hn, HEAD, "head");
                String out = required(hn, "output");
                String name = text(hn, "name", out);
                Activation act = hn.has("activation") ? parseEnum(hn.get("activation").asText(), "activation", Activation::parse)
                        : Activation.SOFTMAX;
                int fg = hn.has("foreground_channel") ? hn.get("foreground_channel").asInt() : 1;
                JsonNode ml = hn.get("multi_label");
                if (ml != null && !ml.isBoolean()) throw new IllegalArgumentException("head '" + name + "': 'multi_label' must be true or false");
                boolean multi = ml != null && ml.asBoolean();
                if (multi && act != Activation.SIGMOID && act != Activation.NONE) {
                    throw new IllegalArgumentException("head '" + name + "': 'multi_label' needs activation sigmoid or none, not "
                            + hn.path("activation").asText("softmax"));
                }
                heads.add(new Head(name, out, strings(hn.get("classes"), "head classes"), act, fg, multi));
            }
        }
        Boolean obj = root.has("objectness") ? root.get("objectness").asBoolean() : null;
        List<Integer> cats = new ArrayList<>();
        JsonNode ci = root.get("category_ids");
        if (ci != null) {
            if (!ci.isArray()) throw new IllegalArgumentException("'category_ids' must be an array of integers, one per class");
            for (JsonNode e : ci) {
                if (!e.canConvertToInt()) throw new IllegalArgumentException("'category_ids' holds a non-integer: " + e);
                cats.add(e.asInt());
            }
        }
        Grouping grouping = root.has("grouping") ? parseGrouping(root.get("grouping")) : null;
        return new ModelSpec(id, task, family, input, classes, cats, outputs, heads, obj, grouping);
    }

    private static Grouping parseGrouping(JsonNode n) {
        if (!n.isObject()) throw new IllegalArgumentException("'grouping' must be an object");
        checkKeys(n, GROUPING, "grouping");
        return new Grouping(number(n, "center_threshold", 0.1), integer(n, "nms_kernel", 7), integer(n, "top_k", 200),
                integer(n, "min_area", 0), ints(n.get("thing_classes"), "thing_classes"), ints(n.get("stuff_classes"), "stuff_classes"),
                integer(n, "min_stuff_area", 0));
    }

    private static double number(JsonNode n, String key, double def) {
        JsonNode v = n.get(key);
        if (v == null) return def;
        if (!v.isNumber()) throw new IllegalArgumentException("grouping '" + key + "' must be a number, got " + v);
        return v.asDouble();
    }

    private static int integer(JsonNode n, String key, int def) {
        JsonNode v = n.get(key);
        if (v == null) return def;
        if (!v.isIntegralNumber() || !v.canConvertToInt()) throw new IllegalArgumentException("grouping '" + key + "' must be an integer, got " + v);
        return v.asInt();
    }

    private static int[] ints(JsonNode n, String key) {
        if (n == null) return null;
        if (!n.isArray()) throw new IllegalArgumentException("grouping '" + key + "' must be an array of class indices, got " + n);
        int[] r = new int[n.size()];
        for (int i = 0; i < r.length; i++) {
            JsonNode e = n.get(i);
            if (!e.isIntegralNumber() || !e.canConvertToInt()) throw new IllegalArgumentException("grouping '" + key + "' holds a non-integer: " + e);
            r[i] = e.asInt();
        }
        return r;
    }

    private static InputSpec parseInput(JsonNode n) {
        if (n == null) {
            return new InputSpec(null, Layout.NCHW, 0, 0, ResizeMode.STRETCH, 114, ChannelOrder.RGB, 1f / 255f,
                    new float[] {0, 0, 0}, new float[] {1, 1, 1});
        }
        if (!n.isObject()) throw new IllegalArgumentException("'input' must be an object");
        checkKeys(n, INPUT, "input");
        int w = n.path("width").asInt(0), h = n.path("height").asInt(0);
        if (n.has("size")) {
            JsonNode s = n.get("size");
            if (s.isInt()) {
                w = h = s.asInt();
            } else if (s.isArray() && s.size() == 2) {
                h = s.get(0).asInt();
                w = s.get(1).asInt();
            } else {
                throw new IllegalArgumentException("input 'size' must be a number or [height, width]");
            }
        }
        if (w < 0 || h < 0) throw new IllegalArgumentException("input size must be positive, got " + w + "x" + h);
        Layout layout = parseEnum(text(n, "layout", "NCHW"), "layout", s -> Layout.valueOf(s.toUpperCase(Locale.ROOT)));
        ResizeMode rm = parseEnum(text(n, "resize", "stretch"), "resize", s -> ResizeMode.valueOf(s.toUpperCase(Locale.ROOT)));
        ChannelOrder co = parseEnum(text(n, "channel_order", "RGB"), "channel_order",
                s -> ChannelOrder.valueOf(s.toUpperCase(Locale.ROOT)));
        int pad = n.path("pad_value").asInt(114);
        float scale = (float) n.path("scale").asDouble(1.0 / 255.0);
        float[] mean = floats3(n.get("mean"), 0f, "mean");
        float[] std = floats3(n.get("std"), 1f, "std");
        for (float s : std) if (s == 0f) throw new IllegalArgumentException("input 'std' has a zero");
        JsonNode pm = n.get("pad_to_multiple");
        if (pm != null && (!pm.canConvertToInt() || pm.asInt() < 1)) {
            throw new IllegalArgumentException("input 'pad_to_multiple' must be a positive integer, got " + pm);
        }
        return new InputSpec(text(n, "name", null), layout, w, h, rm, pad, co, scale, mean, std, pm == null ? 1 : pm.asInt());
    }

    private static float[] floats3(JsonNode n, float def, String what) {
        if (n == null) return new float[] {def, def, def};
        if (n.isNumber()) return new float[] {n.floatValue(), n.floatValue(), n.floatValue()};
        if (!n.isArray() || (n.size() != 3 && n.size() != 1)) {
            throw new IllegalArgumentException("input '" + what + "' must be a number or 3 numbers");
        }
        float[] r = new float[3];
        for (int i = 0; i < 3; i++) r[i] = (float) n.get(n.size() == 1 ? 0 : i).asDouble();
        return r;
    }

    private static List<String> strings(JsonNode n, String what) {
        List<String> r = new ArrayList<>();
        if (n == null) return r;
        if (n.isArray()) {
            for (JsonNode e : n) r.add(e.asText());
        } else if (n.isObject()) { // {"0": "person", ...}
            Map<Integer, String> m = new java.util.TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                var e = it.next();
                try {
                    m.put(Integer.parseInt(e.getKey().trim()), e.getValue().asText());
                } catch (NumberFormatException ex) {
                    throw new IllegalArgumentException("'" + what + "' key '" + e.getKey() + "' is not an integer");
                }
            }
            return UltralyticsMetadata.dense(m, what);
        } else {
            throw new IllegalArgumentException("'" + what + "' must be an array of names");
        }
        return r;
    }

    private static <E> E parseEnum(String s, String what, java.util.function.Function<String, E> f) {
        try {
            return f.apply(s.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown " + what + " '" + s + "'");
        }
    }

    private static void checkKeys(JsonNode n, Set<String> allowed, String where) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) {
                throw new IllegalArgumentException("unknown " + where + " key '" + k + "' (allowed: " + new java.util.TreeSet<>(allowed) + ")");
            }
        }
    }

    private static String required(JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) throw new IllegalArgumentException("missing key '" + key + "'");
        return v.asText();
    }

    private static String text(JsonNode n, String key, String def) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? def : v.asText();
    }
}
