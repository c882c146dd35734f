package dev.promptforge.infra.versioning.jdbc;

import static dev.promptforge.domain.versioning.VersioningFixture.WS;
import static dev.promptforge.domain.versioning.VersioningFixture.name;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promptforge.domain.shared.IntegrityViolation;
import dev.promptforge.domain.versioning.Commit;
import dev.promptforge.domain.versioning.ReadPromptQuery;
import dev.promptforge.domain.versioning.Version;
import dev.promptforge.domain.versioning.VerifyReport;
import dev.promptforge.domain.versioning.VersioningFixture;
import dev.promptforge.infra.shared.jdbc.SqliteTestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads of a 40-version delta chain on a real SQLite file, with the verified-text cache on and the row cache off:
 * after one read of the head, the chain query stops at the nearest checkpoint, so a byte flipped in an older row
 * is not in the way of reads of later versions; verify still finds it, and after a restart reads through it fail
 * naming it.
 */
class JdbcCheckpointReadTest {
    private static final String P = "support/triage";

    @TempDir
    Path dir;
    private SqliteTestDatabase database;
    private VersioningFixture fx;
    private final List<Commit> commits = new ArrayList<>();
    private final List<String> texts = new ArrayList<>();

    @BeforeEach
    void history() {
        database = SqliteTestDatabase.migratedIn(dir);
        fx = JdbcVersioningFixtures.on(database).build();
        String text = String.join("", IntStream.range(0, 50).mapToObj(i -> "Step " + i + ": read the ticket.\n")
                .toList());
        commits.add(fx.create(P, text));
        texts.add(text);
        for (int i = 1; i < 40; i++) {
            text = text.replace("Step " + i + ":", "Step " + i + " (revised):");
            commits.add(fx.commit(P, "main", text));
            texts.add(text);
        }
        assertThat(((Number) database.queryOne("SELECT MAX(chain_length) FROM commits")).intValue())
                .as("setup: one chain of 39 deltas").isEqualTo(39);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private Version read(VersioningFixture f, int commit) {
        return f.readVersion.read(new ReadPromptQuery(WS, name(P), commits.get(commit).id().hex(), true));
    }

    private void flipOneByte(int commit) {
        String hex = commits.get(commit).id().hex();
        byte[] payload = (byte[]) database.queryOne("SELECT payload FROM commits WHERE id = ?", hex);
        payload[payload.length / 2] ^= 0x01;
        assertThat(database.update("UPDATE commits SET payload = ? WHERE id = ?", payload, hex)).isEqualTo(1);
    }

    private void readFails(VersioningFixture f, int commit, int blamed) {
        assertThatThrownBy(() -> read(f, commit)).as("reading commit %d", commit)
                .isInstanceOfSatisfying(IntegrityViolation.class, e -> {
                    assertThat(e.code()).isEqualTo("versioning.integrity");
                    assertThat(e.subject()).isEqualTo(commits.get(blamed).id().hex());
                });
    }

    @Test
    void readsLaterVersionsFromCheckpointsPastADamagedRowThatVerifyAndARestartStillFind() {
        VersioningFixture warm = fx.reopened();
        assertThat(read(warm, 39).content()).isEqualTo(texts.get(39));
        flipOneByte(5);

        assertThat(read(warm, 37).content()).isEqualTo(texts.get(37));
        assertThat(read(warm, 18).content()).isEqualTo(texts.get(18));
        readFails(warm, 9, 5);
        VerifyReport report = warm.verify();
        assertThat(report.bad()).extracting(VerifyReport.Problem::commit)
                .containsExactly(commits.get(5).id().hex());
        readFails(fx.reopened(), 37, 5);
    }

    @Test
    void blamesADamagedRowBetweenACheckpointAndTheVersionRead() {
        VersioningFixture warm = fx.reopened();
        read(warm, 39);
        flipOneByte(34);

        readFails(warm, 36, 34);
        assertThat(read(warm, 33).content()).isEqualTo(texts.get(33));
    }
}
