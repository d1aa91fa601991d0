package org.tessera.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates /work/shared (system property {@code tessera.shared}); fails loudly when the data is absent. */
public final class SharedData {
    private SharedData() {}

    /** The path of a file or folder under the shared data root, which must exist. */
    public static Path path(String relative) {
        String root = System.getProperty("tessera.shared");
        if (root == null || root.isBlank()) {
            throw new AssertionError("system property tessera.shared is not set (run with -Dtessera.shared=/path/to/shared)");
        }
        Path p = Path.of(root).resolve(relative);
        if (!Files.exists(p)) {
            throw new AssertionError("shared test data missing: " + p + " (tessera.shared=" + root + ")");
        }
        return p;
    }
}
