package org.tessera.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.data.Dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** FCN, SegNet, DeepLabV3, ERFNet (and U-Net where cheap): shapes, ONNX export, training, checkpoints. */
class ArchitecturesTest {
    @TempDir
    static Path tmp;
    static Dataset train;

    /** Tiny instances: name, width, depth. */
    static final Object[][] TINY = {{"fcn", 4, 0}, {"segnet", 4, 3}, {"deeplabv3", 4, 0}, {"erfnet", 4, 0}};

    @BeforeAll
    static void data() throws IOException {
        train = Scenes.folder(tmp.resolve("train"), 8, 64, 300);
    }

    private static Network tiny(Object[] t, int classes, boolean bn) {
        return Architectures.create((String) t[0], 3, classes, (int) t[1], (int) t[2], bn);
    }

    @Test
    void shapesMultiplesAndDescriptions() {
        Set<String> described = new HashSet<>();
        int[] multiples = {32, 8, 16, 8};
        try (NDManager m = NDManager.newBaseManager()) {
            for (int i = 0; i < TINY.length; i++) {
                Network net = tiny(TINY[i], 5, true);
                assertEquals(multiples[i], net.sizeMultiple(), net.describe());
                net.initializeParameters(m, 1);
                int f = net.sizeMultiple();
                NDArray y = net.forward(m.randomUniform(0, 1, new Shape(2, 3, 2 * f, 3 * f)), false);
                assertEquals(new Shape(2, 5, 2 * f, 3 * f), y.getShape(), net.describe());
                assertTrue(described.add(net.describe()));
                assertTrue(net.describe().startsWith(TINY[i][0].equals("fcn") ? "fcn8s(" : TINY[i][0] + "("), net.describe());
                var e = assertThrows(IllegalArgumentException.class, () -> net.forward(m.zeros(new Shape(1, 3, f + 4, f)), false));
                assertTrue(e.getMessage().contains("multiples of " + f), e.getMessage());
            }
            var e = assertThrows(IllegalArgumentException.class, () -> Architectures.create("pspnet", 3, 5, 8, 2, true));
            assertEquals("unknown architecture 'pspnet'; available: unet, fcn, segnet, deeplabv3, erfnet", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Architectures.create("erfnet", 3, 5, 3, 2, true));
        }
    }

    @Test
    void parameterCountsFollowTheDefinitions() {
        // ERFNet at the paper's width 16 with 20 classes: 2.07 M parameters (paper, Table 1 text); ours has no
        // running statistics counted and the same layers
        long erf = Architectures.create("erfnet", 3, 20, 16, 0, true).trainableScalars();
        assertEquals(2.07e6, erf, 0.02e6);
        // FCN at width 1, no BN: hand count
        int c = 7;
        long fcn = 0;
        int[] ch = {1, 2, 4, 8, 8};
        int in = 3;
        for (int s : ch) { fcn += (long) in * s * 9 + s + (long) s * s * 9 + s; in = s; }
        fcn += 8 * 16 * 9 + 16 + 16 * 16 + 16 + (16 * c + c) + (8 * c + c) + (4 * c + c);
        assertEquals(fcn, Architectures.create("fcn", 3, c, 1, 0, false).trainableScalars());
        // DeepLabV3 at width 1, no BN: stem, 4 blocks (3 with a 1x1 shortcut), ASPP (4 channels), head
        long dl = (3 * 9 + 1) + (9 + 1)
                + (9 * 2 + 2) + (2 * 9 * 2 + 2) + (2 + 2)
                + (2 * 9 * 4 + 4) + (4 * 9 * 4 + 4) + (2 * 4 + 4)
                + (4 * 9 * 8 + 8) + (8 * 9 * 8 + 8) + (4 * 8 + 8)
                + 2 * (8 * 9 * 8 + 8)
                + (8 * 4 + 4) + 3 * (8 * 9 * 4 + 4) + (8 * 4 + 4) + (20 * 4 + 4) + (4 * c + c);
        assertEquals(dl, Architectures.create("deeplabv3", 3, c, 1, 0, false).trainableScalars());
    }

