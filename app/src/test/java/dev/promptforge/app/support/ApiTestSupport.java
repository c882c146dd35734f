package dev.promptforge.app.support;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.TestInstance;

/**
 * Base of the HTTP tests: the real server on a random port over a fresh database file in a temporary folder,
 * and a real HTTP client. Subclasses are {@code @MicronautTest} classes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ApiTestSupport implements TestPropertyProvider {
    protected final Path dataDir;
    protected final HttpClient http = HttpClient.newHttpClient();

    @Inject
    protected EmbeddedServer server;

    @Inject
    protected JsonMapper json;

    protected ApiTestSupport() {
        try {
            dataDir = Files.createTempDirectory("promptforge-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> props = new HashMap<>();
        props.put("micronaut.server.port", "-1");
        props.put("promptforge.data-dir", dataDir.toString());
        props.put("promptforge.database-synchronous", "NORMAL");
        props.putAll(extraProperties());
        return props;
    }

    protected Map<String, String> extraProperties() {
        return Map.of();
    }

    public static String enc(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public Path databaseFile() {
        return dataDir.resolve("promptforge.db");
    }

    public Res get(String path, String... headers) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), headers);
    }

    public Res post(String path, Object body, String... headers) {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofByteArray(bytes(body)))
                .header("Content-Type", "application/json"), headers);
    }

    public Res put(String path, Object body, String... headers) {
        return send(HttpRequest.newBuilder(uri(path)).PUT(HttpRequest.BodyPublishers.ofByteArray(bytes(body)))
                .header("Content-Type", "application/json"), headers);
    }

    public Res delete(String path, String... headers) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE(), headers);
    }

    /** Sends raw bytes as the body (for malformed JSON and invalid UTF-8). */
    public Res postRaw(String path, byte[] body, String contentType) {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", contentType));
    }

    /**
     * The value of one series in {@code GET /metrics/prometheus}, named with its labels as the text format writes
     * them (e.g. {@code promptforge_ingest_events_total{result="accepted"}}); fails if the series is missing.
     */
    public double meter(String series) {
        Double v = meterOrNull(series);
        if (v == null) {
            throw new AssertionError("no series " + series + " in /metrics/prometheus");
        }
        return v;
    }

    /** Like {@link #meter} for a series that appears with its first event (a counter with a label per case). */
    public double meterOrZero(String series) {
        Double v = meterOrNull(series);
        return v == null ? 0 : v;
    }

    private Double meterOrNull(String series) {
        Res r = get("/metrics/prometheus");
        if (r.status() != 200) {
            throw new AssertionError("GET /metrics/prometheus: " + r);
        }
        for (String line : r.text().split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return null;
    }

    private URI uri(String path) {
        return URI.create(server.getURL().toString() + path);
    }

    private byte[] bytes(Object body) {
        try {
            return body instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Res send(HttpRequest.Builder b, String... headers) {
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Res(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""),
                    r.headers().firstValue("ETag").orElse(null), r.body(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A response: status, content type, ETag and body, with JSON helpers. */
    public record Res(int status, String contentType, String etag, byte[] body, JsonMapper json) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @SuppressWarnings("unchecked")
        public Map<String, Object> map() {
            try {
                return json.readValue(body, Map.class);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + text(), e);
            }
        }

        public String str(String key) {
            Object v = map().get(key);
            return v == null ? null : v.toString();
        }

        @SuppressWarnings("unchecked")
        public List<Map<String, Object>> items() {
            return (List<Map<String, Object>>) map().get("items");
        }

        @Override
        public String toString() {
            return status + " " + text();
        }
    }
}
