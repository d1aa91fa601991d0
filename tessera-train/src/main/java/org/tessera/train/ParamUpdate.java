package org.tessera.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The trainable parameters of a {@link UNet} with their {@link ParamOptimizer}: applies one optimisation step from the
 * gradients left by a backward pass. Shared by the trainers; weight decay on convolution weights only.
 */
final class ParamUpdate {
    private final UNet net;
    private final List<String> trainable = new ArrayList<>();
    private final ParamOptimizer optimizer;

    ParamUpdate(UNet net, TrainConfig cfg) {
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

    ParamOptimizer optimizer() {
        return optimizer;
    }

    /** Updates every trainable parameter from its gradient with learning rate {@code lr}, then ends the step. */
    void apply(float lr) {
        for (int i = 0; i < trainable.size(); i++) {
            NDArray wArr = net.parameter(trainable.get(i)).getArray();
            float[] wv = wArr.toFloatArray();
            float[] gv;
            try (NDArray g = wArr.getGradient()) {
                gv = g.toFloatArray();
            }
            optimizer.update(i, wv, gv, lr);
            wArr.set(FloatBuffer.wrap(wv));
        }
        optimizer.endStep();
    }
}
