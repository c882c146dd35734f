package dev.promptforge.infra.evaluation.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptforge.domain.evaluation.ApplyRetention;
import dev.promptforge.domain.evaluation.Baseline;
import dev.promptforge.domain.evaluation.CiInfo;
import dev.promptforge.domain.evaluation.Run;
import dev.promptforge.domain.evaluation.RunStatus;
import dev.promptforge.domain.versioning.CommitId;
import dev.promptforge.domain.versioning.PromptName;
import dev.promptforge.infra.versioning.jdbc.JdbcPromptCatalog;
import dev.promptforge.domain.evaluation.EvaluationEvent;
import dev.promptforge.domain.evaluation.EventRules;
import dev.promptforge.domain.evaluation.MetricName;
import dev.promptforge.domain.evaluation.RunId;
import dev.promptforge.domain.evaluation.StoredEvent;
import dev.promptforge.domain.shared.Page;
import dev.promptforge.domain.shared.WorkspaceId;
import dev.promptforge.infra.evaluation.ddsketch.DDSketchQuantiles;
import dev.promptforge.infra.shared.jdbc.SqliteTestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcEventStoreTest {
    private static final WorkspaceId WS = WorkspaceId.DEFAULT;

    @TempDir
    Path dir;

    SqliteTestDatabase database;
    JdbcEventStore store;

    @BeforeEach
    void open() {
        database = SqliteTestDatabase.migratedIn(dir);
        store = new JdbcEventStore(database.db);
    }

    @AfterEach
    void close() throws Exception {
        database.close();
    }

    static EvaluationEvent event(String id, String at) {
        return new EvaluationEvent(id, "case-" + id, Map.of(new MetricName("accuracy"), 0.5), true, 12.0, 10L, 20L,
                0.001, "m", Instant.parse(at), "in", "out", "{\"k\":1}");
    }

    private long rows(YearMonth month, RunId run) {
        Object n = database.queryOne("SELECT count(*) FROM " + JdbcEventStore.table(month)
                + " WHERE run_key = (SELECT run_key FROM runs WHERE id = ?)", run.value());
        return ((Number) n).longValue();
    }

    private int runs;

    /** A run in the runs table (events name their run by its key). */
    private RunId newRun() {
        PromptName prompt = new PromptName("events/store");
        if (runs++ == 0) {
            new JdbcPromptCatalog(database.db).create(WS, prompt, Instant.now());
        }
        RunId id = RunId.next(Instant.now());
        new JdbcRunStore(database.db).create(WS, new Run(id, prompt, "main", new CommitId("ab".repeat(32)), "golden",
                CiInfo.NONE, Baseline.NONE, RunStatus.OPEN, Instant.now(), null, 0, null, null));
        return id;
    }

    @Test
    void routesEventsToTheirUtcMonthAcrossAMonthBoundaryAndALeapDay() {
        RunId run = newRun();
        List<EvaluationEvent> accepted = store.append(WS, run, List.of(
                event("jan-last", "2024-01-31T23:59:59.999Z"),
                event("leap-day-start", "2024-02-29T00:00:00Z"),
                event("leap-day-end", "2024-02-29T23:59:59.999Z"),
                event("march-first", "2024-03-01T00:00:00Z")));
        assertThat(accepted).hasSize(4);
        assertThat(store.partitions()).containsExactly(YearMonth.of(2024, 1), YearMonth.of(2024, 2), YearMonth.of(2024, 3));
        assertThat(rows(YearMonth.of(2024, 1), run)).isEqualTo(1);
        assertThat(rows(YearMonth.of(2024, 2), run)).isEqualTo(2);
        assertThat(rows(YearMonth.of(2024, 3), run)).isEqualTo(1);
        assertThat(indexNames("events_202402")).containsExactly("events_202402_client", "events_202402_run");
    }

    private List<String> indexNames(String table) {
        Object names = database.queryOne("SELECT coalesce(group_concat(name, ','), '') FROM (SELECT name FROM "
                + "sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name)", table);
        return ((String) names).isEmpty() ? List.of() : List.of(((String) names).split(","));
    }

    /** A partition as versions before 2026-11-22 created it: the run's text id per row, and an index on time. */
    private void oldPartition(String table, String month) {
        database.update("CREATE TABLE " + table + " (seq INTEGER PRIMARY KEY, workspace_id TEXT NOT NULL, "
                + "run_id TEXT NOT NULL, client_id TEXT NOT NULL, case_id TEXT NOT NULL, at INTEGER NOT NULL, "
                + "metrics TEXT NOT NULL, passed INTEGER, latency_ms REAL, tokens_in INTEGER, tokens_out INTEGER, "
                + "cost REAL, model TEXT, input TEXT, output TEXT, metadata TEXT)");
        database.update("CREATE UNIQUE INDEX " + table + "_client ON " + table + " (run_id, client_id)");
        database.update("CREATE INDEX " + table + "_at ON " + table + " (at)");
        database.update("INSERT INTO event_partitions (month, created_at) VALUES (?, 0)", month);
    }

    private void oldRow(String table, String month, RunId run, String clientId, long seq) {
        database.update("INSERT INTO " + table + " (seq, workspace_id, run_id, client_id, case_id, at, metrics, passed, "
                + "latency_ms, input) VALUES (?, ?, ?, ?, ?, ?, '{\"accuracy\":0.5}', 1, 12.0, 'in')", seq, WS.value(),
                run.value(), clientId, "case-" + clientId, Instant.parse("2025-04-02T00:00:00Z").toEpochMilli());
        database.update("INSERT OR IGNORE INTO run_months (run_id, month) VALUES (?, ?)", run.value(), month);
    }

    private List<String> columns(String table) {
        Object names = database.queryOne("SELECT group_concat(name, ',') FROM pragma_table_info(?)", table);
        return List.of(((String) names).split(","));
    }

    @Test
    void aPartitionFromAnOlderVersionIsConvertedToRunKeysWithItsRowsOrderAndDuplicateCheck() {
        RunId run = newRun();
        RunId other = newRun();
        oldPartition("events_202504", "202504");
        oldRow("events_202504", "202504", run, "old-1", 5);
        oldRow("events_202504", "202504", other, "old-1", 6);
        oldRow("events_202504", "202504", run, "old-2", 9);

        JdbcEventStore restarted = new JdbcEventStore(database.db);
        List<String> progress = new ArrayList<>();
        assertThat(restarted.upgradePartitions(progress::add)).isEqualTo(1);

        assertThat(progress).hasSize(2);
        assertThat(progress.get(1)).contains("2025-04", "3 converted");
        assertThat(columns("events_202504")).contains("run_key").doesNotContain("run_id");
        assertThat(indexNames("events_202504")).containsExactly("events_202504_client", "events_202504_run");
        assertThat(restarted.list(WS, run, null, 10).items()).extracting(StoredEvent::seq).containsExactly(5L, 9L);
        assertThat(restarted.list(WS, other, null, 10).items()).extracting(e -> e.event().clientId())
                .containsExactly("old-1");
        List<EvaluationEvent> accepted = restarted.append(WS, run, List.of(event("old-1", "2025-04-02T00:00:00Z"),
                event("new-1", "2025-04-03T00:00:00Z")));
        assertThat(accepted).extracting(EvaluationEvent::clientId).containsExactly("new-1");
        assertThat(rows(YearMonth.of(2025, 4), run)).isEqualTo(3);
        assertThat(restarted.upgradePartitions(progress::add)).as("nothing left to convert").isZero();
    }

    @Test
    void aPartitionWithAnEventOfNoKnownRunIsLeftAsItWasRatherThanLosingTheEvent() {
        RunId run = newRun();
        oldPartition("events_202504", "202504");
        oldRow("events_202504", "202504", run, "kept", 1);
        oldRow("events_202504", "202504", RunId.next(Instant.now()), "orphan", 2);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new JdbcEventStore(database.db)
                .upgradePartitions(line -> { })).hasMessageContaining("converting the events of 2025-04")
                .hasMessageContaining("2 events, but only 1 have a run")
                .hasMessageContaining("Nothing in that month was changed");

        assertThat(columns("events_202504")).contains("run_id");
        assertThat(database.queryOne("SELECT count(*) FROM events_202504")).isEqualTo(2);
        assertThat(database.queryOne("SELECT count(*) FROM sqlite_master WHERE name = 'events_202504_new'"))
                .isEqualTo(0);
    }

    @Test
    void aPageOfARunsEventsIsARangeOfAnIndexNotASortOfTheRun() {
        RunId run = newRun();
        store.append(WS, run, List.of(event("a", "2025-04-02T00:00:00Z")));
        List<String> plan = new ArrayList<>();
        try (var c = database.dataSource.getConnection();
                var ps = c.prepareStatement("EXPLAIN QUERY PLAN " + JdbcEventStore.pageQuery(YearMonth.of(2025, 4)))) {
            ps.setLong(1, 1);
            ps.setString(2, WS.value());
            ps.setLong(3, 0);
            ps.setInt(4, 100);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    plan.add(rs.getString("detail"));
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        assertThat(plan).as(plan.toString()).anyMatch(d -> d.contains("USING INDEX events_202504_run (run_key=? AND rowid>?)"));
        assertThat(plan).as(plan.toString()).noneMatch(d -> d.contains("TEMP B-TREE"));
    }

    @Test
    void aMonthDroppedByRetentionIsCreatedAgainByTheNextEventInIt() {
        RunId run = newRun();
        store.append(WS, run, List.of(event("a", "2025-01-10T00:00:00Z"), event("b", "2025-05-10T00:00:00Z")));
        assertThat(store.dropBefore(YearMonth.of(2025, 2))).containsExactly(YearMonth.of(2025, 1));
        assertThat(database.queryOne("SELECT count(*) FROM sqlite_master WHERE name = 'events_202501'")).isEqualTo(0);

        // this store has written to January before: it must not take the dropped table for still there
        assertThat(store.append(WS, run, List.of(event("c", "2025-01-11T00:00:00Z")))).hasSize(1);
        assertThat(store.partitions()).containsExactly(YearMonth.of(2025, 1), YearMonth.of(2025, 5));
        assertThat(rows(YearMonth.of(2025, 1), run)).isEqualTo(1);
    }

    @Test
    void acceptsEachClientIdOnceEvenAcrossMonths() {
        RunId run = newRun();
        assertThat(store.append(WS, run, List.of(event("a", "2025-05-31T23:00:00Z"), event("b", "2025-06-01T01:00:00Z"))))
                .hasSize(2);
        // a retry whose server-side time moved to the next month must still be a duplicate
        List<EvaluationEvent> again = store.append(WS, run, List.of(event("a", "2025-06-01T00:00:01Z"),
                event("b", "2025-06-01T01:00:00Z"), event("c", "2025-06-02T00:00:00Z")));
        assertThat(again).extracting(EvaluationEvent::clientId).containsExactly("c");
        RunId other = newRun();
        assertThat(store.append(WS, other, List.of(event("a", "2025-06-01T00:00:00Z")))).hasSize(1);
    }

    @Test
    void readsARunsEventsBackInOrderAcrossPartitionsWithACursor() {
        RunId run = newRun();
        List<EvaluationEvent> sent = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            sent.add(event("e" + i, i < 4 ? "2025-07-15T00:00:0" + i + "Z" : "2025-08-15T00:00:0" + i + "Z"));
        }
        store.append(WS, run, sent);
        List<String> read = new ArrayList<>();
        String cursor = null;
        do {
            Page<StoredEvent> page = store.list(WS, run, cursor, 3);
            page.items().forEach(e -> read.add(e.event().clientId()));
            cursor = page.nextCursor();
        } while (cursor != null);
        assertThat(read).containsExactly("e0", "e1", "e2", "e3", "e4", "e5", "e6");
        StoredEvent first = store.list(WS, run, null, 1).items().get(0);
        assertThat(first.event()).isEqualTo(sent.get(0));
    }

    @Test
    void retentionDropsExactlyTheMonthsPastTheWindowAndTheFileShrinks() throws Exception {
        RunId run = newRun();
        String padding = "x".repeat(2000);
        for (int month = 1; month <= 6; month++) {
            List<EvaluationEvent> batch = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                EvaluationEvent e = event(month + "-" + i, String.format("2025-%02d-10T00:00:00Z", month));
                batch.add(new EvaluationEvent(e.clientId(), e.caseId(), e.metrics(), e.passed(), e.latencyMs(),
                        e.tokensIn(), e.tokensOut(), e.cost(), e.model(), e.at(), padding, padding, e.metadata()));
            }
            store.append(WS, run, batch);
        }
        database.queryOne("PRAGMA wal_checkpoint(TRUNCATE)");
        long before = Files.size(database.file);
        // 18 months kept at 2026-08-15: the first kept month is 2025-03
        Clock clock = Clock.fixed(Instant.parse("2026-08-15T00:00:00Z"), ZoneOffset.UTC);
        var metrics = new JdbcMetricStore(database.db, new DDSketchQuantiles(0.01));
        ApplyRetention retention = new ApplyRetention(store, metrics, EventRules.DEFAULT, database.db, clock);
        ApplyRetention.Report report = retention.apply();
        assertThat(report.firstKept()).isEqualTo(YearMonth.of(2025, 3));
        assertThat(report.droppedMonths()).containsExactly(YearMonth.of(2025, 1), YearMonth.of(2025, 2));
        assertThat(store.partitions()).containsExactly(YearMonth.of(2025, 3), YearMonth.of(2025, 4),
                YearMonth.of(2025, 5), YearMonth.of(2025, 6));
        assertThat(database.queryOne("SELECT count(*) FROM sqlite_master WHERE name = 'events_202501'")).isEqualTo(0);
        long free = ((Number) database.queryOne("PRAGMA freelist_count")).longValue();
        assertThat(free).as("the dropped months' pages, free until reclaimed").isGreaterThan(2 * 400 * 4000 / 16384);
        // a shutdown asks the pass to stop: it stops between two steps, and the next pass gives back the rest
        java.util.concurrent.atomic.AtomicInteger steps = new java.util.concurrent.atomic.AtomicInteger();
        assertThat(retention.reclaimSpace(10, () -> steps.incrementAndGet() <= 2)).isEqualTo(20);
        assertThat(((Number) database.queryOne("PRAGMA freelist_count")).longValue()).isEqualTo(free - 20);
        // steps smaller than the free space: several short transactions give all of it back
        assertThat(retention.reclaimSpace(10)).isEqualTo(free - 20);
        database.queryOne("PRAGMA wal_checkpoint(TRUNCATE)");
        long after = Files.size(database.file);
        assertThat(((Number) database.queryOne("PRAGMA freelist_count")).longValue()).isZero();
        assertThat(after).as("file bytes before %d after %d", before, after).isLessThan(before - 2 * 400 * 4000 * 8 / 10);
        assertThat(rows(YearMonth.of(2025, 3), run)).isEqualTo(400);
    }
}
