package dev.promptforge.app.metrics.ws;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Live-metrics settings as the server reads them at start-up. */
class LiveSettingsTest {
    @Test
    void aNegativeWriterCountStopsTheStartAndNamesTheSetting() throws Exception {
        Path data = Files.createTempDirectory("promptforge-settings");
        assertThatThrownBy(() -> ApplicationContext.run(EmbeddedServer.class, Map.of("micronaut.server.port", -1,
                "promptforge.data-dir", data.toString(), "promptforge.live.concurrent-writers", -1)).close())
                .rootCause().hasMessageContaining("promptforge.live.concurrent-writers")
                .hasMessageContaining("PROMPTFORGE_LIVE_CONCURRENT_WRITERS").hasMessageContaining("not \"-1\"");
    }
}
