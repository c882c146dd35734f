package dev.promptforge.infra.versioning.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptforge.domain.shared.WorkspaceId;
import dev.promptforge.domain.versioning.CommitId;
import dev.promptforge.domain.versioning.PromptName;
import dev.promptforge.domain.versioning.Ref;
import dev.promptforge.domain.versioning.RefKind;
import dev.promptforge.domain.versioning.RefName;
import dev.promptforge.domain.versioning.port.RefStore;
import dev.promptforge.infra.shared.jdbc.SqliteTestDatabase;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ref cache never hides this process's own writes, and bounds staleness from other processes by its age. */
class JdbcRefStoreCacheTest {
    private static final WorkspaceId WS = WorkspaceId.DEFAULT;
    private static final PromptName P = new PromptName("cache/prompt");
    private static final RefName LABEL = new RefName("production");
    private static final CommitId A = new CommitId("a".repeat(64));
    private static final CommitId B = new CommitId("b".repeat(64));

    @TempDir
    Path dir;

    private static RefStore.Change change() {
        return new RefStore.Change("t", "r", Instant.now());
    }

    @Test
    void ownWritesAreSeenAtOnceAndOtherProcessesWritesWithinTheMaxAge() throws Exception {
        try (SqliteTestDatabase database = SqliteTestDatabase.migratedIn(dir);
                SqliteTestDatabase other = database.another()) {
            new JdbcPromptCatalog(database.db).create(WS, P, Instant.now());
            JdbcRefStore store = new JdbcRefStore(database.db, 300);
            JdbcRefStore otherProcess = new JdbcRefStore(other.db, 0);
            assertThat(store.find(WS, P, LABEL)).isEmpty();
            store.compareAndSet(WS, P, LABEL, RefKind.LABEL, null, A, false, change());
            assertThat(store.find(WS, P, LABEL)).map(Ref::target).contains(A);
            database.db.inTransaction(() -> store.compareAndSet(WS, P, LABEL, RefKind.LABEL, A, B, false, change()));
            assertThat(store.find(WS, P, LABEL)).map(Ref::target).contains(B);

            otherProcess.compareAndSet(WS, P, LABEL, RefKind.LABEL, B, A, false, change());
            assertThat(store.find(WS, P, LABEL)).as("served from memory within the max age").map(Ref::target).contains(B);
            Thread.sleep(350);
            assertThat(store.find(WS, P, LABEL)).as("re-read after the max age").map(Ref::target).contains(A);
        }
    }

    @Test
    void aRolledBackMoveLeavesTheCachedValueCorrect() {
        try (SqliteTestDatabase database = SqliteTestDatabase.migratedIn(dir)) {
            new JdbcPromptCatalog(database.db).create(WS, P, Instant.now());
            JdbcRefStore store = new JdbcRefStore(database.db, 60_000);
            store.compareAndSet(WS, P, LABEL, RefKind.LABEL, null, A, false, change());
            assertThat(store.find(WS, P, LABEL)).map(Ref::target).contains(A);
            try {
                database.db.inTransaction(() -> {
                    store.compareAndSet(WS, P, LABEL, RefKind.LABEL, A, B, false, change());
                    throw new IllegalStateException("abort");
                });
            } catch (IllegalStateException expected) {
                // rolled back
            }
            assertThat(store.find(WS, P, LABEL)).map(Ref::target).contains(A);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void findCachedAnswersOnlyFromMemoryAndNeverAfterAMoveOrPastTheMaxAge() throws Exception {
        try (SqliteTestDatabase database = SqliteTestDatabase.migratedIn(dir)) {
            new JdbcPromptCatalog(database.db).create(WS, P, Instant.now());
            JdbcRefStore store = new JdbcRefStore(database.db, 300);
            store.compareAndSet(WS, P, LABEL, RefKind.LABEL, null, A, false, change());
            assertThat(store.findCached(WS, P, LABEL)).as("not read since the write").isEmpty();
            store.find(WS, P, LABEL);
            assertThat(store.findCached(WS, P, LABEL)).map(Ref::target).contains(A);

            store.compareAndSet(WS, P, LABEL, RefKind.LABEL, A, B, false, change());
            assertThat(store.findCached(WS, P, LABEL)).as("a move drops the cached value").isEmpty();
            store.find(WS, P, LABEL);
            assertThat(store.findCached(WS, P, LABEL)).map(Ref::target).contains(B);
            Thread.sleep(350);
            assertThat(store.findCached(WS, P, LABEL)).as("older than the max age").isEmpty();
            assertThat(new JdbcRefStore(database.db, 0).findCached(WS, P, LABEL)).as("cache off").isEmpty();
        }
    }
}
