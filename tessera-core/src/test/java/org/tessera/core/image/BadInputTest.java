package org.tessera.core.image;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.core.label.LabelMap;
import org.tessera.core.panoptic.PanopticMap;

/** Each bad file must raise an ImageFormatException whose one-line message names the file, and write nothing. */
class BadInputTest {
    @TempDir
    Path tmp;

    /** Reads {@code bad} through every reader, then would write; checks the error and that nothing was written. */
    private String assertRefused(Path bad, String expectedProblem) throws Exception {
        Path out = tmp.resolve("out.png");
        String msg = null;
        List<ThrowingRead> readers = List.of(
                () -> Images.writePng(Images.read(bad), out),
                () -> Images.writePng(Images.read(bad, ImageReadOptions.DEFAULT.withExifOrientation(true)), out),
                () -> LabelMaps.writePng(LabelMaps.read(bad), out),
                () -> PanopticMaps.writePng(PanopticMaps.readIds(bad), out));
        for (ThrowingRead r : readers) {
            ImageFormatException e = assertThrows(ImageFormatException.class, r::run);
            assertTrue(e.getMessage().startsWith(bad.toString() + ": "), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
            assertEquals(bad.toString(), e.file());
            if (msg == null) msg = e.getMessage();
        }
        assertTrue(msg.contains(expectedProblem), msg + " should contain '" + expectedProblem + "'");
        assertFalse(Files.exists(out), "nothing written");
        try (Stream<Path> s = Files.list(bad.getParent())) {
            assertEquals(List.of(bad), s.toList(), "no temporary file left");
        }
        return msg;
    }

    interface ThrowingRead {
        void run() throws Exception;
    }

    private Path fileIn(String dir, String name, byte[] content) throws Exception {
        Path d = Files.createDirectories(tmp.resolve(dir));
        Path p = d.resolve(name);
        Files.write(p, content);
        return p;
    }

    @Test
    void truncatedPng() throws Exception {
        byte[] png = Files.readAllBytes(SharedData.path("data/voc_1/SegmentationClass/2007_000063.png"));
        assertRefused(fileIn("a", "half.png", Arrays.copyOf(png, png.length / 2)), "truncated PNG");
        // IEND chunk cut off: all image data present but the file is not complete
        assertRefused(fileIn("b", "noiend.png", Arrays.copyOf(png, png.length - 12)), "truncated PNG (no IEND chunk)");
        // cut inside the signature / IHDR
        assertRefused(fileIn("c", "tiny.png", Arrays.copyOf(png, 20)), "truncated PNG");
        // a flipped byte inside the image data is a CRC error
        byte[] bad = png.clone();
        bad[png.length / 2] ^= 0x5A;
        assertRefused(fileIn("d", "crc.png", bad), "CRC mismatch");
    }

    @Test
    void truncatedJpeg() throws Exception {
        byte[] jpg = Files.readAllBytes(SharedData.path("data/images/bus.jpg"));
        String m = assertRefused(fileIn("a", "half.jpg", Arrays.copyOf(jpg, jpg.length / 2)), "truncated JPEG");
        assertTrue(m.contains("EOI"), m);
        assertRefused(fileIn("b", "noeoi.jpg", Arrays.copyOf(jpg, jpg.length - 2)), "truncated JPEG");
        assertRefused(fileIn("c", "header.jpg", Arrays.copyOf(jpg, 300)), "truncated JPEG");
    }

    static byte[] pngHeaderOnly(int w, int h) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(Png.SIGNATURE);
        byte[] chunk = new byte[4 + 13];
        byte[] type = "IHDR".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(type, 0, chunk, 0, 4);
        put32(chunk, 4, w);
        put32(chunk, 8, h);
        chunk[12] = 8; // bit depth
        chunk[13] = 2; // RGB
        byte[] len = new byte[4];
        put32(len, 0, 13);
        b.write(len);
        b.write(chunk);
        CRC32 crc = new CRC32();
        crc.update(chunk);
        byte[] c = new byte[4];
        put32(c, 0, (int) crc.getValue());
        b.write(c);
        return b.toByteArray();
    }

    private static void put32(byte[] b, int o, int v) {
        b[o] = (byte) (v >>> 24);
        b[o + 1] = (byte) (v >>> 16);
        b[o + 2] = (byte) (v >>> 8);
        b[o + 3] = (byte) v;
    }

    @Test
    void hugePngIsRefusedFromItsHeader() throws Exception {
        Path p = fileIn("a", "huge.png", pngHeaderOnly(100000, 100000));
        String m = assertRefused(p, "too large");
        assertTrue(m.contains("100000x100000"), m);
        // a lower limit refuses a small image too
        Path small = fileIn("b", "small.png", Files.readAllBytes(SharedData.path("data/voc_1/SegmentationClass/2007_000063.png")));
        ImageFormatException e = assertThrows(ImageFormatException.class,
                () -> Images.read(small, ImageReadOptions.DEFAULT.withMaxPixels(1000)));
        assertTrue(e.getMessage().contains("500x375 = 187500 pixels exceeds the limit of 1000"), e.getMessage());
        assertThrows(ImageFormatException.class, () -> LabelMaps.read(small, 1000));
        // and a JPEG's SOF size is checked too
        Path jpg = fileIn("c", "bus.jpg", Files.readAllBytes(SharedData.path("data/images/bus.jpg")));
        e = assertThrows(ImageFormatException.class, () -> Images.read(jpg, ImageReadOptions.DEFAULT.withMaxPixels(810L * 1080 - 1)));
        assertTrue(e.getMessage().contains("810x1080"), e.getMessage());
    }

