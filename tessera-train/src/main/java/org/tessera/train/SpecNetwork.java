package org.tessera.train;

/**
 * A {@link Network} configured by one {@link Network.Spec} record, with a single class-logit output: holds the spec
 * and answers {@link #describe()}, {@link #inChannels()} and {@link #outputChannels()} from it, so each architecture
 * only declares its parameters, its size multiple and its graph.
 *
 * @param <S> the architecture's spec record
 */
public abstract class SpecNetwork<S extends Network.Spec> extends Network {
    /** The architecture's configuration. */
    protected final S spec;

    protected SpecNetwork(S spec) {
        this.spec = spec;
    }

    /** The architecture. */
    public S spec() {
        return spec;
    }

    @Override
    public String describe() {
        return spec.describe();
    }

    @Override
    public int inChannels() {
        return spec.inChannels();
    }

    /** One output: {@code numClasses} logits. */
    @Override
    public int[] outputChannels() {
        return new int[] {spec.numClasses()};
    }
}
