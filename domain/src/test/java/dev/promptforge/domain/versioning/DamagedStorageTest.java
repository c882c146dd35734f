package dev.promptforge.domain.versioning;

import static dev.promptforge.domain.versioning.VersioningFixture.WS;
import static dev.promptforge.domain.versioning.VersioningFixture.name;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promptforge.domain.shared.IntegrityViolation;
import dev.promptforge.domain.versioning.port.InMemoryVersionStore;
import dev.promptforge.domain.versioning.port.RefStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Damage to one stored row is caught on read and by verify, and is blamed on that row's commit. */
class DamagedStorageTest {
    private static final String P = "support/triage";
    private static final String OTHER = "sales/pitch";
    private final VersioningFixture fx = VersioningFixture.inMemory().build();
    private final List<Commit> commits = new ArrayList<>();
    private final List<String> texts = new ArrayList<>();

    @BeforeEach
    void history() {
        String text = String.join("", IntStream.rangeClosed(1, 30).mapToObj(i -> "line " + i + "\n").toList());
        commits.add(fx.create(P, text));
        texts.add(text);
        for (int i = 1; i <= 5; i++) {
            text = text.replace("line " + (i * 4) + "\n", "line " + (i * 4) + " changed\n");
            commits.add(fx.commit(P, "main", text));
            texts.add(text);
        }
        fx.create(OTHER, "pitch one\n");
        fx.commit(OTHER, "main", "pitch two\n");
        for (int i = 1; i <= 5; i++) {
            assertThat(fx.versions.find(WS, name(P), id(i)).orElseThrow().kind()).as("setup: commit %d is a delta", i)
                    .isEqualTo(StorageKind.DELTA);
        }
    }

    private CommitId id(int i) {
        return commits.get(i).id();
    }

    private InMemoryVersionStore memory() {
        return fx.memoryVersions();
    }

    private void replaceInPayload(int commit, String from, String to) {
        memory().tamper(id(commit), bytes -> {
            String s = new String(bytes, StandardCharsets.UTF_8);
            assertThat(s).as("payload of commit %d", commit).contains(from);
            return s.replace(from, to).getBytes(StandardCharsets.UTF_8);
        });
    }

    private Version read(VersioningFixture f, int commit) {
        return f.readVersion.read(new ReadPromptQuery(WS, name(P), id(commit).hex(), true));
    }

    private static List<String> commitsOf(List<VerifyReport.Problem> problems) {
        return problems.stream().map(VerifyReport.Problem::commit).toList();
    }

    private List<String> hexes(int... indexes) {
        return IntStream.of(indexes).mapToObj(i -> id(i).hex()).toList();
    }

    @Test
    void findsNothingWrongWithCleanStorage() {
        VerifyReport report = fx.verify();

        assertThat(report.ok()).isTrue();
        assertThat(report.checked()).isEqualTo(8);
        assertThat(fx.verify.verify(WS, name(P)).checked()).isEqualTo(6);
    }

    @Test
    void blamesAnAlteredDeltaOnItsCommitAndListsTheDeltasStoredOnIt() {
        replaceInPayload(2, "line 8 changed", "line 8 chAnged");

        VerifyReport report = fx.verify();

        assertThat(commitsOf(report.bad())).containsExactly(id(2).hex());
        assertThat(report.bad().get(0).prompt()).isEqualTo(name(P));
        assertThat(commitsOf(report.unreadable())).containsExactlyElementsOf(hexes(3, 4, 5));
        assertThat(report.unreadable()).allSatisfy(p -> assertThat(p.problem()).contains(id(2).abbreviated()));
        assertThat(report.checked()).isEqualTo(8);
    }

    @Test
    void refusesToReturnTheTextOfAnAlteredDelta() {
        replaceInPayload(2, "line 8 changed", "line 8 chAnged");
        VersioningFixture cold = fx.reopened();

        assertThatThrownBy(() -> read(cold, 2)).isInstanceOfSatisfying(IntegrityViolation.class, e -> {
            assertThat(e.code()).isEqualTo("versioning.integrity");
            assertThat(e.subject()).isEqualTo(id(2).hex());
            assertThat(e.getMessage()).contains(id(2).abbreviated());
        });
        for (int i = 3; i <= 5; i++) {
            int descendant = i;
            assertThatThrownBy(() -> read(cold, descendant)).isInstanceOfSatisfying(IntegrityViolation.class,
                    e -> assertThat(e.code()).isEqualTo("versioning.integrity"));
        }
        assertThat(read(cold, 1).content()).isEqualTo(texts.get(1));
        assertThat(cold.text(OTHER, "main")).isEqualTo("pitch two\n");
    }

