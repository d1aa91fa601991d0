package org.tessera.eval.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The parallel driver shared by the folder evaluations (semantic, Cityscapes, panoptic): a pool of daemon threads, and
 * futures joined with their cause rethrown as it was ({@link IOException} unwrapped from {@link UncheckedIOException},
 * runtime exceptions and errors as they are). Internal to tessera-eval: not an API.
 */
public final class Workers {
    private Workers() {}

    /** One item's work on a worker's own accumulator. */
    @FunctionalInterface
    public interface ItemTask<A, T> {
        void accept(A accumulator, T item) throws IOException;
    }

    /** A fixed pool of {@code threads} daemon threads named {@code name}. */
    public static ExecutorService daemonPool(int threads, String name) {
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Waits for {@code f}; its failure is rethrown as thrown by the task (an {@link UncheckedIOException} as its
     * {@link IOException}), an interrupt as {@code IOException("interrupted")} with the interrupt flag kept.
     */
    public static <T> T join(Future<T> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof UncheckedIOException u) throw u.getCause();
            if (c instanceof RuntimeException r) throw r;
            if (c instanceof Error err) throw err;
            throw new IOException(c);
        }
    }

    /**
     * Runs {@code task} on every item with {@code threads} workers (&ge; 1) on a daemon pool named {@code name}; each
     * worker takes the next item in list order and adds it to its own accumulator made by {@code factory}; all workers
     * stop taking items after the first failure.
     *
     * @return the workers' accumulators, in worker order (merge them in this order for a deterministic result)
     * @throws IOException as the first failing worker (in worker order) threw it; runtime exceptions as thrown
     */
    public static <A, T> List<A> accumulate(List<T> items, int threads, String name, Supplier<A> factory,
                                            ItemTask<A, T> task) throws IOException {
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        ExecutorService pool = daemonPool(threads, name);
        try {
            List<Future<A>> workers = new ArrayList<>(threads);
            for (int w = 0; w < threads; w++) {
                workers.add(pool.submit(() -> {
                    A acc = factory.get();
                    for (int i; !failed.get() && (i = next.getAndIncrement()) < items.size(); ) {
                        try {
                            task.accept(acc, items.get(i));
                        } catch (IOException e) {
                            failed.set(true);
                            throw new UncheckedIOException(e);
                        } catch (RuntimeException e) {
                            failed.set(true);
                            throw e;
                        }
                    }
                    return acc;
                }));
            }
            List<A> out = new ArrayList<>(threads);
            for (Future<A> f : workers) out.add(join(f));
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
