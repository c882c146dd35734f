package dev.promptforge.infra.versioning.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptforge.domain.shared.WorkspaceId;
import dev.promptforge.domain.versioning.CommitId;
import dev.promptforge.domain.versioning.PromptName;
import dev.promptforge.domain.versioning.StoredVersion;
import dev.promptforge.domain.versioning.port.VersionStore;
import dev.promptforge.domain.versioning.port.VersionStoreContract;
import dev.promptforge.infra.shared.jdbc.SqliteTestDatabase;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole version-store contract again with the stored-version cache on, plus what the cache must not do. */
class CachedJdbcVersionStoreTest extends VersionStoreContract {
    @TempDir
    Path dir;
    private SqliteTestDatabase database;

    @Override
    protected VersionStore createStore() {
        database = SqliteTestDatabase.migratedIn(dir);
        return new JdbcVersionStore(database.db, 1 << 20);
    }

    @Override
    protected void createPrompt(WorkspaceId ws, PromptName name) {
        new JdbcPromptCatalog(database.db).create(ws, name, Instant.EPOCH);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void servesARepeatedChainFromMemoryWithoutSharingItsArrays() {
        List<StoredVersion> all = storeChain();
        CommitId last = all.get(5).commit().id();
        List<StoredVersion> first = store.chain(WS, PROMPT, last);
        // drop the rows: a second read can only come from the cache
        database.update("DELETE FROM commits");
        List<StoredVersion> second = store.chain(WS, PROMPT, last);
        assertThat(second).extracting(v -> v.commit().id()).containsExactlyElementsOf(
                first.stream().map(v -> v.commit().id()).toList());
        second.get(0).payload()[0] ^= 1;
        assertThat(store.chain(WS, PROMPT, last).get(0).payload()).isEqualTo(first.get(0).payload());
    }

    @Test
    void queriesOnlyThePartOfAChainThatIsNotInMemory() {
        List<StoredVersion> all = storeChain();
        List<CommitId> ids = all.stream().map(v -> v.commit().id()).toList();
        store.chain(WS, PROMPT, ids.get(2), Set.of(ids.get(1)));
        // c2's row is now in memory only: the rest of its chain must come from the table
        database.update("DELETE FROM commits WHERE id = '" + ids.get(2).hex() + "'");

        assertThat(store.chain(WS, PROMPT, ids.get(2))).extracting(v -> v.commit().id())
                .containsExactly(ids.get(0), ids.get(1), ids.get(2));
        database.update("DELETE FROM commits");
        assertThat(store.chain(WS, PROMPT, ids.get(2), Set.of(ids.get(0)))).as("stops in memory at a known base")
                .extracting(v -> v.commit().id()).containsExactly(ids.get(1), ids.get(2));
    }

    @Test
    void doesNotCacheRowsReadInsideAUnitOfWorkThatRollsBack() {
        List<StoredVersion> all = storeChain();
        CommitId last = all.get(5).commit().id();
        try {
            database.db.inTransaction(() -> {
                store.chain(WS, PROMPT, last);
                throw new IllegalStateException("abort");
            });
        } catch (IllegalStateException expected) {
            // rolled back
        }
        database.update("DELETE FROM commits");
        assertThat(store.chain(WS, PROMPT, last)).isEmpty();
    }
}
