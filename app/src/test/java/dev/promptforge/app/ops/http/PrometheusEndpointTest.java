package dev.promptforge.app.ops.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptforge.app.support.ApiTestSupport;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics/prometheus} on the real server and database file, its meters moved by real requests. */
@MicronautTest
class PrometheusEndpointTest extends ApiTestSupport {
    private static final String ACCEPTED = "promptforge_ingest_events_total{result=\"accepted\"}";
    private static final String DUPLICATE = "promptforge_ingest_events_total{result=\"duplicate\"}";
    private static final String COMMITTED = "promptforge_db_write_seconds_count{outcome=\"committed\"}";
    private static final String COMMITTED_SECONDS = "promptforge_db_write_seconds_sum{outcome=\"committed\"}";
    private static final String ROLLED_BACK = "promptforge_db_write_seconds_count{outcome=\"rolled-back\"}";

    @Test
    void servesTheTextFormatWithTheJvmAndHttpMetersAndOnlyAtItsDocumentedPath() {
        assertThat(get("/api/v1/info").status()).isEqualTo(200);
        Res r = get("/metrics/prometheus");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/plain").contains("version=0.0.4");
        assertThat(r.text()).contains("# TYPE promptforge_db_write_seconds summary", "jvm_memory_used_bytes",
                "http_server_requests_seconds_count{exception=\"none\",method=\"GET\",status=\"200\",uri=\"/api/v1/info\"}");
        // Micronaut's own endpoints for the same meters are off: one path, as documented
        assertThat(get("/prometheus").status()).isEqualTo(404);
        assertThat(get("/metrics").status()).isEqualTo(404);
    }

    @Test
    void countsEventsStoredAndRetriedAndTheWritesThatStoredThem() {
        String prompt = "ops/" + java.util.UUID.randomUUID().toString().substring(0, 8);
        assertThat(post("/api/v1/prompts", Map.of("name", prompt, "content", "Grade {{x}}", "message", "m")).status())
                .isEqualTo(201);
        Res run = post("/api/v1/runs", Map.of("prompt", prompt, "ref", "main", "dataset", "golden"));
        assertThat(run.status()).isEqualTo(201);
        double accepted = meter(ACCEPTED);
        double duplicates = meter(DUPLICATE);
        double writes = meter(COMMITTED);
        double seconds = meter(COMMITTED_SECONDS);
        List<Map<String, Object>> batch = List.of(
                Map.of("id", "e1", "case", "c1", "metrics", Map.of("accuracy", 1.0)),
                Map.of("id", "e2", "case", "c2", "metrics", Map.of("accuracy", 0.5)),
                Map.of("id", "e3", "case", "c3", "metrics", Map.of("accuracy", 0.0)));

        assertThat(post("/api/v1/runs/" + run.str("id") + "/events", batch).map()).containsEntry("accepted", 3);
        assertThat(post("/api/v1/runs/" + run.str("id") + "/events", batch).map()).containsEntry("duplicates", 3);

        assertThat(meter(ACCEPTED) - accepted).isEqualTo(3.0);
        assertThat(meter(DUPLICATE) - duplicates).isEqualTo(3.0);
        // each batch is one write transaction (the retry's too: it finds its events stored)
        assertThat(meter(COMMITTED) - writes).isGreaterThanOrEqualTo(2.0);
        assertThat(meter(COMMITTED_SECONDS)).isGreaterThan(seconds);
    }

    @Test
    void aWriteThatFailsIsCountedAsRolledBack() {
        String prompt = "ops/" + java.util.UUID.randomUUID().toString().substring(0, 8);
        Res created = post("/api/v1/prompts", Map.of("name", prompt, "content", "v1", "message", "m"));
        assertThat(created.status()).isEqualTo(201);
        String branches = "/api/v1/prompts/" + enc(prompt) + "/branches";
        assertThat(post(branches, Map.of("name", "feature", "from", "main")).status()).isEqualTo(201);
        double rolledBack = meter(ROLLED_BACK);

        // the name is taken: found inside the transaction, which is rolled back
        Res again = post(branches, Map.of("name", "feature", "from", "main"));

        assertThat(again.status()).as(again.toString()).isEqualTo(409);
        assertThat(meter(ROLLED_BACK) - rolledBack).isEqualTo(1.0);
    }
}
