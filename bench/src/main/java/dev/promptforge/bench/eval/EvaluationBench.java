package dev.promptforge.bench.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import dev.promptforge.domain.evaluation.ApplyRetention;
import dev.promptforge.domain.evaluation.BucketSize;
import dev.promptforge.domain.evaluation.EvaluationEvent;
import dev.promptforge.domain.evaluation.EventRules;
import dev.promptforge.domain.evaluation.MetricName;
import dev.promptforge.domain.evaluation.MetricsQuery;
import dev.promptforge.domain.evaluation.QueryMetrics;
import dev.promptforge.domain.evaluation.Scope;
import dev.promptforge.domain.evaluation.port.EventStore;
import dev.promptforge.domain.evaluation.port.MetricStore;
import dev.promptforge.domain.shared.WorkspaceId;
import dev.promptforge.infra.evaluation.ddsketch.DDSketchQuantiles;
import dev.promptforge.infra.evaluation.jdbc.JdbcEventStore;
import dev.promptforge.infra.evaluation.jdbc.JdbcMetricStore;
import dev.promptforge.infra.shared.jdbc.Database;
import dev.promptforge.infra.shared.jdbc.SqliteDatabases;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The evaluation benchmark (bench/evaluation.sh): HTTP ingestion beside the raw sqlite-jdbc ceiling (in alternating
 * rounds of the same run), metric queries over ~10 million events, and retention of a 1M-event month through the
 * real adapters.
 *
 * <pre>java -cp ... dev.promptforge.bench.eval.EvaluationBench --jar pf.jar --work DIR --out FILE [--quick]
 *     [--bulk-events N] [--archive-events N] [--load-budget SECONDS] [--ceiling-rows N] [--rounds N]
 *     [--no-isolated-retention]</pre>
 */
public final class EvaluationBench {
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;
    private static final int BATCH = 1000;
    private static final int RUN_EVENTS = 5000;
    private static final int PROMPTS = 10;

    private Path jar;
    private Path work;
    private Path out;
    private boolean quick;
    private long bulkEvents = 10_000_000;
    private long archiveEvents = 1_000_000;
    private double loadBudget = 330;
    private int ceilingRows = 1_000_000;
    private int rounds = 5;
    private boolean isolatedRetention = true;
    private final StringBuilder md = new StringBuilder();
    private final List<String> targets = new ArrayList<>();
    private final List<String[]> summary = new ArrayList<>();
    private String bodySample = "";
    /** Concurrent HTTP senders of the ingestion phases; with several, the server writes their batches in groups. */
    private static final int[] SENDERS = {1, 2, 4, 8};
    private double httpRate = Double.NaN;
    /** The three metric queries (scope, bucket, explicit end or null), for the in-process timing. */
    private final List<String[]> querySpecs = new ArrayList<>();
    private final StringBuilder queryNote = new StringBuilder();

    public static void main(String[] args) throws Exception {
        EvaluationBench b = new EvaluationBench();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jar" -> b.jar = Path.of(args[++i]);
                case "--work" -> b.work = Path.of(args[++i]);
                case "--out" -> b.out = Path.of(args[++i]);
                case "--quick" -> b.quick = true;
                case "--bulk-events" -> b.bulkEvents = Long.parseLong(args[++i]);
                case "--archive-events" -> b.archiveEvents = Long.parseLong(args[++i]);
                case "--load-budget" -> b.loadBudget = Double.parseDouble(args[++i]);
                case "--ceiling-rows" -> b.ceilingRows = Integer.parseInt(args[++i]);
                case "--rounds" -> b.rounds = Integer.parseInt(args[++i]);
                case "--no-isolated-retention" -> b.isolatedRetention = false;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (b.quick) {
            b.bulkEvents = Math.min(b.bulkEvents, 1_000_000);
            b.archiveEvents = Math.min(b.archiveEvents, 200_000);
            b.ceilingRows = Math.min(b.ceilingRows, 200_000);
            b.loadBudget = Math.min(b.loadBudget, 60);
            b.rounds = Math.min(b.rounds, 2);
            b.isolatedRetention = false;
        }
        b.run(String.join(" ", args));
        System.exit(0);
    }

