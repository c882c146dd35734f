package dev.promptforge.app.versioning;

import com.zaxxer.hikari.HikariDataSource;
import dev.promptforge.app.ops.DatabaseMeters;
import dev.promptforge.app.shared.config.PromptforgeConfig;
import dev.promptforge.app.shared.config.SettingsCheck;
import dev.promptforge.domain.versioning.CommitPromptVersion;
import dev.promptforge.domain.versioning.CreatePrompt;
import dev.promptforge.domain.versioning.DiffVersions;
import dev.promptforge.domain.versioning.ExportHistory;
import dev.promptforge.domain.versioning.ListCommits;
import dev.promptforge.domain.versioning.ListPrompts;
import dev.promptforge.domain.versioning.CreateBranch;
import dev.promptforge.domain.versioning.DeleteBranch;
import dev.promptforge.domain.versioning.ListRefs;
import dev.promptforge.domain.versioning.MoveLabel;
import dev.promptforge.domain.versioning.ReadRefHistory;
import dev.promptforge.domain.versioning.MergeBranches;
import dev.promptforge.domain.versioning.PromptVersions;
import dev.promptforge.domain.versioning.ReadPromptVersion;
import dev.promptforge.domain.versioning.RenderPrompt;
import dev.promptforge.domain.versioning.RevertCommit;
import dev.promptforge.domain.versioning.SnapshotPolicy;
import dev.promptforge.domain.versioning.VerifyRepository;
import dev.promptforge.domain.versioning.VersionCache;
import dev.promptforge.domain.versioning.VersioningLimits;
import dev.promptforge.infra.shared.jdbc.Database;
import dev.promptforge.infra.shared.jdbc.ServerLock;
import dev.promptforge.infra.shared.jdbc.SqliteDatabases;
import dev.promptforge.infra.versioning.diffutils.DiffUtilsDiffer;
import dev.promptforge.domain.versioning.port.Differ;
import dev.promptforge.infra.versioning.jdbc.JdbcPromptCatalog;
import dev.promptforge.infra.versioning.jdbc.JdbcRefStore;
import dev.promptforge.infra.versioning.jdbc.JdbcVersionStore;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the versioning use cases to the SQLite adapters. */
@Factory
public class VersioningFactory {
    private static final Logger LOG = LoggerFactory.getLogger(VersioningFactory.class);

    /**
     * This server's claim on its database file, taken before the file is opened: a second server on the same folder
     * stops at start with a message naming the first. Released last, after the pool has closed. Taken after the
     * settings are checked ({@code settings} is unused but orders the two), so a wrong setting touches no file.
     */
    @Context
    @Bean(preDestroy = "close")
    ServerLock serverLock(PromptforgeConfig config, SettingsCheck settings) {
        ProcessHandle self = ProcessHandle.current();
        return ServerLock.acquire(databaseFile(config), self.pid(),
                self.info().startInstant().orElseGet(java.time.Instant::now));
    }

    /** The embedded database, opened and migrated at start so a broken file stops the server at once. */
    @Context
    @Bean(preDestroy = "close")
    HikariDataSource dataSource(PromptforgeConfig config, ServerLock lock) {
        Path file = databaseFile(config);
        HikariDataSource ds = SqliteDatabases.open(file, config.databaseSynchronous(), config.databasePoolSize());
        int ran = SqliteDatabases.migrate(ds);
        LOG.info("database {} ready ({} migration(s) applied)", file.toAbsolutePath(), ran);
        return ds;
    }

    private static Path databaseFile(PromptforgeConfig config) {
        return Path.of(config.dataDir()).resolve(config.databaseFile());
    }

    @Singleton
    Database database(HikariDataSource ds, DatabaseMeters meters) {
        return new Database(ds, meters);
    }

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Singleton
    Differ differ() {
        return new DiffUtilsDiffer();
    }

    @Singleton
    PromptVersions promptVersions(Database db, PromptforgeConfig config, Differ differ) {
        return new PromptVersions(new JdbcVersionStore(db, config.storedVersionCacheBytes()), new JdbcRefStore(db, config.refCacheMillis()),
                new JdbcPromptCatalog(db),
                differ, new SnapshotPolicy(config.maxChainLength(), config.maxChainBytesFactor()),
                new VersioningLimits(config.maxContentBytes(), VersioningLimits.DEFAULT.maxConfigBytes()),
                new VersionCache(config.versionCacheChars()));
    }

    @Singleton
    CreatePrompt createPrompt(PromptVersions v, Database db, Clock clock) {
        return new CreatePrompt(v, db, clock);
    }

    @Singleton
    CommitPromptVersion commitPromptVersion(PromptVersions v, Database db, Clock clock) {
        return new CommitPromptVersion(v, db, clock);
    }

    @Singleton
    ReadPromptVersion readPromptVersion(PromptVersions v) {
        return new ReadPromptVersion(v);
    }

    @Singleton
    RenderPrompt renderPrompt(ReadPromptVersion read) {
        return new RenderPrompt(read);
    }

    @Singleton
    ListCommits listCommits(PromptVersions v) {
        return new ListCommits(v);
    }

    @Singleton
    ListPrompts listPrompts(PromptVersions v) {
        return new ListPrompts(v);
    }

    @Singleton
    DiffVersions diffVersions(PromptVersions v) {
        return new DiffVersions(v);
    }

    @Singleton
    CreateBranch createBranch(PromptVersions v, Database db, Clock clock) {
        return new CreateBranch(v, db, clock);
    }

    @Singleton
    DeleteBranch deleteBranch(PromptVersions v, Database db, Clock clock) {
        return new DeleteBranch(v, db, clock);
    }

    @Singleton
    MoveLabel moveLabel(PromptVersions v, Database db, Clock clock) {
        return new MoveLabel(v, db, clock);
    }

    @Singleton
    ListRefs listRefs(PromptVersions v) {
        return new ListRefs(v);
    }

    @Singleton
    ReadRefHistory readRefHistory(PromptVersions v) {
        return new ReadRefHistory(v);
    }

    @Singleton
    MergeBranches mergeBranches(PromptVersions v, Database db, Clock clock) {
        return new MergeBranches(v, db, clock);
    }

    @Singleton
    RevertCommit revertCommit(PromptVersions v, Database db, Clock clock) {
        return new RevertCommit(v, db, clock);
    }

    @Singleton
    VerifyRepository verifyRepository(PromptVersions v) {
        return new VerifyRepository(v);
    }

    @Singleton
    ExportHistory exportHistory(PromptVersions v) {
        return new ExportHistory(v);
    }
}
