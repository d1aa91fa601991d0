package org.tessera.classic.crf;

import java.util.Arrays;

/**
 * Permutohedral lattice (Adams, Baek and Davis 2010) for approximate high-dimensional Gaussian filtering in
 * O(n · d²): points are splatted onto the enclosing simplex of the lattice, blurred along each lattice axis with
 * [1/4, 1/2, 1/4], and sliced back — the filter used by Krähenbühl and Koltun's dense CRF. Features must be
 * pre-scaled by the kernel's standard deviations (unit-variance Gaussian in feature space).
 */
final class PermutohedralLattice {
    private final int n;
    private final int d;
    /** Per point, per simplex vertex (d+1): lattice point index and barycentric weight. */
    private final int[] offset;
    private final float[] weight;
    /** Neighbour indices of each lattice point along each of the d+1 axes (-1 = absent). */
    private final int[] nbMinus;
    private final int[] nbPlus;
    private final int m;
    /** Splat as a gather: for lattice point j, its contributions csrPoint/csrWeight[csrStart[j] .. csrStart[j+1]). */
    private final int[] csrStart;
    private final int[] csrPoint;
    private final float[] csrWeight;
    /** Runs the passes on the common fork-join pool (results are identical either way). */
    private final boolean parallel;
    private float[] bufA = new float[0];
    private float[] bufB = new float[0];

    /**
     * Builds the lattice for {@code n} points of dimension {@code d} ({@code features[i * d + j]}).
     */
    PermutohedralLattice(float[] features, int n, int d) {
        this(features, n, d, false);
    }

    /**
     * As {@link #PermutohedralLattice(float[], int, int)}; {@code parallel} splits the splat, blur and slice
     * passes over the common fork-join pool. Every output value is summed in the same order either way, so the
     * results are bit-identical.
     */
    PermutohedralLattice(float[] features, int n, int d, boolean parallel) {
        this.parallel = parallel;
        this.n = n;
        this.d = d;
        int d1 = d + 1;
        offset = new int[n * d1];
        weight = new float[n * d1];
        float[] scale = new float[d];
        float invStd = (float) (Math.sqrt(2.0 / 3.0) * d1);
        for (int i = 0; i < d; i++) {
            scale[i] = (float) (invStd / Math.sqrt((i + 1.0) * (i + 2.0)));
        }
        // 1. per point (independent, in parallel): the d+1 enclosing simplex vertices' keys, hashes and weights
        int[] vkeys = new int[n * d1 * d];
        int[] vhash = new int[n * d1];
        Parallel.blocks(n, parallel, (lo, hi) -> {
            float[] elevated = new float[d1];
            int[] rem0 = new int[d1];
            int[] rank = new int[d1];
            float[] bary = new float[d + 2];
            for (int p = lo; p < hi; p++) {
                simplex(features, p, scale, elevated, rem0, rank, bary, vkeys, vhash);
            }
        });
        // 2. lattice point numbering (sequential: first occurrence in point order, as the reference)
        KeyTable table = new KeyTable(d, Math.max(16, n * d1 / 4));
        for (int i = 0; i < n * d1; i++) {
            offset[i] = table.findOrInsert(vkeys, i * d, vhash[i]);
        }
        m = table.size();
        // the splat as a gather, contributions of each lattice point in increasing point order (the sequential
        // scatter's summation order)
        csrStart = new int[m + 1];
        for (int i = 0; i < n * d1; i++) {
            csrStart[offset[i] + 1]++;
        }
        for (int j = 0; j < m; j++) {
            csrStart[j + 1] += csrStart[j];
        }
        csrPoint = new int[n * d1];
        csrWeight = new float[n * d1];
        int[] fill = Arrays.copyOf(csrStart, m);
        for (int i = 0; i < n * d1; i++) {
            int k = fill[offset[i]]++;
            csrPoint[k] = i / d1;
            csrWeight[k] = weight[i];
        }
        nbMinus = new int[m * d1];
        nbPlus = new int[m * d1];
        // 3. neighbours along each axis (read-only lookups, in parallel)
        Parallel.blocks(m, parallel, (lo, hi) -> {
            int[] n1 = new int[d], n2 = new int[d];
            for (int i = lo; i < hi; i++) {
                int base = i * d;
                for (int j = 0; j <= d; j++) {
                    for (int k = 0; k < d; k++) {
                        n1[k] = table.keys[base + k] - 1;
                        n2[k] = table.keys[base + k] + 1;
                    }
                    if (j < d) {
                        n1[j] = table.keys[base + j] + d;
                        n2[j] = table.keys[base + j] - d;
                    }
                    nbMinus[i * d1 + j] = table.find(n1, 0, KeyTable.hash(n1, 0, d));
                    nbPlus[i * d1 + j] = table.find(n2, 0, KeyTable.hash(n2, 0, d));
                }
            }
        });
    }

