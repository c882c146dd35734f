package dev.promptforge.app.evaluation.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs the server in its own JVM, streams event batches, kills it with SIGKILL mid-stream, restarts it on the same
 * database file: every acknowledged event is there exactly once, and re-sending the batch that was in flight
 * completes the set without duplicates.
 */
class CrashDurabilityTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Server(Process process, String url) {
    }

    private Server start(Path dataDir) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.promptforge.app.Application")
                .redirectErrorStream(true);
        pb.environment().put("PROMPTFORGE_DATA_DIR", dataDir.toString());
        pb.environment().put("PROMPTFORGE_PORT", Integer.toString(port));
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        Pattern ready = Pattern.compile("promptforge is running at (\\S+)");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String line;
        while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
            Matcher m = ready.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> {
                    try {
                        while (out.readLine() != null) {
                            // keep the pipe from filling up
                        }
                    } catch (IOException ignored) {
                        // the process died
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return new Server(p, m.group(1));
            }
        }
        p.destroyForcibly();
        throw new AssertionError("server did not start");
    }

    private HttpResponse<String> post(String url, String contentType, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"?([^\",}]+)").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    private static String batch(int number, int size) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < size; i++) {
            sb.append("{\"id\":\"b").append(number).append('-').append(i).append("\",\"case\":\"c").append(i)
                    .append("\",\"metrics\":{\"score\":").append(i % 7).append("},\"passed\":true}\n");
        }
        return sb.toString();
    }

    @Test
    void everyAcknowledgedEventSurvivesSigkillAndAResentBatchCompletesTheSet() throws Exception {
        Path dataDir = Files.createTempDirectory("promptforge-crash");
        Server first = start(dataDir);
        String run;
        try {
            assertThat(post(first.url() + "/api/v1/prompts", "application/json",
                    "{\"name\":\"crash/test\",\"content\":\"x\",\"message\":\"m\"}").statusCode()).isEqualTo(201);
            run = field(post(first.url() + "/api/v1/runs", "application/json",
                    "{\"prompt\":\"crash/test\",\"dataset\":\"d\"}").body(), "id");
            assertThat(run).startsWith("run_");
        } catch (Exception | AssertionError e) {
            first.process().destroyForcibly();
            throw e;
        }
        int size = 250;
        List<Integer> acknowledged = new ArrayList<>();
        AtomicInteger inFlight = new AtomicInteger(-1);
        CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> {
            for (int b = 0; b < 10_000; b++) {
                inFlight.set(b);
                try {
                    HttpResponse<String> r = post(first.url() + "/api/v1/runs/" + run + "/events",
                            "application/x-ndjson", batch(b, size));
                    if (r.statusCode() != 200) {
                        return;
                    }
                    synchronized (acknowledged) {
                        acknowledged.add(b);
                    }
                } catch (Exception e) {
                    return; // the server died under this batch: it is the unacknowledged one
                }
            }
        });
        while (true) {
            synchronized (acknowledged) {
                if (acknowledged.size() >= 15) {
                    break;
                }
            }
            Thread.sleep(5);
        }
        first.process().destroyForcibly().waitFor(20, TimeUnit.SECONDS); // SIGKILL on Linux
        stream.get(30, TimeUnit.SECONDS);
        int unacknowledged = inFlight.get();
        List<Integer> acked;
        synchronized (acknowledged) {
            acked = List.copyOf(acknowledged);
        }
        assertThat(acked).doesNotContain(unacknowledged);

        Server second = start(dataDir);
        try {
            Set<String> stored = storedIds(second.url(), run);
            for (int b : acked) {
                for (int i = 0; i < size; i++) {
                    assertThat(stored).as("acknowledged event b%d-%d", b, i).contains("b" + b + "-" + i);
                }
            }
            HttpResponse<String> resent = post(second.url() + "/api/v1/runs/" + run + "/events", "application/x-ndjson",
                    batch(unacknowledged, size));
            assertThat(resent.statusCode()).isEqualTo(200);
            int accepted = Integer.parseInt(field(resent.body(), "accepted"));
            int duplicates = Integer.parseInt(field(resent.body(), "duplicates"));
            assertThat(accepted + duplicates).isEqualTo(size);
            assertThat(duplicates).as("a batch is stored whole or not at all").isIn(0, size);
            Set<String> after = storedIds(second.url(), run);
            assertThat(after).hasSize((acked.size() + 1) * size);
            String runJson = http.send(HttpRequest.newBuilder(URI.create(second.url() + "/api/v1/runs/" + run)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(Long.parseLong(field(runJson, "eventCount"))).isEqualTo((acked.size() + 1L) * size);
            String metrics = http.send(HttpRequest.newBuilder(URI.create(second.url() + "/api/v1/metrics?scope=run:" + run
                    + "&metric=score&bucket=week")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(Long.parseLong(field(metrics, "count"))).isEqualTo((acked.size() + 1L) * size);
        } finally {
            second.process().destroyForcibly();
        }
    }

    private Set<String> storedIds(String url, String run) throws Exception {
        Set<String> ids = new HashSet<>();
        String cursor = null;
        Pattern id = Pattern.compile("\\{\"id\":\"([^\"]+)\"");
        do {
            String body = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/runs/" + run + "/events?limit=1000"
                    + (cursor == null ? "" : "&cursor=" + cursor))).build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = id.matcher(body);
            int before = ids.size();
            int seen = 0;
            while (m.find()) {
                ids.add(m.group(1));
                seen++;
            }
            assertThat(ids.size() - before).as("no event is listed twice").isEqualTo(seen);
            cursor = field(body, "nextCursor");
            if ("null".equals(cursor)) {
                cursor = null;
            }
        } while (cursor != null);
        return ids;
    }
}
