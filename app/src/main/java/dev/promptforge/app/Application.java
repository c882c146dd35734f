package dev.promptforge.app;

import io.micronaut.runtime.Micronaut;

/** Starts promptforge: the HTTP API, the web UI and the embedded database. */
public final class Application {
    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.build(args).banner(false).mainClass(Application.class).start();
    }
}
