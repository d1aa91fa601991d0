package org.tessera.data.coco;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tessera.data.DatasetCategory;
import org.tessera.data.DatasetException;

/** Streaming COCO JSON parser (Jackson {@link JsonParser}; no tree of the file is built). */
final class CocoParser {
    static final JsonFactory FACTORY = JsonFactory.builder().build();

    /** Images as parsed (columnar). */
    static final class Images {
        int n;
        long[] ids = new long[256];
        String[] fileNames = new String[256];
        int[] widths = new int[256];
        int[] heights = new int[256];

        int add(long id, String file, int w, int h) {
            if (n == ids.length) {
                int c = n * 2;
                ids = Arrays.copyOf(ids, c);
                fileNames = Arrays.copyOf(fileNames, c);
                widths = Arrays.copyOf(widths, c);
                heights = Arrays.copyOf(heights, c);
            }
            ids[n] = id;
            fileNames[n] = file;
            widths[n] = w;
            heights[n] = h;
            return n++;
        }

        void trim() {
            int c = Math.max(1, n);
            ids = Arrays.copyOf(ids, c);
            fileNames = Arrays.copyOf(fileNames, c);
            widths = Arrays.copyOf(widths, c);
            heights = Arrays.copyOf(heights, c);
        }
    }

    final Path file;
    final Images images = new Images();
    final AnnotationStore anns;
    final List<DatasetCategory> categories = new ArrayList<>();
    final List<String> problems = new ArrayList<>();
    private int annIndex;

    // per-polygon scratch
    private long[] mant = new long[256];
    private byte[] frac = new byte[256];
    private double[] vals = new double[256];
    private int[] partLen = new int[16];

    private CocoParser(Path file, boolean results) throws IOException {
        this.file = file;
        long size = Files.size(file);
        this.anns = new AnnotationStore(results, size);
    }

    static CocoParser parseDataset(Path file) throws IOException {
        CocoParser p = new CocoParser(file, false);
        p.run(false);
        return p;
    }

    static CocoParser parseResults(Path file) throws IOException {
        CocoParser p = new CocoParser(file, true);
        p.run(true);
        return p;
    }

    private void run(boolean results) throws IOException {
        try (InputStream in = Files.newInputStream(file); JsonParser jp = FACTORY.createParser(in)) {
            JsonToken t = jp.nextToken();
            if (t == null) throw DatasetException.of(file, "empty file, a COCO JSON document was expected");
            if (results) {
                if (t != JsonToken.START_ARRAY) {
                    throw DatasetException.of(file, "a COCO results file must be a JSON array of detections, found " + t);
                }
                while (jp.nextToken() == JsonToken.START_OBJECT) parseAnnotation(jp);
                expectEnd(jp, JsonToken.END_ARRAY);
            } else {
                if (t != JsonToken.START_OBJECT) {
                    throw DatasetException.of(file, "a COCO annotation file must be a JSON object, found " + t);
                }
                while (jp.nextToken() == JsonToken.FIELD_NAME) {
                    String name = jp.currentName();
                    JsonToken v = jp.nextToken();
                    switch (name) {
                        case "images" -> {
                            requireArray(jp, v, name);
                            while (jp.nextToken() == JsonToken.START_OBJECT) parseImage(jp);
                            expectEnd(jp, JsonToken.END_ARRAY);
                        }
                        case "annotations" -> {
                            requireArray(jp, v, name);
                            while (jp.nextToken() == JsonToken.START_OBJECT) parseAnnotation(jp);
                            expectEnd(jp, JsonToken.END_ARRAY);
                        }
                        case "categories" -> {
                            requireArray(jp, v, name);
                            while (jp.nextToken() == JsonToken.START_OBJECT) parseCategory(jp);
                            expectEnd(jp, JsonToken.END_ARRAY);
                        }
                        default -> jp.skipChildren();
                    }
                }
                expectEnd(jp, JsonToken.END_OBJECT);
                if (jp.nextToken() != null) throw error(jp, "unexpected content after the top-level object");
            }
        } catch (JsonEOFException e) {
            throw DatasetException.of(file, "truncated JSON (unexpected end of file) at " + where(e.getLocation()), e);
        } catch (StreamReadException e) {
            String m = String.valueOf(e.getOriginalMessage());
            if (m.contains("end-of-input") || m.contains("End-of-input")) {
                throw DatasetException.of(file, "truncated JSON (unexpected end of file) at " + where(e.getLocation()), e);
            }
            throw DatasetException.of(file, "invalid JSON at " + where(e.getLocation()) + ": " + e.getOriginalMessage(), e);
        } catch (NoSuchFileException e) {
            throw DatasetException.of(file, "file not found", e);
        } catch (IllegalStateException e) {
            throw DatasetException.of(file, e.getMessage(), e);
        }
        images.trim();
        anns.trim();
    }

