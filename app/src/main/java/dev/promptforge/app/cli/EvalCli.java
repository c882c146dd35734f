package dev.promptforge.app.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.promptforge.app.shared.http.BodyErrors;
import dev.promptforge.domain.evaluation.Threshold;
import dev.promptforge.domain.evaluation.Thresholds;
import dev.promptforge.domain.shared.DomainException;
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
              --baseline-run ID       compare with this run (not with --baseline-label)
              --threshold SPEC        e.g. accuracy:maxRegression=0.02,min=0.8 (repeatable, one per metric)
              --batch N               events per request, 1 to 10000 (default 1000)
              --run ID                add to this open run instead of opening one (to finish a push that stopped)
            Each line of RESULTS.jsonl is one event: {"id", "case", "metrics": {...}, "passed", "latencyMs", ...};
            a line without "id" gets "line-<n>", so pushing the same file into the same run again stores nothing
            twice. The whole file is checked before the run is opened.
            CI metadata is read from GITHUB_SHA, GITHUB_REF_NAME and GITHUB_SERVER_URL/REPOSITORY/RUN_ID when set.""";
    private static final JsonFactory JSON = new JsonFactory();
    /** The options and whether each may be given more than once. */
    private static final Map<String, Boolean> OPTIONS = Map.of("server", false, "ref", false, "dataset", false,
            "baseline-label", false, "baseline-run", false, "threshold", true, "batch", false, "run", false,
            "prompt", false);
    /** The server's most events in one batch (promptforge.max-batch-events' default). */
    static final int MAX_BATCH = 10_000;
    private static final int ATTEMPTS = 5;
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    /** Whether a progress line is open on {@code err} (an error then starts on a line of its own). */
    private boolean progressShown;

    EvalCli(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    /** Entry from {@code Application.main} when the first argument is {@code eval}. */
    public static int main(String[] args) {
        return new EvalCli(System.out, System.err, System.getenv()).run(args);
    }

    int run(String[] args) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            out.println(USAGE);
            return 0;
        }
        if (args.length < 3 || !args[1].equals("push")) {
            err.println(USAGE);
            return 2;
        }
        try {
            Map<String, List<String>> opts = new LinkedHashMap<>();
            Path file = null;
            for (int i = 2; i < args.length; i++) {
                if (args[i].startsWith("--")) {
                    String name = args[i].substring(2);
                    if (!OPTIONS.containsKey(name)) {
                        throw new CliError("unknown option " + args[i] + "\n" + USAGE);
                    }
                    if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                        throw new CliError("missing value for " + args[i] + "\n" + USAGE);
                    }
                    List<String> values = opts.computeIfAbsent(name, k -> new ArrayList<>());
                    if (!values.isEmpty() && !OPTIONS.get(name)) {
                        throw new CliError(args[i] + " is given twice; give it once");
                    }
                    values.add(args[++i]);
                } else if (file == null) {
                    file = Path.of(args[i]);
                } else {
                    throw new CliError("unexpected argument " + args[i] + "\n" + USAGE);
                }
            }
            if (file == null || !Files.exists(file)) {
                throw new CliError("results file not found: " + file + "\n" + USAGE);
            }
            if (!Files.isRegularFile(file)) {
                throw new CliError(file + " is not a file: give the JSON Lines results file");
            }
            if (!Files.isReadable(file)) {
                throw new CliError("cannot read " + file + ": permission denied");
            }
            if (opt(opts, "prompt") == null) {
                throw new CliError("--prompt is required\n" + USAGE);
            }
            if (opt(opts, "baseline-label") != null && opt(opts, "baseline-run") != null) {
                throw new CliError("give --baseline-label or --baseline-run, not both");
            }
            return push(file, opts);
        } catch (CliError | DomainException e) {
            fail(e.getMessage());
            return 2;
        } catch (IOException e) {
            fail(describe(e));
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        }
    }

    private void fail(String message) {
        say("error: " + message);
    }

    /** A line on {@code err}, starting a new line if a progress line is open. */
    private void say(String line) {
        if (progressShown) {
            err.println();
            progressShown = false;
        }
        err.println(line);
    }

    private int push(Path file, Map<String, List<String>> opts) throws IOException, InterruptedException {
        String server = server(opt(opts, "server") != null ? opt(opts, "server")
                : env.getOrDefault("PROMPTFORGE_URL", "http://localhost:8080"));
        int batch = batch(opt(opts, "batch"));
        Thresholds thresholds = Thresholds.parse(String.join(";", opts.getOrDefault("threshold", List.of())));
        String dataset = opt(opts, "dataset") != null ? opt(opts, "dataset")
                : file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        if (dataset.isBlank()) {
            throw new CliError("the dataset name cannot be taken from the file name " + file.getFileName()
                    + ": give --dataset NAME");
        }
        long total = check(file);

        String runId = opt(opts, "run");
        if (runId == null) {
            runId = openRun(server, opts, dataset);
            err.println("opened run " + runId + " for " + opt(opts, "prompt") + " (" + total + " events)");
        } else {
            requireOpen(server, runId, opt(opts, "prompt"));
            err.println("adding to run " + runId + " (" + total + " events)");
        }
        long sent = 0;
        long accepted = 0;
        long duplicates = 0;
        long started = System.nanoTime();
        try (LineReader reader = new LineReader(file)) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            List<Long> lines = new ArrayList<>();
            String line;
            while ((line = reader.next()) != null) {
                long lineNo = reader.number();
                if (line.isBlank()) {
                    continue;
                }
                body.writeBytes(withId(line, lineNo).text().getBytes(StandardCharsets.UTF_8));
                body.write('\n');
                lines.add(lineNo);
                if (lines.size() == batch) {
                    long[] r = sendBatch(server, runId, body.toByteArray(), lines);
                    accepted += r[0];
                    duplicates += r[1];
                    sent += lines.size();
                    progress(sent, total, started);
                    body.reset();
                    lines.clear();
                }
            }
            if (!lines.isEmpty()) {
                long[] r = sendBatch(server, runId, body.toByteArray(), lines);
                accepted += r[0];
                duplicates += r[1];
                sent += lines.size();
                progress(sent, total, started);
            }
        }
        say("sent " + sent + " events: " + accepted + " stored, " + duplicates + " already there");
        return complete(server, runId, thresholds);
    }

    /** The server's base URL: http(s), with a host, without a trailing slash. */
    static String server(String url) {
        String u = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        try {
            URI uri = new URI(u);
            if (uri.getScheme() != null && (uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    && uri.getHost() != null) {
                return u;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        throw new CliError("the server URL '" + url + "' is not an http(s) URL such as http://localhost:8080: "
                + "set --server or PROMPTFORGE_URL");
    }

    static int batch(String value) {
        if (value == null) {
            return 1000;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= MAX_BATCH) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new CliError("--batch must be a whole number from 1 to " + MAX_BATCH + ", not " + value);
    }

    /**
     * The lines of a results file: split at LF only (a CR before it is dropped; a lone CR is part of the line, as in
     * JSON Lines), each decoded as strict UTF-8, so a bad byte is an error naming its line rather than a replacement
     * character.
     */
    static final class LineReader implements AutoCloseable {
        private final java.io.InputStream in;
        private final java.nio.charset.CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private final Path file;
        private final byte[] buf = new byte[1 << 16];
        private int pos;
        private int limit;
        private long number;

        LineReader(Path file) throws IOException {
            this.file = file;
            this.in = Files.newInputStream(file);
        }

        private int read() throws IOException {
            if (pos == limit) {
                int n = in.read(buf, 0, buf.length);
                if (n <= 0) {
                    return -1;
                }
                pos = 0;
                limit = n;
            }
            return buf[pos++] & 0xff;
        }

        /** The next line, or null at the end; its number is {@link #number()}. */
        String next() throws IOException {
            line.reset();
            int b;
            while ((b = read()) >= 0 && b != '\n') {
                line.write(b);
            }
            if (b < 0 && line.size() == 0) {
                return null;
            }
            number++;
            byte[] bytes = line.toByteArray();
            int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
            try {
                return utf8.reset().decode(java.nio.ByteBuffer.wrap(bytes, 0, n)).toString();
            } catch (java.nio.charset.CharacterCodingException e) {
                throw new CliError("line " + number + " of " + file + " is not valid UTF-8");
            }
        }

        long number() {
            return number;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /**
     * Checks the whole file before anything is sent, so that a bad line does not leave an open run holding part of
     * the results: UTF-8, one JSON object per line, no id twice (a repeated id was dropped as a retry by the server,
     * or refused, depending on whether both fell in one batch). Returns the number of events.
     */
    long check(Path file) throws IOException {
        java.util.HashMap<String, Long> ids = new java.util.HashMap<>();
        try (LineReader reader = new LineReader(file)) {
            String line;
            while ((line = reader.next()) != null) {
                long lineNo = reader.number();
                if (line.isBlank()) {
                    continue;
                }
                Line l = withId(line, lineNo);
                Long first = ids.putIfAbsent(l.id(), lineNo);
                if (first != null) {
                    throw new CliError("line " + lineNo + " has the id '" + l.id() + "' of line " + first
                            + ": give each result its own id (lines without one get line-<n>)");
                }
            }
        }
        if (ids.isEmpty()) {
            throw new CliError(file + " holds no results: nothing to evaluate");
        }
        return ids.size();
    }

    /** Checks that {@code runId} names a run of {@code prompt} that is still open, for {@code --run}. */
    private void requireOpen(String server, String runId, String prompt) throws IOException, InterruptedException {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(server + "/api/v1/runs/"
                + URLEncoder.encode(runId, StandardCharsets.UTF_8))).GET());
        if (r.statusCode() != 200) {
            throw new CliError("--run " + runId + ": " + detail(r.body()));
        }
        if (!prompt.equals(field(r.body(), "prompt"))) {
            throw new CliError("--run " + runId + " is a run of '" + field(r.body(), "prompt") + "', not of '"
                    + prompt + "'");
        }
        if (!"open".equals(field(r.body(), "status"))) {
            throw new CliError("--run " + runId + " is " + field(r.body(), "status")
                    + ": only an open run takes events; leave out --run to open a new one");
        }
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
            g.writeStringField("sourceCommit", env.get("GITHUB_SHA"));
            g.writeStringField("branch", env.get("GITHUB_REF_NAME"));
            String serverUrl = env.get("GITHUB_SERVER_URL");
            String repository = env.get("GITHUB_REPOSITORY");
            String runNumber = env.get("GITHUB_RUN_ID");
            // only when all three are set: one missing made https://github.com/null/actions/runs/null
            g.writeStringField("pipelineUrl", serverUrl == null || repository == null || runNumber == null ? null
                    : serverUrl + "/" + repository + "/actions/runs/" + runNumber);
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

    /**
     * Sends one batch, retrying what may pass on a second try (no answer, a 5xx); {@code lines} are the file's line
     * numbers of its events, to name them in the server's refusal.
     */
    private long[] sendBatch(String server, String runId, byte[] ndjson, List<Long> lines)
            throws InterruptedException, IOException {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(server + "/api/v1/runs/"
                + URLEncoder.encode(runId, StandardCharsets.UTF_8) + "/events")).timeout(TIMEOUT)
                .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofByteArray(ndjson));
        HttpResponse<String> r = retrying(req, "a batch", runId);
        if (r.statusCode() != 200) {
            throw new CliError("the server refused a batch (" + r.statusCode() + "): " + refusal(r.body(), lines)
                    + "\nThe run " + runId + " stays open with the batches before this one; correct the file and "
                    + "finish it with the same command and --run " + runId);
        }
        return new long[] {Long.parseLong(field(r.body(), "accepted")), Long.parseLong(field(r.body(), "duplicates"))};
    }

    /**
     * Sends {@code req} up to {@link #ATTEMPTS} times while the server does not answer or answers 5xx, waiting 1, 2,
     * 4 and 8 s between tries; returns the first other answer.
     */
    private HttpResponse<String> retrying(HttpRequest.Builder req, String what, String runId)
            throws IOException, InterruptedException {
        String last = null;
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<String> r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() < 500) {
                    return r;
                }
                last = "the server answered " + r.statusCode() + ": " + detail(r.body());
            } catch (IOException e) {
                last = describe(e);
            }
            if (attempt == ATTEMPTS) {
                break;
            }
            say(what + " failed (" + last + "); trying again (" + (attempt + 1) + "/" + ATTEMPTS + ")");
            Thread.sleep(500L << attempt);
        }
        throw new CliError("giving up on " + what + " after " + ATTEMPTS + " attempts: " + last + ". The run "
                + runId + " stays open with the events stored so far; add the rest with the same command and --run "
                + runId + " (events already stored are not stored twice)");
    }

    /** A failure to talk to the server in words (some have no message of their own). */
    private static String describe(IOException e) {
        if (e instanceof java.net.ConnectException) {
            return "connection refused";
        }
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "no answer within " + TIMEOUT.toMinutes() + " minutes";
        }
        if (e instanceof javax.net.ssl.SSLException) {
            return "TLS failed (" + e.getMessage() + "): is the server's URL http:// rather than https://?";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** The server's refusal of a batch, with its items named by their lines in the file. */
    private static String refusal(String body, List<Long> lines) {
        StringBuilder sb = new StringBuilder(detail(body));
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return sb.toString();
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken t = p.nextToken();
                if (!f.equals("errors") || t != JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    String field = null;
                    String message = null;
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String k = p.currentName();
                        p.nextToken();
                        if (k.equals("field")) {
                            field = p.getValueAsString();
                        } else if (k.equals("message")) {
                            message = p.getValueAsString();
                        } else {
                            p.skipChildren();
                        }
                    }
                    sb.append("\n  ").append(lineOf(field, lines)).append(": ").append(message);
                }
            }
        } catch (IOException e) {
            return body;
        }
        return sb.toString();
    }

    /** {@code items[3].metrics.x} as {@code line 12, metrics.x}, given the batch's line numbers. */
    static String lineOf(String field, List<Long> lines) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("items\\[(\\d+)\\]\\.?(.*)")
                .matcher(field == null ? "" : field);
        if (m.matches()) {
            int i = Integer.parseInt(m.group(1));
            if (i < lines.size()) {
                return "line " + lines.get(i) + (m.group(2).isEmpty() ? "" : ", " + m.group(2));
            }
        }
        return field == null ? "the batch" : field;
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
        // completing again with the same thresholds answers the same verdict, so a lost answer is retried
        HttpResponse<String> r = retrying(HttpRequest.newBuilder(URI.create(server + "/api/v1/runs/"
                + URLEncoder.encode(runId, StandardCharsets.UTF_8) + "/complete")).timeout(TIMEOUT)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(w.toString())),
                "completing the run", runId);
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
            return http.send(req.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException e) {
            URI uri = req.build().uri();
            throw new CliError("cannot reach the promptforge server at " + uri.getHost()
                    + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + " (set --server or PROMPTFORGE_URL)");
        } catch (javax.net.ssl.SSLException e) {
            throw new CliError("cannot talk to the promptforge server at " + req.build().uri().getHost() + ": "
                    + describe(e));
        }
    }

    private void progress(long sent, long total, long startedNanos) {
        double secs = Math.max(1e-3, (System.nanoTime() - startedNanos) / 1e9);
        err.printf("\rsent %,d/%,d events (%d%%), %,.0f events/s", sent, total, total == 0 ? 100 : sent * 100 / total,
                sent / secs);
        progressShown = true;
    }

    /** A line of the results file as sent, and its event's id. */
    record Line(String text, String id) {
    }

    /**
     * The line with {@code "id": "line-<n>"} added when it has no id, and the id; the whole line must be one JSON
     * object (a byte order mark before the first is skipped).
     */
    static Line withId(String line, long lineNo) throws IOException {
        String text = lineNo == 1 && line.startsWith("\uFEFF") ? line.substring(1) : line;
        String id = null;
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new CliError("line " + lineNo + " is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                boolean isId = p.currentName().equals("id");
                JsonToken t = p.nextToken();
                if (isId) {
                    if (t != JsonToken.VALUE_STRING && t != JsonToken.VALUE_NUMBER_INT) {
                        throw new CliError("line " + lineNo + ": \"id\" must be a string (or leave it out)");
                    }
                    id = p.getText();
                }
                p.skipChildren();
            }
            if (p.nextToken() != null) {
                throw new CliError("line " + lineNo + " has more after its JSON object: one event per line");
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new CliError("line " + lineNo + " is not valid JSON: "
                    + BodyErrors.plain(e.getOriginalMessage()));
        }
        if (id != null) {
            return new Line(text, id);
        }
        String rest = text.strip().substring(1).strip();
        id = "line-" + lineNo;
        return new Line("{\"id\":\"" + id + "\"" + (rest.equals("}") ? "" : ",") + rest, id);
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

    /** A failure worth one line to the user. */
    static final class CliError extends RuntimeException {
        CliError(String message) {
            super(message);
        }
    }
}
