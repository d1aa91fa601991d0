package org.tessera.data.formats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** File-listing helpers shared by the folder formats. */
final class Folders {
    private Folders() {}

    static final List<String> IMAGE_EXTENSIONS = List.of(".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".gif", ".webp");

    static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        for (String e : IMAGE_EXTENSIONS) if (n.endsWith(e)) return true;
        return false;
    }

    /** Image files directly in {@code dir}, sorted by name. */
    static List<Path> images(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(Folders::isImage).sorted().toList();
        }
    }

    /** Regular files directly in {@code dir} ending with {@code suffix}, sorted by name. */
    static List<Path> files(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    static String stem(Path p) {
        String n = p.getFileName().toString();
        int d = n.lastIndexOf('.');
        return d > 0 ? n.substring(0, d) : n;
    }

    /** The file {@code dir/stem.ext} for the first existing extension, or null. */
    static Path findImage(Path dir, String stem) {
        for (String e : IMAGE_EXTENSIONS) {
            Path p = dir.resolve(stem + e);
            if (Files.isRegularFile(p)) return p;
            Path q = dir.resolve(stem + e.toUpperCase(Locale.ROOT));
            if (Files.isRegularFile(q)) return q;
        }
        return null;
    }

    /** Non-empty trimmed lines of a text file. */
    static List<String> lines(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        for (String l : Files.readAllLines(file)) {
            String t = l.strip();
            if (!t.isEmpty() && !t.startsWith("#")) out.add(t);
        }
        return out;
    }
}
