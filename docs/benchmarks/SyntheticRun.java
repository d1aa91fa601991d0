import org.tessera.train.*;
import org.tessera.core.image.*;
import org.tessera.core.label.LabelMap;
import org.tessera.data.*;
import org.tessera.data.formats.LabelMapFolder;
import org.tessera.data.synthetic.SyntheticScene;
import java.nio.file.*;
import java.util.List;

/** Usage: SyntheticRun <outDir> <trainCount> <valCount> <size> <width> <depth> <epochs> <batch> */
public class SyntheticRun {
    public static void main(String[] a) throws Exception {
        Path out = Path.of(a[0]);
        int nTrain = Integer.parseInt(a[1]), nVal = Integer.parseInt(a[2]), size = Integer.parseInt(a[3]);
        List<String> names = List.of("none", "disc", "square", "triangle", "sky", "ground");
        Dataset train = write(out.resolve("data/train"), nTrain, size, 1000, names);
        Dataset val = write(out.resolve("data/val"), nVal, size, 900000, names);
        TrainConfig cfg = TrainConfig.builder(6, out.resolve("run")).width(Integer.parseInt(a[4])).depth(Integer.parseInt(a[5]))
                .resize(size, size).crop(size, size).flip(true).batchSize(Integer.parseInt(a[7])).epochs(Integer.parseInt(a[6]))
                .learningRate(3e-3).schedule(LrSchedule.Kind.COSINE).warmupSteps(20).patience(0).seed(1).build();
        long t0 = System.nanoTime();
        try (SegmentationTrainer t = new SegmentationTrainer(cfg)) {
            t.onEpoch(e -> System.out.println(e));
            SegmentationTrainer.Result r = t.fit(train, val);
            double s = (System.nanoTime() - t0) / 1e9;
            long steps = r.epochs().get(r.epochs().size() - 1).steps();
            System.out.printf("params=%d best epoch %d best val mIoU %.4f total %.1f s, %d steps, %.3f s/step (incl. decoding + validation)%n",
                    t.model().trainableScalars(), r.bestEpoch(), r.bestMiou(), s, steps, s / steps);
        }
    }

    static Dataset write(Path root, int n, int size, long seed, List<String> names) throws Exception {
        for (int i = 0; i < n; i++) {
            SyntheticScene s = SyntheticScene.render(size, size, 6, seed + i);
            Images.writePng(Image.of8(size, size, 3, s.rgb()), root.resolve("images").resolve(String.format("s%04d.png", i)));
            LabelMaps.writePng(new LabelMap(size, size, s.semantic(), 255, null), root.resolve("labels").resolve(String.format("s%04d.png", i)));
        }
        return LabelMapFolder.read(root, LabelMapFolder.Options.classes(255, names));
    }
}
