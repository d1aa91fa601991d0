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
                "--arch pspnet: unknown architecture; available: unet, fcn, segnet, deeplabv3, erfnet");
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
        // a resume without a checkpoint
        Path noCkpt = tmp.resolve("e");
        Files.createDirectories(noCkpt);
        Files.writeString(noCkpt.resolve(TrainCommand.ARGS_FILE), "synthetic=2\nepochs=1\nbatch=2\nsize=32x32\nlr=0.001\nwidth=4\ndepth=1\npatience=3\nseed=0\n");
        assertBadInput(run("train", "--resume", noCkpt.toString()), "no checkpoint to resume from");
    }
}
