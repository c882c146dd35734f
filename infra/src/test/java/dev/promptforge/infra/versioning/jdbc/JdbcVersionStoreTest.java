package dev.promptforge.infra.versioning.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promptforge.domain.shared.IntegrityViolation;
import dev.promptforge.domain.shared.WorkspaceId;
import dev.promptforge.domain.versioning.Commit;
import dev.promptforge.domain.versioning.CommitId;
import dev.promptforge.domain.versioning.PromptName;
import dev.promptforge.domain.versioning.StoredVersion;
import dev.promptforge.domain.versioning.port.VersionStore;
import dev.promptforge.domain.versioning.port.VersionStoreContract;
import dev.promptforge.infra.shared.jdbc.SqliteTestDatabase;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcVersionStoreTest extends VersionStoreContract {
    @TempDir
    Path dir;
    private SqliteTestDatabase database;

    @Override
    protected VersionStore createStore() {
        database = SqliteTestDatabase.migratedIn(dir);
        return new JdbcVersionStore(database.db);
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
    void compressesLargePayloadsAndStoresSmallOnesAsTheyAre() {
        String big = "Be concise.\n".repeat(1000);
        Commit large = commit(PROMPT, List.of(), "large", big);
        Commit small = commit(PROMPT, List.of(), "small", "hi");
        store.append(WS, snapshot(large, big));
        store.append(WS, snapshot(small, "hi"));

        assertThat(database.queryOne("SELECT compression FROM commits WHERE id = ?", large.id().hex())).isEqualTo("deflate");
        assertThat(((byte[]) database.queryOne("SELECT payload FROM commits WHERE id = ?", large.id().hex())).length)
                .isLessThan(big.length() / 10);
        assertThat(database.queryOne("SELECT compression FROM commits WHERE id = ?", small.id().hex())).isEqualTo("none");
    }

    @Test
    void namesTheCommitWhosePayloadCannotBeDecompressed() {
        String big = "Be concise.\n".repeat(1000);
        Commit damaged = commit(PROMPT, List.of(), "large", big);
        Commit fine = commit(PROMPT, List.of(), "fine", "ok");
        store.append(WS, snapshot(damaged, big));
        store.append(WS, snapshot(fine, "ok"));
        byte[] payload = (byte[]) database.queryOne("SELECT payload FROM commits WHERE id = ?", damaged.id().hex());
        payload[payload.length / 2] ^= 0x01;
        database.update("UPDATE commits SET payload = ? WHERE id = ?", payload, damaged.id().hex());

        assertThatThrownBy(() -> store.find(WS, PROMPT, damaged.id()))
                .isInstanceOfSatisfying(IntegrityViolation.class, e -> {
                    assertThat(e.code()).isEqualTo("versioning.integrity");
                    assertThat(e.subject()).isEqualTo(damaged.id().hex());
                });
        assertThatThrownBy(() -> store.chain(WS, PROMPT, damaged.id())).isInstanceOf(IntegrityViolation.class);
        List<String> unreadable = new ArrayList<>();
        List<StoredVersion> read = new ArrayList<>();
        store.forEach(WS, PROMPT, new VersionStore.Visitor() {
            @Override
            public void version(StoredVersion version) {
                read.add(version);
            }

            @Override
            public void unreadable(CommitId id, CommitId base, String problem) {
                unreadable.add(id.hex());
                assertThat(base).isNull();
                assertThat(problem).contains("decompress");
            }
        });
        assertThat(unreadable).containsExactly(damaged.id().hex());
        assertThat(read).extracting(v -> v.commit().id()).containsExactly(fine.id());
        assertThat(store.commit(WS, PROMPT, damaged.id())).isPresent();
    }

    @Test
    void namesTheCommitWhoseStoredFieldsAreMalformed() {
        Commit c = commit(PROMPT, List.of(), "c", "text");
        store.append(WS, snapshot(c, "text"));
        database.update("UPDATE commits SET parent1 = 'not-a-commit-id' WHERE id = ?", c.id().hex());

        assertThatThrownBy(() -> store.commit(WS, PROMPT, c.id()))
                .isInstanceOfSatisfying(IntegrityViolation.class, e -> assertThat(e.subject()).isEqualTo(c.id().hex()));
    }

    @Test
    void refusesACommitOfAPromptThatDoesNotExist() {
        Commit c = commit(new PromptName("ghost"), List.of(), "c", "text");

        assertThatThrownBy(() -> store.append(WS, snapshot(c, "text"))).isInstanceOf(IllegalStateException.class);
    }
}
