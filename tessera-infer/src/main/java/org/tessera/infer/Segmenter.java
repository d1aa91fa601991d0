package org.tessera.infer;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tessera.core.category.Category;
import org.tessera.core.category.Taxonomy;
import org.tessera.core.image.FloatMap;
import org.tessera.core.image.Image;
import org.tessera.core.image.Images;
import org.tessera.core.instances.Instances;
import org.tessera.core.label.LabelMap;
import org.tessera.core.mask.Mask;

/**
 * Runs an ONNX segmentation model on images (ONNX Runtime, CPU by default) and decodes its outputs into Tessera
 * types in original image coordinates.
 *
 * <pre>{@code
 * try (Segmenter s = Segmenter.builder().model(Path.of("yolov8n-seg.onnx")).scoreThreshold(0.25f).build()) {
 *     Prediction p = s.predict(image);
 *     for (Detection d : p.detections()) ...
 * }
 * }</pre>
 *
 * <p>How the model is fed and read comes from a JSON sidecar ({@link ModelSpec}: {@code <model>.json} next to the
 * model, or {@link Builder#sidecar}) or, for Ultralytics exports, from the ONNX metadata. At load the graph's
 * inputs and outputs are checked against the family; a mismatch fails with a message listing both.
 *
 * <p>Thread safety: {@link #predict} and {@link #predictBatch} may be called from several threads at once (ONNX
 * Runtime sessions are thread-safe; the segmenter holds no per-call state). {@link #close} must not race them.
 */
public final class Segmenter implements AutoCloseable {
    private final String id;
    private final ModelSpec spec;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String inputName;
    private final int inW, inH, inC;
    private final int batchDim; // -1 dynamic, else fixed batch size
    private final boolean noBatchDim; // input [C, H, W] (torchvision detection exports)
    private final boolean nativeSize; // dynamic input fed at each image's own size (Mask R-CNN resizes inside)
    private final PostSettings post;
    private final boolean probabilities;
    private final Task task;
    private final List<ModelSpec.Head> heads;
    private final String detOut, protoOut;
    private final String[] bottomUpOutputs; // semantic, center, offset (bottom-up family)
    private final int[] categoryOf;
    private volatile boolean closed;