    @Test
    void textFileNamedPng() throws Exception {
        assertRefused(fileIn("a", "notes.png", "hello, this is not an image\n".getBytes(StandardCharsets.UTF_8)), "not a PNG or JPEG file");
    }

    @Test
    void zeroByteFile() throws Exception {
        assertRefused(fileIn("a", "empty.png", new byte[0]), "empty file");
    }

    @Test
    void unsupportedBitDepth() throws Exception {
        byte[] h = pngHeaderOnly(4, 4);
        h[8 + 8 + 8] = 4; // RGB at 4 bits: not allowed by the PNG spec
        CRC32 crc = new CRC32();
        crc.update(h, 12, 17);
        put32(h, 29, (int) crc.getValue());
        assertRefused(fileIn("a", "rgb4.png", h), "unsupported PNG bit depth 4");
    }

    @Test
    void wrongKindsForLabelsAndPanoptic() throws Exception {
        Path rgb = SharedData.path("data/coco_panoptic_2/panoptic_examples/000000142238.png");
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> LabelMaps.read(rgb));
        assertTrue(e.getMessage().contains("not a label map: a RGB PNG"), e.getMessage());
        Path gray = SharedData.path("data/images/camera.png");
        e = assertThrows(ImageFormatException.class, () -> PanopticMaps.readIds(gray));
        assertTrue(e.getMessage().contains("not a panoptic id map"), e.getMessage());
        Path jpg = SharedData.path("data/images/bus.jpg");
        e = assertThrows(ImageFormatException.class, () -> LabelMaps.read(jpg));
        assertTrue(e.getMessage().contains("JPEG cannot be a label map"), e.getMessage());
    }

    @Test
    void failedWriteLeavesNothing() throws Exception {
        Path out = tmp.resolve("pan.png");
        PanopticMap bad = new PanopticMap(2, 1, new int[] {1, 1 << 24}, List.of());
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> PanopticMaps.writePng(bad, out));
        assertTrue(e.getMessage().contains("segment id 16777216 at pixel (1, 0)"), e.getMessage());
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(0, s.count());
        }
        // an existing file is replaced only by a complete new one
        LabelMap m = LabelMap.filled(3, 3, 1);
        LabelMaps.writePng(m, out);
        LabelMaps.writePng(LabelMap.filled(3, 3, 2), out);
        assertEquals(LabelMap.filled(3, 3, 2), LabelMaps.read(out));
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(1, s.count());
        }
    }

    static byte[] chunk(String type, byte[] data) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] len = new byte[4];
        put32(len, 0, data.length);
        b.writeBytes(len);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        b.writeBytes(t);
        b.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        byte[] c = new byte[4];
        put32(c, 0, (int) crc.getValue());
        b.writeBytes(c);
        return b.toByteArray();
    }

    static byte[] zlib(byte[] raw) {
        java.util.zip.Deflater d = new java.util.zip.Deflater();
        d.setInput(raw);
        d.finish();
        byte[] buf = new byte[raw.length + 64];
        int n = d.deflate(buf);
        d.end();
        return Arrays.copyOf(buf, n);
    }

    @Test
    void decompressionBombIsRefusedBeforeAllocating() throws Exception {
        // 16000 x 16000 RGB is under the 2^28-pixel limit, but 20 bytes of zlib data cannot fill 768 MB
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(pngHeaderOnly(16000, 16000));
        b.writeBytes(chunk("IDAT", zlib(new byte[100])));
        b.writeBytes(chunk("IEND", new byte[0]));
        String m = assertRefused(fileIn("a", "bomb.png", b.toByteArray()), "cannot hold");
        assertTrue(m.contains("16000x16000"), m);
    }

    @Test
    void shortZlibStreamIsCorrupt() throws Exception {
        // a 2x2 RGB image needs 2 rows x (1 filter byte + 6) = 14 bytes; the stream ends after 10
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(pngHeaderOnly(2, 2));
        b.writeBytes(chunk("IDAT", zlib(new byte[10])));
        b.writeBytes(chunk("IEND", new byte[0]));
        assertRefused(fileIn("a", "short.png", b.toByteArray()), "corrupt PNG (image data ends after 10 of 14 bytes)");
        // the same with all 14 bytes reads as a black image
        ByteArrayOutputStream ok = new ByteArrayOutputStream();
        ok.writeBytes(pngHeaderOnly(2, 2));
        ok.writeBytes(chunk("IDAT", zlib(new byte[14])));
        ok.writeBytes(chunk("IEND", new byte[0]));
        assertEquals(Image.blank(2, 2, 3, 8), Images.decode(ok.toByteArray(), "ok", ImageReadOptions.DEFAULT));
    }
}
