package org.tessera.eval.coco;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Shared Jackson streaming helpers for the COCO readers. */
final class CocoJson {
    private CocoJson() {}

    static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();

    /** A parse of an opened JSON stream. */
    interface Body<T> {
        T parse(JsonParser p) throws IOException;
    }

    /**
     * Opens {@code file} and runs {@code body} on its parser; a missing file or malformed JSON becomes a
     * {@link CocoFormatException} naming the file ("no such {@code what} file", or the JSON error and its position).
     */
    static <T> T parseFile(Path file, String what, Body<T> body) throws IOException {
        try (InputStream in = Files.newInputStream(file); JsonParser p = FACTORY.createParser(in)) {
            return body.parse(p);
        } catch (NoSuchFileException e) {
            throw new CocoFormatException(file + ": no such " + what + " file", e);
        } catch (JsonParseException e) {
            throw new CocoFormatException(file + ": not valid JSON (" + e.getOriginalMessage() + " at " + where(e.getProcessor()) + ")", e);
        }
    }

    /**
     * Fails when row i holds an RLE whose {@code size} is not the {@code h x w} of its image.
     *
     * @param item the row as named in messages, e.g. {@code "result #3 (image_id 42)"}
     */
    static void checkRleSize(AnnotationTable tab, int i, int h, int w, Path file, String item) throws CocoFormatException {
        byte k = tab.segKind[i];
        if ((k == AnnotationTable.SEG_RLE_STRING || k == AnnotationTable.SEG_RLE_COUNTS) && (tab.segH[i] != h || tab.segW[i] != w)) {
            throw new CocoFormatException(file + ": " + item + ": segmentation size [" + tab.segH[i] + ", " + tab.segW[i]
                    + "] differs from the image size [" + h + ", " + w + "]");
        }
    }