    private static String where(JsonLocation loc) {
        return loc == null ? "?" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }

    private DatasetException error(JsonParser jp, String msg) {
        return DatasetException.of(file, msg + " at " + where(jp.currentLocation()));
    }

    private void requireArray(JsonParser jp, JsonToken v, String name) throws DatasetException {
        if (v != JsonToken.START_ARRAY) throw error(jp, "\"" + name + "\" must be an array, found " + v);
    }

    private void expectEnd(JsonParser jp, JsonToken end) throws IOException {
        JsonToken t = jp.currentToken();
        if (t != end) throw error(jp, "expected " + (end == JsonToken.END_ARRAY ? "an object or ']'" : "'}'") + ", found " + t);
    }

    private long longValue(JsonParser jp, String what) throws IOException {
        JsonToken t = jp.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT) return jp.getLongValue();
        if (t == JsonToken.VALUE_NUMBER_FLOAT) {
            double d = jp.getDoubleValue();
            if (d == Math.rint(d)) return (long) d;
        }
        if (t == JsonToken.VALUE_STRING) {
            try {
                return Long.parseLong(jp.getText().trim());
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw error(jp, what + " must be an integer, found " + describe(jp));
    }

    private double doubleValue(JsonParser jp, String what) throws IOException {
        JsonToken t = jp.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) return jp.getDoubleValue();
        throw error(jp, what + " must be a number, found " + describe(jp));
    }

    private static String describe(JsonParser jp) throws IOException {
        JsonToken t = jp.currentToken();
        if (t == null) return "end of input";
        return switch (t) {
            case VALUE_STRING -> "\"" + jp.getText() + "\"";
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case VALUE_NULL -> "null";
            default -> jp.getText();
        };
    }

    private void parseImage(JsonParser jp) throws IOException {
        long id = Long.MIN_VALUE;
        String fileName = null;
        int w = -1, h = -1;
        while (jp.nextToken() == JsonToken.FIELD_NAME) {
            String name = jp.currentName();
            jp.nextToken();
            switch (name) {
                case "id" -> id = longValue(jp, "image id");
                case "file_name" -> fileName = jp.currentToken() == JsonToken.VALUE_NULL ? null : jp.getText();
                case "width" -> w = (int) longValue(jp, "image width");
                case "height" -> h = (int) longValue(jp, "image height");
                default -> jp.skipChildren();
            }
        }
        if (id == Long.MIN_VALUE) throw error(jp, "image #" + (images.n + 1) + " has no \"id\"");
        images.add(id, fileName == null ? "" : fileName, w, h);
    }

