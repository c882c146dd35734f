package dev.promptforge.app.shared.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Settings as the server reads them at start (Micronaut's own conversion, so what it accepts is accepted): a value
 * that does not convert or is out of range stops the start naming the setting, its variable and the value.
 */
class SettingsCheckTest {
    /** The root cause of a failed start with {@code settings}, or null when the server started. */
    private static Throwable startWith(Map<String, Object> settings) throws Exception {
        Map<String, Object> props = new HashMap<>(settings);
        props.put("micronaut.server.port", -1);
        props.put("promptforge.data-dir", Files.createTempDirectory("promptforge-settings").toString());
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props)) {
            return null;
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            return root;
        }
    }

    @Test
    void everyBadValueIsNamedWithItsVariableAndWhatItMustBe() throws Exception {
        Throwable failure = startWith(Map.of(
                "promptforge.retention-months", "abc",
                "promptforge.max-batch-events", "-5",
                "promptforge.database-synchronous", "BOGUS",
                "promptforge.retention-interval", "soon",
                "promptforge.max-chain-bytes-factor", "NaN",
                "promptforge.database-pool-size", "99999999999",
                "promptforge.live.flush-interval", "0ms"));
        assertThat(failure).isInstanceOf(IllegalArgumentException.class);
        assertThat(failure.getMessage())
                .contains("promptforge.retention-months (PROMPTFORGE_RETENTION_MONTHS) must be a whole number up to "
                        + Integer.MAX_VALUE + ", not \"abc\"")
                .contains("promptforge.max-batch-events (PROMPTFORGE_MAX_BATCH_EVENTS) must be 1 or more, not \"-5\"")
                .contains("promptforge.database-synchronous (PROMPTFORGE_DATABASE_SYNCHRONOUS) must be OFF, NORMAL, "
                        + "FULL or EXTRA, not \"BOGUS\"")
                .contains("promptforge.retention-interval (PROMPTFORGE_RETENTION_INTERVAL) must be a duration such as "
                        + "150ms, 10s, 5m or 24h, not \"soon\"")
                .contains("promptforge.max-chain-bytes-factor (PROMPTFORGE_MAX_CHAIN_BYTES_FACTOR) must be a number, "
                        + "not \"NaN\"")
                .contains("promptforge.database-pool-size (PROMPTFORGE_DATABASE_POOL_SIZE) must be a whole number up "
                        + "to")
                .contains("promptforge.live.flush-interval (PROMPTFORGE_LIVE_FLUSH_INTERVAL) must be at least 1ms, "
                        + "not \"0ms\"")
                .endsWith("Correct them (the settings and their defaults are listed in README.md) and start again.");
    }

    @Test
    void goodValuesInEveryFormStart() throws Exception {
        assertThat(startWith(Map.of(
                "promptforge.retention-months", "6",
                "promptforge.database-synchronous", "normal",
                "promptforge.retention-interval", "12h",
                "promptforge.retention-initial-delay", "0s",
                "promptforge.max-chain-bytes-factor", "2.5",
                "promptforge.live.flush-interval", "200ms",
                "promptforge.live.concurrent-writers", "0"))).isNull();
    }

    @Test
    void anEmptyFileNameIsRefused() throws Exception {
        assertThat(startWith(Map.of("promptforge.database-file", " ")))
                .hasMessageContaining("promptforge.database-file (PROMPTFORGE_DATABASE_FILE) must not be empty")
                .hasMessageEndingWith("Correct it (the settings and their defaults are listed in README.md) and "
                        + "start again.");
    }

    @Test
    void aPromptforgeVariableThatNamesNoSettingIsFound() {
        assertThat(SettingsCheck.unknownVariables(Map.of("PROMPTFORGE_RETENTION_MONTH", "6",
                "PROMPTFORGE_RETENTION_MONTHS", "6", "PROMPTFORGE_PORT", "8080", "PROMPTFORGE_URL", "x",
                "PROMPTFORGE_LIVE_MAX_LAG", "10s", "PATH", "/bin")))
                .containsExactly("PROMPTFORGE_RETENTION_MONTH");
    }
}
