package dev.promptforge.app.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.promptforge.app.shared.http.BodyErrors;
import dev.promptforge.domain.evaluation.Threshold;
import dev.promptforge.domain.evaluation.Thresholds;
import dev.promptforge.domain.shared.DomainException;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code eval push}: the CI client. Opens a run, streams a JSON Lines results file in NDJSON batches (retrying a
 * failed batch; event ids make retries safe), completes the run with thresholds and exits 0 on {@code pass},
 * 1 on {@code fail}, 2 on a usage or server error.
 */
public final class EvalCli {
    static final String USAGE = """
            usage: java -jar promptforge.jar eval push RESULTS.jsonl --prompt NAME [options]
              --server URL            promptforge server (default $PROMPTFORGE_URL or http://localhost:8080)
              --ref REF               branch, label or commit under test (default main)
              --dataset NAME          dataset name (default: the file name without extension)
              --baseline-label LABEL  compare with the latest completed run on the commit LABEL points at
              --baseline-run ID       compare with this run
              --threshold SPEC        e.g. accuracy:maxRegression=0.02,min=0.8 (repeatable)
              --batch N               events per request (default 1000)
            Each line of RESULTS.jsonl is one event: {"id", "case", "metrics": {...}, "passed", "latencyMs", ...};
            a line without "id" gets "line-<n>" so re-running the same file is idempotent.
            CI metadata is read from GITHUB_SHA, GITHUB_REF_NAME and GITHUB_SERVER_URL/REPOSITORY/RUN_ID when set.""";
    private static final JsonFactory JSON = new JsonFactory();

    private final PrintStream out;
    private final PrintStream err;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    EvalCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Entry from {@code Application.main} when the first argument is {@code eval}. */
    public static int main(String[] args) {
        return new EvalCli(System.out, System.err).run(args);
    }

    int run(String[] args) {
        if (args.length < 3 || !args[1].equals("push")) {
            err.println(USAGE);
            return 2;
        }
        Map<String, List<String>> opts = new LinkedHashMap<>();
        Path file = null;
        for (int i = 2; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                if (i + 1 >= args.length) {
                    err.println("missing value for " + args[i] + "\n" + USAGE);
                    return 2;
                }
                opts.computeIfAbsent(args[i].substring(2), k -> new ArrayList<>()).add(args[++i]);
            } else if (file == null) {
                file = Path.of(args[i]);
            } else {
                err.println("unexpected argument " + args[i] + "\n" + USAGE);
                return 2;
            }
        }
        if (file == null || !Files.isRegularFile(file) || opt(opts, "prompt") == null) {
            err.println((file == null || !Files.isRegularFile(file) ? "results file not found: " + file
                    : "--prompt is required") + "\n" + USAGE);
            return 2;
        }
        try {
            return push(file, opts);
        } catch (CliError e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (DomainException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        }
    }

