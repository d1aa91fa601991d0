package org.tessera.infer;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryTest {
    @TempDir
    Path dir;

    @Test
    void resolvesTheSharedModels() throws Exception {
        ModelRegistry r = ModelRegistry.defaultRegistry().withDirectories(Shared.root().resolve("models"), null);
        java.util.List<String> shared = java.util.List.of("yolov8n-seg-int8-320", "twinlitenet-bdd100k-640", "mediapipe-selfie-256");
        assertEquals(shared, r.ids().subList(0, 3)); // then the fetched models (MultiLabelTest)
        for (String id : shared) {
            ModelRegistry.Entry e = r.resolve(id);
            assertEquals(Shared.model(id), e.file());
            assertEquals(id, e.spec().id());
        }
        assertEquals(ModelSpec.Layout.NHWC, r.resolve("mediapipe-selfie-256").spec().input().layout());
    }

    @Test
    void unknownMissingAndCorrupt() throws Exception {
        ModelRegistry r = ModelRegistry.defaultRegistry().withDirectories(dir.resolve("offline"), null);
        ModelException e = assertThrows(ModelException.class, () -> r.resolve("sam2"));
        assertTrue(e.getMessage().startsWith("unknown model id 'sam2' (known: [yolov8n-seg-int8-320"), e.getMessage());
        e = assertThrows(ModelException.class, () -> r.resolve("mediapipe-selfie-256"));
        assertTrue(e.getMessage().startsWith("model 'mediapipe-selfie-256' not found (looked at ["), e.getMessage());
        // same size, one byte changed
        Path bad = dir.resolve("offline/mediapipe-selfie-256/model.onnx");
        Files.createDirectories(bad.getParent());
        byte[] b = Files.readAllBytes(Shared.model("mediapipe-selfie-256"));
        b[b.length / 2] ^= 1;
        Files.write(bad, b);
        e = assertThrows(ModelException.class, () -> r.resolve("mediapipe-selfie-256"));
        assertTrue(e.getMessage().startsWith("model 'mediapipe-selfie-256': " + bad + " has SHA-256 ")
                && e.getMessage().endsWith("expected 1511ab5564cb0ae179cba9bcad6ad931003ccc71656f11fd270967023678c6a5"), e.getMessage());
    }

    @Test
    void downloadsIntoTheCacheAndVerifies() throws Exception {
        Path src = Shared.model("mediapipe-selfie-256");
        ModelRegistry.Item good = new ModelRegistry.Item("selfie-copy", "model.onnx",
                "1511ab5564cb0ae179cba9bcad6ad931003ccc71656f11fd270967023678c6a5", Files.size(src), "mediapipe-selfie-256.json",
                src.toUri().toString());
        Path cache = dir.resolve("cache");
        ModelRegistry r = ModelRegistry.defaultRegistry().withDirectories(null, cache).with(good);
        ModelRegistry.Entry e = r.resolve("selfie-copy");
        assertEquals(cache.resolve("selfie-copy/model.onnx"), e.file());
        assertEquals(Files.size(src), Files.size(e.file()));
        // a download whose checksum differs is refused and leaves nothing behind
        ModelRegistry.Item wrong = new ModelRegistry.Item("selfie-wrong", "model.onnx", "00".repeat(32), Files.size(src), null,
                src.toUri().toString());
        ModelException x = assertThrows(ModelException.class, () -> r.with(wrong).resolve("selfie-wrong"));
        assertTrue(x.getMessage().contains("has SHA-256 1511ab55"), x.getMessage());
        try (var files = Files.list(cache.resolve("selfie-wrong"))) {
            assertEquals(0, files.count());
        }
    }
}
