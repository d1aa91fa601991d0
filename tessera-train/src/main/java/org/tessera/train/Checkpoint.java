package org.tessera.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.tessera.core.io.AtomicFiles;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Training checkpoints: one binary file (big-endian, {@link DataOutputStream} layout) holding the architecture, the
 * training state, all network parameters (BN running statistics included) as float32, and the optimizer state.
 * Written atomically ({@link AtomicFiles}): a run killed while writing leaves the previous checkpoint intact.
 *
 * <p>Layout: magic {@code "TESSERA-CKPT-1\n"}; UTF architecture ({@link Network#describe()}); UTF configuration
 * fingerprint; {@link State} fields; parameter count, then per parameter its UTF name, rank, dims (long) and values
 * (int count + floats); a boolean "has optimizer", then the optimizer kind (UTF) and its state.
 *
 * <p>RNG state: every random draw of the trainer (data order, crops, flips) is derived from (seed, epoch, position)
 * and initial weights from the seed alone, so the seed and the number of finished epochs in {@link State} are the
 * whole random state: a run resumed after epoch k draws exactly what the uninterrupted run would.
 */
public final class Checkpoint {
    private static final byte[] MAGIC = "TESSERA-CKPT-1\n".getBytes(StandardCharsets.US_ASCII);

    private Checkpoint() {
    }

    /**
     * Training progress.
     *
     * @param epochsDone              epochs finished
     * @param globalStep              optimisation steps done
     * @param seed                    the run's seed
     * @param bestMetric              best validation mIoU so far (or minus the best training loss without
     *                                validation), NaN if none
     * @param bestEpoch               1-based epoch of the best metric, 0 if none
     * @param epochsWithoutImprovement epochs since the best
     * @param stoppedEarly            early stopping ended the run
     */
    public record State(int epochsDone, long globalStep, long seed, double bestMetric, int bestEpoch,
                        int epochsWithoutImprovement, boolean stoppedEarly) {}

    /** Writes a checkpoint atomically. {@code optimizer} may be null (weights only). */
    public static void write(Path file, Network net, String fingerprint, State state, ParamOptimizer.Kind kind,
                             ParamOptimizer optimizer) throws IOException {
        List<String> names = net.parameterNames();
        // copy out of the engine first, so the file write holds no native arrays
        float[][] values = new float[names.size()][];
        for (int i = 0; i < names.size(); i++) values[i] = net.parameter(names.get(i)).getArray().toFloatArray();
        AtomicFiles.write(file, os -> {
            DataOutputStream out = new DataOutputStream(os);
            out.write(MAGIC);
            out.writeUTF(net.describe());
            out.writeUTF(fingerprint);
            out.writeInt(state.epochsDone());
            out.writeLong(state.globalStep());
            out.writeLong(state.seed());
            out.writeDouble(state.bestMetric());
            out.writeInt(state.bestEpoch());
            out.writeInt(state.epochsWithoutImprovement());
            out.writeBoolean(state.stoppedEarly());
            out.writeInt(names.size());
            for (int i = 0; i < names.size(); i++) {
                out.writeUTF(names.get(i));
                Shape s = net.parameterShape(names.get(i));
                out.writeInt(s.dimension());
                for (long d : s.getShape()) out.writeLong(d);
                ParamOptimizer.writeFloats(out, values[i]);
            }
            out.writeBoolean(optimizer != null);
            if (optimizer != null) {
                out.writeUTF(kind.name());
                optimizer.save(out);
            }
            out.flush();
        });
    }

    /** What {@link #read} found besides the weights. */
    public record Loaded(String fingerprint, State state) {}

    /**
     * Reads a checkpoint into an initialised {@code net} (and into {@code optimizer} when not null). The file is read
     * and checked completely before the model or the optimizer is changed: on an exception both are untouched.
     *
     * @throws IOException naming the file when it is not a Tessera checkpoint, is truncated, was written for another
     *                     architecture, or lacks the optimizer state asked for
     */
    public static Loaded read(Path file, Network net, ParamOptimizer.Kind kind, ParamOptimizer optimizer) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            byte[] magic = new byte[MAGIC.length];
            try {
                in.readFully(magic);
            } catch (EOFException e) {
                throw new IOException(file + ": not a Tessera checkpoint (file too short)");
            }
            if (!Arrays.equals(magic, MAGIC)) throw new IOException(file + ": not a Tessera checkpoint (bad magic)");
            String arch = in.readUTF();
            if (!arch.equals(net.describe())) {
                throw new IOException(file + ": checkpoint of architecture " + arch + " cannot be loaded into " + net.describe());
            }
            String fingerprint = in.readUTF();
            State st = new State(in.readInt(), in.readLong(), in.readLong(), in.readDouble(), in.readInt(), in.readInt(),
                    in.readBoolean());
            List<String> names = net.parameterNames();
            int n = in.readInt();
            if (n != names.size()) throw new IOException(file + ": " + n + " parameters, model " + arch + " has " + names.size());
            float[][] values = new float[n][]; // everything is read and checked before the model is touched
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                if (!name.equals(names.get(i))) throw new IOException(file + ": parameter " + i + " is '" + name + "', model expects '" + names.get(i) + "'");
                int rank = in.readInt();
                long[] dims = new long[rank];
                for (int k = 0; k < rank; k++) dims[k] = in.readLong();
                Shape want = net.parameterShape(name);
                if (!new Shape(dims).equals(want)) throw new IOException(file + ": parameter '" + name + "' has shape " + new Shape(dims) + ", model expects " + want);
                float[] v = new float[Math.toIntExact(want.size())];
                ParamOptimizer.readFloats(in, v, file.toString());
                values[i] = v;
            }
            boolean hasOpt = in.readBoolean();
            if (optimizer != null) {
                if (!hasOpt) throw new IOException(file + ": checkpoint holds no optimizer state (weights only); cannot resume from it");
                String k = in.readUTF();
                if (!k.equals(kind.name())) throw new IOException(file + ": optimizer state is " + k + ", run uses " + kind);
                optimizer.load(in, file.toString());
            }
            for (int i = 0; i < n; i++) {
                NDArray a = net.parameter(names.get(i)).getArray();
                a.set(FloatBuffer.wrap(values[i]));
            }
            return new Loaded(fingerprint, st);
        } catch (EOFException e) {
            throw new IOException(file + ": checkpoint is truncated", e);
        }
    }
}
