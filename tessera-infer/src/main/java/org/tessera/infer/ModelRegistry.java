package org.tessera.infer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Known models by id: file name, SHA-256, sidecar, download address. A model is looked up in the offline
 * directory (system property {@code tessera.models}, else environment variable {@code TESSERA_MODELS}), then in the
 * cache directory ({@code ~/.cache/tessera/models}, or system property {@code tessera.models.cache}); inside a
 * directory as {@code <id>/<file>} or {@code <id>.onnx}. When absent and the entry has a URL, it is downloaded
 * into the cache (temporary file, checksum verified, then moved into place). A file whose SHA-256 differs from the
 * registry's is refused.
 *
 * <p>The built-in registry ({@code org/tessera/infer/models/registry.json}) covers the three models of the shared
 * test material: {@code yolov8n-seg-int8-320}, {@code twinlitenet-bdd100k-640}, {@code mediapipe-selfie-256}, and
 * models fetched from public repositories (docs/infer-fetched-models.md): {@code yolov8n-seg-uint8-480x640},
 * {@code yolo11n-seg-uint8-480x640}, {@code skin-clothes-hair-pan-512}, {@code sinet-portrait-320},
 * {@code mediapipe-meet-144x256}, {@code isnet-small}. An entry without a URL may carry a {@code source} text, quoted
 * in the not-found error, saying how to obtain the file.
 */
public final class ModelRegistry {
    /** A resolved model: its verified file and its description. */
    public record Entry(String id, Path file, ModelSpec spec) {}

    /** One registry line. */
    public record Item(String id, String file, String sha256, long bytes, String sidecar, String url) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, Item> items;
    /** How to obtain models that have no download URL (registry key {@code source}), by id. */
    private final Map<String, String> sources;
    private final Path offline;
    private final Path cache;

    private ModelRegistry(Map<String, Item> items, Map<String, String> sources, Path offline, Path cache) {
        this.items = items;
        this.sources = sources;
        this.offline = offline;
        this.cache = cache;
    }

    /** The built-in registry with directories from system properties / environment. */
    public static ModelRegistry defaultRegistry() throws ModelException {
        try (InputStream in = ModelRegistry.class.getResourceAsStream("models/registry.json")) {
            if (in == null) throw new ModelException("built-in model registry resource missing");
            JsonNode root = JSON.readTree(in);
            Map<String, String> sources = new LinkedHashMap<>();
            for (JsonNode n : root.path("models")) {
                if (n.hasNonNull("source")) sources.put(n.path("id").asText(), n.path("source").asText());
            }
            return new ModelRegistry(parse(root), sources, defaultOffline(), defaultCache());
        } catch (IOException e) {
            if (e instanceof ModelException me) throw me;
            throw new ModelException("built-in model registry unreadable: " + e.getMessage(), e);
        }
    }

    private static Map<String, Item> parse(JsonNode root) {
        Map<String, Item> m = new LinkedHashMap<>();
        for (JsonNode n : root.path("models")) {
            Item it = new Item(n.path("id").asText(), n.path("file").asText("model.onnx"), n.path("sha256").asText(),
                    n.path("bytes").asLong(-1), n.path("sidecar").asText(null), n.path("url").asText(null));
            m.put(it.id(), it);
        }
        return m;
    }

    private static Path defaultOffline() {
        String p = System.getProperty("tessera.models");
        if (p == null || p.isBlank()) p = System.getenv("TESSERA_MODELS");
        return p == null || p.isBlank() ? null : Path.of(p);
    }

    private static Path defaultCache() {
        String p = System.getProperty("tessera.models.cache");
        if (p != null && !p.isBlank()) return Path.of(p);
        return Path.of(System.getProperty("user.home"), ".cache", "tessera", "models");
    }

    /** This registry with other directories (either may be null). */
    public ModelRegistry withDirectories(Path offlineDir, Path cacheDir) {
        return new ModelRegistry(items, sources, offlineDir, cacheDir);
    }

