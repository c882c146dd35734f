package dev.promptforge.bench.eval;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;

/**
 * The raw sqlite-jdbc ceiling for the event row: one connection, WAL, batches of 1,000 rows per transaction
 * ({@code BEGIN IMMEDIATE}, one {@code executeBatch}), time-ordered rows, values generated before timing.
 */
final class RawCeiling {
    /** Table shapes. */
    enum Shape {
        /** The server's partition table, DDL and INSERT as in JdbcEventStore (unique (run, client id), (run)). */
        SERVER("server partition table (seq INTEGER PK, integer run key, UNIQUE(run_key, client_id), INDEX(run_key)), "
                + "16 KiB pages, "
                + "incremental auto-vacuum, 64 MiB cache"),
        /** The same without its indexes (what idempotent retries and ordered pages cost). */
        SERVER_NO_UNIQUE("server partition table without its indexes (seq INTEGER PK), server file "
                + "settings"),
        /** STACK.md's reference: a 13-column row, a time-ordered TEXT primary key, an index on time, default file. */
        STACK("STACK.md shape: 13 columns, time-ordered TEXT id PRIMARY KEY, INDEX(at); default 4 KiB pages, "
                + "no auto-vacuum");

        final String description;

        Shape(String description) {
            this.description = description;
        }
    }

    /** Values for {@code rows} time-ordered events, shared by every variant. */
    static final class Data {
        final EventGen.Row[] rows;
        final String[] metrics;
        final String[] stackIds;

        Data(int n) {
            rows = new EventGen.Row[n];
            metrics = new String[n];
            stackIds = new String[n];
            SplittableRandom rnd = new SplittableRandom(7);
            long start = System.currentTimeMillis() - 4 * 3_600_000L;
            for (int i = 0; i < n; i++) {
                long at = start + i * 10L + rnd.nextInt(50);
                rows[i] = EventGen.row("e-", i, at, rnd);
                metrics[i] = rows[i].metricsJson();
                stackIds[i] = String.format("%013d%010d", start + i * 10L, i); // sorts by time, like a ULID
            }
        }
    }

    private RawCeiling() {
    }

    /**
     * One variant's table, filled in slices (so slices of every variant can alternate with the HTTP phases of the
     * same run); the connection stays open between slices.
     */
    static final class Variant implements AutoCloseable {
        final Shape shape;
        final String synchronous;
        final Path file;
        private final Connection c;
        private final PreparedStatement ps;
        final List<Long> batchNanos = new ArrayList<>();
        final List<Double> sliceRates = new ArrayList<>();
        int rows;
        double seconds;
        long fileBytes = -1;

