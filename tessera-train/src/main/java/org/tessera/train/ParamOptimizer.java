package org.tessera.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * A first-order optimizer whose whole state lives in Java float arrays (so a checkpoint can hold it exactly and a
 * resumed run continues bit for bit). DJL's own optimizers keep their state inside the engine with no public way to
 * save it, hence this class. Parameters are identified by their index in a fixed list; {@link #step} updates
 * {@code weights[i]} in place from {@code grads[i]}.
 */
public abstract sealed class ParamOptimizer permits ParamOptimizer.AdamW, ParamOptimizer.Sgd {
    /** Which optimizer. */
    public enum Kind { ADAMW, SGD }

    protected final float[][] slots1;
    protected final float[][] slots2;
    protected final boolean[] decay;
    protected final float weightDecay;
    protected long steps;

    ParamOptimizer(int[] sizes, boolean[] decay, float weightDecay, boolean twoSlots) {
        this.decay = decay.clone();
        this.weightDecay = weightDecay;
        slots1 = new float[sizes.length][];
        slots2 = new float[sizes.length][];
        for (int i = 0; i < sizes.length; i++) {
            slots1[i] = new float[sizes[i]];
            slots2[i] = twoSlots ? new float[sizes[i]] : new float[0];
        }
    }

    /** Creates an optimizer for parameters of these sizes; {@code decay[i]} says whether weight decay applies. */
    public static ParamOptimizer create(Kind kind, int[] sizes, boolean[] decay, float weightDecay, float momentum) {
        return switch (kind) {
            case ADAMW -> new AdamW(sizes, decay, weightDecay);
            case SGD -> new Sgd(sizes, decay, weightDecay, momentum);
        };
    }

    /** Updates parameter {@code i} in place; call for every parameter, then {@link #endStep()}. */
    public abstract void update(int i, float[] w, float[] g, float lr);

    /** Ends one optimisation step (advances the step count used for bias correction). */
    public void endStep() {
        steps++;
    }

    /** Steps taken. */
    public long steps() {
        return steps;
    }

    /** Writes the state (step count and all slots). */
    public void save(DataOutputStream out) throws IOException {
        out.writeLong(steps);
        out.writeInt(slots1.length);
        for (int i = 0; i < slots1.length; i++) {
            writeFloats(out, slots1[i]);
            writeFloats(out, slots2[i]);
        }
    }

    /** Reads a state written by {@link #save} for the same parameter list (all or nothing: on an exception the state is unchanged). */
    public void load(DataInputStream in, String source) throws IOException {
        long s = in.readLong();
        int n = in.readInt();
        if (n != slots1.length) throw new IOException(source + ": optimizer state has " + n + " parameters, model has " + slots1.length);
        float[][] a = new float[n][], b = new float[n][];
        for (int i = 0; i < n; i++) {
            a[i] = new float[slots1[i].length];
            b[i] = new float[slots2[i].length];
            readFloats(in, a[i], source);
            readFloats(in, b[i], source);
        }
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, slots1[i], 0, a[i].length);
            System.arraycopy(b[i], 0, slots2[i], 0, b[i].length);
        }
        steps = s;
    }

    static void writeFloats(DataOutputStream out, float[] a) throws IOException {
        out.writeInt(a.length);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(a.length * 4);
        b.asFloatBuffer().put(a);
        out.write(b.array());
    }

    static void readFloats(DataInputStream in, float[] into, String source) throws IOException {
        int n = in.readInt();
        if (n != into.length) throw new IOException(source + ": array of " + n + " values where " + into.length + " expected");
        byte[] bytes = new byte[n * 4];
        in.readFully(bytes);
        java.nio.ByteBuffer.wrap(bytes).asFloatBuffer().get(into);
    }

    /**
     * AdamW (Loshchilov & Hutter 2019), as PyTorch's {@code torch.optim.AdamW} (beta1 0.9, beta2 0.999, eps 1e-8):
     * {@code w -= lr * wd * w; m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; w -= lr * (m / (1-b1^t)) /
     * (sqrt(v / (1-b2^t)) + eps)}.
     */
    public static final class AdamW extends ParamOptimizer {
        static final float B1 = 0.9f, B2 = 0.999f, EPS = 1e-8f;

        AdamW(int[] sizes, boolean[] decay, float weightDecay) {
            super(sizes, decay, weightDecay, true);
        }

        @Override
        public void update(int i, float[] w, float[] g, float lr) {
            float[] m = slots1[i], v = slots2[i];
            long t = steps + 1;
            double bc1 = 1 - Math.pow(B1, t), bc2 = 1 - Math.pow(B2, t);
            float stepSize = (float) (lr / bc1);
            float sqrtBc2 = (float) Math.sqrt(bc2);
            float wdFactor = decay[i] ? 1 - lr * weightDecay : 1f;
            for (int k = 0; k < w.length; k++) {
                float gk = g[k];
                m[k] = B1 * m[k] + (1 - B1) * gk;
                v[k] = B2 * v[k] + (1 - B2) * gk * gk;
                float denom = (float) Math.sqrt(v[k]) / sqrtBc2 + EPS;
                w[k] = w[k] * wdFactor - stepSize * m[k] / denom;
            }
        }
    }

    /**
     * SGD with momentum and coupled weight decay, as PyTorch's {@code torch.optim.SGD} (dampening 0, no Nesterov):
     * {@code g += wd * w; b = mu b + g (b = g at the first step); w -= lr * b}.
     */
    public static final class Sgd extends ParamOptimizer {
        private final float momentum;

        Sgd(int[] sizes, boolean[] decay, float weightDecay, float momentum) {
            super(sizes, decay, weightDecay, false);
            this.momentum = momentum;
        }

        @Override
        public void update(int i, float[] w, float[] g, float lr) {
            float[] b = slots1[i];
            float wd = decay[i] ? weightDecay : 0f;
            boolean first = steps == 0;
            for (int k = 0; k < w.length; k++) {
                float gk = g[k] + wd * w[k];
                b[k] = momentum == 0 ? gk : first ? gk : momentum * b[k] + gk;
                w[k] -= lr * b[k];
            }
        }
    }
}
