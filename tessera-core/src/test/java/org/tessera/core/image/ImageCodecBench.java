package org.tessera.core.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.tessera.core.label.LabelMap;
import org.tessera.core.panoptic.PanopticMap;

/**
 * Throughput of the PNG/JPEG codecs and resize against the JDK's ImageIO on the same data (not a test; run with
 * {@code java -cp tessera-core/target/classes:tessera-core/target/test-classes org.tessera.core.image.ImageCodecBench
 * /work/shared}). Prints the median of 5 timed batches after a warm-up, in ms per operation: wall clock and
 * the calling thread's CPU time (more stable on a shared machine; ImageIO and zlib run on the calling thread).
 */
public final class ImageCodecBench {
    static volatile Object sink;

    static double time(String name, Callable<Object> op) throws Exception {
        long end = System.nanoTime() + 1_500_000_000L; // warm-up 1.5 s
        int n = 0;
        while (System.nanoTime() < end) {
            sink = op.call();
            n++;
        }
        int per = Math.max(1, n / 3); // ~0.5 s batches
        double[] ms = new double[5], cpu = new double[5];
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int b = 0; b < 5; b++) {
            long c0 = mx.getCurrentThreadCpuTime(), t0 = System.nanoTime();
            for (int i = 0; i < per; i++) sink = op.call();
            ms[b] = (System.nanoTime() - t0) / 1e6 / per;
            cpu[b] = (mx.getCurrentThreadCpuTime() - c0) / 1e6 / per;
        }
        Arrays.sort(ms);
        Arrays.sort(cpu);
        System.out.printf("%-50s wall %8.3f ms/op   cpu %8.3f ms/op%n", name, ms[2], cpu[2]);
        return ms[2];
    }

    public static void main(String[] args) throws Exception {
        Path shared = Path.of(args.length > 0 ? args[0] : "/work/shared");
        Path tmp = Files.createTempDirectory("imgbench");
        byte[] pan = Files.readAllBytes(shared.resolve("data/coco_panoptic_2/panoptic_examples/000000142238.png"));
        byte[] voc = Files.readAllBytes(shared.resolve("data/voc_1/SegmentationClass/2007_000063.png"));
        byte[] dsb = Files.readAllBytes(shared.resolve("data/dsb2018_sample/labelmaps/labels/13c8ff1f49886e91c98ce795c93648ad8634c782ff57eb928ce29496b0425057.png"));
        byte[] bus = Files.readAllBytes(shared.resolve("data/images/bus.jpg"));
        System.out.println("java " + System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors() + " cpus");

        time("panoptic PNG 640x427 -> ids (PanopticMaps)", () -> PanopticMaps.decodeIds(pan, "p", 1L << 28));
        time("panoptic PNG 640x427 -> ids (ImageIO+getRGB)", () -> {
            BufferedImage bi = ImageIO.read(new ByteArrayInputStream(pan));
            int[] rgb = bi.getRGB(0, 0, bi.getWidth(), bi.getHeight(), null, 0, bi.getWidth());
            for (int i = 0; i < rgb.length; i++) rgb[i] = ((rgb[i] >> 16) & 0xFF) | (rgb[i] & 0xFF00) | ((rgb[i] & 0xFF) << 16);
            return rgb;
        });
        time("VOC palette PNG 500x375 -> LabelMap", () -> LabelMaps.decode(voc, "v", 1L << 28));
        time("VOC palette PNG 500x375 (ImageIO raster)", () -> ImageIO.read(new ByteArrayInputStream(voc)).getRaster().getDataBuffer());
        time("DSB 16-bit PNG 256x256 -> LabelMap", () -> LabelMaps.decode(dsb, "d", 1L << 28));
        time("DSB 16-bit PNG 256x256 (ImageIO raster)", () -> ImageIO.read(new ByteArrayInputStream(dsb)).getRaster().getDataBuffer());

        LabelMap vocMap = LabelMaps.decode(voc, "v", 1L << 28);
        PanopticMap panMap = PanopticMaps.decodeIds(pan, "p", 1L << 28);
        Path out = tmp.resolve("o.png");
        time("write VOC palette PNG (LabelMaps, level 6)", () -> { LabelMaps.writePng(vocMap, out, 6); return out; });
        time("write VOC palette PNG (LabelMaps, level 4 default)", () -> { LabelMaps.writePng(vocMap, out); return out; });
        time("write VOC palette PNG (LabelMaps, level 1)", () -> { LabelMaps.writePng(vocMap, out, 1); return out; });
        BufferedImage vocBi = ImageIO.read(new ByteArrayInputStream(voc));
        time("write VOC palette PNG (ImageIO)", () -> { ImageIO.write(vocBi, "png", out.toFile()); return out; });
        time("write panoptic RGB PNG (PanopticMaps, level 6)", () -> { PanopticMaps.writePng(panMap, out, 6); return out; });
        time("write panoptic RGB PNG (PanopticMaps, level 4 default)", () -> { PanopticMaps.writePng(panMap, out); return out; });
        time("write panoptic RGB PNG (PanopticMaps, level 1)", () -> { PanopticMaps.writePng(panMap, out, 1); return out; });
        BufferedImage panBi = ImageIO.read(new ByteArrayInputStream(pan));
        time("write panoptic RGB PNG (ImageIO)", () -> { ImageIO.write(panBi, "png", out.toFile()); return out; });
        for (int level : new int[] {1, 4, 6}) {
            LabelMaps.writePng(vocMap, out, level);
            long l = Files.size(out);
            PanopticMaps.writePng(panMap, out, level);
            System.out.printf("file sizes at level %d: VOC palette %d B (source %d B), panoptic %d B (source %d B)%n", level, l, voc.length, Files.size(out), pan.length);
        }

        time("JPEG bus.jpg 810x1080 (Images.read)", () -> Images.decode(bus, "b", ImageReadOptions.DEFAULT));
        time("JPEG bus.jpg 810x1080 (ImageIO.read)", () -> ImageIO.read(new ByteArrayInputStream(bus)));
        Image busIm = Images.decode(bus, "b", ImageReadOptions.DEFAULT);
        time("letterbox bus 810x1080 -> 640x640 (bilinear)", () -> Letterbox.of(810, 1080, 640, 640).apply(busIm));
        time("resizeNearest VOC 500x375 -> 1000x750", () -> ImageTransforms.resizeNearest(vocMap, 1000, 750));
        Files.deleteIfExists(out);
        Files.delete(tmp);
    }
}
