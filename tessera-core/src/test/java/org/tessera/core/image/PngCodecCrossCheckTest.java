package org.tessera.core.image;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.tessera.core.label.LabelMap;

/** The PNG codec against the JDK's independent ImageIO PNG codec, in both directions. */
class PngCodecCrossCheckTest {
    static byte[] imageIoPng(BufferedImage bi, boolean interlaced) throws Exception {
        ImageWriter w = ImageIO.getImageWritersByFormatName("png").next();
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bos)) {
            w.setOutput(out);
            ImageWriteParam p = w.getDefaultWriteParam();
            p.setProgressiveMode(interlaced ? ImageWriteParam.MODE_DEFAULT : ImageWriteParam.MODE_DISABLED);
            w.write(null, new IIOImage(bi, null, null), p);
        } finally {
            w.dispose();
        }
        return bos.toByteArray();
    }

    static BufferedImage random(int type, int w, int h, long seed) {
        BufferedImage bi = new BufferedImage(w, h, type);
        WritableRaster r = bi.getRaster();
        Random rnd = new Random(seed);
        int bits = r.getSampleModel().getSampleSize(0);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) for (int b = 0; b < r.getNumBands(); b++) {
            // smooth-ish content with noise so that every filter type gets used
            int v = (x * 7 + y * 3 + b * 50) + rnd.nextInt(5);
            r.setSample(x, y, b, bits == 16 ? (v * 257 + rnd.nextInt(300)) & 0xFFFF : v & ((1 << bits) - 1));
        }
        return bi;
    }

    @Test
    void decodesWhatImageIoWrites() throws Exception {
        int[][] sizes = {{1, 1}, {3, 2}, {17, 9}, {64, 33}};
        int[] types = {BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_USHORT_GRAY, BufferedImage.TYPE_3BYTE_BGR,
                BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_BYTE_BINARY};
        for (int[] s : sizes) for (int type : types) for (boolean inter : new boolean[] {false, true}) {
            BufferedImage bi = random(type, s[0], s[1], 31L * type + s[0]);
            byte[] png = imageIoPng(bi, inter);
            Image im = Images.decode(png, "t", ImageReadOptions.DEFAULT);
            BufferedImage ref = ImageIO.read(new ByteArrayInputStream(png));
            String what = "type " + type + " " + s[0] + "x" + s[1] + (inter ? " interlaced" : "");
            assertEquals(ref.getWidth(), im.width(), what);
            for (int y = 0; y < s[1]; y++) for (int x = 0; x < s[0]; x++) {
                if (type == BufferedImage.TYPE_USHORT_GRAY || type == BufferedImage.TYPE_BYTE_GRAY) {
                    // (getRGB would apply Java's linear-gray to sRGB conversion)
                    assertEquals(ref.getRaster().getSample(x, y, 0), im.get(x, y, 0), what);
                } else {
                    int argb = ref.getRGB(x, y);
                    int mine = im.toPackedArgb()[y * s[0] + x];
                    assertEquals(Integer.toHexString(argb), Integer.toHexString(mine), what + " at " + x + "," + y);
                }
            }
        }
    }

    @Test
    void lowBitPaletteIndicesAreRaw() throws Exception {
        // 2-bit palette image (4 colours), interlaced and not
        byte[] r = {0, (byte) 255, 0, 10}, g = {0, 0, (byte) 255, 20}, b = {0, 0, 0, 30};
        IndexColorModel cm = new IndexColorModel(2, 4, r, g, b);
        BufferedImage bi = new BufferedImage(13, 7, BufferedImage.TYPE_BYTE_BINARY, cm);
        for (int y = 0; y < 7; y++) for (int x = 0; x < 13; x++) bi.getRaster().setSample(x, y, 0, (x + 2 * y) % 4);
        for (boolean inter : new boolean[] {false, true}) {
            byte[] png = imageIoPng(bi, inter);
            LabelMap m = LabelMaps.decode(png, "t", 1 << 20);
            for (int y = 0; y < 7; y++) for (int x = 0; x < 13; x++) assertEquals((x + 2 * y) % 4, m.get(x, y));
            assertEquals(0x0A141E, m.palette().rgb(3));
        }
    }

    @Test
    void imageIoDecodesWhatWeWrite() throws Exception {
        for (int ch = 1; ch <= 4; ch++) {
            for (int depth : new int[] {8, 16}) {
                BufferedImage src = random(BufferedImage.TYPE_4BYTE_ABGR, 40, 23, ch * 10 + depth);
                Image im = Image.blank(40, 23, ch, depth);
                Random rnd = new Random(ch);
                for (int i = 0; i < im.pixelCount() * ch; i++) {
                    int v = (src.getRaster().getSample((i / ch) % 40, (i / ch) / 40, i % ch) * 3 + rnd.nextInt(3));
                    if (depth == 8) im.bytes()[i] = (byte) v;
                    else im.shorts()[i] = (short) (v * 211);
                }
                for (int level : new int[] {1, 6}) {
                    byte[] png = Images.encodePng(im, level);
                    BufferedImage ref = ImageIO.read(new ByteArrayInputStream(png));
                    assertEquals(ch, ref.getRaster().getNumBands());
                    for (int y = 0; y < 23; y++) for (int x = 0; x < 40; x++) for (int c = 0; c < ch; c++) {
                        assertEquals(im.get(x, y, c), ref.getRaster().getSample(x, y, c), ch + "ch " + depth + "bit");
                    }
                }
            }
        }
    }

    @Test
    void sharedPngsDecodeAsImageIoDoes() throws Exception {
        Path dir = SharedData.path("data/images");
        int n = 0;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".png")).sorted().toList()) {
                Image im = Images.read(p);
                BufferedImage ref = ImageIO.read(p.toFile());
                int[] mine = im.toPackedArgb();
                boolean sixteen = ref.getColorModel().getComponentSize(0) == 16;
                for (int y = 0; y < im.height(); y++) for (int x = 0; x < im.width(); x++) {
                    int want;
                    if (ref.getRaster().getNumBands() == 1 && !(ref.getColorModel() instanceof IndexColorModel)) {
                        int v = ref.getRaster().getSample(x, y, 0); // raw gray (getRGB would apply a gamma)
                        if (im.is16Bit()) v >>= 8;
                        want = 0xFF000000 | (v << 16) | (v << 8) | v;
                    } else if (sixteen) { // compare high bytes (ImageIO's getRGB rounds 16 -> 8 bits differently)
                        int[] px = ref.getRaster().getPixel(x, y, (int[]) null);
                        want = 0xFF000000 | ((px[0] >> 8) << 16) | ((px[1] >> 8) << 8) | (px[2] >> 8);
                    } else {
                        want = ref.getRGB(x, y);
                    }
                    if (want != mine[y * im.width() + x]) fail(p + " differs at " + x + "," + y);
                }
                n++;
            }
        }
        assertEquals(18, n); // the .png files of data/images
    }
}
