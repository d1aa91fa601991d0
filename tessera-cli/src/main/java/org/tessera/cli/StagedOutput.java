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
    private final boolean merge;
    private boolean committed;

    /**
     * @param out      the output path the user named
     * @param force    replace existing outputs (else an existing one is a bad-input error, checked now)
     * @param siblings other names the writer puts beside {@code out} (e.g. COCO panoptic's PNG folder)
     */
    StagedOutput(Path out, boolean force, List<String> siblings) throws IOException {
        this(out, force, siblings, false);
    }

    /**
     * With {@code merge}, the output folder may exist and is added to instead of replaced: its top-level files (e.g.
     * YOLO's data.yaml, which the writer extends) are copied into the temporary folder first, and {@link #commit()}
     * moves each new file or folder into place (existing folders are entered, existing files replaced atomically).
     */
    StagedOutput(Path out, boolean force, List<String> siblings, boolean merge) throws IOException {
        Path abs = out.toAbsolutePath().normalize();
        this.parent = abs.getParent();
        this.force = force;
        this.merge = merge;
        String name = abs.getFileName().toString();
        if (merge && Files.exists(abs) && !Files.isDirectory(abs)) throw new BadInputException(abs + ": is a file, not a folder to add to");
        if (!force && !merge) {
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
        if (merge && Files.isDirectory(abs)) {
            Files.createDirectories(target);
            try (Stream<Path> s = Files.list(abs)) {
                for (Path f : s.filter(Files::isRegularFile).toList()) Files.copy(f, target.resolve(f.getFileName().toString()));
            }
        }
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
            if (merge) {
                mergeInto(e, dest);
                continue;
            }
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

    /** Moves {@code src} to {@code dest}: whole when absent, entry by entry into an existing folder, replacing files. */
    private static void mergeInto(Path src, Path dest) throws IOException {
        if (Files.isDirectory(src) && Files.isDirectory(dest)) {
            List<Path> children;
            try (Stream<Path> s = Files.list(src)) {
                children = s.toList();
            }
            for (Path c : children) mergeInto(c, dest.resolve(c.getFileName().toString()));
            return;
        }
        if (Files.isDirectory(dest)) throw new BadInputException(dest + ": is a folder; cannot replace it with a file");
        if (Files.isDirectory(src) && Files.exists(dest)) throw new BadInputException(dest + ": is a file; cannot replace it with a folder");
        try {
            Files.move(src, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException x) {
            Files.move(src, dest, StandardCopyOption.REPLACE_EXISTING);
        }
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
