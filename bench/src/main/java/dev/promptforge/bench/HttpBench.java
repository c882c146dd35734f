package dev.promptforge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTTP side, against a running server: replays the corpora through the REST API, reads the same sample of
 * versions as the in-process run ({@code GET /api/v1/prompts/{name}/commits/{id}}, sequential, one keep-alive
 * connection), and sets the {@code production} labels that wrk then fetches.
 */
final class HttpBench {
    private final String base;
    private final Path work;
    private final boolean quick;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    HttpBench(String base, Path work, boolean quick) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.work = work;
        this.quick = quick;
    }

    /** Percent-encodes a prompt name as one path segment ({@code a/b} becomes {@code a%2Fb}). */
    static String segment(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                sb.append(c);
            } else {
                sb.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return sb.toString();
    }

    /** Replays every corpus over HTTP and points {@code production} at the first version of a few prompts. */
    ObjectNode load(List<Corpus> corpora) throws Exception {
        ObjectNode out = Corpus.JSON.createObjectNode();
        ObjectNode ids = Corpus.JSON.createObjectNode();
        for (Corpus c : corpora) {
            long t0 = System.nanoTime();
            String[] commits = new String[c.versions().size()];
            String[] heads = new String[c.names().size()];
            for (Corpus.Version v : c.versions()) {
                ObjectNode body = Corpus.JSON.createObjectNode();
                body.put("content", v.content());
                body.put("message", v.message());
                body.put("author", Store.AUTHOR);
                JsonNode r;
                if (v.seq() == 0) {
                    body.put("name", v.name());
                    r = send("POST", "/api/v1/prompts", body, 201);
                } else {
                    body.put("branch", "main");
                    body.put("expectedHead", heads[v.prompt()]);
                    r = send("POST", "/api/v1/prompts/" + segment(v.name()) + "/commits", body, 201);
                }
                commits[v.index()] = r.get("commit").asText();
                heads[v.prompt()] = commits[v.index()];
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            out.put(c.key() + ".replayMs", ms);
            InProcessBench.log(String.format("  HTTP replay of %s: %d commits in %.1f s", c.key(), commits.length, ms / 1e3));
            ArrayNode a = ids.putArray(c.key());
            for (String id : commits) {
                a.add(id);
            }
        }
        Files.writeString(work.resolve("http-ids.json"), Corpus.JSON.writeValueAsString(ids));

        // labels: the first version of the first 8 prompts that have more than one (so the label is not main's head)
        Corpus small = corpora.get(0);
        List<String> paths = new ArrayList<>();
        ArrayNode labelled = out.putArray("labels");
        for (Corpus.Version v : small.versions()) {
            if (v.seq() == 1 && paths.size() < 8) {
                Corpus.Version first = small.versions().get(v.index() - 1);
                String commit = ids.get(small.key()).get(first.index()).asText();
                ObjectNode body = Corpus.JSON.createObjectNode();
                body.put("commit", commit);
                body.put("reason", "benchmark");
                send("PUT", "/api/v1/prompts/" + segment(first.name()) + "/labels/production", body, 200);
                String path = "/api/v1/prompts/" + segment(first.name()) + "?ref=production";
                JsonNode got = send("GET", path, null, 200);
                if (!got.get("commit").asText().equals(commit) || !got.get("content").asText().equals(first.content())) {
                    throw new IllegalStateException("label fetch returned the wrong version for " + first.name());
                }
                paths.add(path);
                labelled.add(first.name());
            }
        }
        Files.writeString(work.resolve("label-path.txt"), paths.get(0) + "\n");
        StringBuilder lua = new StringBuilder("-- rotates over the labelled prompts\nlocal paths = {\n");
        for (String p : paths) {
            lua.append("  \"").append(p).append("\",\n");
        }
        lua.append("}\nlocal i = 0\nrequest = function()\n  i = i % #paths + 1\n"
                + "  return wrk.format(\"GET\", paths[i])\nend\n");
        Files.writeString(work.resolve("labels.lua"), lua.toString());
        Files.writeString(work.resolve("info.lua"), "-- the ceiling with the same Lua request() overhead as labels.lua\n"
                + "request = function()\n  return wrk.format(\"GET\", \"/api/v1/info\")\nend\n");
        return out;
    }

    /**
     * Reads the sample: a pass over every version (checking the text), {@code warmPasses} untimed passes over the
     * sample, then {@code timedPasses} timed ones (figures: medians over the timed passes). Times run from sending
     * the request to the last body byte.
     */
    ObjectNode read(List<Corpus> corpora, int warmPasses, int timedPasses) throws Exception {
        JsonNode ids = Corpus.JSON.readTree(work.resolve("http-ids.json").toFile());
        ObjectNode out = Corpus.JSON.createObjectNode();
        for (Corpus c : corpora) {
            JsonNode commits = ids.get(c.key());
            int mismatches = 0;
            for (Corpus.Version v : c.versions()) {
                if (!content(get(v, commits)).equals(v.content())) {
                    mismatches++;
                }
            }
            int[] sample = c.sample(InProcessBench.sampleSize(c, quick));
            long[][] nanos = new long[timedPasses][sample.length];
            for (int pass = 0; pass < warmPasses + timedPasses; pass++) {
                for (int k = 0; k < sample.length; k++) {
                    Corpus.Version v = c.versions().get(sample[k]);
                    long s = System.nanoTime();
                    byte[] body = get(v, commits);
                    long t = System.nanoTime() - s;
                    if (pass >= warmPasses) {
                        nanos[pass - warmPasses][k] = t;
                    }
                    if (!content(body).equals(v.content())) {
                        mismatches++;
                    }
                }
            }
            ObjectNode r = out.putObject(c.key());
            r.set("read", Stats.summaryOfPasses(nanos));
            r.put("mismatches", mismatches);
            InProcessBench.log(String.format("  HTTP read %s: p50 %.0f us p99 %.0f us, %d mismatches", c.key(),
                    r.get("read").get("p50").asDouble(), r.get("read").get("p99").asDouble(), mismatches));
        }
        // the floor: a trivial endpoint (no database) through the same client and connection
        int n = quick ? 300 : 2000;
        HttpRequest info = HttpRequest.newBuilder(URI.create(base + "/api/v1/info")).GET().build();
        long[][] nanos = new long[timedPasses][n];
        for (int pass = 0; pass < 1 + timedPasses; pass++) {
            for (int k = 0; k < n; k++) {
                long s = System.nanoTime();
                HttpResponse<byte[]> resp = client.send(info, HttpResponse.BodyHandlers.ofByteArray());
                long t = System.nanoTime() - s;
                if (resp.statusCode() != 200) {
                    throw new IllegalStateException("GET /api/v1/info: " + resp.statusCode());
                }
                if (pass > 0) {
                    nanos[pass - 1][k] = t;
                }
            }
        }
        out.putObject("floor").set("read", Stats.summaryOfPasses(nanos));
        return out;
    }

    private byte[] get(Corpus.Version v, JsonNode commits) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/v1/prompts/" + segment(v.name()) + "/commits/"
                + commits.get(v.index()).asText())).GET().build();
        HttpResponse<byte[]> resp = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
        if (resp.statusCode() != 200) {
            throw new IllegalStateException("GET " + req.uri() + ": " + resp.statusCode() + " "
                    + new String(resp.body(), StandardCharsets.UTF_8));
        }
        return resp.body();
    }

    private static String content(byte[] body) throws IOException {
        return Corpus.JSON.readTree(body).get("content").asText();
    }

    private JsonNode send(String method, String path, JsonNode body, int expected) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(Corpus.JSON.writeValueAsBytes(body)));
        }
        HttpResponse<byte[]> resp = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (resp.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + ": " + resp.statusCode() + " "
                    + new String(resp.body(), StandardCharsets.UTF_8));
        }
        return Corpus.JSON.readTree(resp.body());
    }
}