    private Segmenter(Builder b, String id, ModelSpec spec, OrtEnvironment env, OrtSession session, String inputName,
                      int inW, int inH, int inC, int batchDim, boolean noBatchDim, List<ModelSpec.Head> heads, String detOut, String protoOut,
                      String[] bottomUpOutputs) {
        this.id = id;
        this.spec = spec;
        this.env = env;
        this.session = session;
        this.inputName = inputName;
        this.inW = inW;
        this.inH = inH;
        this.inC = inC;
        this.batchDim = noBatchDim ? 1 : batchDim;
        this.noBatchDim = noBatchDim;
        this.nativeSize = inW <= 0;
        this.post = new PostSettings(b.scoreThreshold, b.nmsIou, b.classAgnostic, b.maxDetections, b.maskThreshold);
        this.probabilities = b.probabilities;
        this.task = b.task == null ? spec.task() : b.task;
        this.heads = heads;
        this.detOut = detOut;
        this.protoOut = protoOut;
        this.bottomUpOutputs = bottomUpOutputs;
        this.categoryOf = categoryMapping(spec);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The model description in use (sidecar or metadata, with the input size resolved). */
    public ModelSpec spec() {
        return spec;
    }

    /** The model's id (sidecar id, registry id, or file name). */
    public String id() {
        return id;
    }

    /**
     * Input width and height in pixels that images are resized to; the tensor fed to the model is this size padded
     * up to the sidecar's {@code pad_to_multiple} (when given).
     */
    public int[] inputSize() {
        return new int[] {inW, inH};
    }

    /**
     * Predicts one image. 16-bit images are reduced to their high byte, gray + alpha is treated as gray; RGB(A)
     * samples are taken as RGB.
     *
     * @throws InferenceException when ONNX Runtime fails on the input
     */
    public Prediction predict(Image image) {
        return predictPixels(List.of(pixels(image))).get(0);
    }

    /**
     * Reads an image file ({@link Images#read}) and predicts it.
     *
     * @throws IOException (an {@link org.tessera.core.image.ImageFormatException} naming the file) when the file
     *                     cannot be read or decoded
     */
    public Prediction predict(Path imageFile) throws IOException {
        return predict(Images.read(imageFile));
    }

    /** Predicts several images, in order; runs them through the model in batches when its batch dimension allows. */
    public List<Prediction> predictBatch(List<Image> images) {
        List<Pixels> px = new ArrayList<>(images.size());
        for (Image im : images) px.add(pixels(im));
        return predictPixels(px);
    }

    static Pixels pixels(Image im) {
        Image i8 = im.to8Bit();
        if (i8.channels() == 2) i8 = i8.extract(0);
        return new Pixels(i8.bytes(), i8.width(), i8.height(), i8.channels());
    }

    Prediction predict(Pixels image) {
        return predictPixels(List.of(image)).get(0);
    }

    List<Prediction> predictPixels(List<Pixels> images) {
        if (closed) throw new IllegalStateException("segmenter " + id + " is closed");
        int chunk = nativeSize ? 1 : batchDim < 0 ? Math.max(1, Math.min(8, images.size())) : batchDim;
        List<Prediction> out = new ArrayList<>(images.size());
        for (int s = 0; s < images.size(); s += chunk) {
            out.addAll(runChunk(images.subList(s, Math.min(images.size(), s + chunk)), chunk));
        }
        return out;
    }

    private List<Prediction> runChunk(List<Pixels> imgs, int chunk) {
        int b = batchDim < 0 ? imgs.size() : chunk;
        int cw = nativeSize ? imgs.get(0).width() : inW, chh = nativeSize ? imgs.get(0).height() : inH;
        int w = spec.input().padded(cw), h = spec.input().padded(chh); // the tensor: content padded to the multiple
        int per = w * h * inC;
        float[] input = new float[b * per];
        Geometry[] geos = new Geometry[imgs.size()];
        for (int i = 0; i < imgs.size(); i++) {
            Pixels p = imgs.get(i);
            geos[i] = Geometry.of(p.width(), p.height(), cw, chh, spec.input().resize(), spec.input().padMultiple());
            Preprocessor.fill(p, geos[i], spec.input(), inC, input, i * per);
        }
        long[] shape = spec.input().layout() == ModelSpec.Layout.NCHW ? new long[] {b, inC, h, w} : new long[] {b, h, w, inC};
        if (noBatchDim) shape = Arrays.copyOfRange(shape, 1, 4);
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
             OrtSession.Result r = session.run(Map.of(inputName, t))) {
            Map<String, Output> outs = new HashMap<>();
            for (Map.Entry<String, OnnxValue> e : r) {
                if (e.getValue() instanceof OnnxTensor ot) outs.put(e.getKey(), Output.of(ot));
            }
            List<Prediction> res = new ArrayList<>(imgs.size());
            for (int i = 0; i < imgs.size(); i++) res.add(decode(outs, i, geos[i]));
            return res;
        } catch (OrtException e) {
            throw new InferenceException(id + ": ONNX Runtime failed: " + e.getMessage(), e);
        }
    }

    /** One output tensor copied out of ONNX Runtime. */
    record Output(long[] shape, float[] f, long[] l) {
        static Output of(OnnxTensor t) {
            TensorInfo info = t.getInfo();
            long[] shape = info.getShape();
            if (info.type == OnnxJavaType.FLOAT) {
                FloatBuffer fb = t.getFloatBuffer();
                float[] a = fb.hasArray() && fb.arrayOffset() == 0 && fb.array().length == fb.remaining() ? fb.array() : toArray(fb);
                return new Output(shape, a, null);
            }
            if (info.type == OnnxJavaType.INT64) {
                var lb = t.getLongBuffer();
                long[] a = new long[lb.remaining()];
                lb.get(a);
                return new Output(shape, null, a);
            }
            if (info.type == OnnxJavaType.INT32) {
                var ib = t.getIntBuffer();
                long[] a = new long[ib.remaining()];
                for (int i = 0; i < a.length; i++) a[i] = ib.get(i);
                return new Output(shape, null, a);
            }
            if (info.type == OnnxJavaType.DOUBLE) {
                var db = t.getDoubleBuffer();
                float[] a = new float[db.remaining()];
                for (int i = 0; i < a.length; i++) a[i] = (float) db.get(i);
                return new Output(shape, a, null);
            }
            return new Output(shape, null, null);
        }

