package org.tessera.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The trainable parameters of a {@link Network} with their {@link ParamOptimizer}: applies one optimisation step from the
 * gradients left by a backward pass. Shared by the trainers; weight decay on convolution weights only.
 */
final class ParamUpdate {
    private final Network net;
    private final List<String> trainable = new ArrayList<>();
    private final ParamOptimizer optimizer;

    ParamUpdate(Network net, TrainConfig cfg) {
        this.net = net;
        List<Integer> sizes = new ArrayList<>();
        List<Boolean> decay = new ArrayList<>();
        for (String n : net.parameterNames()) {
            Parameter p = net.parameter(n);
            if (!p.requiresGradient()) continue;
            trainable.add(n);
            sizes.add(Math.toIntExact(net.parameterShape(n).size()));
            decay.add(p.getType() == Parameter.Type.WEIGHT);
        }
        int[] s = sizes.stream().mapToInt(Integer::intValue).toArray();
        boolean[] d = new boolean[decay.size()];
        for (int i = 0; i < d.length; i++) d[i] = decay.get(i);
        optimizer = ParamOptimizer.create(cfg.optimizer(), s, d, (float) cfg.weightDecay(), (float) cfg.momentum());
    }

    /** The parameter whose gradient was found non-finite by the last failed {@link #applyIfFinite}. */
    String lastNonFinite;

    ParamOptimizer optimizer() {
        return optimizer;
    }

    /** Updates every trainable parameter from its gradient with learning rate {@code lr}, then ends the step. */
    void apply(float lr) {
        if (!applyIfFinite(lr)) throw new IllegalStateException("non-finite gradient at step " + optimizer.steps());
    }

    /**
     * Like {@link #apply} when every gradient is finite; otherwise changes nothing (weights, optimizer state and step
     * counter untouched) and returns false, so that the caller can recompute the step.
     */
    boolean applyIfFinite(float lr) {
        float[][] grads = new float[trainable.size()][];
        for (int i = 0; i < trainable.size(); i++) {
            try (NDArray g = net.parameter(trainable.get(i)).getArray().getGradient()) {
                grads[i] = g.toFloatArray();
            }
            for (float v : grads[i]) {
                if (!Float.isFinite(v)) {
                    lastNonFinite = trainable.get(i);
                    return false;
                }
            }
        }
        for (int i = 0; i < trainable.size(); i++) {
            NDArray wArr = net.parameter(trainable.get(i)).getArray();
            float[] wv = wArr.toFloatArray();
            optimizer.update(i, wv, grads[i], lr);
            wArr.set(FloatBuffer.wrap(wv));
        }
        optimizer.endStep();
        return true;
    }
}
