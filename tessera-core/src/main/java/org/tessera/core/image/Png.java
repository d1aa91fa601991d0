package org.tessera.core.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * PNG decoder and encoder (ISO/IEC 15948), written on {@link Inflater} / {@link Deflater} so that palette indices,
 * 16-bit samples and the header are available as stored, every chunk CRC is checked and truncation is detected.
 */
final class Png {
    static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    static final int GRAY = 0, RGB = 2, PALETTE = 3, GRAY_ALPHA = 4, RGBA = 6;

    private Png() {}

    /**
     * A decoded PNG as stored: one sample per array slot in the PNG's own channel layout (palette images: the
     * indices), samples of bit depth 1/2/4 unscaled in {@code bytes}, 16-bit samples in {@code shorts}.
     */
    record Raw(int width, int height, int bitDepth, int colorType, byte[] bytes, short[] shorts, int[] palette,
               byte[] exif) {
        int channels() {
            return channelsOf(colorType);
        }
    }

    /** Width, height, bit depth and colour type from the IHDR chunk. */
    record Header(int width, int height, int bitDepth, int colorType, int interlace) {}

    static boolean isPng(byte[] b) {
        if (b.length < 8) return false;
        for (int i = 0; i < 8; i++) if (b[i] != SIGNATURE[i]) return false;
        return true;
    }

    static int channelsOf(int colorType) {
        return switch (colorType) {
            case GRAY, PALETTE -> 1;
            case GRAY_ALPHA -> 2;
            case RGB -> 3;
            case RGBA -> 4;
            default -> throw new IllegalArgumentException("colour type " + colorType);
        };
    }

    private static int be32(byte[] b, int o) {
        return ((b[o] & 0xFF) << 24) | ((b[o + 1] & 0xFF) << 16) | ((b[o + 2] & 0xFF) << 8) | (b[o + 3] & 0xFF);
    }

    private static String typeName(int type) {
        char[] c = {(char) (type >>> 24), (char) ((type >>> 16) & 0xFF), (char) ((type >>> 8) & 0xFF), (char) (type & 0xFF)};
        for (int i = 0; i < 4; i++) if (c[i] < 32 || c[i] > 126) c[i] = '?';
        return new String(c);
    }

    private static final int IHDR = 0x49484452, PLTE = 0x504C5445, IDAT = 0x49444154, IEND = 0x49454E44,
            EXIF = 0x65584966;

    /** Reads and validates the IHDR chunk. */
    static Header header(byte[] b, String name) throws ImageFormatException {
        if (!isPng(b)) throw new ImageFormatException(name, "not a PNG file");
        if (b.length < 8 + 8 + 13 + 4) throw new ImageFormatException(name, "truncated PNG (incomplete IHDR chunk, " + b.length + " bytes)");
        int len = be32(b, 8), type = be32(b, 12);
        if (type != IHDR || len != 13) throw new ImageFormatException(name, "corrupt PNG (first chunk is " + typeName(type) + ", not a 13-byte IHDR)");
        checkCrc(b, 8, 13, name);
        int w = be32(b, 16), h = be32(b, 20);
        int depth = b[24] & 0xFF, ct = b[25] & 0xFF, comp = b[26] & 0xFF, filter = b[27] & 0xFF, interlace = b[28] & 0xFF;
        if (w <= 0 || h <= 0) throw new ImageFormatException(name, "corrupt PNG (size " + Integer.toUnsignedString(w) + "x" + Integer.toUnsignedString(h) + ")");
        boolean ok = switch (ct) {
            case GRAY -> depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16;
            case PALETTE -> depth == 1 || depth == 2 || depth == 4 || depth == 8;
            case RGB, GRAY_ALPHA, RGBA -> depth == 8 || depth == 16;
            default -> false;
        };
        if (!ok) throw new ImageFormatException(name, "unsupported PNG bit depth " + depth + " for colour type " + ct);
        if (comp != 0 || filter != 0 || interlace > 1) {
            throw new ImageFormatException(name, "corrupt PNG (compression " + comp + ", filter " + filter + ", interlace " + interlace + ")");
        }
        return new Header(w, h, depth, ct, interlace);
    }

