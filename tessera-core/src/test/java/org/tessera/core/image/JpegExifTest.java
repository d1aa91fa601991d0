package org.tessera.core.image;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JpegExifTest {
    @TempDir
    Path tmp;

    @Test
    void busJpeg() throws Exception {
        Image im = Images.read(SharedData.path("data/images/bus.jpg"));
        assertEquals(810, im.width());
        assertEquals(1080, im.height());
        assertEquals(3, im.channels());
        assertEquals(8, im.bitDepth());
        double[] mean = new double[3];
        byte[] b = im.bytes();
        for (int i = 0; i < b.length; i++) mean[i % 3] += b[i] & 0xFF;
        for (int c = 0; c < 3; c++) {
            mean[c] /= im.pixelCount();
            assertTrue(mean[c] > 60 && mean[c] < 200, "plausible mean of channel " + c + ": " + mean[c]);
        }
        Image g = im.toGray();
        assertEquals(1, g.channels());
        double gm = 0;
        for (byte v : g.bytes()) gm += v & 0xFF;
        gm /= g.pixelCount();
        assertEquals(0.299 * mean[0] + 0.587 * mean[1] + 0.114 * mean[2], gm, 0.6, "luma of the means");

        Image z = Images.read(SharedData.path("data/images/zidane.jpg"));
        assertEquals(1280, z.width());
        assertEquals(720, z.height());
        // VOC photos are 500x375 and 375x500 (portrait stored upright, no EXIF)
        Image v = Images.read(SharedData.path("data/voc_1/JPEGImages/2011_003353.jpg"), ImageReadOptions.DEFAULT.withExifOrientation(true));
        assertEquals(375, v.width());
        assertEquals(500, v.height());
    }

    /** 32x16 RGB: quadrants top-left red, top-right green, bottom-left blue, bottom-right white. */
    static BufferedImage quadrants() {
        BufferedImage bi = new BufferedImage(32, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 32; x++) {
                int c = y < 8 ? (x < 16 ? 0xFF0000 : 0x00FF00) : (x < 16 ? 0x0000FF : 0xFFFFFF);
                bi.setRGB(x, y, c);
            }
        }
        return bi;
    }

    /** An APP1 Exif segment with one IFD0 entry: orientation (SHORT). */
    static byte[] exifApp1(int orientation, boolean littleEndian) {
        byte[] tiff = new byte[8 + 2 + 12 + 4];
        if (littleEndian) {
            tiff[0] = 'I'; tiff[1] = 'I'; tiff[2] = 42; tiff[4] = 8;
            tiff[8] = 1; // one entry
            tiff[10] = 0x12; tiff[11] = 0x01; // tag 0x0112
            tiff[12] = 3; // SHORT
            tiff[14] = 1; // count
            tiff[18] = (byte) orientation;
        } else {
            tiff[0] = 'M'; tiff[1] = 'M'; tiff[3] = 42; tiff[7] = 8;
            tiff[9] = 1;
            tiff[10] = 0x01; tiff[11] = 0x12;
            tiff[13] = 3;
            tiff[17] = 1;
            tiff[19] = (byte) orientation;
        }
        int len = 2 + 6 + tiff.length;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0xFF);
        b.write(0xE1);
        b.write(len >> 8);
        b.write(len & 0xFF);
        b.writeBytes(new byte[] {'E', 'x', 'i', 'f', 0, 0});
        b.writeBytes(tiff);
        return b.toByteArray();
    }

    static byte[] jpegWithOrientation(int orientation, boolean le) throws Exception {
        ByteArrayOutputStream jpg = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(quadrants(), "jpeg", jpg));
        byte[] plain = jpg.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(plain, 0, 2); // SOI
        out.writeBytes(exifApp1(orientation, le));
        out.write(plain, 2, plain.length - 2);
        return out.toByteArray();
    }

    /** Colour class of a pixel: 'R', 'G', 'B', 'W' (JPEG is lossy; the quadrants are far apart). */
    static char colour(Image im, int x, int y) {
        int r = im.get(x, y, 0), g = im.get(x, y, 1), b = im.get(x, y, 2);
        if (r > 200 && g > 200 && b > 200) return 'W';
        if (r > 200 && g < 60 && b < 60) return 'R';
        if (g > 200 && r < 60 && b < 60) return 'G';
        if (b > 200 && r < 60 && g < 60) return 'B';
        return '?';
    }

    /** The colours at the four corners, clockwise from top-left. */
    static String corners(Image im) {
        int w = im.width(), h = im.height();
        return "" + colour(im, 2, 2) + colour(im, w - 3, 2) + colour(im, w - 3, h - 3) + colour(im, 2, h - 3);
    }

    @Test
    void exifOrientationIsAppliedOnlyWhenAsked() throws Exception {
        // the stored corners, clockwise from top-left: R G W B
        String[] expected = {
                null,
                "RGWB", // 1 as stored
                "GRBW", // 2 mirrored left-right
                "WBRG", // 3 rotated 180
                "BWGR", // 4 mirrored top-bottom
                "RBWG", // 5 transposed
                "BRGW", // 6 rotated 90 degrees clockwise
                "WGRB", // 7 transverse
                "GWBR", // 8 rotated 90 degrees counter-clockwise
        };
        for (boolean le : new boolean[] {false, true}) {
            for (int o = 1; o <= 8; o++) {
                Path f = tmp.resolve("o" + o + (le ? "le" : "be") + ".jpg");
                Files.write(f, jpegWithOrientation(o, le));
                Image raw = Images.read(f);
                assertEquals(32, raw.width());
                assertEquals("RGWB", corners(raw), "default ignores orientation " + o);
                Image up = Images.read(f, ImageReadOptions.DEFAULT.withExifOrientation(true));
                assertEquals(o >= 5 ? 16 : 32, up.width(), "width for orientation " + o);
                assertEquals(o >= 5 ? 32 : 16, up.height(), "height for orientation " + o);
                assertEquals(expected[o], corners(up), "orientation " + o + (le ? " II" : " MM"));
            }
        }
        // orientation 6 pixel by pixel: out(x, y) = in(y, h - 1 - x)
        Path f = tmp.resolve("six.jpg");
        Files.write(f, jpegWithOrientation(6, true));
        Image raw = Images.read(f);
        Image up = Images.read(f, ImageReadOptions.DEFAULT.withExifOrientation(true));
        for (int y = 0; y < up.height(); y++) {
            for (int x = 0; x < up.width(); x++) {
                for (int c = 0; c < 3; c++) assertEquals(raw.get(y, raw.height() - 1 - x, c), up.get(x, y, c));
            }
        }
    }

    @Test
    void pngExifChunkOrientation() throws Exception {
        Image q = Image.blank(4, 2, 3, 8);
        int[] colours = {0xFF0000, 0x00FF00, 0x0000FF, 0xFFFFFF}; // TL, TR, BL, BR quadrants of 2x1 pixels
        for (int y = 0; y < 2; y++) for (int x = 0; x < 4; x++) {
            int c = colours[(y * 2) + (x / 2)];
            for (int k = 0; k < 3; k++) q.set(x, y, k, c >> (16 - 8 * k));
        }
        byte[] png = Images.encodePng(q, 4);
        byte[] app1 = exifApp1(8, false);
        byte[] tiff = java.util.Arrays.copyOfRange(app1, 10, app1.length); // drop marker, length, "Exif\0\0"
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, 33); // signature + IHDR
        byte[] hdr = {0, 0, (byte) (tiff.length >> 8), (byte) tiff.length, 'e', 'X', 'I', 'f'};
        out.write(hdr);
        out.write(tiff);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(hdr, 4, 4);
        crc.update(tiff);
        int c = (int) crc.getValue();
        out.write(new byte[] {(byte) (c >>> 24), (byte) (c >>> 16), (byte) (c >>> 8), (byte) c});
        out.write(png, 33, png.length - 33);
        Path f = tmp.resolve("exif.png");
        Files.write(f, out.toByteArray());
        assertEquals(q, Images.read(f));
        Image up = Images.read(f, ImageReadOptions.DEFAULT.withExifOrientation(true));
        assertEquals(2, up.width());
        assertEquals(4, up.height());
        // orientation 8 = rotate 90 counter-clockwise: out(x, y) = in(w - 1 - y, x)
        for (int y = 0; y < 4; y++) for (int x = 0; x < 2; x++) for (int k = 0; k < 3; k++) {
            assertEquals(q.get(3 - y, x, k), up.get(x, y, k));
        }
    }

    @Test
    void probeReadsOnlyTheHeader() throws Exception {
        ImageInfo bus = Images.probe(SharedData.path("data/images/bus.jpg"));
        assertEquals(new ImageInfo("jpeg", 810, 1080, 3, 8, 1), bus);
        assertEquals(new ImageInfo("png", 500, 375, 3, 8, 1), Images.probe(SharedData.path("data/voc_1/SegmentationClass/2007_000063.png")));
        assertEquals(new ImageInfo("png", 512, 512, 1, 8, 1), Images.probe(SharedData.path("data/images/camera.png")));
        assertEquals(new ImageInfo("png", 400, 328, 4, 8, 1), Images.probe(SharedData.path("data/images/horse.png")));
        ImageInfo dsb = Images.probe(SharedData.path("data/dsb2018_sample/labelmaps/labels/13c8ff1f49886e91c98ce795c93648ad8634c782ff57eb928ce29496b0425057.png"));
        assertEquals(16, dsb.bitDepth());
        Path f = tmp.resolve("six.jpg");
        Files.write(f, jpegWithOrientation(6, false));
        ImageInfo six = Images.probe(f);
        assertEquals(6, six.exifOrientation());
        assertEquals(16, six.orientedWidth());
        assertEquals(32, six.orientedHeight());
        // a truncated JPEG still probes (only the header is read) but does not read
        byte[] whole = Files.readAllBytes(SharedData.path("data/images/bus.jpg"));
        Path half = tmp.resolve("half.jpg");
        Files.write(half, java.util.Arrays.copyOf(whole, whole.length / 2));
        assertEquals(810, Images.probe(half).width());
        assertThrows(ImageFormatException.class, () -> Images.read(half));
        Path txt = tmp.resolve("t.png");
        Files.writeString(txt, "text");
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> Images.probe(txt));
        assertTrue(e.getMessage().startsWith(txt + ": not a PNG or JPEG"), e.getMessage());
    }

    static byte[] jpeg(BufferedImage bi, boolean progressive) throws Exception {
        javax.imageio.ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (javax.imageio.stream.ImageOutputStream out = ImageIO.createImageOutputStream(bos)) {
            w.setOutput(out);
            javax.imageio.ImageWriteParam p = w.getDefaultWriteParam();
            p.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(0.95f);
            p.setProgressiveMode(progressive ? javax.imageio.ImageWriteParam.MODE_DEFAULT : javax.imageio.ImageWriteParam.MODE_DISABLED);
            w.write(null, new javax.imageio.IIOImage(bi, null, null), p);
        } finally {
            w.dispose();
        }
        return bos.toByteArray();
    }

    @Test
    void grayAndProgressiveJpegs() throws Exception {
        // a smooth gray ramp survives JPEG at quality 0.95 within a few levels
        BufferedImage g = new BufferedImage(64, 48, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 48; y++) for (int x = 0; x < 64; x++) g.getRaster().setSample(x, y, 0, 2 * x + y);
        for (boolean progressive : new boolean[] {false, true}) {
            byte[] data = jpeg(g, progressive);
            Image im = Images.decode(data, "g.jpg", ImageReadOptions.DEFAULT);
            assertEquals(1, im.channels());
            assertEquals(64, im.width());
            assertEquals(48, im.height());
            for (int y = 0; y < 48; y++) for (int x = 0; x < 64; x++) {
                assertEquals(2 * x + y, im.get(x, y, 0), 4, "gray ramp at " + x + "," + y + (progressive ? " progressive" : ""));
            }
            Path cut = tmp.resolve("cut" + progressive + ".jpg");
            Files.write(cut, java.util.Arrays.copyOf(data, data.length * 2 / 3));
            ImageFormatException e = assertThrows(ImageFormatException.class, () -> Images.read(cut));
            assertTrue(e.getMessage().startsWith(cut + ": truncated JPEG"), e.getMessage());
        }
        // colour, progressive: the quadrants keep their colours
        Image q = Images.decode(jpeg(quadrants(), true), "q.jpg", ImageReadOptions.DEFAULT);
        assertEquals("RGWB", corners(q));
    }
}