        private static float[] toArray(FloatBuffer fb) {
            float[] a = new float[fb.remaining()];
            fb.get(a);
            return a;
        }

        long perImage() {
            long n = 1;
            for (int i = 1; i < shape.length; i++) n *= shape[i];
            return n;
        }
    }

    private Prediction decode(Map<String, Output> outs, int i, Geometry g) {
        for (var e : outs.entrySet()) {
            long[] sh = e.getValue().shape();
            if (spec.family() != ModelSpec.Family.MASK_RCNN && sh.length > 0 && sh[0] <= i) {
                throw new InferenceException(id + ": output " + e.getKey() + " has batch " + sh[0] + " but image " + (i + 1) + " of the batch was fed");
            }
        }
        List<Detection> dets = List.of();
        Map<String, LabelMap> maps = new LinkedHashMap<>();
        Map<String, FloatMap> probs = new LinkedHashMap<>();
        Foreground fg = null;
        org.tessera.core.panoptic.PanopticMap panoptic = null;
        switch (spec.family()) {
            case YOLO_SEG -> {
                Output o0 = outs.get(detOut), o1 = outs.get(protoOut);
                YoloSegDecoder.Layout L = YoloSegDecoder.layout(o0.shape()[1], o0.shape()[2], (int) o1.shape()[1],
                        (int) o1.shape()[2], (int) o1.shape()[3], spec.classes().isEmpty() ? -1 : spec.classes().size(), spec.objectness());
                if (L == null) {
                    throw new InferenceException(id + ": output " + detOut + " of shape " + Arrays.toString(o0.shape())
                            + " fits no YOLO-seg row layout with " + o1.shape()[1] + " prototypes and " + spec.classes().size() + " classes");
                }
                dets = YoloSegDecoder.decode(o0.f(), (int) (i * o0.perImage()), L, o1.f(), (int) (i * o1.perImage()), g, post, spec.classes());
            }
            case MASK_RCNN -> dets = MaskRcnnDecoder.decode(outs, spec, i, g, post);
            case SEMANTIC_LOGITS -> {
                for (ModelSpec.Head h : heads) {
                    Output o = outs.get(h.output());
                    if (h.activation() == ModelSpec.Activation.ARGMAX || o.f() == null) {
                        int gh = (int) o.shape()[o.shape().length - 2], gw = (int) o.shape()[o.shape().length - 1];
                        maps.put(h.name(), DenseDecoder.labels(o.l(), (int) (i * o.perImage()), gh, gw, g));
                    } else {
                        DenseDecoder.Grid grid = grid(o, i, false);
                        float[] p = probabilities ? new float[grid.channels() * g.origW() * g.origH()] : null;
                        maps.put(h.name(), DenseDecoder.semantic(grid, g, h.activation(), h.multiLabel(), post.maskThreshold(), p));
                        if (p != null) probs.put(h.name(), new FloatMap(grid.channels(), g.origW(), g.origH(), p));
                    }
                }
            }
            case FOREGROUND -> {
                ModelSpec.Head h = heads.get(0);
                Output o = outs.get(h.output());
                fg = DenseDecoder.foreground(grid(o, i, true), g, h.activation(), h.foregroundChannel(), post.maskThreshold(), probabilities);
            }
            case BOTTOM_UP -> {
                BottomUpDecoder.Decoded d = BottomUpDecoder.decode(id, outs, bottomUpOutputs, i, g, spec.grouping(), categoryOf,
                        spec.classes(), probabilities);
                maps.put("semantic", d.semantic());
                if (d.probabilities() != null) probs.put("semantic", d.probabilities());
                return new Prediction(g.origW(), g.origH(), d.instances(), maps, probs, null, d.panoptic().map());
            }
        }
        return new Prediction(g.origW(), g.origH(), instances(dets, g), maps, probs, fg);
    }

