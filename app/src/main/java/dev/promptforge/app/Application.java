package dev.promptforge.app;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

/** Starts promptforge: the HTTP API, the web UI and the embedded database. */
@OpenAPIDefinition(info = @Info(title = "promptforge", version = "v1",
        description = "Git-like prompt versioning: commits, branches, labels, diffs, merges, verify and export."))
public final class Application {
    private Application() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("eval")) {
            System.exit(dev.promptforge.app.cli.EvalCli.main(args));
        }
        Micronaut.build(args).banner(false).mainClass(Application.class).start();
    }
}
