package org.tessera.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tessera} command line. */
@Command(name = "tessera", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Image segmentation toolkit: data sets, evaluation, inference, classical segmentation.",
        subcommands = {CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"tessera " + (v == null ? "dev" : v)};
        }
    }
}
