package org.tessera.cli;

import java.io.PrintStream;

/**
 * A one-line progress bar on standard error, redrawn at most every 200 ms; drawn only when standard error is an
 * interactive terminal (never into logs, pipes or tests) and for runs of 2 items or more.
 */
final class Progress implements AutoCloseable {
    private final PrintStream err = System.err;
    private final String what;
    private final long total;
    private final long start = System.nanoTime();
    private long last;
    private long done;
    private final boolean enabled;

    Progress(String what, long total) {
        this.what = what;
        this.total = total;
        this.enabled = total > 1 && interactive();
    }

    /** True when the JVM is attached to a terminal (JDK 22+ Console.isTerminal, else a console exists). */
    static boolean interactive() {
        java.io.Console c = System.console();
        if (c == null) return false;
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    synchronized void step() {
        step(null);
    }

    /** One more item done; {@code status} (e.g. the current loss) is shown after the bar. */
    synchronized void step(String status) {
        done++;
        long now = System.nanoTime();
        if (enabled && (now - last > 200_000_000L || done == total)) {
            last = now;
            int width = 30;
            int fill = (int) (width * done / Math.max(1, total));
            double s = (now - start) / 1e9;
            err.printf("\r[%s%s] %d/%d %s  %.1f/s %s", "#".repeat(fill), " ".repeat(width - fill), done, total, what,
                    done / Math.max(1e-9, s), status == null ? "" : status + " ");
            err.flush();
        }
    }

    @Override
    public synchronized void close() {
        if (enabled && last != 0) {
            err.println();
            err.flush();
        }
    }
}
