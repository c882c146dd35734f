package dev.promptforge.app.evaluation.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptforge.app.support.ApiTestSupport;
import dev.promptforge.domain.evaluation.IngestEvaluationEvents;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A batch that reaches the server after its event writer has stopped (the server is shutting down) is refused with
 * a 503 that says to send it again, and nothing of it is stored; the batches before are stored.
 */
@MicronautTest
class IngestShutdownTest extends ApiTestSupport {
    @Inject
    IngestEvaluationEvents ingest;

    @Test
    void aBatchSentAfterTheWriterStoppedIsA503WithNothingStored() {
        post("/api/v1/prompts", Map.of("name", "shutdown/p", "content", "x", "message", "m"));
        String run = post("/api/v1/runs", Map.of("prompt", "shutdown/p", "ref", "main", "dataset", "d")).str("id");
        Instant now = Instant.now();
        Res before = post("/api/v1/runs/" + run + "/events",
                List.of(EvaluationApiTest.event("a", 0.5, true, now), EvaluationApiTest.event("b", 0.7, true, now)));
        assertThat(before.status()).as(before.toString()).isEqualTo(200);

        ingest.close(); // what the context's shutdown does before the database closes

        Res after = post("/api/v1/runs/" + run + "/events", List.of(EvaluationApiTest.event("c", 0.9, true, now)));
        assertThat(after.status()).as(after.toString()).isEqualTo(503);
        assertThat(after.contentType()).startsWith("application/problem+json");
        assertThat(after.map()).containsEntry("code", "evaluation.shutting-down");
        assertThat(after.str("detail")).contains("send it again");
        assertThat(((Number) get("/api/v1/runs/" + run).map().get("eventCount")).longValue()).isEqualTo(2);
    }
}
