package org.tessera.data;

import java.util.Spliterator;
import java.util.function.Consumer;

/** Spliterator over an index range of a {@link Dataset}; splits in halves. */
final class IndexSpliterator implements Spliterator<Sample> {
    private final Dataset dataset;
    private int lo;
    private final int hi;

    IndexSpliterator(Dataset dataset, int lo, int hi) {
        this.dataset = dataset;
        this.lo = lo;
        this.hi = hi;
    }

    @Override
    public boolean tryAdvance(Consumer<? super Sample> action) {
        if (lo >= hi) return false;
        action.accept(dataset.get(lo++));
        return true;
    }

    @Override
    public void forEachRemaining(Consumer<? super Sample> action) {
        while (lo < hi) action.accept(dataset.get(lo++));
    }

    @Override
    public Spliterator<Sample> trySplit() {
        int mid = (lo + hi) >>> 1;
        if (mid <= lo) return null;
        Spliterator<Sample> left = new IndexSpliterator(dataset, lo, mid);
        lo = mid;
        return left;
    }

    @Override
    public long estimateSize() {
        return hi - lo;
    }

    @Override
    public int characteristics() {
        return ORDERED | SIZED | SUBSIZED | NONNULL | IMMUTABLE;
    }
}
