package org.tessera.train;

/**
 * Learning rate per optimisation step: linear warm-up from {@code baseLr * warmupStartFactor} to {@code baseLr}
 * over {@code warmupSteps}, then decay to {@code minLr} at {@code totalSteps}, poly
 * ({@code (1 - p)^power}, power 0.9 as in DeepLab) or cosine ({@code (1 + cos(pi p)) / 2}), with {@code p} the
 * fraction of the post-warm-up steps done. Steps are 0-based; past {@code totalSteps} the rate stays at {@code minLr}.
 */
public record LrSchedule(Kind kind, double baseLr, double minLr, long warmupSteps, long totalSteps, double power) {
    /** Decay shape after warm-up. */
    public enum Kind { CONSTANT, POLY, COSINE }

    /** Warm-up starts at this fraction of the base rate. */
    public static final double WARMUP_START_FACTOR = 0.001;

    public LrSchedule {
        if (!(baseLr > 0)) throw new IllegalArgumentException("learning rate must be > 0, got " + baseLr);
        if (minLr < 0 || minLr > baseLr) throw new IllegalArgumentException("min learning rate must be in [0, " + baseLr + "], got " + minLr);
        if (warmupSteps < 0 || totalSteps < 1) throw new IllegalArgumentException("steps: warm-up " + warmupSteps + ", total " + totalSteps);
    }

    /** The rate at 0-based {@code step}. */
    public float at(long step) {
        if (step < warmupSteps) {
            double f = WARMUP_START_FACTOR + (1 - WARMUP_START_FACTOR) * step / warmupSteps;
            return (float) (baseLr * f);
        }
        if (kind == Kind.CONSTANT) return (float) baseLr;
        long span = Math.max(1, totalSteps - warmupSteps);
        double p = Math.min(1.0, (double) (step - warmupSteps) / span);
        double f = kind == Kind.POLY ? Math.pow(1 - p, power) : (1 + Math.cos(Math.PI * p)) / 2;
        return (float) (minLr + (baseLr - minLr) * f);
    }
}
