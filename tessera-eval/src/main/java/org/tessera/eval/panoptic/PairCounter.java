package org.tessera.eval.panoptic;

import java.util.Arrays;

/**
 * Counts pixels per (gt id, pred id) pair of two id maps with a primitive open-addressing hash map keyed by
 * {@code (gt << 32) | pred} (ids taken as unsigned 32-bit). Runs of equal pairs along a row are counted before they
 * are hashed, so the hash is touched once per run, not per pixel. Not thread-safe; reuse one per thread.
 */
final class PairCounter {
    private long[] keys = new long[1024];
    private long[] counts = new long[1024];
    private boolean[] used = new boolean[1024];
    private int size;

    void clear() {
        if (size > 0) {
            Arrays.fill(used, false);
            size = 0;
        }
    }

    /** Counts every pixel pair of {@code gt[i], pred[i]}; the arrays must have equal length. */
    void countPairs(int[] gt, int[] pred) {
        int n = gt.length;
        int i = 0;
        while (i < n) {
            int g = gt[i], p = pred[i];
            int j = i + 1;
            while (j < n && gt[j] == g && pred[j] == p) j++;
            add(((long) g << 32) | (p & 0xFFFFFFFFL), j - i);
            i = j;
        }
    }

    void add(long key, long c) {
        int mask = keys.length - 1;
        int h = mix(key) & mask;
        while (used[h]) {
            if (keys[h] == key) {
                counts[h] += c;
                return;
            }
            h = (h + 1) & mask;
        }
        used[h] = true;
        keys[h] = key;
        counts[h] = c;
        if (++size * 2 > keys.length) grow();
    }

    /** The count of a pair, 0 if absent. */
    long get(int gt, int pred) {
        long key = ((long) gt << 32) | (pred & 0xFFFFFFFFL);
        int mask = keys.length - 1;
        int h = mix(key) & mask;
        while (used[h]) {
            if (keys[h] == key) return counts[h];
            h = (h + 1) & mask;
        }
        return 0;
    }

    int size() {
        return size;
    }

    /**
     * The pairs sorted by unsigned (gt, pred), as numpy.unique orders {@code gt * 2^24 + pred}: out[0] keys,
     * out[1] counts.
     */
    long[][] sortedPairs() {
        long[] k = new long[size];
        int m = 0;
        for (int h = 0; h < keys.length; h++) if (used[h]) k[m++] = keys[h];
        // keys are (unsigned gt) << 32 | unsigned pred; flipping the sign bit makes signed order = unsigned order
        for (int a = 0; a < m; a++) k[a] ^= Long.MIN_VALUE;
        Arrays.sort(k);
        long[] c = new long[m];
        for (int a = 0; a < m; a++) {
            k[a] ^= Long.MIN_VALUE;
            c[a] = get((int) (k[a] >>> 32), (int) k[a]);
        }
        return new long[][] {k, c};
    }

    private void grow() {
        long[] ok = keys, oc = counts;
        boolean[] ou = used;
        keys = new long[ok.length * 2];
        counts = new long[ok.length * 2];
        used = new boolean[ok.length * 2];
        size = 0;
        for (int h = 0; h < ok.length; h++) if (ou[h]) add(ok[h], oc[h]);
    }

    private static int mix(long key) {
        long z = key * 0x9E3779B97F4A7C15L;
        return (int) (z ^ (z >>> 32));
    }
}
