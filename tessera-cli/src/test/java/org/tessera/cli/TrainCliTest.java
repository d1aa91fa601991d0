package org.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tessera.cli.CliTest.assertBadInput;
import static org.tessera.cli.CliTest.run;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.cli.CliTest.Run;

/** {@code tessera train} end to end on tiny synthetic runs (PyTorch single-threaded, see the pom). */
class TrainCliTest {
    @TempDir
    Path tmp;

    @Test
    void trainsResumesAndExports() throws Exception {
        Path runDir = tmp.resolve("run");
        Run r = run("train", "--synthetic", "8", "--size", "64x64", "--epochs", "2", "--width", "8", "--depth", "2",
                "--out", runDir.toString(), "--onnx");
        assertEquals(0, r.code(), r.err());
        assertEquals(2, r.out().lines().filter(l -> l.startsWith("epoch ")).count(), r.out());
        assertTrue(r.out().contains("epoch 1/2  loss "), r.out());
        assertTrue(r.out().contains("val mIoU 0."), r.out());
        assertTrue(r.out().contains("8 train / 2 val images, 6 classes"), r.out());
        assertEquals(2, Files.readAllLines(runDir.resolve("log.jsonl")).size());
        assertTrue(Files.size(runDir.resolve("last.ckpt")) > 1000);
        assertTrue(Files.size(runDir.resolve("best.ckpt")) > 1000);
        byte[] onnx = Files.readAllBytes(runDir.resolve("model.onnx"));
        assertTrue(onnx.length > 1000);
        assertTrue(new String(onnx, java.nio.charset.StandardCharsets.ISO_8859_1).contains("Conv"));

        // a finished run: resume does nothing, exits 0, log unchanged
        Run again = run("train", "--resume", runDir.toString());
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("nothing to do"), again.out());
        assertEquals(0, again.out().lines().filter(l -> l.startsWith("epoch ")).count(), again.out());
        assertEquals(2, Files.readAllLines(runDir.resolve("log.jsonl")).size());

        // a checkpoint of another model (width 16 in the saved options): the trainer's error, exit 2
        Path foreign = tmp.resolve("foreign");
        Files.createDirectories(foreign);
        Files.copy(runDir.resolve("last.ckpt"), foreign.resolve("last.ckpt"));
        Files.writeString(foreign.resolve(TrainCommand.ARGS_FILE),
                Files.readString(runDir.resolve(TrainCommand.ARGS_FILE)).replace("width=8", "width=16"));
        assertBadInput(run("train", "--resume", foreign.toString()), "architecture");

        // learning curves were written after each epoch
        assertTrue(Files.size(runDir.resolve("curves.png")) > 1000);
        assertTrue(Files.readString(runDir.resolve("curves.svg")).contains("validation mIoU"));

