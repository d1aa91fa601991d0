package org.tessera.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tessera.core.image.Image;
import org.tessera.core.image.Images;
import org.tessera.core.io.AtomicFiles;
import org.tessera.core.mask.Mask;
import org.tessera.core.mask.Polygons;
import org.tessera.core.mask.Rle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tessera mask}: convert one binary mask between PNG, COCO RLE (compressed / uncompressed) and polygons. */
@Command(name = "mask", description = "Convert binary masks between PNG, COCO RLE and polygons.",
        subcommands = {MaskCommand.Convert.class, MaskCommand.Info.class})
final class MaskCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** The output kinds. */
    enum Kind { png, rle, uncompressed, polygons }

    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Reads a mask: a PNG/JPEG image (any non-zero pixel is foreground), or JSON holding
     * {@code {"size":[h,w],"counts":"..."|[...]}}, {@code {"size":[h,w],"polygons":[[x,y,...],...]}} or a bare list
     * of polygons (then {@code size} must be given).
     */
    static Mask read(Path in, String size) throws IOException {
        if (!Files.isRegularFile(in)) throw new BadInputException(in + ": no such file");
        String name = in.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".json")) {
            Image img = Images.read(in).toGray();
            byte[] bits = new byte[img.pixelCount()];
            for (int i = 0; i < bits.length; i++) bits[i] = (byte) (img.sample(i) != 0 ? 1 : 0);
            return Mask.fromBitmap(bits, img.height(), img.width());
        }
        JsonNode n;
        try {
            n = JSON.readTree(in.toFile());
        } catch (IOException e) {
            throw new BadInputException(in + ": not valid JSON (" + firstLine(e.getMessage()) + ")");
        }
        try {
            int[] hw = null;
            if (n.isObject() && n.has("size")) hw = new int[] {n.get("size").get(0).asInt(), n.get("size").get(1).asInt()};
            else if (size != null) hw = Sizes.parseHxW(size, "--size");
            if (hw == null) throw new BadInputException(in + ": no \"size\" in the JSON; give --size HxW");
            int h = hw[0], w = hw[1];
            if (n.isObject() && n.has("counts")) {
                JsonNode c = n.get("counts");
                if (c.isTextual()) return Mask.fromRle(Rle.fromString(c.asText(), h, w));
                int[] counts = new int[c.size()];
                for (int i = 0; i < counts.length; i++) counts[i] = c.get(i).asInt();
                return Mask.fromRle(Rle.fromCounts(h, w, counts));
            }
            JsonNode polys = n.isArray() ? n : n.get("polygons");
            if (polys == null) throw new BadInputException(in + ": expected \"counts\" or \"polygons\"");
            List<double[]> list = new ArrayList<>();
            for (JsonNode p : polys) {
                double[] xy = new double[p.size()];
                for (int i = 0; i < xy.length; i++) xy[i] = p.get(i).asDouble();
                list.add(xy);
            }
            return Mask.fromRle(Rle.fromPolygons(list, h, w));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(in + ": " + e.getMessage());
        }
    }

    static String firstLine(String s) {
        if (s == null) return "";
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }

    static void write(Mask m, Path out, Kind kind, double tolerance) throws IOException {
        switch (kind) {
            case png -> {
                byte[] bits = m.toBitmap();
                byte[] px = new byte[bits.length];
                for (int i = 0; i < bits.length; i++) px[i] = (byte) (bits[i] != 0 ? 255 : 0);
                Images.writePng(Image.of8(m.width(), m.height(), 1, px), out);
            }
            case rle, uncompressed -> {
                Rle r = m.toRle();
                ObjectNode o = JSON.createObjectNode();
                o.putArray("size").add(m.height()).add(m.width());
                if (kind == Kind.rle) o.put("counts", r.toString());
                else {
                    ArrayNode a = o.putArray("counts");
                    for (int c : r.countsView()) a.add(c);
                }
                AtomicFiles.write(out, JSON.writeValueAsBytes(o));
            }
            case polygons -> {
                ObjectNode o = JSON.createObjectNode();
                o.putArray("size").add(m.height()).add(m.width());
                ArrayNode a = o.putArray("polygons");
                for (double[] p : Polygons.toCoco(m, tolerance)) {
                    ArrayNode pa = a.addArray();
                    for (double v : p) pa.add(v);
                }
                AtomicFiles.write(out, JSON.writeValueAsBytes(o));
            }
        }
    }

    @Command(name = "convert", description = {"Convert a mask. Input: PNG/JPEG (non-zero = foreground) or JSON "
            + "({\"size\":[h,w],\"counts\":\"...\"|[...]}, {\"size\":[h,w],\"polygons\":[...]}, or a bare polygon list with --size).",
            "Output kind from --to, else from the extension (.png → png, .json → compressed RLE)."})
    static final class Convert implements Callable<Integer> {
        @Parameters(index = "0", description = "Input mask file.")
        Path in;

        @Parameters(index = "1", description = "Output file.")
        Path out;

        @Option(names = "--to", description = "png, rle (compressed), uncompressed (RLE counts list) or polygons.")
        Kind to;

        @Option(names = "--size", description = "Canvas HxW (rows x columns) for a bare polygon list.")
        String size;

        @Option(names = "--tolerance", description = "Polygon simplification tolerance in pixels (default: ${DEFAULT-VALUE}).", defaultValue = "0")
        double tolerance;

        @Override
        public Integer call() throws IOException {
            Mask m = read(in, size);
            Kind k = to != null ? to : out.toString().toLowerCase(Locale.ROOT).endsWith(".png") ? Kind.png : Kind.rle;
            write(m, out, k, tolerance);
            System.out.printf("%s -> %s (%s): %dx%d, area %d, box %s%n", in, out, k, m.width(), m.height(), m.area(),
                    java.util.Arrays.toString(m.box()));
            return 0;
        }
    }

    @Command(name = "info", description = "Print a mask's canvas, area, box and compressed RLE.")
    static final class Info implements Callable<Integer> {
        @Parameters(index = "0", description = "Mask file (PNG or JSON).")
        Path in;

        @Option(names = "--size", description = "Canvas HxW for a bare polygon list.")
        String size;

        @Override
        public Integer call() throws IOException {
            Mask m = read(in, size);
            Rle r = m.toRle();
            System.out.printf("canvas %dx%d (w x h)%narea   %d%nbox    %s%nruns   %d%nrle    %s%n", m.width(), m.height(), m.area(),
                    java.util.Arrays.toString(r.toBbox()), r.runCount(), r.toString());
            return 0;
        }
    }
}
