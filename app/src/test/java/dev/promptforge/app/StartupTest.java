package dev.promptforge.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptforge.app.support.ApiTestSupport;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Starts that must fail, as a person running the server sees them: a second server process (the real main class) on
 * a folder this test's server holds, or on the port it listens on, exits 1 with one line naming the problem and
 * what to do, and no stack trace; the running server is not disturbed.
 */
@MicronautTest
class StartupTest extends ApiTestSupport {
    record Exit(int code, String output) {
    }

    private Exit runSecondServer(Path dataDir, int port) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Application.class.getName())
                .redirectErrorStream(true);
        pb.environment().put("PROMPTFORGE_DATA_DIR", dataDir.toString());
        pb.environment().put("PROMPTFORGE_PORT", Integer.toString(port));
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes(); // until the process ends
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the second server did not stop: " + new String(out, StandardCharsets.UTF_8));
        }
        return new Exit(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void aSecondServerOnTheSameFolderStopsWithOneLineNamingTheFirstAndLeavesTheFileAlone() throws Exception {
        Exit exit = runSecondServer(dataDir, freePort());

        assertThat(exit.code()).isEqualTo(1);
        assertThat(exit.output()).contains("promptforge could not start: the database "
                + databaseFile().toAbsolutePath() + " is in use by another promptforge server (pid "
                + ProcessHandle.current().pid() + ", started ")
                .contains("PROMPTFORGE_DATA_DIR=")
                .doesNotContain("\tat ")
                .doesNotContain("migration(s) applied"); // refused before it opened the file
        assertThat(get("/health").status()).isEqualTo(200);
        assertThat(Files.readString(dataDir.resolve("promptforge.db.lock")))
                .startsWith("pid " + ProcessHandle.current().pid() + "\n");
    }

    @Test
    void aServerOnAPortInUseSaysSoAndHowToChooseAnother() throws Exception {
        Exit exit = runSecondServer(Files.createTempDirectory("promptforge-port"), server.getPort());

        assertThat(exit.code()).isEqualTo(1);
        assertThat(exit.output()).contains("promptforge could not start: cannot listen on its port")
                .contains("PROMPTFORGE_PORT=")
                .doesNotContain("\tat ");
        assertThat(get("/health").status()).isEqualTo(200);
    }

    @Test
    void aStoppedServerLetsTheNextOneStartOnItsFolder() throws Exception {
        Path folder = Files.createTempDirectory("promptforge-restart");
        Map<String, Object> props = Map.of("micronaut.server.port", -1, "promptforge.data-dir", folder.toString());
        ApplicationContext.run(EmbeddedServer.class, props).close();
        try (EmbeddedServer again = ApplicationContext.run(EmbeddedServer.class, props)) {
            assertThat(again.isRunning()).isTrue();
        }
    }
}
