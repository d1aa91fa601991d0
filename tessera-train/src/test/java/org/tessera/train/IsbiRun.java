package org.tessera.train;

import org.tessera.core.image.LabelMaps;
import org.tessera.core.label.LabelMap;
import org.tessera.data.Dataset;
import org.tessera.data.formats.LabelMapFolder;
import org.tessera.eval.semantic.SemanticResult;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Long-run benchmark driver (not a test): U-Net on the ISBI 2012 membrane training slices (30 pairs 512x512, label
 * 255 = cell interior, 0 = membrane), split 24 / 6: the 6 validation slices are those whose sorted index i has
 * {@code i % 5 == 4} (4, 9, 14, 19, 24, 29). Labels are written as classes 1 (interior) / 0 (membrane) into
 * {@code OUT/split/{train,val}}. Trains at full resolution (no resize), selects on val mIoU and prints the
 * validation interior (foreground) IoU per slice and on average, the figure the classical pipeline is compared on.
 *
 * <pre>args: ISBI_TRAIN_DIR (with image/ and label/) OUT_DIR WIDTH DEPTH EPOCHS BATCH LR [MAX_MINUTES]</pre>
 */
public final class IsbiRun {
    public static void main(String[] a) throws Exception {
        Path src = Path.of(a[0]), out = Path.of(a[1]);
        int width = Integer.parseInt(a[2]), depth = Integer.parseInt(a[3]), epochs = Integer.parseInt(a[4]);
        int batch = Integer.parseInt(a[5]);
        double lr = Double.parseDouble(a[6]);
        double maxMinutes = a.length > 7 ? Double.parseDouble(a[7]) : Double.POSITIVE_INFINITY;
        List<Path> images;
        try (Stream<Path> s = Files.list(src.resolve("image"))) {
            images = s.filter(p -> p.toString().endsWith(".png")).sorted((x, y) -> Integer.compare(stem(x), stem(y))).toList();
        }
        if (images.size() != 30) throw new IllegalStateException(src + ": expected 30 slices, found " + images.size());
        Path split = out.resolve("split");
        for (int i = 0; i < images.size(); i++) {
            String part = i % 5 == 4 ? "val" : "train";
            Path img = images.get(i);
            Path dImg = split.resolve(part).resolve("image"), dLab = split.resolve(part).resolve("label");
            Files.createDirectories(dImg);
            Files.createDirectories(dLab);
            Files.copy(img, dImg.resolve(img.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            LabelMap lm = LabelMaps.read(src.resolve("label").resolve(img.getFileName()));
            short[] d = lm.data().clone();
            for (int k = 0; k < d.length; k++) d[k] = (short) ((d[k] & 0xFFFF) >= 128 ? 1 : 0);
            LabelMaps.writePng(new LabelMap(lm.width(), lm.height(), d, LabelMap.DEFAULT_IGNORE, null), dLab.resolve(img.getFileName()));
        }
        LabelMapFolder.Options o = LabelMapFolder.Options.classes(-1, List.of("membrane", "interior"));
        Dataset train = LabelMapFolder.read(split.resolve("train"), o), val = LabelMapFolder.read(split.resolve("val"), o);
        System.out.println("train " + train.size() + " / val " + val.size() + " slices");
        TrainConfig cfg = TrainConfig.builder(2, out.resolve("run")).ignoreIndex(255).width(width).depth(depth)
                .resize(512, 512).crop(512, 512).randomCrop(false).flip(true).batchSize(batch).epochs(epochs)
                .learningRate(lr).schedule(LrSchedule.Kind.POLY).warmupSteps(10).patience(0).seed(1).build();
        long t0 = System.nanoTime();
        try (SegmentationTrainer t = new SegmentationTrainer(cfg)) {
            t.onEpoch(e -> {
                double min = (System.nanoTime() - t0) / 6e10;
                System.out.printf(Locale.ROOT, "epoch %d loss %.4f val mIoU %.4f pixAcc %.4f %.1f s (%.1f min)%s%n",
                        e.epoch(), e.trainLoss(), e.valMiou(), e.valPixelAccuracy(), e.seconds(), min, e.improved() ? " best" : "");
                if (min > maxMinutes) throw new java.io.IOException("time budget spent");
            });
            try {
                t.fit(train, val);
            } catch (java.io.IOException e) {
                if (!"time budget spent".equals(e.getMessage())) throw e;
                System.out.println("time budget spent");
            }
            double min = (System.nanoTime() - t0) / 6e10;
            Checkpoint.read(cfg.outputDir().resolve(SegmentationTrainer.BEST), t.model(), cfg.optimizer(), null);
            SegmentationData vd = new SegmentationData(val, 2, 255);
            double sum = 0;
            for (int i = 0; i < vd.size(); i++) {
                SegmentationData.Item it = vd.read(i);
                short[] gt = it.labels().data(), pr = t.predict(it.rgb()).data();
                long inter = 0, union = 0;
                for (int k = 0; k < gt.length; k++) {
                    boolean g = gt[k] == 1, p = pr[k] == 1;
                    if (g && p) inter++;
                    if (g || p) union++;
                }
                double iou = (double) inter / union;
                sum += iou;
                System.out.printf(Locale.ROOT, "val %s interior IoU %.4f%n", it.name(), iou);
            }
            SemanticResult r = t.evaluate(vd);
            System.out.printf(Locale.ROOT, "val mean interior IoU %.4f (mIoU %.4f, pixel acc %.4f), training %.1f min%n",
                    sum / vd.size(), r.miou(), r.pixelAccuracy(), min);
        }
    }

    private static int stem(Path p) {
        String n = p.getFileName().toString();
        return Integer.parseInt(n.substring(0, n.indexOf('.')));
    }
}