    private static void checkCrc(byte[] b, int chunkStart, int len, String name) throws ImageFormatException {
        CRC32 crc = new CRC32();
        crc.update(b, chunkStart + 4, len + 4);
        int stored = be32(b, chunkStart + 8 + len);
        if ((int) crc.getValue() != stored) {
            throw new ImageFormatException(name, "corrupt PNG (CRC mismatch in " + typeName(be32(b, chunkStart + 4)) + " chunk at byte " + chunkStart + ")");
        }
    }

    private static final int[][] ADAM7 = {
            {0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2}};
    private static final int[][] SINGLE = {{0, 0, 1, 1}};

    /**
     * Fails unless {@code data} is a PNG: a JPEG with {@code jpegRefusal} (why this kind of file cannot be a JPEG),
     * anything else with what it looks like ({@link Images#notAnImage}).
     */
    static void requirePng(byte[] data, String name, String jpegRefusal) throws ImageFormatException {
        if (!isPng(data)) {
            if (Jpeg.isJpeg(data)) throw new ImageFormatException(name, jpegRefusal);
            throw new ImageFormatException(name, Images.notAnImage(data));
        }
    }

    /** Decodes a whole PNG file held in memory. */
    static Raw decode(byte[] b, String name, long maxPixels) throws ImageFormatException {
        Header hd = header(b, name);
        int w = hd.width(), h = hd.height(), depth = hd.bitDepth(), ct = hd.colorType();
        long pixels = (long) w * h;
        if (pixels > maxPixels) {
            throw new ImageFormatException(name, "image too large: " + w + "x" + h + " = " + pixels + " pixels exceeds the limit of " + maxPixels);
        }
        int ch = channelsOf(ct);
        long samples = pixels * ch;
        if (samples > Integer.MAX_VALUE - 16) throw new ImageFormatException(name, "image too large: " + w + "x" + h + "x" + ch + " samples do not fit one array");
        int bitsPerPixel = ch * depth;
        int[][] passes = hd.interlace() == 1 ? ADAM7 : SINGLE;
        long rawLen = 0;
        for (int[] p : passes) {
            long pw = (w - p[0] + p[2] - 1L) / p[2], ph = (h - p[1] + p[3] - 1L) / p[3];
            if (pw > 0 && ph > 0) rawLen += ph * (1 + (pw * bitsPerPixel + 7) / 8);
        }
        if (rawLen > Integer.MAX_VALUE - 16) throw new ImageFormatException(name, "image too large: " + w + "x" + h + " image data does not fit one array");

        // Pass 1: chunk structure and CRCs, without allocating the image.
        int[] idat = new int[16]; // (data offset, length) pairs
        int idatCount = 0;
        long idatTotal = 0;
        int[] palette = null;
        byte[] exif = null;
        boolean iend = false, idatDone = false;
        int pos = 8;
        while (pos < b.length) {
            if (pos + 8 > b.length) throw new ImageFormatException(name, "truncated PNG (incomplete chunk header at byte " + pos + ")");
            int len = be32(b, pos), type = be32(b, pos + 4);
            if (len < 0 || (long) pos + 12 + len > b.length) {
                throw new ImageFormatException(name, "truncated PNG (" + typeName(type) + " chunk at byte " + pos + " needs "
                        + (12L + Integer.toUnsignedLong(len)) + " bytes, " + (b.length - pos) + " left)");
            }
            checkCrc(b, pos, len, name);
            int data = pos + 8;
            if (type == IDAT) {
                if (idatDone) throw new ImageFormatException(name, "corrupt PNG (IDAT chunks not consecutive)");
                if (2 * idatCount + 2 > idat.length) idat = java.util.Arrays.copyOf(idat, idat.length * 2);
                idat[2 * idatCount] = data;
                idat[2 * idatCount + 1] = len;
                idatCount++;
                idatTotal += len;
            } else {
                if (idatCount > 0) idatDone = true;
                if (type == PLTE) {
                    if (len % 3 != 0 || len == 0 || len > 768) throw new ImageFormatException(name, "corrupt PNG (PLTE chunk of " + len + " bytes)");
                    palette = new int[len / 3];
                    for (int i = 0; i < palette.length; i++) {
                        int o = data + 3 * i;
                        palette[i] = ((b[o] & 0xFF) << 16) | ((b[o + 1] & 0xFF) << 8) | (b[o + 2] & 0xFF);
                    }
                } else if (type == EXIF) {
                    exif = java.util.Arrays.copyOfRange(b, data, data + len);
                } else if (type == IEND) {
                    iend = true;
                    break;
                } else if ((type & 0x20000000) == 0 && type != IHDR) {
                    throw new ImageFormatException(name, "unsupported PNG (unknown critical chunk " + typeName(type) + ")");
                }
            }
            pos = data + len + 4;
        }
        if (idatCount == 0) throw new ImageFormatException(name, iend ? "corrupt PNG (no IDAT chunk)" : "truncated PNG (no image data)");
        if (!iend) throw new ImageFormatException(name, "truncated PNG (no IEND chunk)");
        if (ct == PALETTE && palette == null) throw new ImageFormatException(name, "corrupt PNG (palette image without PLTE chunk)");
        // deflate expands at most ~1032:1; refuse before allocating what the data cannot fill (decompression bombs)
        if (idatTotal * 1032L + 1024 < rawLen) {
            throw new ImageFormatException(name, "corrupt PNG (" + idatTotal + " bytes of compressed image data cannot hold the "
                    + rawLen + " bytes of a " + w + "x" + h + " image)");
        }

        // Pass 2: inflate.
        byte[] raw = new byte[(int) rawLen];
        int got = 0;
        boolean ended = false;
        Inflater inf = new Inflater();
        try {
            for (int k = 0; k < idatCount && !inf.finished(); k++) {
                inf.setInput(b, idat[2 * k], idat[2 * k + 1]);
                while (!inf.finished() && !inf.needsInput()) {
                    if (got == raw.length) {
                        // more data than the image needs: tolerated if it is only the stream's end
                        if (inf.inflate(new byte[256]) > 0) throw new ImageFormatException(name, "corrupt PNG (more image data than " + w + "x" + h + " needs)");
                        if (inf.needsDictionary()) throw new ImageFormatException(name, "corrupt PNG (zlib preset dictionary)");
                        continue;
                    }
                    int n = inf.inflate(raw, got, raw.length - got);
                    got += n;
                    if (n == 0 && inf.needsDictionary()) throw new ImageFormatException(name, "corrupt PNG (zlib preset dictionary)");
                }
            }
            ended = inf.finished();
        } catch (DataFormatException e) {
            throw new ImageFormatException(name, "corrupt PNG image data (zlib: " + e.getMessage() + ")");
        } finally {
            inf.end();
        }
        if (got < raw.length) {
            throw new ImageFormatException(name, (ended ? "corrupt PNG (image data ends after " : "truncated PNG (image data ends after ")
                    + got + " of " + raw.length + " bytes)");
        }

        byte[] out8 = depth == 16 ? null : new byte[(int) samples];
        short[] out16 = depth == 16 ? new short[(int) samples] : null;
        int off = 0;
        int bpp = Math.max(1, bitsPerPixel / 8);
        for (int[] p : passes) {
            int pw = (w - p[0] + p[2] - 1) / p[2], ph = (h - p[1] + p[3] - 1) / p[3];
            if (pw <= 0 || ph <= 0) continue;
            int rowBytes = (int) (((long) pw * bitsPerPixel + 7) / 8);
            int prev = -1;
            for (int r = 0; r < ph; r++) {
                int start = off + r * (rowBytes + 1);
                int ft = raw[start] & 0xFF;
                unfilter(raw, start + 1, prev, rowBytes, bpp, ft, name);
                prev = start + 1;
                int y = p[1] + r * p[3];
                unpackRow(raw, start + 1, pw, ch, depth, out8, out16, (long) y * w, p[0], p[2]);
            }
            off += ph * (rowBytes + 1);
        }
        if (ct == PALETTE) {
            for (byte v : out8) {
                if ((v & 0xFF) >= palette.length) {
                    throw new ImageFormatException(name, "corrupt PNG (palette index " + (v & 0xFF) + " past the " + palette.length + "-entry PLTE)");
                }
            }
        }
        return new Raw(w, h, depth, ct, out8, out16, palette, exif);
    }

