package dev.promptforge.infra.shared.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promptforge.domain.shared.WorkspaceId;
import dev.promptforge.domain.versioning.Commit;
import dev.promptforge.domain.versioning.Content;
import dev.promptforge.domain.versioning.PromptName;
import dev.promptforge.domain.versioning.RefKind;
import dev.promptforge.domain.versioning.RefName;
import dev.promptforge.domain.versioning.StorageKind;
import dev.promptforge.domain.versioning.StoredVersion;
import dev.promptforge.domain.versioning.port.RefStore;
import dev.promptforge.infra.versioning.jdbc.JdbcPromptCatalog;
import dev.promptforge.infra.versioning.jdbc.JdbcRefStore;
import dev.promptforge.infra.versioning.jdbc.JdbcVersionStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
    private static final WorkspaceId WS = WorkspaceId.DEFAULT;
    private static final PromptName PROMPT = new PromptName("support/triage");
    private static final Instant AT = Instant.parse("2024-05-01T10:00:00Z");

    @TempDir
    Path dir;
    private SqliteTestDatabase database;
    private Database db;
    private JdbcPromptCatalog catalog;
    private JdbcVersionStore versions;
    private JdbcRefStore refs;

    @BeforeEach
    void open() {
        database = SqliteTestDatabase.migratedIn(dir);
        db = database.db;
        catalog = new JdbcPromptCatalog(db);
        versions = new JdbcVersionStore(db);
        refs = new JdbcRefStore(db);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private Commit writeEverything() {
        catalog.create(WS, PROMPT, AT);
        Commit c = Commit.create(PROMPT, List.of(), "alice", "first", AT, Content.of("hello world"), null);
        versions.append(WS, new StoredVersion(c, StorageKind.SNAPSHOT, null, 0, 0,
                "hello world".getBytes(StandardCharsets.UTF_8)));
        refs.compareAndSet(WS, PROMPT, RefName.MAIN, RefKind.BRANCH, null, c.id(), true,
                new RefStore.Change("alice", "create prompt", AT));
        catalog.index(WS, PROMPT, "hello world");
        return c;
    }

    private void assertNothingWritten(Commit c) {
        assertThat(catalog.exists(WS, PROMPT)).isFalse();
        assertThat(versions.commit(WS, PROMPT, c.id())).isEmpty();
        assertThat(refs.find(WS, PROMPT, RefName.MAIN)).isEmpty();
        assertThat(refs.history(WS, PROMPT, RefName.MAIN)).isEmpty();
        assertThat(catalog.list(WS, "hello", null, 10).items()).isEmpty();
        assertThat(database.queryOne("SELECT count(*) FROM commits")).isEqualTo(0);
        assertThat(database.queryOne("SELECT count(*) FROM ref_moves")).isEqualTo(0);
        assertThat(database.queryOne("SELECT count(*) FROM prompt_search")).isEqualTo(0);
    }

    @Test
    void rollsBackEveryWriteWhenTheWorkThrows() {
        Commit[] written = new Commit[1];

        assertThatThrownBy(() -> db.inTransaction(() -> {
            written[0] = writeEverything();
            assertThat(catalog.exists(WS, PROMPT)).as("the unit sees its own writes").isTrue();
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class).hasMessage("boom");

        assertNothingWritten(written[0]);
    }

    @Test
    void rollsBackNestedUnitsWithTheOuterOne() {
        Commit[] written = new Commit[1];

        assertThatThrownBy(() -> db.inTransaction(() -> {
            db.inTransaction(() -> written[0] = writeEverything());
            throw new IllegalStateException("outer fails after the inner unit returned");
        })).isInstanceOf(IllegalStateException.class);

        assertNothingWritten(written[0]);
    }

    @Test
    void commitsEveryWriteWhenTheWorkReturns() {
        Commit c = db.inTransaction(this::writeEverything);

        assertThat(catalog.exists(WS, PROMPT)).isTrue();
        assertThat(versions.commit(WS, PROMPT, c.id())).contains(c);
        assertThat(refs.find(WS, PROMPT, RefName.MAIN).orElseThrow().target()).isEqualTo(c.id());
        try (SqliteTestDatabase other = database.another()) {
            assertThat(new JdbcVersionStore(other.db).commit(WS, PROMPT, c.id())).contains(c);
        }
    }

    @Test
    void keepsWorkingAfterARollback() {
        assertThatThrownBy(() -> db.inTransaction(() -> {
            catalog.create(WS, PROMPT, AT);
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class);

        for (int i = 0; i < 10; i++) {
            PromptName n = new PromptName("p" + i);
            db.inTransaction(() -> {
                catalog.create(WS, n, AT);
                return null;
            });
        }
        assertThat(catalog.all(WS)).hasSize(10);
    }

    /** One report of {@link Database.WriteObserver}. */
    private record Written(String thread, long waited, long held, boolean committed) {
    }

    @Test
    void theWriteObserverHearsOfEachTransactionItsWaitForTheWriterAndHowLongItHeldIt() throws Exception {
        List<Written> heard = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        Database observed = new Database(database.dataSource, (w, h, c) -> heard.add(
                new Written(Thread.currentThread().getName(), w, h, c)));
        java.util.concurrent.CountDownLatch holding = new java.util.concurrent.CountDownLatch(1);
        Thread first = new Thread(() -> observed.inTransaction(() -> {
            holding.countDown();
            sleep(120);
            // a nested unit of work joins the outer one: no report of its own
            return observed.inTransaction(() -> null);
        }), "holder");
        first.start();
        holding.await();
        observed.inTransaction(() -> null);
        first.join();
        assertThatThrownBy(() -> observed.inTransaction(() -> {
            sleep(30);
            throw new IllegalStateException("work failed");
        })).hasMessage("work failed");

        assertThat(heard).hasSize(3);
        // reports come after the writer is let go, so the holder's and the waiter's may come in either order
        Written holder = heard.stream().filter(w -> w.thread().equals("holder")).findFirst().orElseThrow();
        Written waiter = heard.stream().filter(w -> !w.thread().equals("holder")).findFirst().orElseThrow();
        Written failed = heard.get(2);
        assertThat(holder.committed()).isTrue();
        assertThat(holder.held()).isGreaterThanOrEqualTo(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(120));
        assertThat(waiter.committed()).isTrue();
        // it asked for the writer while the first held it for 120 ms
        assertThat(waiter.waited()).isGreaterThanOrEqualTo(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(60));
        assertThat(waiter.held()).isLessThan(holder.held());
        assertThat(failed.committed()).isFalse();
        assertThat(failed.held()).isGreaterThanOrEqualTo(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(30));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
