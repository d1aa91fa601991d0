package org.tessera.cli;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.stream.Stream;

/**
 * An output (file or folder, plus any siblings written beside it) built in a hidden temporary folder next to it and
 * moved into place by {@link #commit()} with one rename per top-level entry; when the work fails, {@link #close()}
 * deletes the temporary folder, so a failed run leaves neither a half-written output nor temporary files.
 */
final class StagedOutput implements AutoCloseable {
    private final Path parent;
    private final Path stage;
    private final Path target;
    private final boolean force;
    private boolean committed;

    /**
     * @param out      the output path the user named
     * @param force    replace existing outputs (else an existing one is a bad-input error, checked now)
     * @param siblings other names the writer puts beside {@code out} (e.g. COCO panoptic's PNG folder)
     */
    StagedOutput(Path out, boolean force, List<String> siblings) throws IOException {
        Path abs = out.toAbsolutePath().normalize();
        this.parent = abs.getParent();
        this.force = force;
        String name = abs.getFileName().toString();
        if (!force) {
            for (String n : concat(name, siblings)) {
                Path p = parent.resolve(n);
                if (Files.exists(p) && !(Files.isDirectory(p) && isEmptyDir(p))) {
                    throw new BadInputException(p + ": already exists (use --force to replace it)");
                }
            }
        }
        Files.createDirectories(parent);
        this.stage = Files.createTempDirectory(parent, "." + name + ".tessera-");
        this.target = stage.resolve(name);
    }

    /** Where the writer writes (same file name as the output, inside the temporary folder). */
    Path target() {
        return target;
    }

    /** Moves every entry of the temporary folder beside the output, replacing old ones when forced. */
    void commit() throws IOException {
        List<Path> entries;
        try (Stream<Path> s = Files.list(stage)) {
            entries = s.toList();
        }
        for (Path e : entries) {
            Path dest = parent.resolve(e.getFileName().toString());
            Path old = null;
            if (Files.exists(dest)) {
                if (!force && !(Files.isDirectory(dest) && isEmptyDir(dest))) {
                    throw new BadInputException(dest + ": appeared while writing; not replaced");
                }
                old = stage.resolve(".old-" + e.getFileName());
                move(dest, old);
            }
            move(e, dest);
            if (old != null) deleteTree(old);
        }
        committed = true;
        deleteTree(stage);
    }

    @Override
    public void close() throws IOException {
        if (!committed && Files.exists(stage)) deleteTree(stage);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static List<String> concat(String first, List<String> rest) {
        return Stream.concat(Stream.of(first), rest.stream()).toList();
    }

    private static boolean isEmptyDir(Path p) throws IOException {
        try (Stream<Path> s = Files.list(p)) {
            return s.findAny().isEmpty();
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