    private Instances instances(List<Detection> dets, Geometry g) {
        Instances.Builder b = Instances.builder(g.origH(), g.origW());
        int[] idx = new int[dets.size()];
        String[] names = new String[dets.size()];
        for (int i = 0; i < idx.length; i++) {
            Detection d = dets.get(i);
            int c = d.classId();
            int cat = c >= 0 && c < categoryOf.length ? categoryOf[c] : c;
            b.add(Mask.fromRle(d.mask()), d.xywh(), cat, d.score());
            idx[i] = c;
            names[i] = d.className();
        }
        return b.attribute("class_index", idx).attribute("class_name", names).build();
    }

    /**
     * Category id per class index: the sidecar's {@code category_ids}; else COCO's ids when the class names are
     * COCO's 80 in order ({@link Taxonomy#coco80()}); else the class index itself.
     */
    static int[] categoryMapping(ModelSpec spec) {
        List<String> names = spec.classes();
        int[] r = new int[names.size()];
        if (!spec.categoryIds().isEmpty()) {
            for (int i = 0; i < r.length; i++) r[i] = spec.categoryIds().get(i);
            return r;
        }
        List<Category> coco = Taxonomy.coco80().categories();
        boolean isCoco = names.size() == coco.size();
        for (int i = 0; isCoco && i < r.length; i++) isCoco = coco.get(i).name().equalsIgnoreCase(names.get(i));
        for (int i = 0; i < r.length; i++) r[i] = isCoco ? coco.get(i).id() : i;
        return r;
    }