    private void run(String argLine) throws Exception {
        String loadStart = Server.uptime();
        String started = Instant.now().toString();
        Server.log("load at start: " + loadStart);
        Files.createDirectories(work);
        YearMonth oldMonth = YearMonth.now(ZoneOffset.UTC).minusMonths(17);

        // ---- 0. set-up over HTTP: a side file (copied twice: in-process ingestion, isolated retention) and the main one
        Path sideDir = work.resolve("side-data");
        String sideRun;
        Plan isoPlan;
        try (Server side = Server.start(jar, sideDir, work.resolve("server-side.log"), Map.of(), List.of())) {
            Api sapi = new Api(side.url());
            sapi.createPrompt("bench/inproc", "Grade the answer to {{question}}.");
            sideRun = sapi.openRun("bench/inproc", "golden")[0];
            isoPlan = isolatedRetention ? archivePlan(sapi, oldMonth, archiveEvents) : null;
        }
        Path inprocDb = copyDb(sideDir, work.resolve("inproc-data"));
        Path isoDb = copyDb(sideDir, work.resolve("retention-data"));

        Path dataDir = work.resolve("server-data");
        Server server = Server.start(jar, dataDir, work.resolve("server.log"), Map.of(), List.of());
        Api api = new Api(server.url());
        Server.log("server at " + server.url() + " (pid " + server.pid() + ")");
        api.createPrompt("bench/ingest", "Grade the answer to {{question}}.");
        String ingestRun = api.openRun("bench/ingest", "golden")[0];
        Plan archivePlan = archivePlan(api, oldMonth, archiveEvents);
        Plan bulkPlan = bulkPlan(api, bulkEvents);

        // ---- 1. ingestion: rounds of (raw ceiling slices, HTTP 1, 2, 4 and 8 senders, in process 1 and 2 threads)
        RawCeiling.Data data = new RawCeiling.Data(ceilingRows);
        List<RawCeiling.Variant> variants = new ArrayList<>();
        int v = 0;
        for (Object[] spec : new Object[][] {{RawCeiling.Shape.SERVER, "FULL"}, {RawCeiling.Shape.SERVER, "NORMAL"},
                {RawCeiling.Shape.SERVER_NO_UNIQUE, "FULL"}, {RawCeiling.Shape.STACK, "FULL"},
                {RawCeiling.Shape.STACK, "NORMAL"}}) {
            variants.add(new RawCeiling.Variant(work.resolve("raw-" + v++ + ".db"), (RawCeiling.Shape) spec[0],
                    (String) spec[1]));
        }
        try (RawCeiling.Variant jit = new RawCeiling.Variant(work.resolve("raw-warm.db"), RawCeiling.Shape.SERVER,
                "FULL")) {
            jit.append(new RawCeiling.Data(50_000), 0, 50_000); // JIT warm-up of the insert loop
        }
        int perPhase = quick ? 50 : 60;
        int warm = quick ? 40 : 80;
        int total = warm + rounds * SENDERS.length * perPhase;
        long httpEvents = (long) total * BATCH;
        long t0 = System.currentTimeMillis() - 3 * HOUR - 5 * 60_000L;
        double step = 3.0 * HOUR / httpEvents;
        SplittableRandom rnd = new SplittableRandom(1);
        Server.log("generating " + total + " HTTP batches of " + BATCH + " events");
        byte[][] bodies = new byte[total][];
        for (int b = 0; b < total; b++) {
            bodies[b] = EventGen.batch("e-", (long) b * BATCH, BATCH, t0 + (long) (b * BATCH * step), step, 300_000L, rnd);
        }
        bodySample = String.format("%,d bytes per batch; a line: `%s`", bodies[0].length,
                new String(bodies[0], 0, indexOf(bodies[0], (byte) '\n'), StandardCharsets.UTF_8));
        Server.log(bodySample);
        Phase warmPhase = send(api, server, ingestRun, bodies, 0, warm, 2, "warm-up");
        Server.log(String.format("HTTP warm-up: %,.0f events/s", warmPhase.eventsPerSecond()));
        List<Phase> phases = new ArrayList<>();
        List<Phase> inPhases = new ArrayList<>();
        List<double[]> roundRatios = new ArrayList<>();
        int next = warm;
        long inEvents = 0;
        try (InProcess ip = new InProcess(inprocDb)) {
            // in-process warm-up
            long w0 = System.currentTimeMillis() - 3 * HOUR;
            List<List<EvaluationEvent>> wb = new ArrayList<>();
            for (int b = 0; b < warm; b++) {
                wb.add(InProcess.batch("w-", (long) b * BATCH, BATCH, w0 + b * 10_000L, 10, 300_000L, rnd));
            }
            inProcess(ip, sideRun, wb, 0, warm, 2, "warm-up");
            wb = null;
            int slice = ceilingRows / rounds;
            for (int r = 0; r < rounds; r++) {
                StringBuilder line = new StringBuilder("round " + (r + 1) + ":");
                double full = 0;
                for (RawCeiling.Variant var : variants) {
                    double rate = var.append(data, r * slice, slice);
                    if (var == variants.get(0)) {
                        full = rate;
                    }
                    line.append(String.format(" %s %,.0f;", var.label(), rate));
                }
                double[] ratio = new double[SENDERS.length + 2];
                for (int k = 0; k < SENDERS.length; k++) {
                    int senders = SENDERS[k];
                    Phase p = send(api, server, ingestRun, bodies, next, perPhase, senders,
                            senders + (senders == 1 ? " sender" : " senders"));
                    next += perPhase;
                    phases.add(p);
                    ratio[k] = p.eventsPerSecond() / full;
                    line.append(String.format(" HTTP %s %,.0f (server %.2f cores);", p.name, p.eventsPerSecond(),
                            p.serverCores()));
                }
                // the in-process batches of this round, same shape as the HTTP ones (generated before timing)
                List<List<EvaluationEvent>> batches = new ArrayList<>();
                long i0 = System.currentTimeMillis() - 3 * HOUR;
                for (int b = 0; b < 2 * perPhase; b++) {
                    batches.add(InProcess.batch("p-", inEvents + (long) b * BATCH, BATCH,
                            i0 + (long) (b * BATCH * step), step, 300_000L, rnd));
                }
                inEvents += (long) 2 * perPhase * BATCH;
                for (int threads : new int[] {1, 2}) {
                    Phase p = inProcess(ip, sideRun, batches, (threads - 1) * perPhase, perPhase, threads,
                            threads + (threads == 1 ? " thread" : " threads"));
                    inPhases.add(p);
                    ratio[SENDERS.length + threads - 1] = p.eventsPerSecond() / full;
                    line.append(String.format(" in process %s %,.0f;", p.name, p.eventsPerSecond()));
                }
                roundRatios.add(ratio);
                Server.log(line.toString());
            }
        }
        for (RawCeiling.Variant var : variants) {
            var.close();
        }
        bodies = null;
        data = null;
        reportIngestion(variants, phases, inPhases, roundRatios, perPhase);

        // ---- 2. the old month first (as the oldest month of a real file would be), then ~10M over ~6 months
        Server.log("loading " + archiveEvents + " events dated " + oldMonth + " over HTTP");
        Load archive = pumpHttp(api, archivePlan, Double.MAX_VALUE);
        Server.log("loading " + bulkEvents + " events over recent months over HTTP (budget " + loadBudget + " s)");
        Load bulk = pumpHttp(api, bulkPlan, loadBudget);
        Load topUp = null;
        double startup = Double.NaN;
        if (bulk.events < (long) bulkPlan.batches() * BATCH) {
            server.stop();
            Server.log("budget reached; loading the rest in process on the stopped server's file");
            try (InProcess ip = new InProcess(dataDir.resolve("promptforge.db"))) {
                topUp = pumpInProcess(ip, bulkPlan, (int) (bulk.events / BATCH), 480);
            }
            long s0 = System.nanoTime();
            server = Server.start(jar, dataDir, work.resolve("server-2.log"), Map.of(), List.of());
            startup = (System.nanoTime() - s0) / 1e9;
            api = new Api(server.url());
        }
        long dbBytes = dirBytes(dataDir);
        long loaded = bulk.events + (topUp == null ? 0 : topUp.events);
        long totalEvents = httpEvents + archive.events + loaded;
        Server.log(String.format("data set: %,d events, data folder %,d MB", totalEvents, dbBytes >> 20));

        // ---- 3. metric queries over HTTP, then in process
        reportQueries(api, bulkPlan, bulk, topUp, totalEvents, archive, dbBytes, startup);
        server.stop();
        Server.log("server stopped");
        Path dbFile = dataDir.resolve("promptforge.db");
        inProcessQueries(dbFile);
        md.append(queryNote);

        // ---- 4. retention of the old month, in process through the real adapters
        Retention inBig = retention(dbFile, oldMonth);
        Retention isolated = null;
        if (isolatedRetention) {
            try (InProcess ip = new InProcess(isoDb)) {
                Server.log("fresh file: loading " + archiveEvents + " events dated " + oldMonth + " in process");
                pumpInProcess(ip, isoPlan, 0, Double.MAX_VALUE);
            }
            isolated = retention(isoDb, oldMonth);
        }
        reportRetention(inBig, isolated, archive.events, totalEvents);

        String loadEnd = Server.uptime();
        Server.log("load at end: " + loadEnd);
        StringBuilder head = new StringBuilder();
        head.append("## Evaluation benchmark (`bench/evaluation.sh").append(quick ? " --quick" : "").append("`)\n\n");
        head.append("- Date: ").append(started).append(" to ").append(Instant.now()).append(" (UTC)\n");
        head.append("- Machine: ").append(Report.machine()).append("; shared with other work, noisy\n");
        head.append("- Load averages (`uptime`): start `").append(loadStart.replaceAll(".*load average: ", ""))
                .append("`, end `").append(loadEnd.replaceAll(".*load average: ", "")).append("`\n");
        head.append("- Server: `java -jar promptforge.jar`, default JVM flags and settings (`synchronous=FULL`, ")
                .append("pool 8), fresh data folder. Load generator: one JVM on the same 2 cores (`java.net.http`, ")
                .append("HTTP/1.1 keep-alive, one connection per sender)\n");
        head.append("- Command: `bench/evaluation.sh").append(quick ? " --quick" : "").append("` (Java: `")
                .append(argLine.replace(work.toString(), "$WORK").replace(jar.toString(), "$WORK/pf.jar"))
                .append("`)\n\n");
        head.append("### Summary\n\n| figure | value |\n|---|---|\n");
        for (String[] row : summary) {
            head.append("| ").append(row[0]).append(" | ").append(row[1]).append(" |\n");
        }
        head.append("\n### Against the targets\n\n");
        for (String t : targets) {
            head.append("- ").append(t).append('\n');
        }
        head.append('\n');
        Report.writeSection(out, "evaluation", "Evaluation and live metrics benchmarks", head + md.toString());
        Server.log("wrote " + out);
    }