    @Test
    void namesTheDamagedCommitWhenReadingADescendantThroughIt() {
        replaceInPayload(2, "line 8 changed", "line 8 chAnged");
        VersioningFixture cold = fx.reopened();

        assertThatThrownBy(() -> read(cold, 4)).isInstanceOfSatisfying(IntegrityViolation.class,
                e -> assertThat(e.subject()).as("the commit whose row is broken").isEqualTo(id(2).hex()));
    }

    @Test
    void namesTheCommitWhoseDeltaNoLongerAppliesWhenReadingADescendant() {
        replaceInPayload(2, "-line 8\n", "-line 9\n");
        VersioningFixture cold = fx.reopened();

        assertThatThrownBy(() -> read(cold, 2)).isInstanceOfSatisfying(IntegrityViolation.class,
                e -> assertThat(e.subject()).isEqualTo(id(2).hex()));
        assertThatThrownBy(() -> read(cold, 5)).isInstanceOfSatisfying(IntegrityViolation.class,
                e -> assertThat(e.subject()).as("the commit whose row is broken").isEqualTo(id(2).hex()));
        VerifyReport report = fx.verify();
        assertThat(commitsOf(report.bad())).containsExactly(id(2).hex());
        assertThat(commitsOf(report.unreadable())).containsExactlyElementsOf(hexes(3, 4, 5));
    }

    @Test
    void blamesAnAlteredSnapshotOnItsCommitAndListsEveryDeltaStoredOnIt() {
        replaceInPayload(0, "line 17\n", "line 71\n");

        VerifyReport report = fx.verify();

        assertThat(commitsOf(report.bad())).containsExactly(id(0).hex());
        assertThat(commitsOf(report.unreadable())).containsExactlyElementsOf(hexes(1, 2, 3, 4, 5));
        assertThatThrownBy(() -> read(fx.reopened(), 0)).isInstanceOfSatisfying(IntegrityViolation.class,
                e -> assertThat(e.subject()).isEqualTo(id(0).hex()));
        assertThat(fx.reopened().text(OTHER, "main")).isEqualTo("pitch two\n");
    }

    @Test
    void blamesASnapshotThatIsNotUtf8() {
        memory().tamper(id(0), bytes -> {
            bytes[3] = (byte) 0xC3;
            bytes[4] = (byte) 0x28;
            return bytes;
        });

        assertThat(commitsOf(fx.verify().bad())).containsExactly(id(0).hex());
        assertThatThrownBy(() -> read(fx.reopened(), 0)).isInstanceOfSatisfying(IntegrityViolation.class,
                e -> assertThat(e.getMessage()).contains("UTF-8"));
    }

    @Test
    void blamesACommitWhoseStoredFieldsNoLongerHashToItsId() {
        memory().tamperRow(id(3), v -> {
            Commit c = v.commit();
            Commit forged = Commit.restore(c.id(), c.prompt(), c.parents(), "mallory", c.message(), c.committedAt(),
                    c.contentHash(), c.contentLength(), c.config());
            return new StoredVersion(forged, v.kind(), v.base(), v.chainLength(), v.chainBytes(), v.payload());
        });

        VerifyReport report = fx.verify();

        assertThat(commitsOf(report.bad())).containsExactly(id(3).hex());
        assertThat(report.bad().get(0).problem()).contains("commit id");
        assertThatThrownBy(() -> read(fx.reopened(), 3)).isInstanceOfSatisfying(IntegrityViolation.class,
                e -> assertThat(e.subject()).isEqualTo(id(3).hex()));
        assertThat(read(fx.reopened(), 2).content()).isEqualTo(texts.get(2));
    }

    @Test
    void reportsARefThatPointsAtACommitThatIsNotStored() {
        CommitId ghost = new CommitId("0".repeat(64));
        fx.refs.compareAndSet(WS, name(P), new RefName("production"), RefKind.LABEL, null, ghost, true,
                new RefStore.Change("x", "y", VersioningFixture.T0));

        VerifyReport report = fx.verify();

        assertThat(report.bad()).singleElement().satisfies(p -> {
            assertThat(p.commit()).isEqualTo(ghost.hex());
            assertThat(p.problem()).contains("production");
        });
        assertThat(report.unreadable()).isEmpty();
    }
}
