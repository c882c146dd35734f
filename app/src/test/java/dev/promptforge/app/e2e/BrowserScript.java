package dev.promptforge.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs one of {@code frontend/e2e/*.mjs} (playwright-core driving Debian's Chromium) against a server and asserts it
 * passed: exit 0 and an {@code OK:} line. Skipped only on {@code -Dpromptforge.skipBrowserTests=true}; a missing
 * Chromium or missing frontend dependencies fail with what to install.
 */
final class BrowserScript {
    private BrowserScript() {
    }

    /** Runs {@code frontend/e2e/<file>} against {@code base}; its output is kept as {@code <logFolder>/<file>.log}. */
    static void run(String file, URL base, Path logFolder) throws Exception {
        Assumptions.assumeFalse(Boolean.getBoolean("promptforge.skipBrowserTests"), "browser tests skipped on request");
        Path script = Path.of("..", "frontend", "e2e", file).toAbsolutePath().normalize();
        assertThat(script).exists();
        String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        assertThat(Path.of(chromium)).as("Chromium is needed for the browser test: apt-get install -y chromium "
                + "(or run with -Dpromptforge.skipBrowserTests=true)").exists();
        assertThat(script.getParent().resolveSibling("node_modules").resolve("playwright-core"))
                .as("frontend dependencies are installed by the frontend module's build (npm install)").exists();
        Process p = new ProcessBuilder("node", script.toString(), base.toString())
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
        assertThat(done).as(file + " timed out:\n" + log).isTrue();
        assertThat(p.exitValue()).as(log).isZero();
        assertThat(log).contains("OK:");
        Files.writeString(logFolder.resolve(file + ".log"), log);
    }
}