    private static void unfilter(byte[] a, int cur, int prev, int n, int bpp, int ft, String name) throws ImageFormatException {
        int lead = Math.min(bpp, n);
        switch (ft) {
            case 0 -> {
            }
            case 1 -> {
                for (int i = cur + bpp, end = cur + n; i < end; i++) a[i] += a[i - bpp];
            }
            case 2 -> {
                if (prev >= 0) for (int i = 0; i < n; i++) a[cur + i] += a[prev + i];
            }
            case 3 -> {
                if (prev < 0) {
                    for (int i = cur + bpp, end = cur + n; i < end; i++) a[i] += (byte) ((a[i - bpp] & 0xFF) >>> 1);
                } else {
                    for (int i = 0; i < lead; i++) a[cur + i] += (byte) ((a[prev + i] & 0xFF) >>> 1);
                    for (int i = lead; i < n; i++) a[cur + i] += (byte) (((a[cur + i - bpp] & 0xFF) + (a[prev + i] & 0xFF)) >>> 1);
                }
            }
            case 4 -> {
                if (prev < 0) { // Paeth with no row above is Sub
                    for (int i = cur + bpp, end = cur + n; i < end; i++) a[i] += a[i - bpp];
                } else {
                    for (int i = 0; i < lead; i++) a[cur + i] += a[prev + i]; // left = upper-left = 0: predictor is up
                    for (int i = lead; i < n; i++) {
                        int left = a[cur + i - bpp] & 0xFF, up = a[prev + i] & 0xFF, ul = a[prev + i - bpp] & 0xFF;
                        int pa = Math.abs(up - ul), pb = Math.abs(left - ul), pc = Math.abs(left + up - 2 * ul);
                        int pred = pa <= pb && pa <= pc ? left : pb <= pc ? up : ul;
                        a[cur + i] += (byte) pred;
                    }
                }
            }
            default -> throw new ImageFormatException(name, "corrupt PNG (row filter type " + ft + ")");
        }
    }