    private void parseCategory(JsonParser jp) throws IOException {
        int id = Integer.MIN_VALUE;
        String name = null, sup = "";
        boolean isThing = true;
        int color = -1;
        while (jp.nextToken() == JsonToken.FIELD_NAME) {
            String f = jp.currentName();
            jp.nextToken();
            switch (f) {
                case "id" -> id = (int) longValue(jp, "category id");
                case "name" -> name = jp.getText();
                case "supercategory" -> sup = jp.currentToken() == JsonToken.VALUE_NULL ? "" : jp.getText();
                case "isthing" -> isThing = jp.currentToken() == JsonToken.VALUE_TRUE || (jp.currentToken().isNumeric() && jp.getIntValue() != 0);
                case "color" -> {
                    if (jp.currentToken() == JsonToken.START_ARRAY) {
                        int c = 0, k = 0;
                        while (jp.nextToken() != JsonToken.END_ARRAY) {
                            c = (c << 8) | (jp.getIntValue() & 0xFF);
                            k++;
                        }
                        if (k == 3) color = c;
                    } else {
                        jp.skipChildren();
                    }
                }
                default -> jp.skipChildren();
            }
        }
        if (id == Integer.MIN_VALUE) throw error(jp, "category #" + (categories.size() + 1) + " has no \"id\"");
        categories.add(new DatasetCategory(id, name == null ? String.valueOf(id) : name, sup, isThing, color));
    }

    private void parseAnnotation(JsonParser jp) throws IOException {
        AnnotationStore s = anns;
        int i = s.begin();
        annIndex++;
        byte f = 0;
        while (jp.nextToken() == JsonToken.FIELD_NAME) {
            String name = jp.currentName();
            JsonToken v = jp.nextToken();
            switch (name) {
                case "id" -> s.ids[i] = longValue(jp, "annotation id");
                case "image_id" -> {
                    s.imageIds[i] = longValue(jp, "annotation #" + annIndex + " image_id");
                    f |= AnnotationStore.F_HAS_IMAGE;
                }
                case "category_id" -> {
                    s.categories[i] = (int) longValue(jp, "annotation #" + annIndex + " category_id");
                    f |= AnnotationStore.F_HAS_CATEGORY;
                }
                case "iscrowd" -> {
                    boolean c = v == JsonToken.VALUE_TRUE || (v.isNumeric() && jp.getDoubleValue() != 0);
                    if (c) f |= AnnotationStore.F_CROWD;
                }
                case "area" -> {
                    s.area[i] = doubleValue(jp, "annotation #" + annIndex + " area");
                    f |= AnnotationStore.F_AREA;
                }
                case "score" -> {
                    if (s.score != null) {
                        s.score[i] = doubleValue(jp, "annotation #" + annIndex + " score");
                        f |= AnnotationStore.F_SCORE;
                    }
                }
                case "bbox" -> {
                    if (v == JsonToken.START_ARRAY) {
                        int k = 0;
                        while (jp.nextToken() != JsonToken.END_ARRAY) {
                            double d = doubleValue(jp, "annotation #" + annIndex + " bbox");
                            if (k < 4) s.bbox[4 * i + k] = d;
                            k++;
                        }
                        if (k != 4) throw error(jp, "annotation #" + annIndex + ": bbox has " + k + " values, 4 expected");
                        f |= AnnotationStore.F_BBOX;
                    } else if (v != JsonToken.VALUE_NULL) {
                        throw error(jp, "annotation #" + annIndex + ": bbox must be an array");
                    }
                }
                case "segmentation" -> parseSegmentation(jp, i);
                default -> jp.skipChildren();
            }
        }
        s.flags[i] = f;
        if (s.score == null) {
            if ((f & AnnotationStore.F_HAS_IMAGE) == 0) throw error(jp, "annotation #" + annIndex + " (id " + s.ids[i] + ") has no image_id");
            if ((f & AnnotationStore.F_HAS_CATEGORY) == 0) throw error(jp, "annotation #" + annIndex + " (id " + s.ids[i] + ") has no category_id");
        } else {
            if ((f & AnnotationStore.F_HAS_IMAGE) == 0) throw error(jp, "result #" + annIndex + " has no image_id");
            if ((f & AnnotationStore.F_HAS_CATEGORY) == 0) throw error(jp, "result #" + annIndex + " has no category_id");
            if ((f & AnnotationStore.F_SCORE) == 0) throw error(jp, "result #" + annIndex + " has no score");
        }
    }