        // extending the finished run to 3 epochs: one more epoch, log of 3, options updated
        Run more = run("train", "--resume", runDir.toString(), "--epochs", "3");
        assertEquals(0, more.code(), more.err());
        assertEquals(1, more.out().lines().filter(l -> l.startsWith("epoch 3/3")).count(), more.out());
        assertEquals(3, Files.readAllLines(runDir.resolve("log.jsonl")).size());
        assertTrue(Files.readString(runDir.resolve(TrainCommand.ARGS_FILE)).contains("epochs=3"));
        Run none = run("train", "--resume", runDir.toString());
        assertTrue(none.out().contains("nothing to do"), none.out());
        assertBadInput(run("train", "--resume", runDir.toString(), "--epochs", "2"), "3 epochs already done");
    }

    @Test
    void augmentationFocalLossAndMedianWeights() throws Exception {
        Path runDir = tmp.resolve("focal");
        Run r = run("train", "--synthetic", "4", "--size", "32x32", "--epochs", "1", "--width", "4", "--depth", "2",
                "--aug", "1", "--loss", "focal", "--class-weights", "median", "--out", runDir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("class weights (median frequency): "), r.out());
        assertTrue(r.out().contains("epoch 1/1  loss "), r.out());
        String props = Files.readString(runDir.resolve(TrainCommand.ARGS_FILE));
        assertTrue(props.contains("loss=focal") && props.contains("aug=1.0") && props.contains("class-weights=median"), props);
        assertBadInput(run("train", "--synthetic", "2", "--loss", "hinge", "--out", tmp.resolve("x").toString()), "--loss");
        assertBadInput(run("train", "--synthetic", "2", "--aug", "2", "--out", tmp.resolve("x").toString()), "--aug");
        assertBadInput(run("train", "--synthetic", "2", "--class-weights", "inverse", "--out", tmp.resolve("x").toString()), "--class-weights");
        assertBadInput(run("train", "--synthetic", "2", "--aug-scale", "2,1", "--out", tmp.resolve("x").toString()), "--aug-scale");
        assertBadInput(run("train", "--synthetic", "2", "--aug-color", "0.1,0.1", "--out", tmp.resolve("x").toString()), "4 comma-separated");
        // explicit ranges without the knob: saved and read back by a resume (finished: nothing to do)
        Path explicit = tmp.resolve("explicit");
        Run e = run("train", "--synthetic", "4", "--size", "32x32", "--epochs", "1", "--width", "4", "--depth", "2",
                "--aug-scale", "0.75,1.25", "--aug-rotate", "15", "--aug-color", "0.2,0.2,0.2,0.02", "--aug-blur", "0.5,0.2,1",
                "--out", explicit.toString());
        assertEquals(0, e.code(), e.err());
        assertTrue(Files.readString(explicit.resolve(TrainCommand.ARGS_FILE)).contains("aug-blur=0.5,0.2,1"));
        Run er = run("train", "--resume", explicit.toString());
        assertTrue(er.out().contains("nothing to do"), er.out() + er.err());
    }

    /**
     * {@code --arch bottomup} with {@code --aug} / {@code --aug-rotate} on the DSB sample (3 images, one data set
     * without splits) split by {@code --val-fraction} / {@code --split-seed}: the validation image is the one
     * {@link org.tessera.train.ValidationSplit} names (its nucleus count is in the log), and a resume reuses the split.
     */
    @Test
    void bottomUpWithAugmentationOnASeededValidationSplit() throws Exception {
        Path dsb = CliTest.shared().resolve("data/dsb2018_sample/kaggle");
        org.tessera.data.Dataset d = org.tessera.data.DatasetFormat.DSB_KAGGLE.read(dsb, org.tessera.data.ReadOptions.defaults());
        assertEquals(3, d.size());
        int[] val = org.tessera.train.ValidationSplit.seeded(3, 0.34, 5).validation();
        assertEquals(1, val.length);
        int valNuclei = d.get(val[0]).instances().size();
        java.util.Set<Integer> counts = new java.util.HashSet<>();
        for (int i = 0; i < 3; i++) counts.add(d.get(i).instances().size());
        assertEquals(3, counts.size(), "the images are told apart by their nucleus counts (17, 11, 15)");

        Path runDir = tmp.resolve("bu");
        Run r = run("train", "--arch", "bottomup", "--data", dsb.toString(), "--format", "dsb-kaggle", "--val-fraction", "0.34",
                "--split-seed", "5", "--size", "32x32", "--epochs", "1", "--batch", "2", "--width", "4", "--depth", "2",
                "--aug", "0.5", "--aug-rotate", "20", "--out", runDir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("validation split: 1 of the 3 images (--val-fraction 0.34, --split-seed 5), 2 for training"), r.out());
        assertTrue(r.out().contains("training 2 train / 1 val images, 2 classes"), r.out());
        assertTrue(r.out().contains("32x32 crops (augmentation scale[0.75,1.5],rot=20.0,bcsh=0.15/0.15/0.15/0.025,"), r.out());
        assertTrue(r.out().contains("epoch 1/1  loss "), r.out());
        com.fasterxml.jackson.databind.JsonNode log = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(Files.readAllLines(runDir.resolve("log.jsonl")).get(0));
        assertEquals(valNuclei, log.get("val_truth_instances").asInt(), "validated on image " + val[0]);
        String props = Files.readString(runDir.resolve(TrainCommand.ARGS_FILE));
        assertTrue(props.contains("val-fraction=0.34") && props.contains("split-seed=5") && !props.contains("val-split")
                && props.contains("aug=0.5") && props.contains("aug-rotate=20.0"), props);
        // the resume reads the options back: same split, same augmentation (the checkpoint's fingerprint), done
        Run again = run("train", "--resume", runDir.toString());
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("validation split: 1 of the 3 images") && again.out().contains("resuming 2 train / 1 val images"), again.out());
        assertTrue(again.out().contains("nothing to do"), again.out());
        // another augmentation in the saved options: the checkpoint is refused
        Files.writeString(runDir.resolve(TrainCommand.ARGS_FILE), props.replace("aug-rotate=20.0", "aug-rotate=10.0"));
        assertBadInput(run("train", "--resume", runDir.toString()), "another training configuration");
    }

    /** Semantic training on a label-map folder (no splits) with a seeded validation fraction, also from --config. */
    @Test
    void semanticSeededValidationSplit() throws Exception {
        Path folder = tmp.resolve("scenes");
        TrainCommand.scenes(folder, 6, 32, 32, 1);
        Path runDir = tmp.resolve("split");
        Run r = run("train", "--data", folder.toString(), "--format", "labelmaps", "--val-fraction", "0.5", "--split-seed", "3",
                "--size", "32x32", "--epochs", "1", "--width", "4", "--depth", "2", "--out", runDir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("validation split: 3 of the 6 images (--val-fraction 0.5, --split-seed 3), 3 for training"), r.out());
        assertTrue(r.out().contains("training 3 train / 3 val images"), r.out());
        // without it the folder is read for both
        Run both = run("train", "--data", folder.toString(), "--format", "labelmaps", "--size", "32x32", "--epochs", "1",
                "--width", "4", "--depth", "2", "--out", tmp.resolve("both").toString());
        assertTrue(both.out().contains("training 6 train / 6 val images"), both.out());
        // extending the run reads the same split
        Run more = run("train", "--resume", runDir.toString(), "--epochs", "2");
        assertEquals(0, more.code(), more.err());
        assertTrue(more.out().contains("resuming 3 train / 3 val images") && more.out().contains("epoch 2/2"), more.out());
        // the same keys in a --config file; the split seed decides which images validate
        Path json = tmp.resolve("split.json");
        Files.writeString(json, "{\"data\": \"" + folder + "\", \"format\": \"labelmaps\", \"val-fraction\": 0.34, \"split-seed\": 7,"
                + " \"size\": \"32x32\", \"epochs\": 1, \"width\": 4, \"depth\": 2}");
        Run cfg = run("train", "--config", json.toString(), "--out", tmp.resolve("cfgsplit").toString());
        assertEquals(0, cfg.code(), cfg.err());
        assertTrue(cfg.out().contains("validation split: 2 of the 6 images (--val-fraction 0.34, --split-seed 7), 4 for training"), cfg.out());
        assertTrue(Files.readString(tmp.resolve("cfgsplit").resolve(TrainCommand.ARGS_FILE)).contains("split-seed=7"));
    }

    @Test
    void demoTrainingStep() throws Exception {
        Path out = tmp.resolve("demo");
        Run r = run("demo", "--out", out.toString(), "--size", "160x120", "--objects", "4", "--train-epochs", "1");
        assertEquals(0, r.code(), r.err());
        String line = r.out().lines().filter(l -> l.startsWith("training ")).findFirst().orElse("");
        assertTrue(line.contains("on 48 synthetic 64x64 scenes, 1 epochs") && line.contains("val mIoU 0."), r.out());
        assertTrue(Files.size(out.resolve("train_overlay.png")) > 1000);
        assertTrue(Files.size(out.resolve("training/curves.png")) > 1000);
        assertEquals(1, Files.readAllLines(out.resolve("training/log.jsonl")).size());
    }

    @Test
    void sweepGridResumesAndSelects() throws Exception {
        Path dir = tmp.resolve("sweep");
        String[] cmd = {"train", "--synthetic", "4", "--size", "32x32", "--epochs", "1", "--width", "4", "--depth", "2",
                "--sweep", "grid", "--sweep-lr", "1e-3,3e-3", "--sweep-aug", "0,1", "--out", dir.toString()};
        Run r = run(cmd);
        assertEquals(0, r.code(), r.err());
        for (int k = 0; k < 4; k++) assertTrue(Files.isRegularFile(dir.resolve(String.format("run-%03d/best.ckpt", k))), "run " + k);
        assertTrue(r.out().contains("sweep run 4/4 (run-003): --lr 3e-3 --aug 1"), r.out());
        String md = Files.readString(dir.resolve("sweep.md"));
        assertEquals(1, md.lines().filter(l -> l.contains("(best)")).count(), md);
        assertEquals(6, md.lines().filter(l -> l.startsWith("|")).count(), md);
        com.fasterxml.jackson.databind.JsonNode js = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("sweep.json").toFile());
        assertEquals(4, js.get("runs").size());
        // the selected run has the highest validation mIoU
        double best = -1;
        String bestRun = null;
        for (var n : js.get("runs")) {
            if (n.get("best_val_miou").asDouble() > best) { best = n.get("best_val_miou").asDouble(); bestRun = n.get("run").asText(); }
        }
        assertEquals(bestRun, js.get("best").asText());
        assertTrue(r.out().contains("best: " + bestRun), r.out());

        // the same command again: every run is skipped, the table is the same
        Run again = run(cmd);
        assertEquals(0, again.code(), again.err());
        assertEquals(4, again.out().lines().filter(l -> l.contains("skipped")).count(), again.out());
        assertEquals(md, Files.readString(dir.resolve("sweep.md")));
        // other options into the same folder: refused
        String[] other = cmd.clone();
        other[8] = "8";
        assertBadInput(run(other), "holds a run with other options");
    }

    @Test
    void configFileWithSweepListAndRandomSweep() throws Exception {
        Path json = tmp.resolve("run.json");
        Files.writeString(json, "{\"synthetic\": 4, \"size\": \"32x32\", \"epochs\": 1, \"width\": 4, \"depth\": 2, \"loss\": \"ce+dice\", \"lr\": [0.001, 0.003, 0.01], \"arch\": [\"unet\"], \"sweep\": \"random:2\"}");
        Path dir = tmp.resolve("cfg");
        Run r = run("train", "--config", json.toString(), "--width", "4", "--out", dir.toString()); // width given twice
        assertEquals(0, r.code(), r.err());
        assertEquals(2, r.out().lines().filter(l -> l.startsWith("sweep run ")).count(), r.out());
        assertTrue(Files.readString(dir.resolve("run-000").resolve(TrainCommand.ARGS_FILE)).contains("loss=ce+dice"));
        assertTrue(Files.isRegularFile(dir.resolve("run-001/last.ckpt")));
        assertTrue(!Files.exists(dir.resolve("run-002")));
        assertTrue(Files.readString(dir.resolve("sweep.md")).contains("| run | arch | lr |"), Files.readString(dir.resolve("sweep.md")));
        // a plain run from a config file; the command line wins
        Files.writeString(json, "{\"synthetic\": 4, \"size\": \"32x32\", \"epochs\": 3, \"width\": 4, \"depth\": 2}");
        Run one = run("train", "--config", json.toString(), "--epochs", "1", "--out", tmp.resolve("one").toString());
        assertEquals(0, one.code(), one.err());
        assertTrue(one.out().contains("epoch 1/1"), one.out());
        Files.writeString(json, "{\"colour\": 3}");
        assertBadInput(run("train", "--config", json.toString(), "--out", tmp.resolve("two").toString()), "colour");
        assertBadInput(run("train", "--sweep", "grid", "--synthetic", "2", "--out", tmp.resolve("three").toString()), "--sweep-");
    }

    @Test
    void trainsAnotherArchitectureAndRefusesItsCheckpointForAnother() throws Exception {
        Path runDir = tmp.resolve("erf");
        Run r = run("train", "--synthetic", "4", "--size", "32x32", "--epochs", "1", "--arch", "erfnet", "--width", "4",
                "--out", runDir.toString(), "--onnx");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("erfnet(in=3,classes=6,width=4,bn=true)"), r.out());
        assertTrue(Files.size(runDir.resolve("model.onnx")) > 1000);
        Path foreign = tmp.resolve("erf-as-segnet");
        Files.createDirectories(foreign);
        Files.copy(runDir.resolve("last.ckpt"), foreign.resolve("last.ckpt"));
        Files.writeString(foreign.resolve(TrainCommand.ARGS_FILE),
                Files.readString(runDir.resolve(TrainCommand.ARGS_FILE)).replace("arch=erfnet", "arch=segnet").replace("depth=4", "depth=2"));
        assertBadInput(run("train", "--resume", foreign.toString()),
                "checkpoint of architecture erfnet(in=3,classes=6,width=4,bn=true) cannot be loaded into segnet(");
    }

    @Test
    void badInputs() throws Exception {
        assertBadInput(run("train", "--resume", tmp.resolve("missing").toString()), "not a 'tessera train' run folder");
        assertBadInput(run("train", "--synthetic", "2", "--arch", "pspnet", "--out", tmp.resolve("a").toString()),
                "--arch pspnet: unknown architecture; available: unet, fcn, segnet, deeplabv3, erfnet, bottomup");
        assertBadInput(run("train", "--synthetic", "2", "--arch", "fcn", "--size", "48x48", "--out", tmp.resolve("a2").toString()),
                "multiples of 32 (fcn down-sampling factor)");
        assertBadInput(run("train", "--out", tmp.resolve("b").toString()), "--data");
        Path badSize = tmp.resolve("f");
        assertBadInput(run("train", "--synthetic", "2", "--size", "60x64", "--depth", "4", "--out", badSize.toString()), "multiples of 2^depth");
        assertTrue(!Files.exists(badSize), "nothing written for a bad configuration");
        // labels 0..5 with 3 classes: the data check names the file and the pixel
        assertBadInput(run("train", "--synthetic", "2", "--size", "32x32", "--classes", "3", "--epochs", "1", "--width", "4",
                "--depth", "1", "--out", tmp.resolve("c").toString()), "is not a class of the model (0..2)");
        // an empty label-map folder
        Path empty = tmp.resolve("empty");
        Files.createDirectories(empty.resolve("images"));
        Files.createDirectories(empty.resolve("labels"));
        Run r = run("train", "--data", empty.toString(), "--format", "labelmaps", "--classes", "2", "--out", tmp.resolve("d").toString());
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        // --arch bottomup: data without instances, options of other architectures, sweeps
        Path sem = tmp.resolve("sem");
        TrainCommand.scenes(sem, 2, 32, 32, 1);
        r = run("train", "--arch", "bottomup", "--data", sem.toString(), "--format", "labelmaps", "--out", tmp.resolve("g").toString());
        assertBadInput(r, "labelmaps data has no instance annotations to train --arch bottomup on");
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertBadInput(run("train", "--arch", "bottomup", "--synthetic", "2", "--loss", "focal", "--out", tmp.resolve("h").toString()),
                "--arch bottomup has its own loss");
        assertBadInput(run("train", "--arch", "bottomup", "--synthetic", "2", "--sigma", "0", "--out", tmp.resolve("h2").toString()),
                "sigma must be > 0");
        assertTrue(!Files.exists(tmp.resolve("h2")), "nothing written for a bad configuration");
        assertBadInput(run("train", "--synthetic", "2", "--sigma", "3", "--out", tmp.resolve("i").toString()),
                "options of --arch bottomup");
        assertBadInput(run("train", "--synthetic", "2", "--sweep", "grid", "--sweep-arch", "unet,bottomup", "--out", tmp.resolve("j").toString()),
                "not available for --arch bottomup");
        // --arch bottomup accepts --aug and checks it like semantic training
        assertBadInput(run("train", "--arch", "bottomup", "--synthetic", "2", "--aug", "2", "--out", tmp.resolve("k").toString()),
                "--aug 2.0: strength must be in [0, 1]");
        assertBadInput(run("train", "--arch", "bottomup", "--synthetic", "2", "--aug-scale", "2,1", "--out", tmp.resolve("k").toString()),
                "--aug-scale");
        assertTrue(!Files.exists(tmp.resolve("k")), "nothing written for a bad configuration");
        // --val-fraction: with an explicit --val-split, out of range, --split-seed alone, with --synthetic, too few images
        assertBadInput(run("train", "--data", sem.toString(), "--format", "labelmaps", "--val-fraction", "0.2", "--val-split", "val",
                "--out", tmp.resolve("l").toString()), "give it or --val-split val, not both");
        assertBadInput(run("train", "--arch", "bottomup", "--data", sem.toString(), "--val-fraction", "0.2", "--val-split", "none",
                "--out", tmp.resolve("l").toString()), "not both");
        assertBadInput(run("train", "--data", sem.toString(), "--val-fraction", "1", "--out", tmp.resolve("l").toString()),
                "--val-fraction 1.0: must be in (0, 1)");
        assertBadInput(run("train", "--data", sem.toString(), "--split-seed", "4", "--out", tmp.resolve("l").toString()),
                "--split-seed 4: only used with --val-fraction");
        assertBadInput(run("train", "--synthetic", "4", "--val-fraction", "0.5", "--out", tmp.resolve("l").toString()),
                "--synthetic renders its own validation images");
        assertBadInput(run("train", "--data", sem.toString(), "--format", "labelmaps", "--val-fraction", "0.2", "--size", "32x32",
                "--out", tmp.resolve("l").toString()), "of 2 images gives no validation image");
        assertTrue(!Files.exists(tmp.resolve("l")), "nothing written for a bad split");
        // a resume without a checkpoint
        Path noCkpt = tmp.resolve("e");
        Files.createDirectories(noCkpt);
        Files.writeString(noCkpt.resolve(TrainCommand.ARGS_FILE), "synthetic=2\nepochs=1\nbatch=2\nsize=32x32\nlr=0.001\nwidth=4\ndepth=1\npatience=3\nseed=0\n");
        assertBadInput(run("train", "--resume", noCkpt.toString()), "no checkpoint to resume from");
    }
}