    /**
     * Point {@code p}'s enclosing simplex: writes its d+1 vertex keys ({@code d} ints each) to {@code vkeys}, their
     * hashes to {@code vhash} and the barycentric weights to {@link #weight}, at vertex slots {@code p * (d+1) + r}.
     */
    private void simplex(float[] features, int p, float[] scale, float[] elevated, int[] rem0, int[] rank, float[] bary,
                         int[] vkeys, int[] vhash) {
        int d1 = d + 1;
        float down = 1f / d1;
        float sm = 0;
        for (int i = d; i > 0; i--) {
            float cf = features[p * d + i - 1] * scale[i - 1];
            elevated[i] = sm - i * cf;
            sm += cf;
        }
        elevated[0] = sm;
        int sum = 0;
        for (int i = 0; i <= d; i++) {
            float v = down * elevated[i];
            int up = (int) Math.ceil(v) * d1;
            int dn = (int) Math.floor(v) * d1;
            rem0[i] = (up - elevated[i] < elevated[i] - dn) ? up : dn;
            sum += rem0[i];
        }
        sum /= d1;
        Arrays.fill(rank, 0);
        for (int i = 0; i < d; i++) {
            float di = elevated[i] - rem0[i];
            for (int j = i + 1; j <= d; j++) {
                if (di < elevated[j] - rem0[j]) {
                    rank[i]++;
                } else {
                    rank[j]++;
                }
            }
        }
        if (sum > 0) {
            for (int i = 0; i <= d; i++) {
                if (rank[i] >= d1 - sum) {
                    rank[i] -= d1 - sum;
                    rem0[i] -= d1;
                } else {
                    rank[i] += sum;
                }
            }
        } else if (sum < 0) {
            for (int i = 0; i <= d; i++) {
                if (rank[i] < -sum) {
                    rank[i] += d1 + sum;
                    rem0[i] += d1;
                } else {
                    rank[i] += sum;
                }
            }
        }
        Arrays.fill(bary, 0);
        for (int i = 0; i <= d; i++) {
            float v = (elevated[i] - rem0[i]) * down;
            bary[d - rank[i]] += v;
            bary[d + 1 - rank[i]] -= v;
        }
        bary[0] += 1f + bary[d + 1];
        for (int r = 0; r <= d; r++) {
            int slot = p * d1 + r, kb = slot * d;
            for (int i = 0; i < d; i++) {
                vkeys[kb + i] = rem0[i] + (rank[i] <= d - r ? r : r - d1);
            }
            vhash[slot] = KeyTable.hash(vkeys, kb, d);
            weight[slot] = bary[r];
        }
    }

    /** Number of lattice points. */
    int latticePoints() {
        return m;
    }

    /**
     * Filters {@code values} ({@code vd} channels per point, {@code in[p * vd + c]}) into {@code out}: splat, blur
     * along the d+1 axes, slice, times 1 / (1 + 2^-d) as in the reference implementation. Not thread-safe (reuses
     * its buffers); {@code in} and {@code out} may be the same array.
     */
    void compute(float[] in, int vd, float[] out) {
        compute(in, vd, out, null, 1f, false);
    }

