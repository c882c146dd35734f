package dev.promptforge.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptforge.app.support.ApiTestSupport;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Drives Debian's Chromium with playwright-core ({@code frontend/e2e/smoke.mjs}) against this server: create,
 * search, open, history, diff, edit and commit through the real UI. Needs {@code chromium} installed
 * ({@code .ci/run} installs it); {@code -Dpromptforge.skipBrowserTests=true} skips it explicitly.
 */
@MicronautTest
class BrowserEndToEndTest extends ApiTestSupport {
    @Test
    void authorsCanBrowseDiffAndCommitInTheWebUi() throws Exception {
        Assumptions.assumeFalse(Boolean.getBoolean("promptforge.skipBrowserTests"), "browser tests skipped on request");
        Path script = Path.of("..", "frontend", "e2e", "smoke.mjs").toAbsolutePath().normalize();
        assertThat(script).exists();
        String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        assertThat(Path.of(chromium)).as("Chromium is needed for the browser test: apt-get install -y chromium "
                + "(or run with -Dpromptforge.skipBrowserTests=true)").exists();
        assertThat(script.getParent().resolveSibling("node_modules").resolve("playwright-core"))
                .as("frontend dependencies are installed by the frontend module's build (npm install)").exists();
        Process p = new ProcessBuilder("node", script.toString(), server.getURL().toString())
                .directory(script.getParent().getParent().toFile()).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try {
                p.getInputStream().transferTo(out);
            } catch (java.io.IOException ignored) {
                // the process ended
            }
        });
        reader.start();
        boolean done = p.waitFor(180, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        reader.join(5000);
        String log = out.toString(StandardCharsets.UTF_8);
        assertThat(done).as("smoke test timed out:\n" + log).isTrue();
        assertThat(p.exitValue()).as(log).isZero();
        assertThat(log).contains("OK:");
        Files.writeString(dataDir.resolve("e2e.log"), log);
    }
}
