package dev.promptforge.app;

import io.micronaut.context.exceptions.BeanInstantiationException;
import io.micronaut.http.server.exceptions.ServerStartupException;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.exceptions.ApplicationStartupException;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts promptforge: the HTTP API, the web UI and the embedded database. */
@OpenAPIDefinition(info = @Info(title = "promptforge", version = "v1",
        description = "Git-like prompt versioning: commits, branches, labels, diffs, merges, verify and export."))
public final class Application {
    private static final Logger LOG = LoggerFactory.getLogger(Application.class);

    private Application() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("eval")) {
            System.exit(dev.promptforge.app.cli.EvalCli.main(args));
        }
        try {
            Micronaut.build(args).banner(false).mainClass(Application.class)
                    // 0: Micronaut closes the context and throws instead of logging the trace and exiting itself
                    .mapError(BeanInstantiationException.class, e -> 0)
                    .mapError(ServerStartupException.class, e -> 0)
                    .mapError(ApplicationStartupException.class, e -> 0) // how a port in use arrives
                    .start();
        } catch (ApplicationStartupException e) {
            String explanation = StartupFailures.explain(e);
            if (explanation == null) {
                LOG.error("promptforge could not start", e);
            } else {
                LOG.error("promptforge could not start: {}", explanation);
                LOG.debug("the failure in full", e);
            }
            System.exit(1);
        }
    }
}
