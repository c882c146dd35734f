package dev.promptforge.infra.versioning.jdbc;

import static dev.promptforge.domain.versioning.VersioningFixture.WS;
import static dev.promptforge.domain.versioning.VersioningFixture.name;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promptforge.domain.shared.IntegrityViolation;
import dev.promptforge.domain.versioning.Commit;
import dev.promptforge.domain.versioning.CommitId;
import dev.promptforge.domain.versioning.ReadPromptQuery;
import dev.promptforge.domain.versioning.SnapshotPolicy;
import dev.promptforge.domain.versioning.StorageKind;
import dev.promptforge.domain.versioning.VerifyReport;
import dev.promptforge.domain.versioning.VersioningFixture;
import dev.promptforge.infra.shared.jdbc.SqliteTestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One flipped byte in one stored payload, written with plain SQL under the adapters, is caught by the domain's
 * reads and by verify, blamed on that commit, and leaves other prompts readable.
 */
class JdbcIntegrityTest {
    private static final String P = "support/triage";
    private static final String OTHER = "sales/pitch";

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
        String text = String.join("", IntStream.rangeClosed(1, 40).mapToObj(i -> i % 5 == 0 ? "k" + i + "\n"
                : "Step " + i + ": read the ticket and think about it carefully.\n").toList());
        commits.add(fx.create(P, text));
        texts.add(text);
        for (int i = 1; i <= 5; i++) {
            // even commits change a short line (a tiny delta, stored uncompressed), odd ones a long line
            text = i % 2 == 0 ? text.replace("k" + (i * 5) + "\n", "K" + (i * 5) + "\n")
                    : text.replace("Step " + (i * 6 + 1) + ":", "Step " + (i * 6 + 1) + " (revised):");
            commits.add(fx.commit(P, "main", text));
            texts.add(text);
        }
        fx.create(OTHER, "Pitch the product in one line.\n");
        fx.commit(OTHER, "main", "Pitch the product in two lines.\n");
        assertThat(column("storage", 0)).isEqualTo("snapshot");
        assertThat(column("compression", 0)).isEqualTo("deflate");
        for (int i = 1; i <= 5; i++) {
            assertThat(column("storage", i)).as("setup: commit %d is a delta", i).isEqualTo("delta");
        }
        assertThat(column("compression", 2)).isEqualTo("none");
        assertThat(column("compression", 3)).isEqualTo("deflate");
    }

    @AfterEach
    void close() {
        database.close();
    }

    private CommitId id(int i) {
        return commits.get(i).id();
    }

    private String column(String column, int i) {
        return (String) database.queryOne("SELECT " + column + " FROM commits WHERE id = ?", id(i).hex());
    }

    /** Flips one byte of the stored payload: inside the last added line of an uncompressed delta, else mid-stream. */
    private void flipOneByte(int commit) {
        String hex = id(commit).hex();
        byte[] payload = (byte[]) database.queryOne("SELECT payload FROM commits WHERE id = ?", hex);
        String compression = (String) database.queryOne("SELECT compression FROM commits WHERE id = ?", hex);
        int at = "none".equals(compression)
                ? new String(payload, StandardCharsets.ISO_8859_1).lastIndexOf("\n+") + 3
                : payload.length / 2;
        payload[at] ^= 0x01;
        assertThat(database.update("UPDATE commits SET payload = ? WHERE id = ?", payload, hex)).isEqualTo(1);
    }

    private void readFails(VersioningFixture f, int commit, int blamed) {
        assertThatThrownBy(() -> f.readVersion.read(new ReadPromptQuery(WS, name(P), id(commit).hex(), true)))
                .as("reading commit %d", commit)
                .isInstanceOfSatisfying(IntegrityViolation.class, e -> {
                    assertThat(e.code()).isEqualTo("versioning.integrity");
                    assertThat(e.subject()).as("the commit whose row is broken").isEqualTo(id(blamed).hex());
                });
    }

    private static List<String> commitsOf(List<VerifyReport.Problem> problems) {
        return problems.stream().map(VerifyReport.Problem::commit).toList();
    }

    private List<String> hexes(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> id(i).hex()).toList();
    }

    @Test
    void readsAndVerifiesCleanHistoryAfterARestart() {
        VersioningFixture cold = fx.reopened();

        for (int i = 0; i < commits.size(); i++) {
            assertThat(cold.readVersion.read(new ReadPromptQuery(WS, name(P), id(i).hex(), true)).content())
                    .isEqualTo(texts.get(i));
        }
        VerifyReport report = cold.verify();
        assertThat(report.ok()).isTrue();
        assertThat(report.checked()).isEqualTo(8);
    }

    @Test
    void blamesAFlippedByteInAnUncompressedDeltaOnItsCommit() {
        flipOneByte(2);
        VersioningFixture cold = fx.reopened();

        readFails(cold, 2, 2);
        VerifyReport report = cold.verify();
        assertThat(commitsOf(report.bad())).containsExactly(id(2).hex());
        assertThat(commitsOf(report.unreadable())).containsExactlyElementsOf(hexes(3, 5));
        assertThat(cold.readVersion.read(new ReadPromptQuery(WS, name(P), id(1).hex(), true)).content())
                .isEqualTo(texts.get(1));
        assertThat(cold.text(OTHER, "main")).isEqualTo("Pitch the product in two lines.\n");
    }

    @Test
    void blamesAFlippedByteInAnUncompressedDeltaOnItsCommitWhenReadingItsDescendants() {
        flipOneByte(2);
        VersioningFixture cold = fx.reopened();

        readFails(cold, 3, 2);
        readFails(cold, 5, 2);
    }

    @Test
    void blamesAFlippedByteInACompressedDeltaOnItsCommitEverywhere() {
        flipOneByte(3);
        VersioningFixture cold = fx.reopened();

        readFails(cold, 3, 3);
        readFails(cold, 4, 3);
        readFails(cold, 5, 3);
        VerifyReport report = cold.verify();
        assertThat(commitsOf(report.bad())).containsExactly(id(3).hex());
        assertThat(commitsOf(report.unreadable())).containsExactlyElementsOf(hexes(4, 5));
        assertThat(cold.readVersion.read(new ReadPromptQuery(WS, name(P), id(2).hex(), true)).content())
                .isEqualTo(texts.get(2));
        assertThat(cold.text(OTHER, "main")).isEqualTo("Pitch the product in two lines.\n");
    }

    @Test
    void blamesAFlippedByteInASnapshotOnItsCommitEverywhere() {
        flipOneByte(0);
        VersioningFixture cold = fx.reopened();

        readFails(cold, 0, 0);
        readFails(cold, 1, 0);
        readFails(cold, 5, 0);
        VerifyReport report = cold.verify();
        assertThat(commitsOf(report.bad())).containsExactly(id(0).hex());
        assertThat(commitsOf(report.unreadable())).containsExactlyElementsOf(hexes(1, 5));
        assertThat(cold.text(OTHER, "main")).isEqualTo("Pitch the product in two lines.\n");
        assertThat(cold.verify.verify(WS, name(OTHER)).ok()).isTrue();
    }

    @Test
    void blamesAnAlteredMessageOnItsCommit() {
        database.update("UPDATE commits SET message = 'forged' WHERE id = ?", id(4).hex());
        VersioningFixture cold = fx.reopened();

        readFails(cold, 4, 4);
        assertThat(commitsOf(cold.verify().bad())).containsExactly(id(4).hex());
    }

    @Test
    void keepsDeltaChainsUnderThePolicyAcrossASnapshot() {
        VersioningFixture shortChains = JdbcVersioningFixtures.on(database)
                .policy(new SnapshotPolicy(2, 10)).build();
        String text = texts.get(5);
        List<CommitId> more = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            text = text + "Extra step " + i + ".\n";
            more.add(shortChains.commit(P, "main", text).id());
        }
        List<StorageKind> kinds = more.stream()
                .map(c -> shortChains.versions.find(WS, name(P), c).orElseThrow().kind()).toList();

        assertThat(kinds).containsExactly(StorageKind.SNAPSHOT, StorageKind.DELTA, StorageKind.DELTA,
                StorageKind.SNAPSHOT, StorageKind.DELTA);
        assertThat(shortChains.versions.chain(WS, name(P), more.get(4)))
                .extracting(v -> v.commit().id()).containsExactly(more.get(3), more.get(4));
        assertThat(shortChains.reopened().text(P, "main")).isEqualTo(text);
    }
}
