package dev.promptforge.infra.versioning.jdbc;

import static dev.promptforge.domain.versioning.VersioningFixture.WS;
import static dev.promptforge.domain.versioning.VersioningFixture.name;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promptforge.domain.shared.Conflict;
import dev.promptforge.domain.shared.Page;
import dev.promptforge.domain.versioning.Commit;
import dev.promptforge.domain.versioning.CommitPromptVersionCommand;
import dev.promptforge.domain.versioning.LogQuery;
import dev.promptforge.domain.versioning.MergeConflict;
import dev.promptforge.domain.versioning.MergeOutcome;
import dev.promptforge.domain.versioning.PromptSummary;
import dev.promptforge.domain.versioning.RefName;
import dev.promptforge.domain.versioning.StaleRef;
import dev.promptforge.domain.versioning.VersioningFixture;
import dev.promptforge.infra.shared.jdbc.SqliteTestDatabase;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The use cases over the real adapters: search, prefixes, merges and reverts on a SQLite file. */
class JdbcVersioningFlowTest {
    private static final String P = "support/triage";

    @TempDir
    Path dir;
    private SqliteTestDatabase database;
    private VersioningFixture fx;

    @BeforeEach
    void open() {
        database = SqliteTestDatabase.migratedIn(dir);
        fx = JdbcVersioningFixtures.on(database).build();
    }

    @AfterEach
    void close() {
        database.close();
    }

    private List<String> search(String query) {
        Page<PromptSummary> page = fx.listPrompts.list(WS, query, null, 50);
        return page.items().stream().map(s -> s.name().value()).toList();
    }

    @Test
    void findsPromptsByContentWordAndNamePrefixAndFollowsMain() {
        fx.create(P, "Classify the customer ticket by urgency.\n");
        fx.create("sales/pitch", "Write a cheerful pitch.\n");

        assertThat(search("urgency")).containsExactly(P);
        assertThat(search("tria")).containsExactly(P);
        assertThat(search("cheer")).containsExactly("sales/pitch");

        fx.branch(P, "draft", "main");
        fx.commit(P, "draft", "Route the ticket to a team.\n");
        assertThat(search("route")).isEmpty();
        assertThat(search("urgency")).containsExactly(P);

        Commit main = fx.commit(P, "main", "Sort the ticket by severity.\n");
        assertThat(search("severity")).containsExactly(P);
        assertThat(search("urgency")).isEmpty();
        assertThat(fx.listPrompts.list(WS, null, null, 50).items())
                .contains(new PromptSummary(name(P), main.id(), main.committedAt()));
    }

    @Test
    void readsByPrefixAndRejectsAStaleHead() {
        Commit first = fx.create(P, "one\n");
        Commit second = fx.commit(P, "main", "two\n");

        assertThat(fx.text(P, first.id().hex().substring(0, 8))).isEqualTo("one\n");
        assertThat(fx.text(P, second.id().hex().substring(0, 12))).isEqualTo("two\n");
        assertThatThrownBy(() -> fx.commitVersion.commit(new CommitPromptVersionCommand(
                WS, name(P), RefName.MAIN, first.id().hex(), "late\n", null, "late",
                VersioningFixture.AUTHOR)))
                .isInstanceOfSatisfying(StaleRef.class, e -> assertThat(e.current()).isEqualTo(second.id()));
        assertThat(fx.graph(P)).hasSize(2);
        assertThatThrownBy(() -> fx.create(P, "again\n")).isInstanceOfSatisfying(Conflict.class,
                e -> assertThat(e.code()).isEqualTo("versioning.prompt-exists"));
    }

    @Test
    void mergesCleanlyAndWritesNothingOnAConflict() {
        fx.create(P, "a\nb\nc\nd\ne\n");
        fx.branch(P, "feature", "main");
        fx.commit(P, "main", "A\nb\nc\nd\ne\n");
        fx.commit(P, "feature", "a\nb\nc\nd\nE\n");

        MergeOutcome merged = fx.merge(P, "feature", "main");

        assertThat(merged).isInstanceOf(MergeOutcome.Merged.class);
        assertThat(((MergeOutcome.Merged) merged).commit().parents()).hasSize(2);
        assertThat(fx.reopened().text(P, "main")).isEqualTo("A\nb\nc\nd\nE\n");

        fx.commit(P, "main", "A\nb\nC (main)\nd\nE\n");
        fx.commit(P, "feature", "a\nb\nC (feature)\nd\nE\n");
        int stored = fx.graph(P).size();
        var head = fx.head(P, "main");
        assertThatThrownBy(() -> fx.merge(P, "feature", "main")).isInstanceOf(MergeConflict.class);
        assertThat(fx.graph(P)).hasSize(stored);
        assertThat(fx.head(P, "main")).isEqualTo(head);

        List<Commit> log = fx.log.list(new LogQuery(WS, name(P), "main", null, 50)).items();
        assertThat(log).hasSize(5).doesNotHaveDuplicates();
        assertThat(log.get(1)).isEqualTo(((MergeOutcome.Merged) merged).commit());
    }

    @Test
    void revertsTheFirstCommitToAnEmptyPromptThatReadsBackAfterARestart() {
        Commit first = fx.create(P, "hello\n", "{\"model\":\"m\"}");

        Commit revert = fx.revert(P, first.id(), "main");

        assertThat(revert.contentLength()).isZero();
        VersioningFixture cold = fx.reopened();
        assertThat(cold.text(P, "main")).isEmpty();
        assertThat(cold.verify().ok()).isTrue();
        assertThat(cold.read(P, "main").commit().config()).isNull();
    }
}
