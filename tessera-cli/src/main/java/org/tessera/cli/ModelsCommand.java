package org.tessera.cli;

import java.util.concurrent.Callable;
import org.tessera.infer.ModelRegistry;
import org.tessera.infer.ModelSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tessera models list|info|verify}: the model registry. */
@Command(name = "models", description = "List, describe and verify the registered models (files from TESSERA_MODELS or the cache).",
        subcommands = {ModelsCommand.ListCmd.class, ModelsCommand.Info.class, ModelsCommand.Verify.class})
final class ModelsCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "list", description = "Registered model ids and whether their file is present (nothing is verified or downloaded).")
    static final class ListCmd implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            ModelRegistry r = ModelRegistry.defaultRegistry();
            for (String id : r.ids()) {
                java.nio.file.Path p = r.locate(id);
                System.out.printf("%-30s %s%n", id, p == null ? "absent (set TESSERA_MODELS, or 'tessera models info " + id + "')" : "present " + p);
            }
            return 0;
        }
    }

    @Command(name = "info", description = "A model's task, family, input and outputs.")
    static final class Info implements Callable<Integer> {
        @Parameters(index = "0") String id;

        @Override
        public Integer call() throws Exception {
            ModelRegistry.Entry e = ModelRegistry.defaultRegistry().resolve(id);
            ModelSpec s = e.spec();
            System.out.printf("id       %s%nfile     %s%ntask     %s%nfamily   %s%ninput    %s%nclasses  %d%n", e.id(), e.file(), s.task(),
                    s.family(), s.input(), s.classes() == null ? 0 : s.classes().size());
            return 0;
        }
    }

    @Command(name = "verify", description = "Check every present model file against its size and sha256 (absent ones are listed, not downloaded).")
    static final class Verify implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            ModelRegistry r = ModelRegistry.defaultRegistry();
            int ok = 0, bad = 0;
            for (String id : r.ids()) {
                if (r.locate(id) == null) {
                    System.out.printf("%-30s absent%n", id);
                    continue;
                }
                try {
                    r.resolve(id);
                    System.out.printf("%-28s ok%n", id);
                    ok++;
                } catch (Exception e) {
                    System.out.printf("%-28s %s%n", id, MaskCommand.firstLine(e.getMessage()));
                    bad++;
                }
            }
            System.out.printf("%d verified, %d wrong%n", ok, bad);
            return bad == 0 ? 0 : Main.EXIT_BAD_INPUT;
        }
    }
}