    private void parseSegmentation(JsonParser jp, int i) throws IOException {
        JsonToken t = jp.currentToken();
        if (t == JsonToken.START_ARRAY) {
            parsePolygons(jp, i);
        } else if (t == JsonToken.START_OBJECT) {
            parseRle(jp, i);
        } else if (t != JsonToken.VALUE_NULL) {
            throw error(jp, "annotation #" + annIndex + ": segmentation must be a list of polygons or an RLE object");
        }
    }

    /** Polygons: [[x,y,...],...]; a flat [x,y,...] is read as one polygon. */
    private void parsePolygons(JsonParser jp, int i) throws IOException {
        int parts = 0, total = 0;
        boolean flat = false;
        JsonToken t;
        while ((t = jp.nextToken()) != JsonToken.END_ARRAY) {
            if (t == JsonToken.START_ARRAY) {
                int len = 0;
                while ((t = jp.nextToken()) != JsonToken.END_ARRAY) {
                    addNumber(jp, total + len);
                    len++;
                }
                if (parts == partLen.length) partLen = Arrays.copyOf(partLen, parts * 2);
                partLen[parts++] = len;
                total += len;
            } else if (t.isNumeric()) {
                flat = true;
                addNumber(jp, total++);
            } else {
                throw error(jp, "annotation #" + annIndex + ": polygon coordinates must be numbers, found " + describe(jp));
            }
        }
        if (flat) {
            if (parts > 0) throw error(jp, "annotation #" + annIndex + ": segmentation mixes numbers and polygons");
            partLen[parts++] = total;
        }
        AnnotationStore s = anns;
        int maxFrac = 0;
        boolean exact = true;
        for (int k = 0; k < total; k++) {
            if (frac[k] < 0) {
                exact = false;
                break;
            }
            maxFrac = Math.max(maxFrac, frac[k]);
        }
        if (exact && maxFrac <= 9) {
            long lim = Integer.MAX_VALUE;
            for (int k = 0; k < total && exact; k++) {
                long m = mant[k];
                for (int e = frac[k]; e < maxFrac; e++) m *= 10;
                if (m > lim || m < -lim) exact = false;
                else mant[k] = m;
            }
        } else {
            exact = false;
        }
        int start = s.reserveInts(1 + parts + (exact ? total : 1));
        s.ints[start] = parts;
        System.arraycopy(partLen, 0, s.ints, start + 1, parts);
        s.segStart[i] = start;
        if (exact) {
            s.segKind[i] = AnnotationStore.SEG_POLY_INT;
            s.segScale[i] = (byte) maxFrac;
            int o = start + 1 + parts;
            for (int k = 0; k < total; k++) s.ints[o + k] = (int) mant[k];
        } else {
            s.segKind[i] = AnnotationStore.SEG_POLY_DOUBLE;
            int d = s.reserveDoubles(total);
            System.arraycopy(vals, 0, s.doubles, d, total);
            s.ints[start + 1 + parts] = d;
        }
    }