    private int push(Path file, Map<String, List<String>> opts) throws IOException, InterruptedException {
        String server = stripSlash(opt(opts, "server") != null ? opt(opts, "server")
                : System.getenv().getOrDefault("PROMPTFORGE_URL", "http://localhost:8080"));
        int batch = Integer.parseInt(opt(opts, "batch") == null ? "1000" : opt(opts, "batch"));
        Thresholds thresholds = Thresholds.parse(String.join(";", opts.getOrDefault("threshold", List.of())));
        String dataset = opt(opts, "dataset") != null ? opt(opts, "dataset")
                : file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        long total;
        try (var lines = Files.lines(file)) {
            total = lines.filter(l -> !l.isBlank()).count();
        }

        String runId = openRun(server, opts, dataset);
        err.println("opened run " + runId + " for " + opt(opts, "prompt") + " (" + total + " events)");
        long sent = 0;
        long accepted = 0;
        long duplicates = 0;
        long started = System.nanoTime();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            int inBatch = 0;
            long lineNo = 0;
            String line;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                body.writeBytes(withId(line, lineNo).getBytes(StandardCharsets.UTF_8));
                body.write('\n');
                if (++inBatch == batch) {
                    long[] r = sendBatch(server, runId, body.toByteArray());
                    accepted += r[0];
                    duplicates += r[1];
                    sent += inBatch;
                    progress(sent, total, started);
                    body.reset();
                    inBatch = 0;
                }
            }
            if (inBatch > 0) {
                long[] r = sendBatch(server, runId, body.toByteArray());
                accepted += r[0];
                duplicates += r[1];
                sent += inBatch;
                progress(sent, total, started);
            }
        }
        err.println();
        err.println("sent " + sent + " events: " + accepted + " stored, " + duplicates + " already there");
        return complete(server, runId, thresholds);
    }

    private String openRun(String server, Map<String, List<String>> opts, String dataset)
            throws IOException, InterruptedException {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("prompt", opt(opts, "prompt"));
            g.writeStringField("ref", opt(opts, "ref") == null ? "main" : opt(opts, "ref"));
            g.writeStringField("dataset", dataset);
            g.writeObjectFieldStart("ci");
            g.writeStringField("sourceCommit", System.getenv("GITHUB_SHA"));
            g.writeStringField("branch", System.getenv("GITHUB_REF_NAME"));
            String serverUrl = System.getenv("GITHUB_SERVER_URL");
            g.writeStringField("pipelineUrl", serverUrl == null ? null : serverUrl + "/"
                    + System.getenv("GITHUB_REPOSITORY") + "/actions/runs/" + System.getenv("GITHUB_RUN_ID"));
            g.writeEndObject();
            if (opt(opts, "baseline-label") != null || opt(opts, "baseline-run") != null) {
                g.writeObjectFieldStart("baseline");
                if (opt(opts, "baseline-label") != null) {
                    g.writeStringField("label", opt(opts, "baseline-label"));
                } else {
                    g.writeStringField("run", opt(opts, "baseline-run"));
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(server + "/api/v1/runs"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(w.toString())));
        if (r.statusCode() != 201) {
            throw new CliError("opening the run failed (" + r.statusCode() + "): " + detail(r.body()));
        }
        return field(r.body(), "id");
    }

    private long[] sendBatch(String server, String runId, byte[] ndjson) throws InterruptedException, IOException {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(server + "/api/v1/runs/"
                + URLEncoder.encode(runId, StandardCharsets.UTF_8) + "/events"))
                .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofByteArray(ndjson));
        IOException last = null;
        for (int attempt = 1; attempt <= 5; attempt++) {
            try {
                HttpResponse<String> r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return new long[] {Long.parseLong(field(r.body(), "accepted")),
                            Long.parseLong(field(r.body(), "duplicates"))};
                }
                if (r.statusCode() < 500) {
                    throw new CliError("the server refused a batch (" + r.statusCode() + "): " + r.body());
                }
                last = new IOException("server answered " + r.statusCode());
            } catch (IOException e) {
                last = e;
            }
            err.println("\nbatch failed (" + last.getMessage() + "); retrying (" + attempt + "/5)");
            Thread.sleep(500L << attempt);
        }
        throw new CliError("giving up on a batch after 5 attempts: " + last.getMessage()
                + ". Run the same command again: events already stored are not stored twice");
    }

    private int complete(String server, String runId, Thresholds thresholds) throws IOException, InterruptedException {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeObjectFieldStart("thresholds");
            for (var e : thresholds.byMetric().entrySet()) {
                Threshold t = e.getValue();
                g.writeObjectFieldStart(e.getKey().value());
                if (t.minDelta() != null) {
                    g.writeNumberField("minDelta", t.minDelta());
                }
                if (t.maxRegression() != null) {
                    g.writeNumberField("maxRegression", t.maxRegression());
                }
                if (t.min() != null) {
                    g.writeNumberField("min", t.min());
                }
                g.writeStringField("direction", t.direction().name().toLowerCase(java.util.Locale.ROOT));
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(server + "/api/v1/runs/" + runId + "/complete"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(w.toString())));
        if (r.statusCode() != 200) {
            throw new CliError("completing the run failed (" + r.statusCode() + "): " + detail(r.body()));
        }
        String verdict = field(r.body(), "verdict");
        out.println("verdict: " + verdict + "  (run " + runId + ")");
        for (String reason : strings(r.body(), "reasons")) {
            out.println("  - " + reason);
        }
        return "pass".equals(verdict) ? 0 : 1;
    }

    private HttpResponse<String> send(HttpRequest.Builder req) throws IOException, InterruptedException {
        try {
            return http.send(req.timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException e) {
            throw new CliError("cannot reach the promptforge server at " + req.build().uri().getHost() + ":"
                    + req.build().uri().getPort() + " (set --server or PROMPTFORGE_URL)");
        }
    }

    private void progress(long sent, long total, long startedNanos) {
        double secs = Math.max(1e-3, (System.nanoTime() - startedNanos) / 1e9);
        err.printf("\rsent %,d/%,d events (%d%%), %,.0f events/s", sent, total, total == 0 ? 100 : sent * 100 / total,
                sent / secs);
    }

    /** The line with {@code "id": "line-<n>"} added when it has no id. */
    static String withId(String line, long lineNo) throws IOException {
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new CliError("line " + lineNo + " is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                if (p.currentName().equals("id")) {
                    return line;
                }
                p.nextToken();
                p.skipChildren();
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new CliError("line " + lineNo + " is not valid JSON: "
                    + BodyErrors.plain(e.getOriginalMessage()));
        }
        String trimmed = line.strip();
        String rest = trimmed.substring(1).strip();
        return "{\"id\":\"line-" + lineNo + "\"" + (rest.equals("}") ? "" : ",") + rest;
    }

    private static String field(String json, String name) throws IOException {
        try (JsonParser p = JSON.createParser(json)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                p.nextToken();
                if (f.equals(name)) {
                    return p.getValueAsString();
                }
                p.skipChildren();
            }
        }
        return null;
    }

    private static List<String> strings(String json, String name) throws IOException {
        List<String> out = new ArrayList<>();
        try (JsonParser p = JSON.createParser(json)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken t = p.nextToken();
                if (f.equals(name) && t == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.VALUE_STRING) {
                        out.add(p.getText());
                    }
                    return out;
                }
                p.skipChildren();
            }
        }
        return out;
    }

    private static String detail(String body) {
        try {
            String d = field(body, "detail");
            return d == null ? body : d;
        } catch (IOException e) {
            return body;
        }
    }

    private static String opt(Map<String, List<String>> opts, String name) {
        List<String> v = opts.get(name);
        return v == null || v.isEmpty() ? null : v.get(v.size() - 1);
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** A failure worth one line to the user. */
    static final class CliError extends RuntimeException {
        CliError(String message) {
            super(message);
        }
    }
}