    /** Reads a number (int or float; booleans as 0/1) or fails with a message naming the item. */
    static double number(JsonParser p, Path file, String item, String field) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) return p.getDoubleValue();
        if (t == JsonToken.VALUE_TRUE) return 1;
        if (t == JsonToken.VALUE_FALSE) return 0;
        throw new CocoFormatException(file + ": " + item + ": '" + field + "' is not a number (" + describe(p) + ")");
    }

    static long integer(JsonParser p, Path file, String item, String field) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT) return p.getLongValue();
        if (t == JsonToken.VALUE_NUMBER_FLOAT) {
            double d = p.getDoubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 9e15) return (long) d;
        }
        throw new CocoFormatException(file + ": " + item + ": '" + field + "' is not an integer (" + describe(p) + ")");
    }

    static int int32(JsonParser p, Path file, String item, String field) throws IOException {
        long v = integer(p, file, item, field);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new CocoFormatException(file + ": " + item + ": '" + field + "' = " + v + " does not fit in 32 bits");
        }
        return (int) v;
    }

    static String describe(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null) return "end of input";
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "the string \"" + abbreviate(p.getText()) + "\"";
            case VALUE_NULL -> "null";
            default -> abbreviate(p.getText());
        };
    }

    static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    static String where(JsonParser p) {
        var loc = p.currentLocation();
        return "line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }

    /**
     * Reads a segmentation value at the current token into row i of the table: a list of polygons, or an RLE object
     * {@code {"size": [h, w], "counts": "..." | [...]}}.
     */
    static void segmentation(JsonParser p, AnnotationTable tab, int i, Path file, String item) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_ARRAY) {
            long start = tab.doublesLen;
            tab.pushDouble(0); // number of polygons, patched below
            // polygon lengths are written after the count; we do not know it in advance, so collect coordinates
            // into a scratch area and move them after the header
            java.util.ArrayList<double[]> polys = new java.util.ArrayList<>();
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t != JsonToken.START_ARRAY) {
                    throw new CocoFormatException(file + ": " + item + ": 'segmentation' is a list but item "
                            + polys.size() + " is not a polygon list of numbers (" + describe(p) + ")");
                }
                double[] xy = new double[16];
                int n = 0;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (n == xy.length) xy = java.util.Arrays.copyOf(xy, n * 2);
                    xy[n++] = number(p, file, item, "segmentation");
                }
                polys.add(java.util.Arrays.copyOf(xy, n));
            }
            if (polys.isEmpty()) throw new CocoFormatException(file + ": " + item + ": 'segmentation' is an empty polygon list");
            boolean boxes = polys.get(0).length == 4;
            for (int k = 0; k < polys.size(); k++) {
                int n = polys.get(k).length;
                if (boxes && n != 4) {
                    throw new CocoFormatException(file + ": " + item + ": polygon 0 has 4 numbers, which pycocotools reads as a box list, but polygon "
                            + k + " has " + n);
                }
                if (!boxes && (n < 6 || n % 2 != 0)) {
                    throw new CocoFormatException(file + ": " + item + ": polygon " + k + " has " + n
                            + " coordinates (need an even number, at least 6)");
                }
            }
            tab.doubles[(int) start] = polys.size();
            for (double[] xy : polys) tab.pushDouble(xy.length);
            for (double[] xy : polys) for (double v : xy) tab.pushDouble(v);
            tab.segKind[i] = AnnotationTable.SEG_POLY;
            tab.segOff[i] = start;
            tab.segLen[i] = (int) (tab.doublesLen - start);
        } else if (t == JsonToken.START_OBJECT) {
            int h = -1, w = -1;
            boolean haveCounts = false;
            while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
                String name = p.currentName();
                t = p.nextToken();
                if ("size".equals(name)) {
                    if (t != JsonToken.START_ARRAY) throw new CocoFormatException(file + ": " + item + ": RLE 'size' is not [h, w]");
                    p.nextToken();
                    h = int32(p, file, item, "size");
                    p.nextToken();
                    w = int32(p, file, item, "size");
                    if (p.nextToken() != JsonToken.END_ARRAY) throw new CocoFormatException(file + ": " + item + ": RLE 'size' is not [h, w]");
                } else if ("counts".equals(name)) {
                    haveCounts = true;
                    if (t == JsonToken.VALUE_STRING) {
                        tab.segKind[i] = AnnotationTable.SEG_RLE_STRING;
                        tab.segOff[i] = tab.charsLen;
                        tab.segLen[i] = p.getTextLength();
                        tab.pushChars(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                    } else if (t == JsonToken.START_ARRAY) {
                        tab.segKind[i] = AnnotationTable.SEG_RLE_COUNTS;
                        long start = tab.intsLen;
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            long v = integer(p, file, item, "counts");
                            if (v < 0 || v > Integer.MAX_VALUE) throw new CocoFormatException(file + ": " + item + ": RLE count " + v + " out of range");
                            tab.pushInt((int) v);
                        }
                        tab.segOff[i] = start;
                        tab.segLen[i] = (int) (tab.intsLen - start);
                    } else {
                        throw new CocoFormatException(file + ": " + item + ": RLE 'counts' is neither a string nor a list (" + describe(p) + ")");
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (!haveCounts || h < 0) {
                throw new CocoFormatException(file + ": " + item + ": RLE segmentation needs 'size' and 'counts'");
            }
            if ((long) h * w > Integer.MAX_VALUE) throw new CocoFormatException(file + ": " + item + ": RLE size " + h + "x" + w + " too large");
            tab.segH[i] = h;
            tab.segW[i] = w;
        } else {
            throw new CocoFormatException(file + ": " + item + ": 'segmentation' is neither polygons nor an RLE object (" + describe(p) + ")");
        }
    }

    /** Reads {@code [x, y, w, h]} into row i; returns false for an empty list. */
    static boolean bbox(JsonParser p, AnnotationTable tab, int i, Path file, String item) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new CocoFormatException(file + ": " + item + ": 'bbox' is not a list [x, y, w, h] (" + describe(p) + ")");
        }
        int n = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) throw new CocoFormatException(file + ": " + item + ": unexpected end of input in 'bbox'");
            double v = number(p, file, item, "bbox");
            if (n < 4) tab.bbox[4 * i + n] = v;
            n++;
        }
        if (n == 0) return false;
        if (n != 4) throw new CocoFormatException(file + ": " + item + ": 'bbox' has " + n + " numbers, expected 4 [x, y, w, h]");
        return true;
    }
}
