package org.tessera.data;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates /work/shared test data through the {@code tessera.shared} system property; fails loudly when absent. */
public final class Shared {
    private Shared() {}

    public static Path path(String relative) {
        String root = System.getProperty("tessera.shared");
        if (root == null) throw new AssertionError("system property tessera.shared is not set (run through Maven)");
        Path p = Path.of(root).resolve(relative);
        if (!Files.exists(p)) throw new AssertionError("shared test data missing: " + p);
        return p;
    }
}
