package dev.promptforge.infra.evaluation.jdbc;

import dev.promptforge.domain.evaluation.EvaluationEvent;
import dev.promptforge.domain.evaluation.MetricName;
import dev.promptforge.domain.evaluation.RunId;
import dev.promptforge.domain.evaluation.StoredEvent;
import dev.promptforge.domain.evaluation.port.EventStore;
import dev.promptforge.domain.shared.InvalidInput;
import dev.promptforge.domain.shared.Page;
import dev.promptforge.domain.shared.WorkspaceId;
import dev.promptforge.infra.shared.jdbc.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link EventStore} with one table per UTC calendar month ({@code events_YYYYMM}), created on first use with two
 * indexes: unique on (run, client id), for idempotent retries, and on (run), which SQLite keeps in row-id order
 * within a run, so a page of a run's events is a range of it rather than a sort of the whole run. A row names its run
 * by the run's integer key ({@code runs.run_key}), not its text id: an index entry is then a few bytes instead of
 * ~30. Nothing reads events by time (buckets hold the time series), and an index on time made the write several
 * times slower. Row ids grow with each insert, so inserts append. Dropping a month drops its table; incremental
 * auto-vacuum then returns the pages to the file system, in steps ({@link #reclaimSpace}).
 */
public final class JdbcEventStore implements EventStore {
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyyMM");
    private static final String COLUMNS = "workspace_id, run_key, client_id, case_id, at, metrics, passed, latency_ms, "
            + "tokens_in, tokens_out, cost, model, input, output, metadata";
    private static final String CREATE = " (seq INTEGER PRIMARY KEY, workspace_id TEXT NOT NULL, run_key INTEGER NOT NULL, "
            + "client_id TEXT NOT NULL, case_id TEXT NOT NULL, at INTEGER NOT NULL, metrics TEXT NOT NULL, passed INTEGER, "
            + "latency_ms REAL, tokens_in INTEGER, tokens_out INTEGER, cost REAL, model TEXT, input TEXT, output TEXT, "
            + "metadata TEXT)";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JdbcEventStore.class);
    private final Database db;
    /** Months whose partition this process has created or checked (see {@link #ensurePartition}). */
    private final Set<YearMonth> ensured = ConcurrentHashMap.newKeySet();

    public JdbcEventStore(Database db) {
        this.db = db;
    }

    static String table(YearMonth month) {
        return "events_" + month.format(MONTH);
    }

    static YearMonth month(Instant at) {
        return YearMonth.from(at.atZone(ZoneOffset.UTC));
    }

    /**
     * Creates the month's table and unique index if missing, and registers the month; once per month in this
     * process (after its transaction commits), not once per batch. Up to 2026-11 each partition also had an index on
     * {@code at}, which no query reads: it is dropped here. It cost more than the rest of the write: events of
     * concurrent CI jobs do not arrive in time order, so each batch's entries landed on hundreds of leaf pages, each
     * one written to the WAL whole (bench/RESULTS-evaluation.md, "Index on time").
     */
    private void ensurePartition(Connection conn, YearMonth month) throws SQLException {
        if (ensured.contains(month)) {
            return;
        }
        String t = table(month);
        upgrade(conn, month, () -> LOG.info("converting the events of {} to the run-key shape ...", month));
        try (Statement s = conn.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + t + CREATE);
            indexes(s, t);
            s.execute("DROP INDEX IF EXISTS " + t + "_at");
        }
        try (PreparedStatement ps = conn.prepareStatement(
                "INSERT OR IGNORE INTO event_partitions (month, created_at) VALUES (?, ?)")) {
            ps.setString(1, month.format(MONTH));
            ps.setLong(2, System.currentTimeMillis());
            ps.executeUpdate();
        }
        db.afterCommit(() -> ensured.add(month));
    }

    private static void indexes(Statement s, String t) throws SQLException {
        s.execute("CREATE UNIQUE INDEX IF NOT EXISTS " + t + "_client ON " + t + " (run_key, client_id)");
        s.execute("CREATE INDEX IF NOT EXISTS " + t + "_run ON " + t + " (run_key)");
    }

    /**
     * Converts every partition still of the shape before 2026-11-22 (the run's text id in each row and index entry)
     * to the current one; each in its own transaction, so a crash leaves every partition whole in one shape or the
     * other, and the next start goes on. Run at start, before the server takes requests; {@code progress} hears a line
     * per partition converted (a month of a busy install takes seconds to minutes). Returns the partitions converted.
     */
    public int upgradePartitions(java.util.function.Consumer<String> progress) {
        int converted = 0;
        for (YearMonth m : partitions()) {
            long t0 = System.nanoTime();
            Long rows;
            try {
                rows = db.write(conn -> upgrade(conn, m,
                        () -> progress.accept("converting the events of " + m + " to the run-key shape ...")));
            } catch (RuntimeException e) {
                throw new IllegalStateException("converting the events of " + m + " to the run-key shape failed ("
                        + e.getMessage() + "). Nothing in that month was changed (a month converts in one "
                        + "transaction); the months before it are converted. If the disk is full, free about the "
                        + "month's size again and start the server again; it goes on where it stopped.", e);
            }
            if (rows != null) {
                converted++;
                progress.accept(String.format("the events of %s: %,d converted in %.1f s", m, rows,
                        (System.nanoTime() - t0) / 1e9));
            }
        }
        return converted;
    }

    /**
     * Converts the month's partition if it has the older shape, after running {@code starting}; returns its row count
     * then, else null.
     */
    private static Long upgrade(Connection conn, YearMonth month, Runnable starting) throws SQLException {
        if (!isOld(conn, month)) {
            return null;
        }
        starting.run();
        String t = table(month);
        String columns = COLUMNS.replace("run_key, ", "");
        try (Statement s = conn.createStatement()) {
            long before = count(s, t);
            s.execute("DROP TABLE IF EXISTS " + t + "_new");
            s.execute("CREATE TABLE " + t + "_new" + CREATE);
            // every event's run is in runs (runs are never deleted); counted below all the same, since a row left
            // out here would be lost
            s.execute("INSERT INTO " + t + "_new (seq, run_key, " + columns + ") SELECT e.seq, r.run_key, "
                    + java.util.Arrays.stream(columns.split(", ")).map(c -> "e." + c)
                            .collect(java.util.stream.Collectors.joining(", "))
                    + " FROM " + t + " e JOIN runs r ON r.id = e.run_id ORDER BY e.seq");
            long after = count(s, t + "_new");
            if (after != before) {
                throw new SQLException(t + ": " + before + " events, but only " + after + " have a run in runs; "
                        + "nothing was changed");
            }
            s.execute("DROP TABLE " + t);
            s.execute("ALTER TABLE " + t + "_new RENAME TO " + t);
            indexes(s, t);
            return after;
        }
    }

    /** Whether the month's partition exists in the shape before run keys (a text run id per row). */
    private static boolean isOld(Connection conn, YearMonth month) throws SQLException {
        try (Statement s = conn.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA table_info(" + table(month) + ")")) {
            while (rs.next()) {
                if ("run_id".equals(rs.getString("name"))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static long count(Statement s, String table) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * The run's integer key, or null if there is no such run: a primary-key lookup per batch or page, not cached (a
     * cache would grow with every run ever posted to, for no measurable gain next to a batch's transaction).
     */
    private static Long runKey(Connection conn, RunId run) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT run_key FROM runs WHERE id = ?")) {
            ps.setString(1, run.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    @Override
    public List<EvaluationEvent> append(WorkspaceId ws, RunId run, List<EvaluationEvent> events) {
        return db.write(conn -> {
            Map<YearMonth, List<Integer>> byMonth = new TreeMap<>();
            // a batch is almost always within one month: the month's bounds in epoch ms spare a time-zone
            // conversion per event inside the write transaction
            List<Integer> current = null;
            long from = 0;
            long to = 0;
            for (int i = 0; i < events.size(); i++) {
                long at = events.get(i).at().toEpochMilli();
                if (current == null || at < from || at >= to) {
                    YearMonth m = month(events.get(i).at());
                    from = m.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
                    to = m.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
                    current = byMonth.computeIfAbsent(m, k -> new ArrayList<>());
                }
                current.add(i);
            }
            Set<YearMonth> runMonths = runMonths(conn, run);
            Long key = runKey(conn, run);
            if (key == null) {
                throw new IllegalStateException("no run " + run + " to store events in");
            }
            boolean[] accepted = new boolean[events.size()];
            for (Map.Entry<YearMonth, List<Integer>> entry : byMonth.entrySet()) {
                YearMonth month = entry.getKey();
                ensurePartition(conn, month);
                Set<String> elsewhere = new HashSet<>();
                for (YearMonth other : runMonths) {
                    if (!other.equals(month)) {
                        elsewhere.addAll(existing(conn, other, key, entry.getValue().stream()
                                .map(i -> events.get(i).clientId()).toList()));
                    }
                }
                insert(conn, ws, key, month, events, entry.getValue(), elsewhere, accepted);
                if (!runMonths.contains(month)) {
                    try (PreparedStatement ps = conn.prepareStatement(
                            "INSERT OR IGNORE INTO run_months (run_id, month) VALUES (?, ?)")) {
                        ps.setString(1, run.value());
                        ps.setString(2, month.format(MONTH));
                        ps.executeUpdate();
                    }
                }
            }
            List<EvaluationEvent> out = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                if (accepted[i]) {
                    out.add(events.get(i));
                }
            }
            return out;
        });
    }

    private static void insert(Connection conn, WorkspaceId ws, long runKey, YearMonth month,
            List<EvaluationEvent> events, List<Integer> indexes, Set<String> elsewhere, boolean[] accepted)
            throws SQLException {
        List<Integer> sent = new ArrayList<>(indexes.size());
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO " + table(month) + " (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_key, client_id) DO NOTHING")) {
            for (int index : indexes) {
                EvaluationEvent e = events.get(index);
                if (elsewhere.contains(e.clientId())) {
                    continue;
                }
                Map<String, Double> metrics = new HashMap<>();
                e.metrics().forEach((k, v) -> metrics.put(k.value(), v));
                int i = 1;
                ps.setString(i++, ws.value());
                ps.setLong(i++, runKey);
                ps.setString(i++, e.clientId());
                ps.setString(i++, e.caseId());
                ps.setLong(i++, e.at().toEpochMilli());
                ps.setString(i++, FlatJson.write(metrics));
                if (e.passed() == null) {
                    ps.setNull(i++, Types.INTEGER);
                } else {
                    ps.setInt(i++, e.passed() ? 1 : 0);
                }
                setDouble(ps, i++, e.latencyMs());
                setLong(ps, i++, e.tokensIn());
                setLong(ps, i++, e.tokensOut());
                setDouble(ps, i++, e.cost());
                ps.setString(i++, e.model());
                ps.setString(i++, e.input());
                ps.setString(i++, e.output());
                ps.setString(i, e.metadata());
                ps.addBatch();
                sent.add(index);
            }
            if (sent.isEmpty()) {
                return;
            }
            int[] counts = ps.executeBatch();
            for (int k = 0; k < counts.length; k++) {
                accepted[sent.get(k)] = counts[k] > 0;
            }
        }
    }

    @Override
    public Map<String, EvaluationEvent> find(WorkspaceId ws, RunId run, Collection<String> clientIds) {
        Map<String, EvaluationEvent> found = new HashMap<>();
        db.read(conn -> byIds(conn, run, clientIds, "SELECT seq, " + COLUMNS, (ps, key, chunk) -> {
            ps.setLong(1, key);
            ps.setString(2, ws.value());
            bind(ps, 3, chunk);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    EvaluationEvent e = event(rs, run).event();
                    found.put(e.clientId(), e);
                }
            }
        }));
        return found;
    }

    @Override
    public void discard(WorkspaceId ws, RunId run, Collection<String> clientIds) {
        db.write(conn -> byIds(conn, run, clientIds, "DELETE", (ps, key, chunk) -> {
            ps.setLong(1, key);
            ps.setString(2, ws.value());
            bind(ps, 3, chunk);
            ps.executeUpdate();
        }));
    }

    /** Runs {@code verb} "FROM partition WHERE run_key = ? AND workspace_id = ? AND client_id IN (...)". */
    private interface ByIds {
        void run(PreparedStatement ps, long runKey, List<String> chunk) throws SQLException;
    }

    /** {@code work} on each chunk of {@code clientIds} in each of the run's partitions. */
    private static Void byIds(Connection conn, RunId run, Collection<String> clientIds, String verb, ByIds work)
            throws SQLException {
        Long key = runKey(conn, run);
        if (key == null) {
            return null;
        }
        List<String> ids = List.copyOf(clientIds);
        for (YearMonth month : runMonths(conn, run)) {
            if (!partitionExists(conn, month)) {
                continue;
            }
            forChunks(ids, chunk -> {
                try (PreparedStatement ps = conn.prepareStatement(verb + " FROM " + table(month)
                        + " WHERE run_key = ? AND workspace_id = ? AND client_id IN (" + marks(chunk.size()) + ")")) {
                    work.run(ps, key, chunk);
                }
            });
        }
        return null;
    }

    /** SQLite binds at most 32,766 parameters; ids go in chunks of 500. */
    private interface Chunk {
        void run(List<String> chunk) throws SQLException;
    }

    private static void forChunks(List<String> ids, Chunk work) throws SQLException {
        for (int from = 0; from < ids.size(); from += 500) {
            work.run(ids.subList(from, Math.min(ids.size(), from + 500)));
        }
    }

    private static String marks(int n) {
        return String.join(",", java.util.Collections.nCopies(n, "?"));
    }

    private static void bind(PreparedStatement ps, int first, List<String> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            ps.setString(first + i, values.get(i));
        }
    }

    private static Set<YearMonth> runMonths(Connection conn, RunId run) throws SQLException {
        Set<YearMonth> months = new HashSet<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT month FROM run_months WHERE run_id = ?")) {
            ps.setString(1, run.value());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    months.add(YearMonth.parse(rs.getString(1), MONTH));
                }
            }
        }
        return months;
    }

    private static Set<String> existing(Connection conn, YearMonth month, long runKey, List<String> ids)
            throws SQLException {
        Set<String> found = new HashSet<>();
        if (!partitionExists(conn, month)) {
            return found;
        }
        forChunks(ids, chunk -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT client_id FROM " + table(month)
                    + " WHERE run_key = ? AND client_id IN (" + marks(chunk.size()) + ")")) {
                ps.setLong(1, runKey);
                bind(ps, 2, chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getString(1));
                    }
                }
            }
        });
        return found;
    }

    private static boolean partitionExists(Connection conn, YearMonth month) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT 1 FROM event_partitions WHERE month = ?")) {
            ps.setString(1, month.format(MONTH));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public Page<StoredEvent> list(WorkspaceId ws, RunId run, String cursor, int limit) {
        YearMonth fromMonth = null;
        long afterSeq = 0;
        if (cursor != null) {
            String[] p = cursor.split(":");
            try {
                fromMonth = YearMonth.parse(p[0], MONTH);
                afterSeq = Long.parseLong(p[1]);
            } catch (RuntimeException e) {
                throw InvalidInput.field("evaluation.invalid-cursor", "cursor", "cursor must be a nextCursor value");
            }
        }
        YearMonth start = fromMonth;
        long after = afterSeq;
        return db.read(conn -> {
            List<StoredEvent> out = new ArrayList<>();
            Long key = runKey(conn, run);
            for (YearMonth m : key == null ? List.<YearMonth>of() : new java.util.TreeSet<>(runMonths(conn, run))) {
                if (start != null && m.isBefore(start)) {
                    continue;
                }
                if (!partitionExists(conn, m)) {
                    continue;
                }
                try (PreparedStatement ps = conn.prepareStatement(pageQuery(m))) {
                    ps.setLong(1, key);
                    ps.setString(2, ws.value());
                    ps.setLong(3, m.equals(start) ? after : 0);
                    ps.setInt(4, limit + 1 - out.size());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(event(rs, run));
                        }
                    }
                }
                if (out.size() > limit) {
                    break;
                }
            }
            boolean more = out.size() > limit;
            List<StoredEvent> shown = more ? out.subList(0, limit) : out;
            String next = null;
            if (more) {
                StoredEvent last = shown.get(shown.size() - 1);
                next = month(last.event().at()).format(MONTH) + ":" + last.seq();
            }
            return new Page<>(shown, next);
        });
    }

    /**
     * A page of a run's events in a month (run key, workspace, after seq, limit): a range of the (run) index, whose
     * entries are in row-id order within a run, so no sort (tested on its query plan).
     */
    static String pageQuery(YearMonth month) {
        return "SELECT seq, " + COLUMNS + " FROM " + table(month)
                + " WHERE run_key = ? AND workspace_id = ? AND seq > ? ORDER BY seq LIMIT ?";
    }

    private static StoredEvent event(ResultSet rs, RunId run) throws SQLException {
        Map<MetricName, Double> metrics = new HashMap<>();
        FlatJson.read(rs.getString("metrics")).forEach((k, v) -> metrics.put(new MetricName(k), v));
        int passed = rs.getInt("passed");
        Boolean passedValue = rs.wasNull() ? null : passed == 1;
        return new StoredEvent(run, rs.getLong("seq"), new EvaluationEvent(rs.getString("client_id"),
                rs.getString("case_id"), metrics, passedValue, getDouble(rs, "latency_ms"), getLong(rs, "tokens_in"),
                getLong(rs, "tokens_out"), getDouble(rs, "cost"), rs.getString("model"),
                Instant.ofEpochMilli(rs.getLong("at")), rs.getString("input"), rs.getString("output"),
                rs.getString("metadata")));
    }

    @Override
    public List<YearMonth> partitions() {
        return db.read(conn -> {
            List<YearMonth> months = new ArrayList<>();
            try (PreparedStatement ps = conn.prepareStatement("SELECT month FROM event_partitions ORDER BY month");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    months.add(YearMonth.parse(rs.getString(1), MONTH));
                }
            }
            return months;
        });
    }

    @Override
    public List<YearMonth> dropBefore(YearMonth firstKept) {
        List<YearMonth> dropped = new ArrayList<>();
        for (YearMonth m : partitions()) {
            if (!m.isBefore(firstKept)) {
                break;
            }
            db.write(conn -> {
                try (Statement s = conn.createStatement()) {
                    s.execute("DROP TABLE IF EXISTS " + table(m));
                }
                db.afterCommit(() -> ensured.remove(m));
                try (PreparedStatement ps = conn.prepareStatement("DELETE FROM event_partitions WHERE month = ?")) {
                    ps.setString(1, m.format(MONTH));
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = conn.prepareStatement("DELETE FROM run_months WHERE month = ?")) {
                    ps.setString(1, m.format(MONTH));
                    ps.executeUpdate();
                }
                return null;
            });
            dropped.add(m);
        }
        return dropped;
    }

    @Override
    public long reclaimSpace(int maxPages) {
        return db.write(conn -> {
            // sqlite-jdbc steps a pragma once per execute, and incremental_vacuum frees one page per step:
            // re-execute one prepared statement once per page (measured: 35k pages of a 1M-event month in about 1 s
            // in one transaction; one transaction per page took 22 s, so steps are of many pages)
            try (Statement s = conn.createStatement();
                    PreparedStatement vacuum = conn.prepareStatement("PRAGMA incremental_vacuum")) {
                long steps = Math.min(freePages(s), maxPages);
                for (long i = 0; i < steps; i++) {
                    vacuum.execute();
                }
                return freePages(s);
            }
        });
    }

    private static long freePages(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("PRAGMA freelist_count")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static void setDouble(PreparedStatement ps, int i, Double v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.REAL);
        } else {
            ps.setDouble(i, v);
        }
    }

    private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setLong(i, v);
        }
    }

    private static Double getDouble(ResultSet rs, String col) throws SQLException {
        double v = rs.getDouble(col);
        return rs.wasNull() ? null : v;
    }

    private static Long getLong(ResultSet rs, String col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }
}
