package dev.promptforge.app.shared.http;

import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;

/** Prints where the server listens once it does, so the start command ends with a URL to open. */
@Singleton
public class StartupBanner {
    @EventListener
    void onStartup(ServerStartupEvent event) {
        System.out.println("promptforge is running at " + event.getSource().getURL() + "  (Ctrl+C stops it)");
    }
}
