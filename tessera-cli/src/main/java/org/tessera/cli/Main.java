package org.tessera.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code tessera} command line. Exit codes: 0 success, 1 internal error, 2 bad input or usage (one line on
 * standard error naming the file and the problem; the stack trace only with {@code --debug}).
 */
@Command(name = "tessera", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Image segmentation toolkit: data sets, evaluation, inference, classical segmentation.",
        subcommands = {CommandLine.HelpCommand.class, VersionCommand.class, DemoCommand.class, MaskCommand.class, EvalCommand.class, InfoCommand.class, PredictCommand.class, ModelsCommand.class, SegmentCommand.class, RefineCommand.class, ConvertCommand.class, DatasetCommand.class, TrainCommand.class})
public final class Main implements Runnable {
    /** Exit code for bad input or usage. */
    public static final int EXIT_BAD_INPUT = 2;

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT, description = "Print stack traces on errors.")
    boolean debug;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (used by tests). */
    public static int run(String... args) {
        Main main = new Main();
        CommandLine cl = new CommandLine(main);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> handle(ex, cmd, main.debug));
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("tessera: " + ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            err.flush();
            return EXIT_BAD_INPUT;
        });
        return cl.execute(args);
    }

    static int handle(Exception ex, CommandLine cmd, boolean debug) {
        PrintWriter err = cmd.getErr();
        Throwable t = ex instanceof UncheckedIOException u ? u.getCause() : ex;
        boolean badInput = t instanceof IOException || t instanceof IllegalArgumentException
                || t instanceof BadInputException;
        String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        err.println("tessera: " + (badInput ? "" : "internal error: ") + firstLine(msg));
        if (debug) {
            t.printStackTrace(err);
        } else if (!badInput) {
            err.println("(run again with --debug for the stack trace)");
        }
        err.flush();
        return badInput ? EXIT_BAD_INPUT : 1;
    }

    private static String firstLine(String s) {
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"tessera " + VersionCommand.version()};
        }
    }
}
