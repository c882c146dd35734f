package dev.promptforge.bench.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The REST calls the benchmarks need, over one HTTP/1.1 client (one keep-alive connection per calling thread). */
final class Api {
    static final ObjectMapper JSON = new ObjectMapper();
    private final String base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    Api(String base) {
        this.base = base;
    }

    String base() {
        return base;
    }

    HttpClient http() {
        return http;
    }

    static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    JsonNode call(String method, String path, Object body, int expected) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120));
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        }
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " "
                    + new String(r.body(), StandardCharsets.UTF_8));
        }
        return r.body().length == 0 ? null : JSON.readTree(r.body());
    }

    /**
     * Seconds the server's database writer has been held so far: the sum of {@code promptforge_db_write_seconds_sum}
     * over its outcomes in {@code GET /metrics/prometheus}. Its growth over a phase, divided by the phase's length,
     * is the single writer's utilisation.
     */
    double writerSeconds() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics/prometheus"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET /metrics/prometheus: " + r.statusCode());
        }
        double sum = 0;
        boolean found = false;
        for (String line : r.body().split("\n")) {
            if (line.startsWith("promptforge_db_write_seconds_sum")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                found = true;
            }
        }
        if (!found) {
            throw new IllegalStateException("no promptforge_db_write_seconds_sum in /metrics/prometheus");
        }
        return sum;
    }

    /** Creates a prompt; returns its first commit. */
    String createPrompt(String name, String content) throws IOException, InterruptedException {
        ObjectNode b = JSON.createObjectNode();
        b.put("name", name);
        b.put("content", content);
        b.put("message", "benchmark");
        b.put("author", "bench <bench@example.com>");
        return call("POST", "/api/v1/prompts", b, 201).get("commit").asText();
    }

    /** Commits a new version on main; returns the commit. */
    String commit(String name, String content, String expectedHead) throws IOException, InterruptedException {
        ObjectNode b = JSON.createObjectNode();
        b.put("content", content);
        b.put("message", "benchmark edit");
        b.put("author", "bench <bench@example.com>");
        b.put("branch", "main");
        b.put("expectedHead", expectedHead);
        return call("POST", "/api/v1/prompts/" + segment(name) + "/commits", b, 201).get("commit").asText();
    }

    /** Opens a run on the prompt's main; returns {id, commit}. */
    String[] openRun(String prompt, String dataset) throws IOException, InterruptedException {
        ObjectNode b = JSON.createObjectNode();
        b.put("prompt", prompt);
        b.put("ref", "main");
        b.put("dataset", dataset);
        ObjectNode ci = b.putObject("ci");
        ci.put("sourceCommit", "0123456789abcdef0123456789abcdef01234567");
        ci.put("branch", "bench");
        ci.put("pipelineUrl", "https://ci.example.com/bench");
        JsonNode r = call("POST", "/api/v1/runs", b, 201);
        return new String[] {r.get("id").asText(), r.get("commit").asText()};
    }

    HttpRequest eventsRequest(String run, byte[] ndjson) {
        return HttpRequest.newBuilder(URI.create(base + "/api/v1/runs/" + run + "/events"))
                .timeout(Duration.ofSeconds(120)).header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofByteArray(ndjson)).build();
    }

    /** Posts one NDJSON batch; fails unless all {@code expected} events are accepted as new. */
    void post(HttpRequest req, int expected) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 || !r.body().contains("\"accepted\":" + expected + ",")) {
            throw new IllegalStateException("POST " + req.uri() + ": " + r.statusCode() + " "
                    + r.body().substring(0, Math.min(500, r.body().length())));
        }
    }

    HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).GET().build();
    }

    /** Sends a GET; returns the body size, failing on anything but 200. */
    int fetch(HttpRequest req) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + req.uri() + ": " + r.statusCode() + " "
                    + new String(r.body(), StandardCharsets.UTF_8));
        }
        return r.body().length;
    }
}
