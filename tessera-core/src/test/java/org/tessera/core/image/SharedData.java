package org.tessera.core.image;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates /work/shared through the {@code tessera.shared} system property; fails (never skips) when absent. */
final class SharedData {
    private SharedData() {}

    static Path path(String relative) {
        String root = System.getProperty("tessera.shared");
        if (root == null || root.isBlank()) throw new AssertionError("system property tessera.shared is not set (run through Maven/surefire or pass -Dtessera.shared=/work/shared)");
        Path p = Path.of(root).resolve(relative);
        if (!Files.exists(p)) throw new AssertionError("shared test data missing: " + p + " (tessera.shared=" + root + ")");
        return p;
    }
}
