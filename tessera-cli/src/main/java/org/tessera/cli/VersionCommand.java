package org.tessera.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code tessera version}: the Tessera version and the runtime it runs on. */
@Command(name = "version", description = "Print the Tessera version and the Java runtime.")
final class VersionCommand implements Callable<Integer> {
    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-dev" : v;
    }

    @Override
    public Integer call() {
        System.out.println("tessera " + version());
        System.out.println("java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        System.out.println("cpus " + Runtime.getRuntime().availableProcessors() + ", max heap "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");
        return 0;
    }
}
