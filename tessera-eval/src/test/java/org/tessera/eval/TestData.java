package org.tessera.eval;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/** Test helpers: the shared data folder. */
public final class TestData {
    private TestData() {}

    /** The shared folder (system property tessera.shared); fails the test if absent. */
    public static Path shared() {
        String s = System.getProperty("tessera.shared");
        if (s == null || s.isBlank() || !Files.isDirectory(Path.of(s))) {
            fail("shared test data not found: set -Dtessera.shared=/path/to/shared (got " + s + ")");
        }
        return Path.of(s);
    }

    public static Path file(String relative) {
        Path p = shared().resolve(relative);
        if (!Files.exists(p)) fail("shared test data missing: " + p);
        return p;
    }
}
