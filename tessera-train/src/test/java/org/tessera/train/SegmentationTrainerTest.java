package org.tessera.train;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.core.image.Image;
import org.tessera.core.image.Images;
import org.tessera.core.image.LabelMaps;
import org.tessera.core.label.LabelMap;
import org.tessera.data.Dataset;
import org.tessera.data.formats.LabelMapFolder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SegmentationTrainerTest {
    @TempDir
    static Path tmp;
    static Dataset train, val;

    @BeforeAll
    static void data() throws IOException {
        train = Scenes.folder(tmp.resolve("train"), 8, 64, 100);
        val = Scenes.folder(tmp.resolve("val"), 2, 64, 900);
    }

    private static TrainConfig.Builder small(Path out) {
        return TrainConfig.builder(6, out).width(8).depth(2).resize(64, 64).crop(48, 48).randomCrop(true).flip(true)
                .batchSize(4).learningRate(5e-3).warmupSteps(2).weightDecay(1e-4).seed(42);
    }

    @Test
    void lossFallsAndLogAndCheckpointsAreWritten() throws IOException {
        Path out = tmp.resolve("run-falls");
        TrainConfig cfg = small(out).epochs(12).patience(0).build();
        try (SegmentationTrainer t = new SegmentationTrainer(cfg)) {
            SegmentationTrainer.Result r = t.fit(train, val);
            List<SegmentationTrainer.EpochLog> e = r.epochs();
            e.forEach(System.out::println);
            assertEquals(12, e.size());
            assertEquals(24, e.get(11).steps());
            double first = e.get(0).trainLoss(), last = e.get(11).trainLoss();
            assertTrue(last < 0.6 * first, "training loss should fall: first epoch " + first + ", last " + last);
            assertTrue(r.bestMiou() > e.get(0).valMiou(), "validation mIoU should improve: " + e);
            assertTrue(r.bestMiou() >= 0 && r.bestMiou() <= 1);
            assertEquals(12, Files.readAllLines(out.resolve(SegmentationTrainer.LOG)).size());
            assertTrue(Files.readString(out.resolve(SegmentationTrainer.LOG)).contains("\"val_miou\":"));
            assertTrue(Files.isRegularFile(out.resolve(SegmentationTrainer.BEST)));
            // best.ckpt loads into a fresh model and reproduces the best mIoU
            try (SegmentationTrainer u = new SegmentationTrainer(cfg)) {
                Checkpoint.read(out.resolve(SegmentationTrainer.BEST), u.model(), cfg.optimizer(), null);
                double miou = u.evaluate(new SegmentationData(val, 6, -1)).miou();
                assertEquals(r.bestMiou(), miou, 1e-12);
            }
        }
    }

    @Test
    void resumedRunEqualsStraightRun() throws IOException {
        for (ParamOptimizer.Kind opt : ParamOptimizer.Kind.values()) {
            Path a = tmp.resolve("straight-" + opt), b = tmp.resolve("resumed-" + opt);
            TrainConfig ca = small(a).epochs(2).optimizer(opt).schedule(LrSchedule.Kind.COSINE).build();
            TrainConfig cb = ca.toBuilder().outputDir(b).build();
            float[][] straight;
            try (SegmentationTrainer t = new SegmentationTrainer(ca)) {
                t.fit(train, val);
                straight = weights(t.model());
            }
            try (SegmentationTrainer t = new SegmentationTrainer(cb)) {
                t.onEpoch(e -> { throw new IOException("killed after epoch " + e.epoch()); });
                IOException killed = assertThrows(IOException.class, () -> t.fit(train, val));
                assertEquals("killed after epoch 1", killed.getMessage());
            }
            try (SegmentationTrainer t = new SegmentationTrainer(cb)) {
                SegmentationTrainer.Result r = t.resume(train, val);
                assertEquals(1, r.epochs().size());
                assertEquals(2, r.epochsDone());
                float[][] resumed = weights(t.model());
                for (int i = 0; i < straight.length; i++) {
                    assertArrayEquals(straight[i], resumed[i], 0f, opt + ": parameter " + t.model().parameterNames().get(i));
                }
            }
            // the log of the resumed run has both epochs with the same losses and scores (times differ)
            List<String> la = Files.readAllLines(a.resolve("log.jsonl")), lb = Files.readAllLines(b.resolve("log.jsonl"));
            assertEquals(2, la.size());
            assertEquals(2, lb.size());
            for (int i = 0; i < 2; i++) {
                assertEquals(la.get(i).replaceAll(",\"seconds\":[^,}]*", ""), lb.get(i).replaceAll(",\"seconds\":[^,}]*", ""));
            }
        }
    }

    private static float[][] weights(Network net) {
        List<String> names = net.parameterNames();
        float[][] w = new float[names.size()][];
        for (int i = 0; i < w.length; i++) w[i] = net.parameter(names.get(i)).getArray().toFloatArray();
        return w;
    }

    @Test
    void earlyStoppingWithPatience() throws IOException {
        // without BN and with a negligible learning rate the predictions (and mIoU) stay fixed: epoch 1 is the best,
        // epochs 2 and 3 do not improve, patience 2 stops the run after epoch 3 of 30
        TrainConfig cfg = small(tmp.resolve("early")).epochs(30).patience(2).batchNorm(false).learningRate(1e-12)
                .warmupSteps(0).build();
        try (SegmentationTrainer t = new SegmentationTrainer(cfg)) {
            SegmentationTrainer.Result r = t.fit(train, val);
            assertTrue(r.stoppedEarly());
            assertEquals(3, r.epochsDone());
            assertEquals(1, r.bestEpoch());
            assertEquals(r.epochs().get(0).valMiou(), r.bestMiou());
        }
        // resuming a run that stopped early does nothing
        try (SegmentationTrainer t = new SegmentationTrainer(cfg)) {
            SegmentationTrainer.Result r = t.resume(train, val);
            assertTrue(r.stoppedEarly());
            assertEquals(0, r.epochs().size());
            assertEquals(3, r.epochsDone());
        }
    }

    @Test
    void clearErrorsOnBadInput() throws IOException {
        Path out = tmp.resolve("bad");
        // a data set with no images
        Path empty = tmp.resolve("empty");
        Files.createDirectories(empty.resolve("images"));
        Files.createDirectories(empty.resolve("labels"));
        // the folder reader already refuses an empty folder; an empty data set from elsewhere is refused by training
        var de = assertThrows(IOException.class, () -> LabelMapFolder.read(empty, LabelMapFolder.Options.classes(255, null)));
        assertTrue(de.getMessage().contains("no images"), de.getMessage());
        Dataset none = new org.tessera.data.ListDataset(List.of(), List.of(), java.util.Set.of(org.tessera.data.GroundTruth.SEMANTIC), empty, 255);
        try (SegmentationTrainer t = new SegmentationTrainer(small(out).epochs(1).build())) {
            var e = assertThrows(IllegalArgumentException.class, () -> t.fit(none, null));
            assertEquals("data set " + empty + " has no images", e.getMessage());
        }
        // a label id above the model's classes
        Path badLabels = tmp.resolve("badlabels");
        Images.writePng(Image.blank(64, 64, 3, 8), badLabels.resolve("images/a.png"));
        LabelMap lm = LabelMap.filled(64, 64, 1);
        lm.set(5, 3, 9);
        LabelMaps.writePng(lm, badLabels.resolve("labels/a.png"));
        Dataset bad = LabelMapFolder.read(badLabels, LabelMapFolder.Options.classes(255, null));
        try (SegmentationTrainer t = new SegmentationTrainer(small(out).epochs(1).build())) {
            var e = assertThrows(IOException.class, () -> t.fit(bad, null));
            assertTrue(e.getMessage().contains("a.png: label 9 at (5, 3) is not a class of the model (0..5)"), e.getMessage());
        }
        // a checkpoint of another architecture
        Path ck = tmp.resolve("arch");
        try (SegmentationTrainer t = new SegmentationTrainer(small(ck).epochs(1).build())) {
            t.fit(train, null);
        }
        try (SegmentationTrainer t = new SegmentationTrainer(small(ck).epochs(1).width(4).build())) {
            var e = assertThrows(IOException.class, () -> t.resume(train, null));
            assertTrue(e.getMessage().contains("checkpoint of architecture unet(in=3,classes=6,width=8,depth=2,bn=true) cannot be loaded into unet(in=3,classes=6,width=4"), e.getMessage());
        }
        // same architecture, another configuration
        try (SegmentationTrainer t = new SegmentationTrainer(small(ck).epochs(1).learningRate(1e-2).build())) {
            var e = assertThrows(IOException.class, () -> t.resume(train, null));
            assertTrue(e.getMessage().contains("written with another training configuration"), e.getMessage());
        }
        // a truncated checkpoint: clear error, model untouched
        Path cut = tmp.resolve("cut/last.ckpt");
        Files.createDirectories(cut.getParent());
        byte[] whole = Files.readAllBytes(ck.resolve("last.ckpt"));
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length - 100));
        try (SegmentationTrainer t = new SegmentationTrainer(small(cut.getParent()).epochs(1).build())) {
            float[][] before = weights(t.model());
            var e = assertThrows(IOException.class, () -> t.resume(train, null));
            assertEquals(cut + ": checkpoint is truncated", e.getMessage());
            float[][] after = weights(t.model());
            for (int i = 0; i < before.length; i++) assertArrayEquals(before[i], after[i]);
        }
        // not a checkpoint
        Path junk = tmp.resolve("junk/last.ckpt");
        Files.createDirectories(junk.getParent());
        Files.writeString(junk, "hello");
        try (SegmentationTrainer t = new SegmentationTrainer(small(junk.getParent()).epochs(1).build())) {
            var e = assertThrows(IOException.class, () -> t.resume(train, null));
            assertTrue(e.getMessage().contains("not a Tessera checkpoint"), e.getMessage());
        }
        // no checkpoint at all
        try (SegmentationTrainer t = new SegmentationTrainer(small(tmp.resolve("nothing")).epochs(1).build())) {
            var e = assertThrows(IOException.class, () -> t.resume(train, null));
            assertTrue(e.getMessage().contains("no checkpoint to resume from"), e.getMessage());
        }
        // config validation names the field
        var e = assertThrows(IllegalArgumentException.class, () -> small(out).crop(50, 48).build());
        assertTrue(e.getMessage().contains("multiples of 2^depth = 4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> small(out).ignoreIndex(3).build());
        assertTrue(e.getMessage().contains("ignoreIndex 3 is one of the classes"), e.getMessage());
    }
}
