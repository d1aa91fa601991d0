package org.tessera.infer;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the {@code metadata_props} that Ultralytics writes into its ONNX exports ({@code task}, {@code imgsz},
 * {@code stride}, {@code names}) into a {@link ModelSpec}. {@code names} is a Python dict literal such as
 * {@code {0: 'person', 1: "dog's bowl"}}: integer keys, single- or double-quoted strings with backslash escapes.
 */
public final class UltralyticsMetadata {
    private UltralyticsMetadata() {}

    /** True when the metadata looks like an Ultralytics export (has {@code task} and {@code names}). */
    public static boolean isUltralytics(Map<String, String> meta) {
        return meta.containsKey("names") && meta.containsKey("task");
    }

    /**
     * The spec of an Ultralytics export: letterbox with 114, RGB, /255, NCHW.
     *
     * @param inputName the graph's image input
     * @throws ModelException when the task is not segmentation or a key does not parse
     */
    public static ModelSpec toSpec(String id, Map<String, String> meta, String inputName) throws ModelException {
        String task = meta.get("task").trim();
        if (!task.equals("segment")) {
            throw new ModelException(id + ": Ultralytics model with task '" + task + "' is not a segmentation model (task=segment expected)");
        }
        int w = 0, h = 0;
        String imgsz = meta.get("imgsz");
        if (imgsz != null) {
            try {
                int[] s = parseIntList(imgsz);
                if (s.length == 1) {
                    w = h = s[0];
                } else if (s.length == 2) {
                    h = s[0];
                    w = s[1];
                } else {
                    throw new IllegalArgumentException("expected 1 or 2 numbers");
                }
            } catch (IllegalArgumentException e) {
                throw new ModelException(id + ": metadata imgsz '" + imgsz + "' does not parse: " + e.getMessage());
            }
        }
        List<String> names;
        try {
            names = parseNames(meta.get("names"));
        } catch (IllegalArgumentException e) {
            throw new ModelException(id + ": metadata names do not parse: " + e.getMessage());
        }
        return new ModelSpec(id, Task.INSTANCE, ModelSpec.Family.YOLO_SEG, ModelSpec.InputSpec.ultralytics(inputName, w, h),
                names, List.of(), Map.of(), List.of(), null);
    }

    /** Parses {@code [320, 320]}, {@code (640,)} or {@code 640}. */
    static int[] parseIntList(String s) {
        String t = s.trim();
        if (t.startsWith("[") || t.startsWith("(")) t = t.substring(1, t.length() - 1);
        String[] parts = t.split(",");
        int n = 0;
        int[] r = new int[parts.length];
        for (String p : parts) {
            if (p.isBlank()) continue;
            r[n++] = Integer.parseInt(p.trim());
        }
        return java.util.Arrays.copyOf(r, n);
    }

    /**
     * Parses a Python dict literal of class names ({@code {0: 'person', ...}}) into a list indexed by class id.
     * Keys must be the integers 0..n-1 in any order.
     *
     * @throws IllegalArgumentException naming the position of the first syntax error
     */
    public static List<String> parseNames(String s) {
        if (s == null) throw new IllegalArgumentException("no names");
        Map<Integer, String> m = new TreeMap<>();
        int i = skip(s, 0);
        if (i >= s.length() || s.charAt(i) != '{') throw new IllegalArgumentException("expected '{' at position " + i);
        i = skip(s, i + 1);
        while (i < s.length() && s.charAt(i) != '}') {
            int k0 = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '-')) i++;
            if (i == k0) throw new IllegalArgumentException("expected an integer key at position " + i);
            int key = Integer.parseInt(s.substring(k0, i));
            i = skip(s, i);
            if (i >= s.length() || s.charAt(i) != ':') throw new IllegalArgumentException("expected ':' at position " + i);
            i = skip(s, i + 1);
            if (i >= s.length() || (s.charAt(i) != '\'' && s.charAt(i) != '"')) {
                throw new IllegalArgumentException("expected a quoted name at position " + i);
            }
            char q = s.charAt(i++);
            StringBuilder b = new StringBuilder();
            while (true) {
                if (i >= s.length()) throw new IllegalArgumentException("unterminated string for key " + key);
                char c = s.charAt(i++);
                if (c == q) break;
                if (c == '\\' && i < s.length()) {
                    char e = s.charAt(i++);
                    b.append(switch (e) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        default -> e;
                    });
                } else {
                    b.append(c);
                }
            }
            if (m.put(key, b.toString()) != null) throw new IllegalArgumentException("duplicate key " + key);
            i = skip(s, i);
            if (i < s.length() && s.charAt(i) == ',') i = skip(s, i + 1);
            else if (i < s.length() && s.charAt(i) != '}') throw new IllegalArgumentException("expected ',' or '}' at position " + i);
        }
        if (i >= s.length()) throw new IllegalArgumentException("missing '}'");
        return dense(m, "names");
    }

    static List<String> dense(Map<Integer, String> m, String what) {
        String[] r = new String[m.size()];
        for (var e : m.entrySet()) {
            int k = e.getKey();
            if (k < 0 || k >= r.length) {
                throw new IllegalArgumentException(what + " keys must be 0.." + (r.length - 1) + ", found " + k);
            }
            r[k] = e.getValue();
        }
        return List.of(r);
    }

    private static int skip(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        return i;
    }
}
