package dev.promptforge.app.versioning.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptforge.app.support.ApiTestSupport;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The export's errors: an unknown prompt is a 404 before any streaming, and a failure mid-stream ends the answer. */
@MicronautTest
class ExportErrorsTest extends ApiTestSupport {
    private static final String P = "/api/v1/prompts";

    @Test
    void exportingAPromptThatDoesNotExistIsA404ProblemForGetAndHead() throws Exception {
        // with a timeout: the answer used to be a 200 whose body never came (until the 300 s idle timeout)
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.getURL() + P + "/nope/export"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(json.readValue(r.body(), Map.class)).containsEntry("code", "versioning.prompt-not-found");

        HttpResponse<Void> head = http.send(HttpRequest.newBuilder(URI.create(server.getURL() + P + "/nope/export"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(head.statusCode()).isEqualTo(404);
    }

    @Test
    void aDamagedCommitMidExportEndsTheAnswerInsteadOfHangingTheConnection() throws Exception {
        String first = post(P, Map.of("name", "export/damaged", "content", "one\n", "message", "m")).str("commit");
        String second = post(P + "/" + enc("export/damaged") + "/commits", Map.of("branch", "main",
                "expectedHead", first, "content", "two\n", "message", "m")).str("commit");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + databaseFile());
                PreparedStatement ps = c.prepareStatement("UPDATE commits SET message = 'forged' WHERE id = ?")) {
            ps.setString(1, second);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        // a fresh client, so a connection left open cannot be reused; what matters is that the answer ends
        HttpClient client = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<byte[]>> export = client.sendAsync(HttpRequest.newBuilder(
                URI.create(server.getURL() + P + "/" + enc("export/damaged") + "/export")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        try {
            HttpResponse<byte[]> r = export.get(30, TimeUnit.SECONDS);
            // either the failure came before the first byte (a 500 problem), or the stream was cut short
            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("versioning.integrity");
        } catch (java.util.concurrent.ExecutionException cutShort) {
            assertThat(cutShort.getCause()).isInstanceOf(java.io.IOException.class);
        }
    }
}