    /** This registry with one more (or a replaced) entry; its sidecar, if any, is a path or a built-in resource name. */
    public ModelRegistry with(Item item) {
        Map<String, Item> m = new LinkedHashMap<>(items);
        m.put(item.id(), item);
        return new ModelRegistry(m, sources, offline, cache);
    }

    public List<String> ids() {
        return new ArrayList<>(items.keySet());
    }

    /**
     * Finds, verifies (size and SHA-256) and describes a model.
     *
     * @throws ModelException naming the id when it is unknown, not found in any directory and not downloadable, or
     *                        its checksum differs
     */
    public Entry resolve(String id) throws ModelException {
        Item it = item(id);
        List<Path> tried = new ArrayList<>();
        Path found = locate(it, tried);
        if (found == null) {
            if (it.url() == null || cache == null) {
                String how = sources.containsKey(id) ? "; get it by: " + sources.get(id) : "";
                throw new ModelException("model '" + id + "' not found (looked at " + tried
                        + "); set TESSERA_MODELS or -Dtessera.models to a directory holding " + id + "/" + it.file() + how);
            }
            found = download(it);
        }
        verify(it, found);
        return new Entry(id, found, spec(it));
    }

    /**
     * Where the model's file is, without verifying or downloading it: the offline directory first, then the cache;
     * null when absent.
     */
    public Path locate(String id) throws ModelException {
        return locate(item(id), new ArrayList<>());
    }

    private Item item(String id) throws ModelException {
        Item it = items.get(id);
        if (it == null) throw new ModelException("unknown model id '" + id + "' (known: " + items.keySet() + ")");
        return it;
    }

    private Path locate(Item it, List<Path> tried) {
        for (Path dir : new Path[] {offline, cache}) {
            if (dir == null) continue;
            for (Path c : new Path[] {dir.resolve(it.id()).resolve(it.file()), dir.resolve(it.id() + ".onnx")}) {
                tried.add(c);
                if (Files.isRegularFile(c)) return c;
            }
        }
        return null;
    }

    private ModelSpec spec(Item it) throws ModelException {
        if (it.sidecar() == null) return null;
        Path p = Path.of(it.sidecar());
        if (p.isAbsolute()) return ModelSpec.read(p).withId(it.id());
        try (InputStream in = ModelRegistry.class.getResourceAsStream("models/" + it.sidecar())) {
            if (in == null) throw new ModelException("model '" + it.id() + "': sidecar resource " + it.sidecar() + " missing");
            return ModelSpec.parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), it.sidecar()).withId(it.id());
        } catch (IOException e) {
            if (e instanceof ModelException me) throw me;
            throw new ModelException("model '" + it.id() + "': sidecar unreadable: " + e.getMessage(), e);
        }
    }

    private Path download(Item it) throws ModelException {
        Path target = cache.resolve(it.id()).resolve(it.file());
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), it.file(), ".part");
            try {
                try (InputStream in = URI.create(it.url()).toURL().openStream(); OutputStream out = Files.newOutputStream(tmp)) {
                    in.transferTo(out);
                }
                verify(it, tmp);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return target;
        } catch (IOException e) {
            if (e instanceof ModelException me) throw me;
            String why = e instanceof java.net.UnknownHostException ? "unknown host " + e.getMessage()
                    : e.getClass().getSimpleName() + ": " + e.getMessage();
            throw new ModelException("model '" + it.id() + "': download from " + it.url() + " failed (" + why
                    + "); put the file at " + cache.resolve(it.id()).resolve(it.file()) + " or set TESSERA_MODELS", e);
        }
    }

    private static void verify(Item it, Path file) throws ModelException {
        try {
            long size = Files.size(file);
            if (it.bytes() >= 0 && size != it.bytes()) {
                throw new ModelException("model '" + it.id() + "': " + file + " has " + size + " bytes, expected " + it.bytes());
            }
            String sha = sha256(file);
            if (!sha.equalsIgnoreCase(it.sha256())) {
                throw new ModelException("model '" + it.id() + "': " + file + " has SHA-256 " + sha + ", expected " + it.sha256());
            }
        } catch (IOException e) {
            if (e instanceof ModelException me) throw me;
            throw new ModelException("model '" + it.id() + "': cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
