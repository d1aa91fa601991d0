package org.tessera.classic.crf;

import java.util.stream.IntStream;

/** Splits an index range into contiguous blocks run on the common fork-join pool (or inline). */
final class Parallel {
    /** Below this many items a pass runs on the calling thread. */
    static final int MIN_ITEMS = 4096;

    private Parallel() {
    }

    interface Range {
        void run(int lo, int hi);
    }

    static void blocks(int count, boolean parallel, Range body) {
        int threads = parallel ? Runtime.getRuntime().availableProcessors() : 1;
        if (threads <= 1 || count < MIN_ITEMS) {
            body.run(0, count);
            return;
        }
        int blocks = Math.min(threads * 4, count / (MIN_ITEMS / 4));
        IntStream.range(0, blocks).parallel().forEach(b -> {
            long lo = (long) count * b / blocks, hi = (long) count * (b + 1) / blocks;
            body.run((int) lo, (int) hi);
        });
    }
}