    /** A dense output as a grid: [B,C,H,W], [B,H,W,C] (foreground: channel count 1 or 2 decides) or [B,H,W]. */
    private DenseDecoder.Grid grid(Output o, int i, boolean fg) {
        long[] s = o.shape();
        int off = (int) (i * o.perImage());
        if (s.length == 3) return DenseDecoder.Grid.nchw(o.f(), off, 1, (int) s[1], (int) s[2]);
        boolean nhwc = fg ? (s[3] <= 2 && s[1] > 2) : (spec.input().layout() == ModelSpec.Layout.NHWC && s[3] < s[1]);
        if (nhwc) return DenseDecoder.Grid.nhwc(o.f(), off, (int) s[3], (int) s[1], (int) s[2]);
        return DenseDecoder.Grid.nchw(o.f(), off, (int) s[1], (int) s[2], (int) s[3]);
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            session.close();
        } catch (OrtException e) {
            throw new InferenceException(id + ": closing the ONNX Runtime session failed", e);
        }
    }

    // ------------------------------------------------------------------ builder

    /** Configures and loads a {@link Segmenter}. Thresholds default to Ultralytics' (0.25, 0.7, 300, 0.5). */
    public static final class Builder {
        private Path model;
        private Path sidecar;
        private ModelSpec specOverride;
        private Task task;
        private float scoreThreshold = 0.25f;
        private float nmsIou = 0.7f;
        private boolean classAgnostic;
        private int maxDetections = 300;
        private float maskThreshold = 0.5f;
        private int inputW, inputH;
        private int threads;
        private String provider = "cpu";
        private List<String> headNames;
        private boolean probabilities;

        private Builder() {}

        /** The ONNX model file. */
        public Builder model(Path onnx) {
            this.model = onnx;
            return this;
        }

        /** A model of the {@link ModelRegistry} by id, resolved through its cache / offline directory. */
        public Builder model(String registryId) throws ModelException {
            ModelRegistry.Entry e = ModelRegistry.defaultRegistry().resolve(registryId);
            this.model = e.file();
            this.specOverride = e.spec();
            return this;
        }

        /** An explicit sidecar (default: {@code <model without .onnx>.json} when it exists). */
        public Builder sidecar(Path json) {
            this.sidecar = json;
            return this;
        }

        /** An explicit model description (takes precedence over sidecars and metadata). */
        public Builder spec(ModelSpec s) {
            this.specOverride = s;
            return this;
        }

        /** The task expected; load fails when the model does something else. */
        public Builder task(Task t) {
            this.task = t;
            return this;
        }

        /** Minimum detection score (exclusive), default 0.25. */
        public Builder scoreThreshold(float t) {
            this.scoreThreshold = check01(t, "scoreThreshold");
            return this;
        }

        /** NMS IoU threshold (a box is suppressed when IoU &gt; t), default 0.7. */
        public Builder nmsIou(float t) {
            this.nmsIou = check01(t, "nmsIou");
            return this;
        }

        /** Suppress across classes, default false (per-class NMS). */
        public Builder classAgnostic(boolean b) {
            this.classAgnostic = b;
            return this;
        }

        /** Maximum detections per image, default 300. */
        public Builder maxDetections(int n) {
            if (n < 0) throw new IllegalArgumentException("maxDetections must be >= 0, got " + n);
            this.maxDetections = n;
            return this;
        }

        /** Mask / foreground probability threshold (pixel in when probability &gt; t), default 0.5. */
        public Builder maskThreshold(float t) {
            if (!(t > 0 && t < 1)) throw new IllegalArgumentException("maskThreshold must be in (0, 1), got " + t);
            this.maskThreshold = t;
            return this;
        }

        /** Square input size for models with a dynamic input (must match a static one). */
        public Builder inputSize(int size) {
            return inputSize(size, size);
        }

        /** Input width and height for models with a dynamic input (must match a static one). */
        public Builder inputSize(int width, int height) {
            if (width <= 0 || height <= 0) throw new IllegalArgumentException("input size must be positive, got " + width + "x" + height);
            this.inputW = width;
            this.inputH = height;
            return this;
        }

        /** ONNX Runtime intra-op threads (0 = its default). */
        public Builder threads(int n) {
            if (n < 0) throw new IllegalArgumentException("threads must be >= 0, got " + n);
            this.threads = n;
            return this;
        }

        /** {@code cpu} (default) or {@code cuda} (needs the onnxruntime_gpu artifact on the class path). */
        public Builder executionProvider(String name) {
            this.provider = name.toLowerCase(Locale.ROOT);
            return this;
        }

        /** Semantic models: decode only these heads (default all). */
        public Builder heads(String... names) {
            this.headNames = List.of(names);
            return this;
        }

        /** Also return per-class probabilities (semantic) or the alpha matte (foreground). Default false. */
        public Builder probabilities(boolean b) {
            this.probabilities = b;
            return this;
        }

        private static float check01(float t, String what) {
            if (!(t >= 0 && t <= 1)) throw new IllegalArgumentException(what + " must be in [0, 1], got " + t);
            return t;
        }

        /**
         * Loads the model.
         *
         * @throws ModelException naming the model when the file is missing or not ONNX, no description is found, or
         *                        the graph does not fit the declared family or task
         */
        public Segmenter build() throws ModelException {
            if (model == null) throw new ModelException("no model given (Segmenter.builder().model(path))");
            String name = model.getFileName().toString();
            if (!Files.isRegularFile(model)) throw new ModelException(model + ": model file not found");
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            OrtSession session;
            try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
                if (threads > 0) o.setIntraOpNumThreads(threads);
                o.setInterOpNumThreads(1);
                // warnings such as "Initializer X appears in graph inputs" (one line per weight of old exports,
                // 234 for SINet) are not actionable for a user; errors still reach the exception
                o.setSessionLogLevel(ai.onnxruntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
                switch (provider) {
                    case "cpu" -> { }
                    case "cuda" -> o.addCUDA(0);
                    default -> throw new ModelException(model + ": unknown execution provider '" + provider + "' (cpu or cuda)");
                }
                session = env.createSession(model.toString(), o);
            } catch (OrtException e) {
                throw new ModelException(model + ": ONNX Runtime cannot load the model: " + oneLine(e.getMessage()), e);
            }
            try {
                return configure(env, session, name);
            } catch (ModelException | RuntimeException e) {
                try {
                    session.close();
                } catch (OrtException ignored) {
                    // the load error is the one to report
                }
                throw e;
            }
        }

        private Segmenter configure(OrtEnvironment env, OrtSession session, String name) throws ModelException {
            try {
                Map<String, NodeInfo> ins = session.getInputInfo(), outs = session.getOutputInfo();
                ModelSpec spec = specOverride;
                if (spec == null) {
                    Path sc = sidecar;
                    if (sc == null) {
                        String stem = name.endsWith(".onnx") ? name.substring(0, name.length() - 5) : name;
                        Path cand = model.resolveSibling(stem + ".json");
                        if (Files.isRegularFile(cand)) sc = cand;
                    }
                    if (sc != null) {
                        spec = ModelSpec.read(sc);
                    } else {
                        Map<String, String> meta = session.getMetadata().getCustomMetadata();
                        if (!UltralyticsMetadata.isUltralytics(meta)) {
                            throw new ModelException(model + ": no sidecar " + model.resolveSibling(name.replaceAll("\\.onnx$", "") + ".json")
                                    + " and no Ultralytics metadata: describe the model in a JSON sidecar (see docs/infer.md)");
                        }
                        spec = UltralyticsMetadata.toSpec(name, meta, null);
                    }
                }
                if (spec.classes().isEmpty() && spec.family() == ModelSpec.Family.YOLO_SEG) {
                    Map<String, String> meta = session.getMetadata().getCustomMetadata();
                    if (UltralyticsMetadata.isUltralytics(meta)) { // class names from the export when the sidecar lists none
                        ModelSpec m = UltralyticsMetadata.toSpec(name, meta, null);
                        spec = spec.withClasses(m.classes());
                    }
                }
                String id = spec.id() != null ? spec.id() : name;
                spec = spec.withId(id);
                if (task != null && task != spec.task()) {
                    throw new ModelException(id + ": the model is a " + spec.task().name().toLowerCase(Locale.ROOT)
                            + " model; task " + task.name().toLowerCase(Locale.ROOT) + " was requested");
                }
                // image input
                String inName = spec.input().name();
                if (inName == null) {
                    List<String> cands = new ArrayList<>();
                    int want = spec.family() == ModelSpec.Family.MASK_RCNN ? 3 : 4;
                    for (var e : ins.entrySet()) if (rank(e.getValue()) == 4 || rank(e.getValue()) == want) cands.add(e.getKey());
                    if (cands.size() != 1) throw misfit(id, spec, ins, outs, "exactly one " + (want == 3 ? "3-D or " : "") + "4-D image input");
                    inName = cands.get(0);
                } else if (!ins.containsKey(inName)) {
                    throw misfit(id, spec, ins, outs, "an input named '" + inName + "'");
                }
                if (ins.size() != 1) {
                    throw misfit(id, spec, ins, outs, "one input (the image); other inputs cannot be fed");
                }
                long[] d = shape(ins.get(inName));
                boolean rcnn = spec.family() == ModelSpec.Family.MASK_RCNN;
                boolean noBatch = rcnn && d != null && d.length == 3;
                if (noBatch) {
                    long[] d4 = new long[4];
                    d4[0] = 1;
                    System.arraycopy(d, 0, d4, 1, 3);
                    d = d4;
                }
                if (d == null || d.length != 4) throw misfit(id, spec, ins, outs, "a 4-D float image input");
                boolean nchw = spec.input().layout() == ModelSpec.Layout.NCHW;
                long c = nchw ? d[1] : d[3], h = nchw ? d[2] : d[1], w = nchw ? d[3] : d[2];
                if (c != 1 && c != 3) {
                    throw misfit(id, spec, ins, outs, spec.input().layout() + " input with 1 or 3 channels (is the layout right?)");
                }
                int iw = spec.input().width(), ih = spec.input().height();
                if (inputW > 0) {
                    if ((w > 0 && w != spec.input().padded(inputW)) || (h > 0 && h != spec.input().padded(inputH))) {
                        throw new ModelException(id + ": input size " + inputW + "x" + inputH + " requested but the model's input is fixed at " + w + "x" + h);
                    }
                    iw = inputW;
                    ih = inputH;
                }
                ModelSpec.InputSpec sin = spec.input();
                if (sin.padMultiple() > 1 && (w > 0 || h > 0)) {
                    // a static tensor size is the content size padded: keep the content size when it pads to it
                    if (w > 0 && !(iw > 0 && sin.padded(iw) == w)) iw = (int) w;
                    if (h > 0 && !(ih > 0 && sin.padded(ih) == h)) ih = (int) h;
                    if ((w > 0 && sin.padded(iw) != w) || (h > 0 && sin.padded(ih) != h)) {
                        throw new ModelException(id + ": the model's input is fixed at " + w + "x" + h
                                + ", not a multiple of the sidecar's pad_to_multiple " + sin.padMultiple());
                    }
                } else {
                    if (w > 0) iw = (int) w;
                    if (h > 0) ih = (int) h;
                }
                if ((iw <= 0 || ih <= 0) && (rcnn || spec.family() == ModelSpec.Family.BOTTOM_UP)) {
                    // fed at each image's own size: Mask R-CNN resizes inside; a bottom-up model runs at native
                    // resolution, padded to pad_to_multiple
                    iw = 0;
                    ih = 0;
                } else if (iw <= 0 || ih <= 0) {
                    throw new ModelException(id + ": the model's input size is dynamic; give it with inputSize(...) or the sidecar's input size");
                }
                spec = spec.withInput(spec.input().withName(inName).withSize(iw, ih));
                // outputs per family
                List<ModelSpec.Head> heads = spec.heads();
                String detOut = null, protoOut = null;
                String[] bottomUp = null;
                switch (spec.family()) {
                    case YOLO_SEG -> {
                        detOut = spec.output("detections", null);
                        protoOut = spec.output("prototypes", null);
                        for (var e : outs.entrySet()) {
                            long[] s = shape(e.getValue());
                            if (s == null) continue;
                            if (detOut == null && s.length == 3) detOut = e.getKey();
                            if (protoOut == null && s.length == 4) protoOut = e.getKey();
                        }
                        if (detOut == null || protoOut == null || !outs.containsKey(detOut) || !outs.containsKey(protoOut)
                                || shape(outs.get(detOut)).length != 3 || shape(outs.get(protoOut)).length != 4) {
                            throw misfit(id, spec, ins, outs, "a 3-D detection output [B, 4+nc+nm, N] and a 4-D prototype output [B, nm, mh, mw]");
                        }
                        long[] s0 = shape(outs.get(detOut)), s1 = shape(outs.get(protoOut));
                        if (s0[1] > 0 && s0[2] > 0 && s1[1] > 0) {
                            int nc = spec.classes().isEmpty() ? -1 : spec.classes().size();
                            if (YoloSegDecoder.layout(s0[1], s0[2], (int) s1[1], 1, 1, nc, spec.objectness()) == null) {
                                throw misfit(id, spec, ins, outs, "detection rows of 4+" + (nc < 0 ? "nc" : nc) + "+" + s1[1]
                                        + " (or 5+nc+nm with objectness) values");
                            }
                        }
                    }
                    case SEMANTIC_LOGITS, FOREGROUND -> {
                        if (heads.isEmpty()) {
                            List<ModelSpec.Head> hs = new ArrayList<>();
                            for (var e : outs.entrySet()) {
                                long[] s = shape(e.getValue());
                                if (s == null || s.length < 3 || s.length > 4) continue;
                                boolean integer = isInteger(e.getValue());
                                ModelSpec.Activation act = integer ? ModelSpec.Activation.ARGMAX
                                        : spec.family() == ModelSpec.Family.FOREGROUND ? ModelSpec.Activation.SIGMOID : ModelSpec.Activation.SOFTMAX;
                                hs.add(new ModelSpec.Head(e.getKey(), e.getKey(), List.of(), act, 1));
                            }
                            heads = hs;
                        }
                        if (heads.isEmpty()) throw misfit(id, spec, ins, outs, "a 3-D or 4-D dense output");
                        for (ModelSpec.Head hd : heads) {
                            NodeInfo ni = outs.get(hd.output());
                            long[] s = ni == null ? null : shape(ni);
                            if (s == null || s.length < 3 || s.length > 4) {
                                throw misfit(id, spec, ins, outs, "a 3-D or 4-D output '" + hd.output() + "' for head '" + hd.name() + "'");
                            }
                            if (spec.family() == ModelSpec.Family.FOREGROUND && s.length == 4) {
                                boolean ok = (s[1] == 1 || s[1] == 2) || (s[3] == 1 || s[3] == 2);
                                if (!ok) throw misfit(id, spec, ins, outs, "a foreground output with 1 or 2 channels (NCHW or NHWC)");
                            }
                            if (spec.family() == ModelSpec.Family.SEMANTIC_LOGITS && s.length == 3 && !isInteger(ni)) {
                                throw misfit(id, spec, ins, outs, "4-D logits [B, C, H, W] or an integer ArgMax output for head '" + hd.name() + "'");
                            }
                        }
                        if (headNames != null) {
                            List<ModelSpec.Head> sel = new ArrayList<>();
                            for (String hn : headNames) {
                                ModelSpec.Head f = null;
                                for (ModelSpec.Head hd : heads) if (hd.name().equals(hn)) f = hd;
                                if (f == null) {
                                    List<String> names = new ArrayList<>();
                                    for (ModelSpec.Head hd : heads) names.add(hd.name());
                                    throw new ModelException(id + ": no head '" + hn + "' (heads: " + names + ")");
                                }
                                sel.add(f);
                            }
                            heads = sel;
                        }
                        if (spec.family() == ModelSpec.Family.FOREGROUND && heads.size() != 1) {
                            throw misfit(id, spec, ins, outs, "one foreground head (choose one with heads(...))");
                        }
                        spec = spec.withHeads(heads);
                    }
                    case MASK_RCNN -> MaskRcnnDecoder.check(id, spec, ins, outs);
                    case BOTTOM_UP -> bottomUp = BottomUpDecoder.check(id, spec, ins, outs);
                }
                int batch = (int) d[0];
                return new Segmenter(this, id, spec, env, session, inName, iw, ih, (int) c, batch > 0 ? batch : -1, noBatch, heads, detOut, protoOut, bottomUp);
            } catch (OrtException e) {
                throw new ModelException(model + ": cannot read the model's inputs/outputs: " + oneLine(e.getMessage()), e);
            }
        }
    }

    static boolean isInteger(NodeInfo n) {
        return n.getInfo() instanceof TensorInfo t
                && (t.type == OnnxJavaType.INT64 || t.type == OnnxJavaType.INT32);
    }

    static int rank(NodeInfo n) {
        long[] s = shape(n);
        return s == null ? -1 : s.length;
    }

    static long[] shape(NodeInfo n) {
        return n.getInfo() instanceof TensorInfo t ? t.getShape() : null;
    }

    static ModelException misfit(String id, ModelSpec spec, Map<String, NodeInfo> ins, Map<String, NodeInfo> outs, String expected) {
        return new ModelException(id + ": does not fit family " + spec.family().key() + ": expected " + expected
                + "; the model has inputs " + describe(ins) + " and outputs " + describe(outs));
    }

    static String describe(Map<String, NodeInfo> m) {
        StringBuilder b = new StringBuilder("{");
        for (var e : m.entrySet()) {
            if (b.length() > 1) b.append(", ");
            b.append(e.getKey());
            if (e.getValue().getInfo() instanceof TensorInfo t) {
                b.append(' ').append(t.type.name().toLowerCase(Locale.ROOT)).append(Arrays.toString(t.getShape()));
            }
        }
        return b.append('}').toString();
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ').trim();
    }
}
