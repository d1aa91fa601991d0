package org.tessera.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Overlaps a command's input decoding and output encoding with its main work (inference): decode tasks run ahead
 * on a small pool, output tasks run behind it with a bounded number in flight. With 0 threads everything runs
 * inline, in order. A task's failure surfaces, unwrapped, at the next {@link #await} / {@link #drain}.
 */
final class Overlapped implements AutoCloseable {
    /** A piece of output work. */
    @FunctionalInterface
    interface IoTask {
        void run() throws IOException;
    }

    private final ExecutorService pool;
    private final ArrayDeque<Future<?>> pending = new ArrayDeque<>();
    private final int maxPending;

    Overlapped(int threads, int maxPending) {
        this.pool = threads <= 0 ? null : Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "tessera-io");
            t.setDaemon(true);
            return t;
        });
        this.maxPending = Math.max(1, maxPending);
    }

    /** Starts {@code task} (or, without threads, runs it now) and returns its future. */
    <T> Future<T> submit(Callable<T> task) {
        if (pool != null) return pool.submit(task);
        java.util.concurrent.CompletableFuture<T> f = new java.util.concurrent.CompletableFuture<>();
        try {
            f.complete(task.call());
        } catch (Exception e) {
            f.completeExceptionally(e);
        }
        return f;
    }

    /** Queues output work; waits for the oldest when too many are in flight. */
    void background(IoTask task) throws IOException {
        pending.add(submit(() -> {
            task.run();
            return null;
        }));
        while (pending.size() > maxPending) await(pending.poll());
    }

    /** Waits for all queued output work. */
    void drain() throws IOException {
        while (!pending.isEmpty()) await(pending.poll());
    }

    /** The task's result, rethrowing its own exception. */
    static <T> T await(Future<T> f) throws IOException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) throw io;
            if (c instanceof UncheckedIOException u) throw u.getCause();
            if (c instanceof RuntimeException r) throw r;
            if (c instanceof Error er) throw er;
            throw new IOException(c.getMessage(), c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        if (pool != null) pool.shutdownNow();
    }
}
