package dev.promptforge.infra.versioning.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptforge.domain.shared.WorkspaceId;
import dev.promptforge.domain.versioning.CommitId;
import dev.promptforge.domain.versioning.PromptName;
import dev.promptforge.domain.versioning.RefKind;
import dev.promptforge.domain.versioning.RefMove;
import dev.promptforge.domain.versioning.RefUpdate;
import dev.promptforge.domain.versioning.port.RefStore;
import dev.promptforge.domain.versioning.port.RefStoreContract;
import dev.promptforge.infra.shared.jdbc.SqliteTestDatabase;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcRefStoreTest extends RefStoreContract {
    private static final int THREADS = 50;

    @TempDir
    Path dir;
    private SqliteTestDatabase database;

    @Override
    protected RefStore createStore() {
        database = SqliteTestDatabase.migratedIn(dir);
        return new JdbcRefStore(database.db);
    }

    @Override
    protected void createPrompt(WorkspaceId ws, PromptName name) {
        new JdbcPromptCatalog(database.db).create(ws, name, Instant.EPOCH);
    }

    @AfterEach
    void close() {
        database.close();
    }

    /** Every thread tries to move main from C1 to its own commit at the same moment, through one of {@code stores}. */
    private List<RefUpdate> race(List<RefStore> stores) throws Exception {
        refs.compareAndSet(WS, PROMPT, MAIN, RefKind.BRANCH, null, C1, true, change("setup", "create", Instant.EPOCH));
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch ready = new CountDownLatch(THREADS);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<RefUpdate>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                CommitId target = new CommitId(String.format("%064x", 1000 + t));
                RefStore store = stores.get(t % stores.size());
                String actor = "thread-" + t;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return store.compareAndSet(WS, PROMPT, MAIN, RefKind.BRANCH, C1, target, true,
                            change(actor, "race", Instant.EPOCH.plusSeconds(1)));
                }));
            }
            ready.await(10, TimeUnit.SECONDS);
            go.countDown();
            List<RefUpdate> outcomes = new ArrayList<>();
            for (Future<RefUpdate> f : futures) {
                outcomes.add(f.get(60, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    private void assertExactlyOneWinner(List<RefUpdate> outcomes) {
        List<RefUpdate> wins = outcomes.stream().filter(u -> u instanceof RefUpdate.FastForward).toList();
        assertThat(wins).hasSize(1);
        CommitId winner = ((RefUpdate.FastForward) wins.get(0)).to();
        assertThat(outcomes.stream().filter(u -> u instanceof RefUpdate.Stale).toList())
                .hasSize(THREADS - 1)
                .allSatisfy(u -> assertThat(u).isEqualTo(new RefUpdate.Stale(C1, winner)));
        assertThat(refs.find(WS, PROMPT, MAIN).orElseThrow().target()).isEqualTo(winner);
        List<RefMove> history = refs.history(WS, PROMPT, MAIN);
        assertThat(history).hasSize(2);
        assertThat(history.get(0).from()).isEqualTo(C1);
        assertThat(history.get(0).to()).isEqualTo(winner);
    }

    @Test
    void letsExactlyOneOfFiftyConcurrentSwapsWin() throws Exception {
        assertExactlyOneWinner(race(List.of(refs)));
    }

    @Test
    void letsExactlyOneSwapWinAcrossTwoConnectionPoolsOnTheSameFile() throws Exception {
        try (SqliteTestDatabase second = database.another()) {
            assertExactlyOneWinner(race(List.of(refs, new JdbcRefStore(second.db))));
        }
    }
}