    /** Copies one unfiltered row of {@code pw} pixels to output pixels x0, x0 + dx, ... of the row at rowBase. */
    private static void unpackRow(byte[] a, int s, int pw, int ch, int depth, byte[] out8, short[] out16, long rowBase,
                                  int x0, int dx) {
        if (depth == 8) {
            if (dx == 1) {
                System.arraycopy(a, s, out8, (int) (rowBase * ch), pw * ch);
            } else {
                for (int i = 0; i < pw; i++) {
                    int o = (int) ((rowBase + x0 + (long) i * dx) * ch);
                    for (int c = 0; c < ch; c++) out8[o + c] = a[s + i * ch + c];
                }
            }
        } else if (depth == 16) {
            for (int i = 0; i < pw; i++) {
                int o = (int) ((rowBase + x0 + (long) i * dx) * ch);
                int q = s + i * ch * 2;
                for (int c = 0; c < ch; c++, q += 2) out16[o + c] = (short) (((a[q] & 0xFF) << 8) | (a[q + 1] & 0xFF));
            }
        } else { // 1, 2, 4 bits, one channel
            int mask = (1 << depth) - 1;
            int perByte = 8 / depth;
            for (int i = 0; i < pw; i++) {
                int v = a[s + i / perByte] & 0xFF;
                int shift = 8 - depth * (i % perByte + 1);
                out8[(int) (rowBase + x0 + (long) i * dx)] = (byte) ((v >>> shift) & mask);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ encoder

    /**
     * Encodes a non-interlaced PNG. {@code samples8} or {@code samples16} hold the samples in the PNG channel
     * layout of {@code colorType}; bit depth 8 (bytes) or 16 (shorts); palette (packed RGB) for colour type 3.
     */
    static void encode(OutputStream out, int w, int h, int colorType, byte[] samples8, short[] samples16,
                       int[] palette, int level) throws IOException {
        int ch = channelsOf(colorType);
        int depth = samples16 != null ? 16 : 8;
        int bpp = ch * depth / 8;
        int rowBytes = w * bpp;
        out.write(SIGNATURE);
        byte[] ihdr = new byte[13];
        put32(ihdr, 0, w);
        put32(ihdr, 4, h);
        ihdr[8] = (byte) depth;
        ihdr[9] = (byte) colorType;
        writeChunk(out, IHDR, ihdr, 0, 13);
        if (colorType == PALETTE) {
            byte[] p = new byte[palette.length * 3];
            for (int i = 0; i < palette.length; i++) {
                p[3 * i] = (byte) (palette[i] >> 16);
                p[3 * i + 1] = (byte) (palette[i] >> 8);
                p[3 * i + 2] = (byte) palette[i];
            }
            writeChunk(out, PLTE, p, 0, p.length);
        }
        Deflater def = new Deflater(level);
        byte[] zbuf = new byte[1 << 16];
        byte[] cur = new byte[rowBytes + 1], prev = new byte[rowBytes + 1], cand = new byte[rowBytes + 1], best = new byte[rowBytes + 1];
        boolean adaptive = colorType != PALETTE && level != 0;
        IdatWriter idat = new IdatWriter(out);
        try {
            for (int y = 0; y < h; y++) {
                // cur[1..] = raw row bytes
                if (depth == 8) {
                    System.arraycopy(samples8, y * rowBytes, cur, 1, rowBytes);
                } else {
                    int base = y * w * ch;
                    for (int i = 0, n = w * ch; i < n; i++) {
                        short v = samples16[base + i];
                        cur[1 + 2 * i] = (byte) (v >> 8);
                        cur[2 + 2 * i] = (byte) v;
                    }
                }
                byte[] row;
                if (!adaptive) {
                    cur[0] = 0;
                    row = cur;
                } else {
                    row = chooseFilter(cur, y == 0 ? null : prev, cand, best, rowBytes, bpp);
                }
                def.setInput(row, 0, rowBytes + 1);
                while (!def.needsInput()) {
                    int n = def.deflate(zbuf, 0, zbuf.length, Deflater.NO_FLUSH);
                    if (n > 0) idat.write(zbuf, n);
                }
                byte[] t = prev;
                prev = cur;
                cur = t;
            }
            def.finish();
            while (!def.finished()) {
                int n = def.deflate(zbuf);
                if (n > 0) idat.write(zbuf, n);
            }
            idat.flush();
        } finally {
            def.end();
        }
        writeChunk(out, IEND, new byte[0], 0, 0);
    }

    /**
     * libpng's heuristic: the filter whose residuals, read as signed bytes, have the smallest sum of absolute
     * values. {@code cur[0]} / {@code cand[0]} / {@code best[0]} hold the filter byte.
     */
    private static byte[] chooseFilter(byte[] cur, byte[] prev, byte[] cand, byte[] best, int n, int bpp) {
        long bestSum = 0;
        for (int i = 1; i <= n; i++) bestSum += Math.abs((int) cur[i]);
        cur[0] = 0;
        byte[] bestRow = cur;
        for (int ft = 1; ft <= 4; ft++) {
            if (prev == null && ft == 2) continue; // Up on the first row is None
            long sum = filterRow(ft, cur, prev, cand, n, bpp, bestSum);
            if (sum < bestSum) {
                bestSum = sum;
                byte[] t = best;
                best = cand;
                cand = t;
                bestRow = best;
            }
        }
        return bestRow;
    }

    /** Writes the residuals of filter ft into out[1..n]; returns their cost, or a value >= limit if it exceeds limit. */
    private static long filterRow(int ft, byte[] cur, byte[] prev, byte[] out, int n, int bpp, long limit) {
        out[0] = (byte) ft;
        long sum = 0;
        int lead = Math.min(bpp, n);
        switch (ft) {
            case 1 -> {
                for (int i = 1; i <= lead; i++) sum += Math.abs((int) (out[i] = cur[i]));
                for (int i = lead + 1; i <= n; i++) {
                    byte r = (byte) (cur[i] - cur[i - bpp]);
                    out[i] = r;
                    sum += Math.abs((int) r);
                    if ((i & 255) == 0 && sum >= limit) return sum;
                }
            }
            case 2 -> {
                for (int i = 1; i <= n; i++) {
                    byte r = (byte) (cur[i] - prev[i]);
                    out[i] = r;
                    sum += Math.abs((int) r);
                    if ((i & 255) == 0 && sum >= limit) return sum;
                }
            }
            case 3 -> {
                for (int i = 1; i <= n; i++) {
                    int left = i > bpp ? cur[i - bpp] & 0xFF : 0;
                    int up = prev != null ? prev[i] & 0xFF : 0;
                    byte r = (byte) (cur[i] - ((left + up) >>> 1));
                    out[i] = r;
                    sum += Math.abs((int) r);
                    if ((i & 255) == 0 && sum >= limit) return sum;
                }
            }
            default -> {
                for (int i = 1; i <= n; i++) {
                    int left = i > bpp ? cur[i - bpp] & 0xFF : 0;
                    int up = prev != null ? prev[i] & 0xFF : 0;
                    int ul = i > bpp && prev != null ? prev[i - bpp] & 0xFF : 0;
                    int pp = left + up - ul;
                    int pa = Math.abs(pp - left), pb = Math.abs(pp - up), pc = Math.abs(pp - ul);
                    int pred = pa <= pb && pa <= pc ? left : pb <= pc ? up : ul;
                    byte r = (byte) (cur[i] - pred);
                    out[i] = r;
                    sum += Math.abs((int) r);
                    if ((i & 255) == 0 && sum >= limit) return sum;
                }
            }
        }
        return sum;
    }

    private static final class IdatWriter {
        private final OutputStream out;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream(1 << 17);

        IdatWriter(OutputStream out) {
            this.out = out;
        }

        void write(byte[] b, int n) throws IOException {
            buf.write(b, 0, n);
            if (buf.size() >= 1 << 17) flush();
        }

        void flush() throws IOException {
            if (buf.size() == 0) return;
            byte[] d = buf.toByteArray();
            writeChunk(out, IDAT, d, 0, d.length);
            buf.reset();
        }
    }

    private static void put32(byte[] b, int o, int v) {
        b[o] = (byte) (v >>> 24);
        b[o + 1] = (byte) (v >>> 16);
        b[o + 2] = (byte) (v >>> 8);
        b[o + 3] = (byte) v;
    }

    private static void writeChunk(OutputStream out, int type, byte[] data, int off, int len) throws IOException {
        byte[] hdr = new byte[8];
        put32(hdr, 0, len);
        put32(hdr, 4, type);
        CRC32 crc = new CRC32();
        crc.update(hdr, 4, 4);
        crc.update(data, off, len);
        out.write(hdr);
        out.write(data, off, len);
        byte[] c = new byte[4];
        put32(c, 0, (int) crc.getValue());
        out.write(c);
    }
}