    @Test
    void onnxRuntimeMatchesDjl() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            for (Object[] t : TINY) {
                for (boolean bn : new boolean[] {true, false}) {
                    Network net = tiny(t, 4, bn);
                    net.initializeParameters(m, 3);
                    int f = net.sizeMultiple();
                    if (bn) OnnxCheck.warmUpBatchNorm(net, m, new SplittableRandom(2), 2, 2 * f, 2 * f);
                    double d = OnnxCheck.maxDifference(net, tmp.resolve(t[0] + "-" + bn + ".onnx"), m, 2, 2 * f, 3 * f, 5);
                    assertTrue(d <= 1e-4, net.describe() + ": ONNX Runtime differs from DJL by " + d);
                }
            }
        }
    }

    @Test
    void segNetUnpoolingPlacesValuesAtTheWindowMaxima() {
        // unpool(y) = nearest2x(y) * (x == nearest2x(maxpool(x))): one window without ties, one with
        try (NDManager m = NDManager.newBaseManager()) {
            DjlOps ops = new DjlOps(n -> null, n -> false, false);
            NDArray x = m.create(new float[] {1, 5, 0, 0, 2, 3, 0, 0}, new Shape(1, 1, 2, 4));
            NDArray y = m.create(new float[] {7, 9}, new Shape(1, 1, 1, 2));
            NDArray un = ops.mul(ops.upsampleNearest(y, 2), ops.equal(x, ops.upsampleNearest(ops.maxPool(x, 2, 2), 2)));
            assertArrayEquals(new float[] {0, 7, 9, 9, 0, 0, 9, 9}, un.toFloatArray());
        }
    }

    @Test
    void eachArchitectureTrainsChecksAndRefusesForeignCheckpoints() throws IOException {
        List<Path> bests = new ArrayList<>();
        for (Object[] t : TINY) {
            Path out = tmp.resolve("run-" + t[0]);
            TrainConfig cfg = TrainConfig.builder(6, out).arch((String) t[0]).width((int) t[1])
                    .depth((int) t[2] == 0 ? 4 : (int) t[2]).resize(64, 64).crop(64, 64).flip(false).batchSize(4)
                    .epochs(5).learningRate(5e-3).warmupSteps(1).patience(0).seed(7).build();
            try (SegmentationTrainer tr = new SegmentationTrainer(cfg)) {
                assertEquals(t[0].equals("fcn") ? "fcn8s" : t[0], tr.model().describe().substring(0, tr.model().describe().indexOf('(')));
                SegmentationTrainer.Result r = tr.fit(train, null);
                double first = r.epochs().get(0).trainLoss(), last = r.epochs().get(4).trainLoss();
                System.out.printf("%s: %d parameters, loss %.4f -> %.4f%n", tr.model().describe(), tr.model().trainableScalars(), first, last);
                assertTrue(last < 0.8 * first, t[0] + ": training loss should fall: " + first + " -> " + last);
                assertTrue(Files.isRegularFile(out.resolve(SegmentationTrainer.BEST)));
                bests.add(out.resolve(SegmentationTrainer.BEST));
            }
        }
        // a checkpoint of one architecture is refused by every other one, naming both
        try (NDManager m = NDManager.newBaseManager()) {
            for (int i = 0; i < TINY.length; i++) {
                Network other = tiny(TINY[(i + 1) % TINY.length], 6, true);
                other.initializeParameters(m, 0);
                Path ck = bests.get(i);
                var e = assertThrows(IOException.class, () -> Checkpoint.read(ck, other, ParamOptimizer.Kind.ADAMW, null));
                assertTrue(e.getMessage().contains(ck + ": checkpoint of architecture " + tiny(TINY[i], 6, true).describe()
                        + " cannot be loaded into " + other.describe()), e.getMessage());
            }
        }
    }
}