        Variant(Path file, Shape shape, String synchronous) throws SQLException {
            this.shape = shape;
            this.synchronous = synchronous;
            this.file = file;
            deleteDb(file);
            String url = "jdbc:sqlite:" + file.toAbsolutePath();
            if (shape != Shape.STACK) {
                try (Connection p = DriverManager.getConnection(url); Statement s = p.createStatement()) {
                    s.execute("PRAGMA page_size = 16384");
                    s.execute("PRAGMA auto_vacuum = INCREMENTAL");
                }
            }
            Properties p = new Properties();
            p.setProperty("journal_mode", "WAL");
            p.setProperty("synchronous", synchronous);
            p.setProperty("transaction_mode", "IMMEDIATE");
            if (shape != Shape.STACK) {
                p.setProperty("cache_size", "-65536");
            }
            c = DriverManager.getConnection(url, p);
            String insert;
            try (Statement s = c.createStatement()) {
                if (shape == Shape.STACK) {
                    s.execute("CREATE TABLE events (id TEXT PRIMARY KEY, run_id TEXT NOT NULL, case_id TEXT NOT NULL, "
                            + "at INTEGER NOT NULL, metrics TEXT NOT NULL, passed INTEGER, latency_ms REAL, "
                            + "tokens_in INTEGER, tokens_out INTEGER, cost REAL, model TEXT, input TEXT, output TEXT)");
                    s.execute("CREATE INDEX events_at ON events (at)");
                    insert = "INSERT INTO events (id, run_id, case_id, at, metrics, passed, latency_ms, tokens_in, "
                            + "tokens_out, cost, model, input, output) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
                } else {
                    String t = "events_202611";
                    s.execute("CREATE TABLE " + t + " (seq INTEGER PRIMARY KEY, workspace_id TEXT NOT NULL, "
                            + "run_key INTEGER NOT NULL, client_id TEXT NOT NULL, case_id TEXT NOT NULL, at INTEGER NOT NULL, "
                            + "metrics TEXT NOT NULL, passed INTEGER, latency_ms REAL, tokens_in INTEGER, tokens_out INTEGER, "
                            + "cost REAL, model TEXT, input TEXT, output TEXT, metadata TEXT)");
                    if (shape == Shape.SERVER) {
                        s.execute("CREATE UNIQUE INDEX " + t + "_client ON " + t + " (run_key, client_id)");
                        s.execute("CREATE INDEX " + t + "_run ON " + t + " (run_key)");
                    }
                    insert = "INSERT INTO " + t + " (workspace_id, run_key, client_id, case_id, at, metrics, passed, "
                            + "latency_ms, tokens_in, tokens_out, cost, model, input, output, metadata) VALUES "
                            + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                            + (shape == Shape.SERVER ? " ON CONFLICT (run_key, client_id) DO NOTHING" : "");
                }
            }
            c.setAutoCommit(false);
            ps = c.prepareStatement(insert);
        }

        /** Inserts rows [from, from + count) of {@code data} in transactions of 1,000; returns rows/s of the slice. */
        double append(Data data, int from, int count) throws SQLException {
            String runId = "run_01JBENCHRAWCEILING00000000";
            long t0 = System.nanoTime();
            for (int b = from; b < from + count; b += 1000) {
                long s = System.nanoTime();
                int end = Math.min(from + count, b + 1000);
                for (int i = b; i < end; i++) {
                    EventGen.Row r = data.rows[i];
                    int k = 1;
                    if (shape == Shape.STACK) {
                        ps.setString(k++, data.stackIds[i]);
                        ps.setString(k++, runId);
                    } else {
                        ps.setString(k++, "default");
                        ps.setLong(k++, 1);
                        ps.setString(k++, r.clientId());
                    }
                    ps.setString(k++, r.caseId());
                    ps.setLong(k++, r.atMs());
                    ps.setString(k++, data.metrics[i]);
                    ps.setInt(k++, r.passed() ? 1 : 0);
                    ps.setDouble(k++, r.latencyMs());
                    ps.setLong(k++, r.tokensIn());
                    ps.setLong(k++, r.tokensOut());
                    ps.setDouble(k++, r.cost());
                    ps.setString(k++, r.model());
                    ps.setNull(k++, Types.VARCHAR);
                    ps.setNull(k++, Types.VARCHAR);
                    if (shape != Shape.STACK) {
                        ps.setNull(k, Types.VARCHAR);
                    }
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
                batchNanos.add(System.nanoTime() - s);
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            rows += count;
            seconds += secs;
            sliceRates.add(count / secs);
            return count / secs;
        }

        double rowsPerSecond() {
            return rows / seconds;
        }

        long[] batches() {
            return batchNanos.stream().mapToLong(Long::longValue).toArray();
        }

        String label() {
            return shape + " " + synchronous;
        }

        @Override
        public void close() throws SQLException {
            ps.close();
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
            c.close();
            try {
                fileBytes = Files.size(file);
            } catch (java.io.IOException e) {
                fileBytes = -1;
            }
            deleteDb(file);
        }
    }

    private static void deleteDb(Path file) {
        for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
            try {
                Files.deleteIfExists(Path.of(file + suffix));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
