package org.tessera.core.image;

import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * JPEG reading: the marker structure (SOF size, APP1 Exif orientation, EOI) is parsed here; the pixels are decoded
 * by the JDK's ImageIO JPEG reader (libjpeg 6b), whose warnings (e.g. "Premature end of JPEG file") are errors.
 */
final class Jpeg {
    private Jpeg() {}

    static boolean isJpeg(byte[] b) {
        return b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF;
    }

    /** What the marker segments say. */
    record Header(int width, int height, int components, int precision, int orientation) {}

    /** Parses markers up to the first SOS; also checks that an EOI marker follows the entropy-coded data. */
    static Header header(byte[] b, String name) throws ImageFormatException {
        return header(b, name, true);
    }

    /** As {@link #header(byte[], String)}; without {@code checkEoi} only the bytes up to the first SOS are needed. */
    static Header header(byte[] b, String name, boolean checkEoi) throws ImageFormatException {
        if (!isJpeg(b)) throw new ImageFormatException(name, "not a JPEG file");
        int pos = 2;
        int w = -1, h = -1, comps = 0, precision = 0, orientation = 1;
        boolean sos = false;
        while (pos < b.length) {
            if ((b[pos] & 0xFF) != 0xFF) throw new ImageFormatException(name, "corrupt JPEG (no marker at byte " + pos + ")");
            int marker = b[pos + 1 < b.length ? pos + 1 : pos] & 0xFF;
            if (pos + 1 >= b.length) break;
            if (marker == 0xFF) { // fill byte
                pos++;
                continue;
            }
            if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
                pos += 2;
                continue;
            }
            if (marker == 0xD9) throw new ImageFormatException(name, "corrupt JPEG (EOI before any scan)");
            if (pos + 4 > b.length) break;
            int len = ((b[pos + 2] & 0xFF) << 8) | (b[pos + 3] & 0xFF);
            if (len < 2) throw new ImageFormatException(name, "corrupt JPEG (segment length " + len + " at byte " + pos + ")");
            if (pos + 2 + len > b.length) break;
            int d = pos + 4;
            boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (sof) {
                if (len < 8) throw new ImageFormatException(name, "corrupt JPEG (short SOF segment)");
                precision = b[d] & 0xFF;
                h = ((b[d + 1] & 0xFF) << 8) | (b[d + 2] & 0xFF);
                w = ((b[d + 3] & 0xFF) << 8) | (b[d + 4] & 0xFF);
                comps = b[d + 5] & 0xFF;
                if (marker != 0xC0 && marker != 0xC1 && marker != 0xC2) {
                    throw new ImageFormatException(name, "unsupported JPEG process (SOF marker 0x" + Integer.toHexString(marker).toUpperCase() + "; only baseline, extended and progressive Huffman are read)");
                }
            } else if (marker == 0xE1 && orientation == 1 && len >= 8 && b[d] == 'E' && b[d + 1] == 'x' && b[d + 2] == 'i'
                    && b[d + 3] == 'f' && b[d + 4] == 0 && b[d + 5] == 0) {
                orientation = Exif.orientation(b, d + 6, len - 8);
            } else if (marker == 0xDA) {
                sos = true;
                pos += 2 + len;
                break;
            }
            pos += 2 + len;
        }
        if (w < 0) throw new ImageFormatException(name, sos ? "corrupt JPEG (no SOF segment before the scan)" : "truncated JPEG (ends in the header at byte " + b.length + ")");
        if (!sos) throw new ImageFormatException(name, "truncated JPEG (ends before the image data)");
        if (w == 0 || h == 0) throw new ImageFormatException(name, "unsupported JPEG (size " + w + "x" + h + " in SOF; DNL not supported)");
        if (precision != 8) throw new ImageFormatException(name, "unsupported JPEG sample precision " + precision + " bits");
        if (comps != 1 && comps != 3) throw new ImageFormatException(name, "unsupported JPEG with " + comps + " components (only gray and YCbCr/RGB are read)");
        // In entropy-coded data every 0xFF is followed by 0x00 (stuffing) or a marker, so a 0xFFD9 here is the EOI.
        boolean eoi = !checkEoi;
        for (int i = pos; !eoi && i + 1 < b.length; i++) {
            if (b[i] == (byte) 0xFF && b[i + 1] == (byte) 0xD9) {
                eoi = true;
                break;
            }
        }
        if (!eoi) throw new ImageFormatException(name, "truncated JPEG (no EOI marker)");
        return new Header(w, h, comps, precision, orientation);
    }

    /** Decodes to 8-bit gray (1 channel) or RGB (3 channels). */
    static Image decode(byte[] b, Header hd, String name) throws ImageFormatException {
        Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName("jpeg");
        if (!it.hasNext()) throw new ImageFormatException(name, "no JPEG decoder in this JDK");
        ImageReader reader = it.next();
        List<String> warnings = new ArrayList<>();
        // in-memory stream: ImageIO.createImageInputStream would cache the stream in a temporary file
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(b))) {
            reader.setInput(in, true, true);
            reader.addIIOReadWarningListener((src, msg) -> warnings.add(msg));
            ImageReadParam param = reader.getDefaultReadParam();
            Raster raster;
            BufferedImage bi;
            try {
                bi = reader.read(0, param);
            } catch (javax.imageio.IIOException e) {
                throw new ImageFormatException(name, "corrupt JPEG (" + oneLine(e.getMessage()) + ")", e);
            }
            if (!warnings.isEmpty()) throw new ImageFormatException(name, "corrupt or truncated JPEG (" + oneLine(warnings.get(0)) + ")");
            raster = bi.getRaster();
            int w = bi.getWidth(), h = bi.getHeight();
            if (w != hd.width() || h != hd.height()) throw new ImageFormatException(name, "corrupt JPEG (decoded " + w + "x" + h + ", header says " + hd.width() + "x" + hd.height() + ")");
            int bands = raster.getNumBands();
            int outCh = bands == 1 ? 1 : 3;
            if (bi.getColorModel().getColorSpace().getType() != java.awt.color.ColorSpace.TYPE_RGB && bands != 1) {
                throw new ImageFormatException(name, "unsupported JPEG colour space");
            }
            byte[] out = new byte[Math.multiplyExact(w * h, outCh)];
            if (raster.getDataBuffer() instanceof DataBufferByte db && raster.getSampleModel() instanceof ComponentSampleModel sm
                    && db.getNumBanks() == 1 && sm.getPixelStride() == bands && sm.getScanlineStride() == w * bands
                    && raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0) {
                byte[] src = db.getData();
                int[] off = sm.getBandOffsets();
                int n = w * h;
                if (outCh == 1) {
                    for (int i = 0; i < n; i++) out[i] = src[i * bands + off[0]];
                } else {
                    int o0 = off[0], o1 = off[1], o2 = off[2];
                    for (int i = 0, j = 0, k = 0; i < n; i++, j += bands, k += 3) {
                        out[k] = src[j + o0];
                        out[k + 1] = src[j + o1];
                        out[k + 2] = src[j + o2];
                    }
                }
            } else {
                int[] row = new int[w * bands];
                for (int y = 0; y < h; y++) {
                    raster.getPixels(0, y, w, 1, row);
                    for (int x = 0; x < w; x++) for (int c = 0; c < outCh; c++) out[(y * w + x) * outCh + c] = (byte) row[x * bands + c];
                }
            }
            return Image.of8(w, h, outCh, out);
        } catch (IOException e) {
            if (e instanceof ImageFormatException f) throw f;
            throw new ImageFormatException(name, "corrupt JPEG (" + oneLine(e.getMessage()) + ")", e);
        } finally {
            reader.dispose();
        }
    }

    static String oneLine(String s) {
        return s == null ? "no detail" : s.replace('\n', ' ').replace('\r', ' ').strip();
    }
}
