package dev.promptforge.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.promptforge.domain.shared.WorkspaceId;
import dev.promptforge.domain.versioning.Commit;
import dev.promptforge.domain.versioning.CommitPromptVersion;
import dev.promptforge.domain.versioning.CommitPromptVersionCommand;
import dev.promptforge.domain.versioning.CreatePrompt;
import dev.promptforge.domain.versioning.CreatePromptCommand;
import dev.promptforge.domain.versioning.PromptName;
import dev.promptforge.domain.versioning.PromptVersions;
import dev.promptforge.domain.versioning.ReadPromptQuery;
import dev.promptforge.domain.versioning.ReadPromptVersion;
import dev.promptforge.domain.versioning.RefName;
import dev.promptforge.domain.versioning.SnapshotPolicy;
import dev.promptforge.domain.versioning.Version;
import dev.promptforge.domain.versioning.VersionCache;
import dev.promptforge.domain.versioning.VersioningLimits;
import dev.promptforge.infra.shared.jdbc.Database;
import dev.promptforge.infra.shared.jdbc.SqliteDatabases;
import dev.promptforge.infra.versioning.diffutils.DiffUtilsDiffer;
import dev.promptforge.infra.versioning.jdbc.JdbcPromptCatalog;
import dev.promptforge.infra.versioning.jdbc.JdbcRefStore;
import dev.promptforge.infra.versioning.jdbc.JdbcVersionStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/** The real use cases on the JDBC adapters over a fresh SQLite file, with the verified-text cache disabled. */
final class Store implements AutoCloseable {
    static final WorkspaceId WS = WorkspaceId.DEFAULT;
    static final String AUTHOR = "corpus";

    final Path file;
    final HikariDataSource ds;
    final Database db;
    final JdbcVersionStore versionStore;
    final CreatePrompt create;
    final CommitPromptVersion commit;
    final ReadPromptVersion read;
    /** Reads through a second adapter with the stored-row cache on (texts still rebuilt and verified every time). */
    final ReadPromptVersion readRowCached;
    /** Reads as the server does with its default settings: verified-text cache (with checkpoints) and row cache. */
    final ReadPromptVersion readDefaults;
    /** Reads with a verified-text cache far smaller than the corpus and no row cache: rebuilds from checkpoints. */
    final ReadPromptVersion readSmallCache;
    /** The server's defaults ({@code PromptforgeConfig}: storedVersionCacheBytes, versionCacheChars). */
    static final long ROW_CACHE_BYTES = 64L * 1024 * 1024;
    static final long TEXT_CACHE_CHARS = 32L * 1024 * 1024;
    static final long SMALL_TEXT_CACHE_CHARS = 8L * 1024 * 1024;
    private final SettableClock clock = new SettableClock();

    Store(Path file, SnapshotPolicy policy) {
        this.file = file;
        // NORMAL instead of the server's FULL: storage is the same, the replay just does not wait for fsync.
        this.ds = SqliteDatabases.open(file, "NORMAL", 4);
        SqliteDatabases.migrate(ds);
        this.db = new Database(ds);
        // every cache off: the one-argument adapters keep no stored-row or ref cache, VersionCache(0) no texts
        this.versionStore = new JdbcVersionStore(db);
        PromptVersions versions = new PromptVersions(versionStore, new JdbcRefStore(db), new JdbcPromptCatalog(db),
                new DiffUtilsDiffer(), policy, VersioningLimits.DEFAULT, new VersionCache(0));
        this.readRowCached = reader(policy, ROW_CACHE_BYTES, 0);
        this.readDefaults = reader(policy, ROW_CACHE_BYTES, TEXT_CACHE_CHARS);
        this.readSmallCache = reader(policy, 0, SMALL_TEXT_CACHE_CHARS);
        this.create = new CreatePrompt(versions, db, clock);
        this.commit = new CommitPromptVersion(versions, db, clock);
        this.read = new ReadPromptVersion(versions);
    }

    private ReadPromptVersion reader(SnapshotPolicy policy, long rowCacheBytes, long textCacheChars) {
        return new ReadPromptVersion(new PromptVersions(new JdbcVersionStore(db, rowCacheBytes), new JdbcRefStore(db),
                new JdbcPromptCatalog(db), new DiffUtilsDiffer(), policy, VersioningLimits.DEFAULT,
                new VersionCache(textCacheChars)));
    }

    /** Replays the corpus (CreatePrompt for seq 0, CommitPromptVersion on main after it); returns commit ids. */
    String[] replay(Corpus corpus) {
        String[] ids = new String[corpus.versions().size()];
        Map<Integer, String> heads = new LinkedHashMap<>();
        for (Corpus.Version v : corpus.versions()) {
            clock.at = Instant.ofEpochSecond(v.time());
            PromptName name = new PromptName(v.name());
            Commit c;
            if (v.seq() == 0) {
                c = create.create(new CreatePromptCommand(WS, name, v.content(), null, v.message(), AUTHOR));
            } else {
                c = commit.commit(new CommitPromptVersionCommand(WS, name, RefName.MAIN, heads.get(v.prompt()),
                        v.content(), null, v.message(), AUTHOR));
            }
            heads.put(v.prompt(), c.id().hex());
            ids[v.index()] = c.id().hex();
        }
        return ids;
    }

    Version readVerified(String name, String commitHex) {
        return read.read(new ReadPromptQuery(WS, new PromptName(name), commitHex, true));
    }

    static Version read(ReadPromptVersion reader, String name, String commitHex) {
        return reader.read(new ReadPromptQuery(WS, new PromptName(name), commitHex, true));
    }

    long queryLong(String sql) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /**
     * Sum of the byte lengths of every column of every {@code commits} row (metadata and payload; the six integer
     * columns counted as 8 bytes each).
     */
    long commitColumnBytes() {
        String[] text = {"workspace_id", "id", "parent1", "parent2", "author", "message", "content_hash", "config",
            "storage", "base", "compression", "payload"};
        StringBuilder sql = new StringBuilder("SELECT SUM(48");
        for (String col : text) {
            sql.append(" + IFNULL(length(CAST(").append(col).append(" AS BLOB)), 0)");
        }
        sql.append(") FROM commits");
        return queryLong(sql.toString());
    }

    /** A compacted copy of the database ({@code VACUUM INTO}); returns its size and, if dbstat exists, a breakdown. */
    Map<String, Long> vacuumedSizes(Path copy) throws Exception {
        Files.deleteIfExists(copy);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            s.execute("VACUUM INTO '" + copy.toAbsolutePath().toString().replace("'", "''") + "'");
        }
        Map<String, Long> sizes = new LinkedHashMap<>();
        sizes.put("file", Files.size(copy));
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + copy.toAbsolutePath());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT CASE WHEN name LIKE 'prompt_search%' THEN 'search index' "
                        + "WHEN name = 'commits' THEN 'commits' WHEN name LIKE 'sqlite_autoindex_commits%' "
                        + "THEN 'commits index' ELSE 'other' END AS part, SUM(pgsize) FROM dbstat GROUP BY part")) {
            while (rs.next()) {
                sizes.put(rs.getString(1), rs.getLong(2));
            }
        } catch (SQLException e) {
            // dbstat not compiled in: the file size alone
        }
        return sizes;
    }

    @Override
    public void close() {
        ds.close();
    }

    /** The commit time of each replayed version is the corpus time. */
    static final class SettableClock extends Clock {
        volatile Instant at = Instant.EPOCH;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return at;
        }
    }
}