    /** Copies a stopped server's database file (checkpointed on close) into a folder of its own. */
    private static Path copyDb(Path fromDir, Path toDir) throws Exception {
        Files.createDirectories(toDir);
        for (String suffix : new String[] {"", "-wal"}) {
            Path f = fromDir.resolve("promptforge.db" + suffix);
            if (Files.exists(f)) {
                Files.copy(f, toDir.resolve("promptforge.db" + suffix), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return toDir.resolve("promptforge.db");
    }

    // ------------------------------------------------------------------ ingestion

    static final class Phase {
        final String name;
        final int senders;
        final long[] latencies;
        double seconds;
        double serverCpu;
        double clientCpu;

        Phase(String name, int senders, int batches) {
            this.name = name;
            this.senders = senders;
            this.latencies = new long[batches];
        }

        double eventsPerSecond() {
            return latencies.length * (double) BATCH / seconds;
        }

        double serverCores() {
            return serverCpu / seconds;
        }

        double clientCores() {
            return clientCpu / seconds;
        }
    }

    /** Posts {@code count} prepared batches with {@code senders} threads; per-batch time from send to response. */
    static Phase send(Api api, Server server, String run, byte[][] bodies, int from, int count, int senders,
            String name) throws Exception {
        Phase p = new Phase(name, senders, count);
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Exception> failure = new AtomicReference<>();
        double cpu0 = server.cpuSeconds();
        double self0 = Server.selfCpuSeconds();
        long t0 = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            Thread t = new Thread(() -> {
                try {
                    int i;
                    while ((i = next.getAndIncrement()) < count && failure.get() == null) {
                        HttpRequest req = api.eventsRequest(run, bodies[from + i]);
                        long s0 = System.nanoTime();
                        api.post(req, BATCH);
                        p.latencies[i] = System.nanoTime() - s0;
                    }
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                }
            }, "sender-" + s);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        p.seconds = (System.nanoTime() - t0) / 1e9;
        p.serverCpu = server.cpuSeconds() - cpu0;
        p.clientCpu = Server.selfCpuSeconds() - self0;
        if (failure.get() != null) {
            throw failure.get();
        }
        return p;
    }

    /** Ingests prepared batches through the use case with {@code threads} threads (writes serialise inside). */
    static Phase inProcess(InProcess ip, String run, List<List<EvaluationEvent>> batches, int from, int count,
            int threads, String name) throws Exception {
        Phase p = new Phase(name, threads, count);
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Exception> failure = new AtomicReference<>();
        double self0 = Server.selfCpuSeconds();
        long t0 = System.nanoTime();
        List<Thread> ts = new ArrayList<>();
        for (int s = 0; s < threads; s++) {
            Thread t = new Thread(() -> {
                try {
                    int i;
                    while ((i = next.getAndIncrement()) < count && failure.get() == null) {
                        long s0 = System.nanoTime();
                        ip.ingest(run, batches.get(from + i));
                        p.latencies[i] = System.nanoTime() - s0;
                    }
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                }
            });
            ts.add(t);
            t.start();
        }
        for (Thread t : ts) {
            t.join();
        }
        p.seconds = (System.nanoTime() - t0) / 1e9;
        p.clientCpu = Server.selfCpuSeconds() - self0;
        if (failure.get() != null) {
            throw failure.get();
        }
        return p;
    }

    private static double medianRate(List<Phase> phases, int senders) {
        return Pct.median(phases.stream().filter(p -> p.senders == senders).mapToDouble(Phase::eventsPerSecond)
                .toArray());
    }

    private static long[] latencies(List<Phase> phases, int senders) {
        return Pct.concat(phases.stream().filter(p -> p.senders == senders).map(p -> p.latencies).toList());
    }

    private void reportIngestion(List<RawCeiling.Variant> variants, List<Phase> phases, List<Phase> inPhases,
            List<double[]> roundRatios, int perPhase) {
        RawCeiling.Variant full = variants.get(0);
        double ceiling = full.rowsPerSecond();
        double normal = variants.get(1).rowsPerSecond();
        int paths = SENDERS.length + 2;
        double[] medRatio = new double[paths];
        for (int k = 0; k < paths; k++) {
            int kk = k;
            medRatio[k] = Pct.median(roundRatios.stream().mapToDouble(r -> r[kk]).toArray());
        }
        md.append("### 1. Ingestion over HTTP beside the raw SQLite ceiling\n\n");
        md.append(String.format("%d rounds; each round: a slice of %,d rows of every raw-ceiling variant, then %d HTTP "
                + "batches with each of 1, 2, 4 and 8 concurrent senders (concurrent batches share one transaction: the "
                + "server's group commit), then %d batches through the use case in process with 1 thread and %d with "
                + "2 threads (the server idle meanwhile). Ratios are taken per round, so slow drift of the shared "
                + "machine hits both sides.%n%n", roundRatios.size(), full.rows / roundRatios.size(), perPhase,
                perPhase, perPhase));
        md.append("HTTP: one prompt, one run; NDJSON batches of 1,000 events (id, case, 2-3 metrics, passed, latencyMs, "
                + "tokensIn/Out, cost, model, `at` ISO-8601 time-ordered over the last 3 hours with up to 5 minutes "
                + "of jitter; ").append(bodySample).append("). Bodies generated before timing, after a warm-up. "
                + "Batch latency: request sent to response read.\n\n");
        md.append("In process: the server's own use case (`IngestEvaluationEvents` wired as `EvaluationFactory` wires "
                + "it: JDBC adapters, `synchronous=FULL`, pool 8, DDSketch 1%, no live publisher) on a copy of a "
                + "server-made file, with the same kind of events already parsed: rules, event insert, the hour/day/"
                + "week buckets of run, commit and prompt for 8 metrics (3 client + 5 built-in), no HTTP or JSON.\n\n");
        md.append("| path | events/s (median of rounds) | per round | batch p50 (ms) | batch p99 (ms) | server cores | "
                + "load-generator cores | ratio to the FULL ceiling (median of per-round ratios) |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        for (int k = 0; k < paths; k++) {
            boolean http = k < SENDERS.length;
            int n = http ? SENDERS[k] : k - SENDERS.length + 1;
            List<Phase> ps = (http ? phases : inPhases).stream().filter(p -> p.senders == n).toList();
            StringBuilder per = new StringBuilder();
            double cores = 0;
            double client = 0;
            for (Phase p : ps) {
                per.append(per.length() == 0 ? "" : ", ").append(Pct.k(p.eventsPerSecond()));
                cores += p.serverCpu;
                client += p.clientCpu;
            }
            double secs = ps.stream().mapToDouble(p -> p.seconds).sum();
            long[] lat = Pct.concat(ps.stream().map(p -> p.latencies).toList());
            md.append(String.format("| %s | %s | %s | %s | %s | %s | %.2f | %.2f |%n",
                    http ? "HTTP, " + n + (n == 1 ? " sender" : " senders") : "in process, " + n
                            + (n == 1 ? " thread" : " threads"),
                    Pct.k(Pct.median(ps.stream().mapToDouble(Phase::eventsPerSecond).toArray())), per,
                    Pct.fmt(Pct.p(lat, 50)), Pct.fmt(Pct.p(lat, 99)), http ? String.format("%.2f", cores / secs) : "-",
                    client / secs, medRatio[k]));
        }
        md.append("\n`cores`: CPU seconds used / wall seconds (2 cores, shared with the load generator and other "
                + "work); in process the load-generator JVM is the server.\n\n");
        md.append(String.format("Raw sqlite-jdbc ceiling in the same run (%,d time-ordered rows per variant in the slices "
                + "above, transactions of 1,000 rows (`BEGIN IMMEDIATE`, one `executeBatch`), one connection, WAL, values "
                + "generated before timing, the same row values as the events):%n%n", full.rows));
        md.append("| table shape | synchronous | rows/s (all slices) | per slice | txn p50 (ms) | txn p99 (ms) | file MB |\n"
                + "|---|---|---|---|---|---|---|\n");
        for (RawCeiling.Variant r : variants) {
            StringBuilder per = new StringBuilder();
            for (double d : r.sliceRates) {
                per.append(per.length() == 0 ? "" : ", ").append(Pct.k(d));
            }
            md.append(String.format("| %s | %s | %s | %s | %s | %s | %d |%n", r.shape.description, r.synchronous,
                    Pct.k(r.rowsPerSecond()), per, Pct.fmt(Pct.p(r.batches(), 50)), Pct.fmt(Pct.p(r.batches(), 99)),
                    r.fileBytes >> 20));
        }
        md.append('\n');
        double best = 0;
        httpRate = 0;
        for (int k = 0; k < SENDERS.length; k++) {
            int senders = SENDERS[k];
            long[] lat = latencies(phases, senders);
            double rate = medianRate(phases, senders);
            summary.add(new String[] {"HTTP ingestion, " + senders + " sender" + (senders > 1 ? "s" : ""),
                    String.format("%s events/s (batch p50 %s ms, p99 %s ms); **%.2f x** the raw FULL ceiling",
                            Pct.k(rate), Pct.fmt(Pct.p(lat, 50)), Pct.fmt(Pct.p(lat, 99)), medRatio[k])});
            if (medRatio[k] > best) {
                best = medRatio[k];
                httpRate = rate;
            }
        }
        double in1 = medianRate(inPhases, 1);
        double in2 = medianRate(inPhases, 2);
        double[] inRatio = {medRatio[SENDERS.length], medRatio[SENDERS.length + 1]};
        summary.add(new String[] {"in-process use case (no HTTP/JSON), 1 / 2 threads", String.format(
                "%s / %s events/s; %.2f / %.2f x the raw FULL ceiling", Pct.k(in1), Pct.k(in2), inRatio[0],
                inRatio[1])});
        summary.add(new String[] {"raw ceiling, server table, FULL / NORMAL", String.format("%s / %s rows/s",
                Pct.k(ceiling), Pct.k(normal))});
        summary.add(new String[] {"raw ceiling, server table without the unique index, FULL",
                Pct.k(variants.get(2).rowsPerSecond()) + " rows/s"});
        summary.add(new String[] {"raw ceiling, STACK.md shape, FULL / NORMAL", Pct.k(variants.get(3).rowsPerSecond())
                + " / " + Pct.k(variants.get(4).rowsPerSecond()) + " rows/s"});
        targets.add(String.format("Ingestion at half the raw ceiling or better: **%s**: best HTTP ratio %.2f x the "
                + "same-run FULL ceiling (%s events/s against %s rows/s; %.2f x the NORMAL ceiling of %s rows/s). "
                + "The use case alone, without HTTP and JSON, reaches %.2f x.", best >= 0.5 ? "met" : "not met", best,
                Pct.k(httpRate), Pct.k(ceiling), httpRate / normal, Pct.k(normal), Math.max(inRatio[0], inRatio[1])));
    }

    // ------------------------------------------------------------------ loading

    static final class Load {
        long events;
        double seconds;
    }

    /**
     * Batches of the runs of a data set: batch g is batch g % per of run g / per; run r's events start at
     * {@code runStart[r]}, {@code stepMs} apart, ids {@code e-<n>} within the run.
     */
    record Plan(String what, List<String> runs, long[] runStart, double stepMs, long spanDays, double windowHours) {
        int batches() {
            return runs.size() * (RUN_EVENTS / BATCH);
        }

        long start(int g) {
            int b = g % (RUN_EVENTS / BATCH);
            return runStart[g / (RUN_EVENTS / BATCH)] + (long) (b * BATCH * stepMs);
        }

        long first(int g) {
            return (long) (g % (RUN_EVENTS / BATCH)) * BATCH;
        }

        String run(int g) {
            return runs.get(g / (RUN_EVENTS / BATCH));
        }
    }

    /** {@code count} events of prompt bench/archive spread over {@code month}, runs of 5,000 in time order. */
    static Plan archivePlan(Api api, YearMonth month, long count) throws Exception {
        long monthStart = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        long monthMs = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli() - monthStart;
        String prompt = "bench/archive";
        api.createPrompt(prompt, "Summarise {{document}} for the archive.");
        int runs = (int) Math.max(1, count / RUN_EVENTS);
        List<String> ids = new ArrayList<>();
        long[] starts = new long[runs];
        double window = (double) monthMs / runs;
        for (int r = 0; r < runs; r++) {
            ids.add(api.openRun(prompt, "archive")[0]);
            starts[r] = monthStart + (long) (r * window);
        }
        return new Plan("archive " + month, ids, starts, window / RUN_EVENTS, 30, window / HOUR);
    }

    /**
     * {@code count} events: 10 prompts, runs of 5,000 events; run r of prompt r % 10 starts at
     * {@code T0 + r * span / runs} and its events are spread evenly over a 21.6-hour window, so every prompt has
     * events in every hour of the span; each prompt gets a new commit every 20 of its runs. The span is 180 days
     * for 10M events (less for fewer) and ends about 5 hours ago.
     */
    static Plan bulkPlan(Api api, long count) throws Exception {
        int runs = (int) Math.max(PROMPTS, count / RUN_EVENTS);
        long windowMs = (long) (21.6 * HOUR);
        long spanMs = Math.min(180 * DAY, (long) runs * windowMs / PROMPTS);
        long t0 = System.currentTimeMillis() - spanMs - windowMs;
        String[] heads = new String[PROMPTS];
        String[] names = new String[PROMPTS];
        for (int p = 0; p < PROMPTS; p++) {
            names[p] = String.format("bench/p%02d", p);
            heads[p] = api.createPrompt(names[p], "You are a support agent (" + p + "). Answer {{question}}.");
        }
        List<String> ids = new ArrayList<>(runs);
        long[] starts = new long[runs];
        long s0 = System.nanoTime();
        for (int r = 0; r < runs; r++) {
            int p = r % PROMPTS;
            int j = r / PROMPTS;
            if (j > 0 && j % 20 == 0) {
                heads[p] = api.commit(names[p], "You are a support agent (" + p + ", v" + j / 20 + "). Answer "
                        + "{{question}} briefly.", heads[p]);
            }
            ids.add(api.openRun(names[p], "golden")[0]);
            starts[r] = t0 + (long) ((double) r * spanMs / runs);
        }
        Server.log(String.format("opened %d runs over %d prompts in %.1f s", runs, PROMPTS, (System.nanoTime() - s0) / 1e9));
        return new Plan("bulk", ids, starts, (double) windowMs / RUN_EVENTS, spanMs / DAY, windowMs / (double) HOUR);
    }

    interface BatchSink {
        void send(Plan plan, int g, SplittableRandom rnd) throws Exception;
    }

    /** Sends batches [from, plan.batches()) in order with 2 threads, until done or past the budget. */
    static Load pump(Plan plan, int from, double budgetSeconds, String how, BatchSink sink) throws Exception {
        int n = plan.batches();
        AtomicInteger next = new AtomicInteger(from);
        AtomicLong done = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long t0 = System.nanoTime();
        long deadline = budgetSeconds == Double.MAX_VALUE ? Long.MAX_VALUE : t0 + (long) (budgetSeconds * 1e9);
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            int seed = s;
            Thread t = new Thread(() -> {
                SplittableRandom rnd = new SplittableRandom(100 + seed);
                try {
                    int g;
                    while (failure.get() == null && System.nanoTime() < deadline && (g = next.getAndIncrement()) < n) {
                        sink.send(plan, g, rnd);
                        done.addAndGet(BATCH);
                    }
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                }
            }, "loader-" + s);
            threads.add(t);
            t.start();
        }
        long lastLog = System.nanoTime();
        long lastDone = 0;
        while (threads.stream().anyMatch(Thread::isAlive)) {
            Thread.sleep(200);
            if (System.nanoTime() - lastLog > 30e9) {
                long d = done.get();
                Server.log(String.format("  %s %s: %,d events (%,.0f/s over the last 30 s)", plan.what(), how, d,
                        (d - lastDone) / ((System.nanoTime() - lastLog) / 1e9)));
                lastLog = System.nanoTime();
                lastDone = d;
            }
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        Load load = new Load();
        load.events = done.get();
        load.seconds = (System.nanoTime() - t0) / 1e9;
        Server.log(String.format("%s %s: %,d events in %.1f s (%,.0f events/s)", plan.what(), how, load.events,
                load.seconds, load.events / load.seconds));
        return load;
    }

    static Load pumpHttp(Api api, Plan plan, double budget) throws Exception {
        return pump(plan, 0, budget, "over HTTP", (p, g, rnd) -> api.post(api.eventsRequest(p.run(g),
                EventGen.batch("e-", p.first(g), BATCH, p.start(g), p.stepMs(), 0, rnd)), BATCH));
    }

    static Load pumpInProcess(InProcess ip, Plan plan, int from, double budget) throws Exception {
        return pump(plan, from, budget, "in process", (p, g, rnd) -> ip.ingest(p.run(g),
                InProcess.batch("e-", p.first(g), BATCH, p.start(g), p.stepMs(), 0, rnd)));
    }

    // ------------------------------------------------------------------ queries

    private void reportQueries(Api api, Plan plan, Load bulk, Load topUp, long totalEvents, Load archive,
            long dbBytes, double startup) throws Exception {
        long loaded = bulk.events + (topUp == null ? 0 : topUp.events);
        int per = RUN_EVENTS / BATCH;
        int lastRun = (int) Math.min(plan.runs().size() - 1, Math.max(0, loaded / RUN_EVENTS - 1));
        boolean complete = loaded >= (long) plan.batches() * BATCH;
        String range = "";
        if (!complete) {
            // the newest loaded data is older than the default ranges reach: end the ranges just after it
            long end = plan.runStart()[lastRun] + (long) (plan.windowHours() * HOUR) + HOUR;
            range = "&to=" + end;
        }
        String promptName = String.format("bench/p%02d", lastRun % PROMPTS);
        String prompt = URLEncoder.encode("prompt:" + promptName, StandardCharsets.UTF_8);
        String run = URLEncoder.encode("run:" + plan.runs().get(lastRun), StandardCharsets.UTF_8);
        String[] names = {"prompt, hour buckets, default 7 days", "prompt, day buckets, default 365 days",
                "run, hour buckets, default 7 days", "HTTP floor: GET /api/v1/info"};
        String end = complete ? null : range.substring(4);
        querySpecs.add(new String[] {"prompt:" + promptName, "hour", end});
        querySpecs.add(new String[] {"prompt:" + promptName, "day", end});
        querySpecs.add(new String[] {"run:" + plan.runs().get(lastRun), "hour", end});
        String[] paths = {"/api/v1/metrics?scope=" + prompt + "&metric=accuracy&bucket=hour" + range,
                "/api/v1/metrics?scope=" + prompt + "&metric=accuracy&bucket=day" + range,
                "/api/v1/metrics?scope=" + run + "&metric=accuracy&bucket=hour" + range, "/api/v1/info"};
        int[] items = new int[paths.length];
        int[] bytes = new int[paths.length];
        long[] counted = new long[paths.length];
        for (int q = 0; q < 3; q++) {
            JsonNode r = api.call("GET", paths[q], null, 200);
            items[q] = r.get("items").size();
            for (JsonNode it : r.get("items")) {
                counted[q] += it.get("count").asLong();
            }
        }
        HttpRequest[] reqs = new HttpRequest[paths.length];
        for (int q = 0; q < paths.length; q++) {
            reqs[q] = api.get(paths[q]);
        }
        int warm = quick ? 100 : 200;
        int n = quick ? 300 : 500;
        long[][] t = new long[paths.length][n];
        for (int i = 0; i < warm + n; i++) {
            for (int q = 0; q < paths.length; q++) {
                long s = System.nanoTime();
                bytes[q] = api.fetch(reqs[q]);
                long d = System.nanoTime() - s;
                if (i >= warm) {
                    t[q][i - warm] = d;
                }
            }
        }
        md.append("### 2. Metric queries at ").append(String.format("%,d", totalEvents)).append(" events\n\n");
        md.append(String.format("Data set: %,d events in %d runs of 5,000 over %d prompts (a new commit every 20 "
                + "runs of a prompt), spread over %d days ending about 5 hours ago (run r starts at r/%d of the span "
                + "and its events cover %.1f h, so every prompt has events in every hour); plus the %,d-event month "
                + "17 months back (section 3, loaded first) and the %,d events of section 1. Loaded over HTTP with 2 "
                + "senders: the month in %.0f s (%s events/s), then %,d events in %.0f s (%s events/s)", loaded,
                plan.runs().size(), PROMPTS, plan.spanDays(), plan.runs().size(), plan.windowHours(), archive.events,
                totalEvents - loaded - archive.events, archive.seconds, Pct.k(archive.events / archive.seconds),
                bulk.events, bulk.seconds, Pct.k(bulk.events / bulk.seconds)));
        if (topUp != null) {
            md.append(String.format("; the %.0f-s budget then ran out and the other %,d events were loaded **in "
                    + "process** through the same use case on the stopped server's file in %.0f s (%s events/s; the "
                    + "stored data is the same), and the server restarted in %.1f s", loadBudget, topUp.events,
                    topUp.seconds, Pct.k(topUp.events / topUp.seconds), startup));
        }
        md.append(String.format(". Data folder: %,d MB (%.0f bytes/event).%n%n", dbBytes >> 20,
                (double) dbBytes / totalEvents));
        md.append(String.format("`metric=accuracy`, %d warm-up rounds then %d timed rounds, the four requests "
                + "interleaved on one keep-alive connection; time from send to last byte.%n%n", warm, n));
        md.append("| query | buckets returned | events in them | body bytes | p50 (ms) | p99 (ms) | max (ms) |\n"
                + "|---|---|---|---|---|---|---|\n");
        for (int q = 0; q < paths.length; q++) {
            md.append(String.format("| %s | %s | %s | %,d | %s | %s | %s |%n", names[q], q == 3 ? "-" : items[q],
                    q == 3 ? "-" : String.format("%,d", counted[q]), bytes[q],
                    Pct.fmt(Pct.p(t[q], 50)), Pct.fmt(Pct.p(t[q], 99)), Pct.fmt(Pct.p(t[q], 100))));
        }
        md.append("\nPaths: ");
        for (int q = 0; q < 3; q++) {
            md.append('`').append(paths[q]).append('`').append(q < 2 ? ", " : ".\n\n");
        }
        double worstP99 = 0;
        double worstP50 = 0;
        for (int q = 0; q < 3; q++) {
            worstP99 = Math.max(worstP99, Pct.p(t[q], 99));
            worstP50 = Math.max(worstP50, Pct.p(t[q], 50));
            summary.add(new String[] {"metrics query at " + String.format("%,d", totalEvents) + " events: " + names[q],
                    String.format("p50 %s ms, p99 %s ms (%d buckets)", Pct.fmt(Pct.p(t[q], 50)),
                            Pct.fmt(Pct.p(t[q], 99)), items[q])});
        }
        summary.add(new String[] {"HTTP floor (GET /api/v1/info)", String.format("p50 %s ms, p99 %s ms",
                Pct.fmt(Pct.p(t[3], 50)), Pct.fmt(Pct.p(t[3], 99)))});
        summary.add(new String[] {"query data set", String.format("%,d events, %,d MB; bulk over HTTP %s events/s "
                + "(%,d events)%s", totalEvents, dbBytes >> 20, Pct.k(bulk.events / bulk.seconds), bulk.events,
                topUp == null ? "" : String.format(", %,d more in process at %s events/s", topUp.events,
                        Pct.k(topUp.events / topUp.seconds)))});
        targets.add(String.format("Metric queries under 10 ms at 10 million events: **%s** (%,d events stored; slowest "
                + "query p50 %s ms, p99 %s ms)", worstP99 < 10 ? "met (p99)" : worstP50 < 10 ? "met at the median, "
                + "not at p99" : "not met", totalEvents, Pct.fmt(worstP50), Pct.fmt(worstP99)));
    }

    /** The same three queries through QueryMetrics on the JDBC store, in process (no HTTP, no JSON, no quantiles). */
    private void inProcessQueries(Path dbFile) throws Exception {
        try (HikariDataSource ds = SqliteDatabases.open(dbFile, "FULL", 8)) {
            QueryMetrics query = new QueryMetrics(new JdbcMetricStore(new Database(ds), new DDSketchQuantiles(0.01)));
            MetricsQuery[] qs = new MetricsQuery[querySpecs.size()];
            for (int q = 0; q < qs.length; q++) {
                String[] spec = querySpecs.get(q);
                BucketSize size = BucketSize.parse(spec[1]);
                Instant end = spec[2] == null ? Instant.now().plus(Duration.ofDays(1)) : Instant.ofEpochMilli(Long.parseLong(spec[2]));
                Instant start = end.minus(size == BucketSize.HOUR ? Duration.ofDays(7) : Duration.ofDays(365));
                qs[q] = new MetricsQuery(WorkspaceId.DEFAULT, Scope.parse(spec[0]), new MetricName("accuracy"), size,
                        start, end);
            }
            int warm = 200;
            int n = 500;
            long[][] t = new long[qs.length][n];
            int sink = 0;
            for (int i = 0; i < warm + n; i++) {
                for (int q = 0; q < qs.length; q++) {
                    long s0 = System.nanoTime();
                    sink += query.query(qs[q]).size();
                    long d = System.nanoTime() - s0;
                    if (i >= warm) {
                        t[q][i - warm] = d;
                    }
                }
            }
            queryNote.append("In process on the same file after the server stopped (`QueryMetrics.query` on the JDBC store, "
                    + "pool of 8, 200 warm-up then 500 timed rounds; buckets read, their sketches left encoded (decoded "
                    + "on first use), no HTTP, JSON or quantiles): ");
            String[] names = {"prompt/hour", "prompt/day", "run/hour"};
            for (int q = 0; q < qs.length; q++) {
                queryNote.append(String.format("%s p50 %s ms, p99 %s ms%s", names[q], Pct.fmt(Pct.p(t[q], 50)),
                        Pct.fmt(Pct.p(t[q], 99)), q < qs.length - 1 ? "; " : ".\n\n"));
            }
            Server.log(queryNote.toString().trim() + " (" + sink + ")");
        }
    }

    // ------------------------------------------------------------------ retention

    /** As {@code RetentionJob.PAGES_PER_STEP} in the server. */
    private static final int PAGES_PER_STEP = 1024;

    record Retention(String dropped, long buckets, double seconds, double checkpointSeconds, long bytesBefore,
            long walBefore, long bytesAfter, long freePagesBefore, long pageSize, double dropSeconds,
            double bucketSeconds, double reclaimSeconds, long reclaimSteps, double longestStepSeconds,
            long pagesReclaimed) {
        double total() {
            return seconds + reclaimSeconds;
        }
    }

    /**
     * A proxy of {@code port} that adds the time of calls to {@code method} to {@code nanos[0]}, keeps the longest in
     * {@code nanos[1]} and counts them in {@code nanos[2]}.
     */
    @SuppressWarnings("unchecked")
    private static <T> T timed(Class<T> port, T target, String method, long[] nanos) {
        return (T) Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (proxy, m, args) -> {
            long t0 = System.nanoTime();
            try {
                return m.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            } finally {
                if (m.getName().equals(method)) {
                    long took = System.nanoTime() - t0;
                    nanos[0] += took;
                    nanos[1] = Math.max(nanos[1], took);
                    nanos[2]++;
                }
            }
        });
    }

    static Retention retention(Path dbFile, YearMonth month) throws Exception {
        Server.log("retention of " + month + " on " + dbFile);
        try (HikariDataSource ds = SqliteDatabases.open(dbFile, "FULL", 4)) {
            checkpoint(ds);
            long before = Files.size(dbFile);
            long pageSize = pragma(ds, "page_size");
            long free = pragma(ds, "freelist_count");
            Database db = new Database(ds);
            Instant now = month.plusMonths(18).atDay(1).atTime(12, 0).toInstant(ZoneOffset.UTC);
            long[] drop = new long[3];
            long[] buckets = new long[3];
            long[] steps = new long[3];
            EventStore events = timed(EventStore.class, new JdbcEventStore(db), "reclaimSpace", steps);
            ApplyRetention retention = new ApplyRetention(
                    timed(EventStore.class, events, "dropBefore", drop),
                    timed(MetricStore.class, new JdbcMetricStore(db, new DDSketchQuantiles(0.01)), "deleteBefore", buckets),
                    EventRules.DEFAULT, db, Clock.fixed(now, ZoneOffset.UTC));
            long t0 = System.nanoTime();
            ApplyRetention.Report r = retention.apply();
            double secs = (System.nanoTime() - t0) / 1e9;
            long r0 = System.nanoTime();
            long pages = retention.reclaimSpace(PAGES_PER_STEP);
            double reclaim = (System.nanoTime() - r0) / 1e9;
            Path wal = Path.of(dbFile + "-wal");
            long walBytes = Files.exists(wal) ? Files.size(wal) : 0;
            long c0 = System.nanoTime();
            checkpoint(ds);
            double cp = (System.nanoTime() - c0) / 1e9;
            long afterBytes = Files.size(dbFile);
            Server.log(String.format("retention: dropped %s and %,d buckets in %.2f s, %,d pages reclaimed in %.2f s "
                    + "(%d steps, longest %.0f ms; checkpoint %.2f s); file %,d -> %,d MB", r.droppedMonths(),
                    r.droppedBuckets(), secs, pages, reclaim, steps[2], steps[1] / 1e6, cp, before >> 20,
                    afterBytes >> 20));
            if (!r.droppedMonths().equals(List.of(month))) {
                throw new IllegalStateException("expected to drop " + month + ", dropped " + r.droppedMonths());
            }
            return new Retention(r.droppedMonths().toString(), r.droppedBuckets(), secs, cp, before, walBytes,
                    afterBytes, free, pageSize, drop[0] / 1e9, buckets[0] / 1e9, reclaim, steps[2], steps[1] / 1e9,
                    pages);
        }
    }

    private static void checkpoint(HikariDataSource ds) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
    }

    private static long pragma(HikariDataSource ds, String name) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    private void reportRetention(Retention big, Retention isolated, long monthEvents, long totalEvents) {
        md.append("### 3. Retention of a month of ").append(String.format("%,d", monthEvents)).append(" events\n\n");
        md.append("The month 17 months back (runs of 5,000 events spread over the month) was loaded over HTTP into "
                + "the query database before its ~10M newer events (as the oldest month of a real file would be), and "
                + "in process (same use case) into a copy of a server-made file holding nothing else; then, server "
                + "stopped, in process: `new ApplyRetention(new JdbcEventStore(db), new JdbcMetricStore(db, "
                + "new DDSketchQuantiles(0.01)), EventRules.DEFAULT, db, Clock.fixed(<1st of the month 18 months "
                + "later>))` with `db = new Database(SqliteDatabases.open(file, \"FULL\", 4))`; time of `apply()` "
                + "(one transaction: `JdbcEventStore.dropBefore`, DROP TABLE; `JdbcMetricStore.deleteBefore`, the "
                + "month's buckets; committed with synchronous=FULL; split measured by timing proxies of the two "
                + "ports), then of `reclaimSpace(" + PAGES_PER_STEP + ")` as the server's retention job runs it in the "
                + "background (incremental_vacuum in steps of " + PAGES_PER_STEP + " pages, each its own transaction; "
                + "the longest step is the longest an ingest batch could wait behind it); sizes after "
                + "`PRAGMA wal_checkpoint(TRUNCATE)` (its time shown apart: with WAL the vacuumed pages are written "
                + "to the main file then).\n\n");
        md.append("| database | dropped | buckets deleted | apply() (s) | of which dropBefore (s) | of which "
                + "deleteBefore (s) | reclaim (s) | steps | longest step (ms) | WAL after (MB) | checkpoint (s) | "
                + "file before (MB) | file after (MB) |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        List<Object[]> rows = new ArrayList<>();
        if (isolated != null) {
            rows.add(new Object[] {"copy of a server-made file holding only that month", isolated});
        }
        rows.add(new Object[] {String.format("the query database (%,d events; the old month was written before the "
                + "~10M newer events)", totalEvents), big});
        for (Object[] row : rows) {
            Retention r = (Retention) row[1];
            md.append(String.format(
                    "| %s | %s | %,d | %.3f | %.3f | %.3f | %.2f | %d | %.0f | %,d | %.2f | %,d | %,d |%n", row[0],
                    r.dropped(), r.buckets(), r.seconds(), r.dropSeconds(), r.bucketSeconds(),
                    r.reclaimSeconds(), r.reclaimSteps(), r.longestStepSeconds() * 1e3, r.walBefore() >> 20,
                    r.checkpointSeconds(), r.bytesBefore() >> 20, r.bytesAfter() >> 20));
        }
        md.append('\n');
        Retention main = isolated != null ? isolated : big;
        summary.add(new String[] {"retention of a " + String.format("%,d", monthEvents) + "-event month",
                (isolated != null ? String.format("fresh file: %s, %,d -> %,d MB; ", retentionFigures(isolated),
                        isolated.bytesBefore() >> 20, isolated.bytesAfter() >> 20) : "")
                        + String.format("in the %,d-event file: %s, %,d -> %,d MB", totalEvents, retentionFigures(big),
                        big.bytesBefore() >> 20, big.bytesAfter() >> 20)});
        targets.add(String.format("Retention of a month of 1M events under 2 s (drop, bucket delete and giving the "
                + "space back): **%s** (%s%.2f s in the %,d-event file%s)",
                Math.max(main.total(), big.total()) < 2 ? "met" : main.total() < 2 ? "met on a fresh file, "
                        + "not in the large file" : "not met",
                isolated != null ? String.format("%.2f s on a fresh file, ", isolated.total()) : "", big.total(),
                totalEvents, monthEvents == 1_000_000 ? "" : String.format("; month of %,d events, not 1M", monthEvents)));
    }

    private static String retentionFigures(Retention r) {
        return String.format("drop %.3f s + reclaim %.2f s in %d steps (longest %.0f ms) (+%.2f s checkpoint)",
                r.seconds(), r.reclaimSeconds(), r.reclaimSteps(), r.longestStepSeconds() * 1e3, r.checkpointSeconds());
    }

    // ------------------------------------------------------------------ helpers

    private static int indexOf(byte[] a, byte b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return a.length;
    }

    private static long dirBytes(Path dir) throws Exception {
        try (var s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (java.io.IOException e) {
                    return 0;
                }
            }).sum();
        }
    }
}