    /**
     * Records the current number token at scratch position k: its decimal mantissa and fraction digits when the
     * text is a plain decimal with at most 9 fraction digits and 15 significant digits (then the double is exactly
     * mantissa / 10^frac), else frac = -1 and the double Jackson parses.
     */
    private void addNumber(JsonParser jp, int k) throws IOException {
        if (k >= mant.length) {
            int c = Math.max(k + 1, mant.length * 2);
            mant = Arrays.copyOf(mant, c);
            frac = Arrays.copyOf(frac, c);
            vals = Arrays.copyOf(vals, c);
        }
        JsonToken t = jp.currentToken();
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            throw error(jp, "annotation #" + annIndex + ": polygon coordinates must be numbers, found " + describe(jp));
        }
        char[] buf = jp.getTextCharacters();
        int off = jp.getTextOffset(), len = jp.getTextLength();
        int p = off, end = off + len;
        boolean neg = false;
        if (p < end && buf[p] == '-') {
            neg = true;
            p++;
        }
        long m = 0;
        int digits = 0, fd = -1;
        boolean ok = p < end;
        for (; p < end; p++) {
            char c = buf[p];
            if (c >= '0' && c <= '9') {
                m = m * 10 + (c - '0');
                if (m != 0 || digits > 0) digits++;
                if (fd >= 0) fd++;
                if (digits > 15) {
                    ok = false;
                    break;
                }
            } else if (c == '.' && fd < 0) {
                fd = 0;
            } else {
                ok = false;
                break;
            }
        }
        if (fd < 0) fd = 0;
        if (ok && fd <= 9) {
            mant[k] = neg ? -m : m;
            frac[k] = (byte) fd;
            double v = (double) m / POW10[fd];
            vals[k] = neg ? -v : v;
        } else {
            frac[k] = -1;
            vals[k] = jp.getDoubleValue();
        }
    }

    private static final double[] POW10 = {1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};

    private void parseRle(JsonParser jp, int i) throws IOException {
        int h = -1, w = -1;
        int[] counts = null;
        int nCounts = 0;
        int strOff = -1, strLen = 0;
        AnnotationStore s = anns;
        while (jp.nextToken() == JsonToken.FIELD_NAME) {
            String name = jp.currentName();
            JsonToken v = jp.nextToken();
            switch (name) {
                case "size" -> {
                    if (v != JsonToken.START_ARRAY) throw error(jp, "annotation #" + annIndex + ": RLE size must be [height, width]");
                    int k = 0;
                    while (jp.nextToken() != JsonToken.END_ARRAY) {
                        int x = (int) longValue(jp, "RLE size");
                        if (k == 0) h = x;
                        else if (k == 1) w = x;
                        k++;
                    }
                    if (k != 2) throw error(jp, "annotation #" + annIndex + ": RLE size has " + k + " values, [height, width] expected");
                }
                case "counts" -> {
                    if (v == JsonToken.VALUE_STRING) {
                        char[] buf = jp.getTextCharacters();
                        int off = jp.getTextOffset(), len = jp.getTextLength();
                        strOff = s.reserveBytes(len);
                        strLen = len;
                        for (int k = 0; k < len; k++) s.bytes[strOff + k] = (byte) buf[off + k];
                    } else if (v == JsonToken.START_ARRAY) {
                        counts = new int[64];
                        while (jp.nextToken() != JsonToken.END_ARRAY) {
                            long c = longValue(jp, "RLE count");
                            if (c < 0 || c > Integer.MAX_VALUE) throw error(jp, "annotation #" + annIndex + ": RLE count " + c + " out of range");
                            if (nCounts == counts.length) counts = Arrays.copyOf(counts, nCounts * 2);
                            counts[nCounts++] = (int) c;
                        }
                    } else {
                        throw error(jp, "annotation #" + annIndex + ": RLE counts must be a string or an array");
                    }
                }
                default -> jp.skipChildren();
            }
        }
        if (h < 0 || w < 0) throw error(jp, "annotation #" + annIndex + ": RLE has no size");
        if (strOff >= 0) {
            int st = s.reserveInts(4);
            s.ints[st] = h;
            s.ints[st + 1] = w;
            s.ints[st + 2] = strOff;
            s.ints[st + 3] = strLen;
            s.segStart[i] = st;
            s.segKind[i] = AnnotationStore.SEG_RLE_STRING;
        } else if (counts != null) {
            int st = s.reserveInts(3 + nCounts);
            s.ints[st] = h;
            s.ints[st + 1] = w;
            s.ints[st + 2] = nCounts;
            System.arraycopy(counts, 0, s.ints, st + 3, nCounts);
            s.segStart[i] = st;
            s.segKind[i] = AnnotationStore.SEG_RLE_COUNTS;
        } else {
            throw error(jp, "annotation #" + annIndex + ": RLE has no counts");
        }
    }
}
