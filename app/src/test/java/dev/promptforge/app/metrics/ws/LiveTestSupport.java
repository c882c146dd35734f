package dev.promptforge.app.metrics.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptforge.app.support.ApiTestSupport;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

/** Live metrics tests: the real server, real WebSocket clients, events posted over REST. */
abstract class LiveTestSupport extends ApiTestSupport {
    static final Duration WAIT = Duration.ofSeconds(5);
    private final List<LiveClient> clients = new ArrayList<>();

    LiveClient connect() {
        LiveClient c = LiveClient.connect(socketUri(), json);
        clients.add(c);
        return c;
    }

    /** A client that sends any frame, for what a well-behaved client never sends; the test closes it. */
    RawWebSocket connectRaw() throws IOException {
        return RawWebSocket.connect(socketUri(), WAIT);
    }

    private URI socketUri() {
        return URI.create(server.getURL().toString().replaceFirst("^http", "ws") + "/ws/v1/metrics");
    }

    @AfterEach
    void closeClients() {
        clients.forEach(LiveClient::close);
        clients.clear();
    }

    String newPrompt() {
        String name = "live/" + UUID.randomUUID().toString().substring(0, 8);
        Res r = post("/api/v1/prompts", Map.of("name", name, "content", "Classify {{x}}", "message", "m"));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return name;
    }

    String openRun(String prompt) {
        Res r = post("/api/v1/runs", Map.of("prompt", prompt, "ref", "main", "dataset", "golden"));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.str("id");
    }

    static Map<String, Object> event(String id, Instant at, Map<String, Double> metrics) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", id);
        e.put("case", "case-" + id);
        e.put("metrics", metrics);
        e.put("at", at.toString());
        return e;
    }

    static Map<String, Object> accuracy(String id, double value, Instant at) {
        return event(id, at, Map.of("accuracy", value));
    }

    void postEvents(String run, List<Map<String, Object>> events) {
        Res r = post("/api/v1/runs/" + run + "/events", events);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.map()).containsEntry("accepted", events.size());
    }

    static Map<String, Object> subscribe(String id, String scope, String metric) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "subscribe");
        m.put("id", id);
        m.put("scope", scope);
        if (metric != null) {
            m.put("metric", metric);
        }
        m.put("bucket", "hour");
        return m;
    }

    static Map<String, Object> resume(String id, String scope, String metric, long after) {
        Map<String, Object> m = subscribe(id, scope, metric);
        m.put("type", "resume");
        m.put("after", after);
        return m;
    }

    static long seq(Map<String, Object> message) {
        return ((Number) message.get("seq")).longValue();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> items(Map<String, Object> message) {
        return (List<Map<String, Object>>) message.get("items");
    }

    /** The item of {@code metric} starting at {@code start}, or null. */
    static Map<String, Object> item(Map<String, Object> message, String metric, Instant start) {
        return items(message).stream()
                .filter(i -> metric.equals(i.get("metric")) && start.toString().equals(i.get("start")))
                .findFirst().orElse(null);
    }

    static long count(Map<String, Object> item) {
        return ((Number) item.get("count")).longValue();
    }

    static double sum(Map<String, Object> item) {
        return ((Number) item.get("sum")).doubleValue();
    }
}