    /**
     * The filter with a diagonal scaling on both sides and the result scaled and optionally accumulated:
     * {@code out (+)= gain · S · K(S · in)}, S = diag(scale) (null = identity) — the symmetric normalization and
     * the Potts weight of a CRF kernel fused into the splat and slice passes.
     */
    void compute(float[] in, int vd, float[] out, float[] scale, float gain, boolean accumulate) {
        int d1 = d + 1;
        int size = (m + 1) * vd;
        if (bufA.length < size) {
            bufA = new float[size];
            bufB = new float[size];
        }
        float[] val = bufA, tmp = bufB;
        // index m is a zero dummy for absent neighbours
        Arrays.fill(val, m * vd, size, 0f);
        Arrays.fill(tmp, m * vd, size, 0f);
        // splat (gather form)
        final float[] splat = val;
        Parallel.blocks(m, parallel, (lo, hi) -> {
            for (int j = lo; j < hi; j++) {
                int o = j * vd;
                for (int c = 0; c < vd; c++) {
                    splat[o + c] = 0f;
                }
                for (int k = csrStart[j], e = csrStart[j + 1]; k < e; k++) {
                    int pt = csrPoint[k];
                    int ip = pt * vd;
                    float w = scale == null ? csrWeight[k] : csrWeight[k] * scale[pt];
                    for (int c = 0; c < vd; c++) {
                        splat[o + c] += w * in[ip + c];
                    }
                }
            }
        });
        // blur; for 1-2 channels the reference's sequential code computes the blur in double precision
        boolean wide = vd <= 2;
        for (int j = 0; j <= d; j++) {
            final int axis = j;
            final float[] src = val, dst = tmp;
            Parallel.blocks(m, parallel, (lo, hi) -> {
                for (int i = lo; i < hi; i++) {
                    int a = nbMinus[i * d1 + axis], b = nbPlus[i * d1 + axis];
                    int ia = (a < 0 ? m : a) * vd, ib = (b < 0 ? m : b) * vd, io = i * vd;
                    if (wide) {
                        for (int c = 0; c < vd; c++) {
                            dst[io + c] = (float) (src[io + c] + 0.5 * (src[ia + c] + src[ib + c]));
                        }
                    } else {
                        for (int c = 0; c < vd; c++) {
                            dst[io + c] = src[io + c] + 0.5f * (src[ia + c] + src[ib + c]);
                        }
                    }
                }
            });
            val = dst;
            tmp = src;
        }
        // slice
        final float alpha = (float) (1.0 / (1.0 + Math.pow(2, -d))) * gain;
        final float[] blurred = val;
        Parallel.blocks(n, parallel, (lo, hi) -> {
            for (int p = lo; p < hi; p++) {
                float f = scale == null ? alpha : alpha * scale[p];
                int po = p * vd;
                int o = offset[p * d1] * vd;
                float w = weight[p * d1] * f;
                if (accumulate) {
                    for (int c = 0; c < vd; c++) {
                        out[po + c] += w * blurred[o + c];
                    }
                } else {
                    for (int c = 0; c < vd; c++) {
                        out[po + c] = w * blurred[o + c];
                    }
                }
                for (int r = 1; r <= d; r++) {
                    o = offset[p * d1 + r] * vd;
                    w = weight[p * d1 + r] * f;
                    for (int c = 0; c < vd; c++) {
                        out[po + c] += w * blurred[o + c];
                    }
                }
            }
        });
    }

    /** Open-addressing hash table of integer lattice keys (d ints each). */
    private static final class KeyTable {
        final int d;
        int[] keys;
        int[] slots; // lattice index + 1, 0 = empty
        int size;

        KeyTable(int d, int capacity) {
            this.d = d;
            int cap = Integer.highestOneBit(Math.max(16, capacity)) << 1;
            slots = new int[cap];
            keys = new int[capacity * d];
        }

        int size() {
            return size;
        }

        static int hash(int[] k, int off, int d) {
            int h = 0;
            for (int i = 0; i < d; i++) {
                h = h * 2531011 + k[off + i];
            }
            return h ^ (h >>> 16);
        }

        /** Index of the key {@code k[off .. off+d)} (hash {@code h}), or -1. Read-only: safe from many threads. */
        int find(int[] k, int off, int h) {
            int mask = slots.length - 1;
            for (int s = h & mask; ; s = (s + 1) & mask) {
                int e = slots[s];
                if (e == 0) {
                    return -1;
                }
                if (equal(e - 1, k, off)) {
                    return e - 1;
                }
            }
        }

        int findOrInsert(int[] k, int off, int h) {
            if ((size + 1) * 2 > slots.length) {
                grow();
            }
            int mask = slots.length - 1;
            for (int s = h & mask; ; s = (s + 1) & mask) {
                int e = slots[s];
                if (e == 0) {
                    if ((size + 1) * d > keys.length) {
                        keys = Arrays.copyOf(keys, keys.length * 2);
                    }
                    System.arraycopy(k, off, keys, size * d, d);
                    slots[s] = ++size;
                    return size - 1;
                }
                if (equal(e - 1, k, off)) {
                    return e - 1;
                }
            }
        }

        private boolean equal(int idx, int[] k, int off) {
            int b = idx * d;
            for (int i = 0; i < d; i++) {
                if (keys[b + i] != k[off + i]) {
                    return false;
                }
            }
            return true;
        }

        private void grow() {
            int[] old = slots;
            slots = new int[old.length * 2];
            int mask = slots.length - 1;
            for (int e : old) {
                if (e == 0) {
                    continue;
                }
                int s = hash(keys, (e - 1) * d, d) & mask;
                while (slots[s] != 0) {
                    s = (s + 1) & mask;
                }
                slots[s] = e;
            }
        }
    }
}
