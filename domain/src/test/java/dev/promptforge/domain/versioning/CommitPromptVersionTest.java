package dev.promptforge.domain.versioning;

import static dev.promptforge.domain.versioning.VersioningFixture.AUTHOR;
import static dev.promptforge.domain.versioning.VersioningFixture.WS;
import static dev.promptforge.domain.versioning.VersioningFixture.name;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promptforge.domain.shared.InvalidInput;
import dev.promptforge.domain.shared.NotFound;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CommitPromptVersionTest {
    private static final String P = "support/triage";
    private static final String TEXT = "You triage support tickets.\nRead the ticket.\nDecide its urgency.\n"
            + "Answer with one word.\n";
    private final VersioningFixture fx = VersioningFixture.inMemory().build();
    private Commit root;

    @BeforeEach
    void createPrompt() {
        root = fx.create(P, TEXT, "{\"model\":\"m\"}");
    }

    private Commit commit(String expectedHead, String content, String config) {
        fx.tick();
        return fx.commitVersion.commit(new CommitPromptVersionCommand(WS, name(P), RefName.MAIN, expectedHead,
                content, config, "change", AUTHOR));
    }

    @Test
    void advancesTheBranchAndStoresADeltaOnTheParent() {
        String next = TEXT.replace("Decide", "Judge");
        Commit c = commit(root.id().hex(), next, null);

        assertThat(c.parents()).containsExactly(root.id());
        assertThat(fx.head(P, "main")).isEqualTo(c.id());
        StoredVersion stored = fx.versions.find(WS, name(P), c.id()).orElseThrow();
        assertThat(stored.kind()).isEqualTo(StorageKind.DELTA);
        assertThat(stored.base()).isEqualTo(root.id());
        assertThat(stored.chainLength()).isEqualTo(1);
        assertThat(fx.reopened().text(P, c.id().hex())).isEqualTo(next);
        assertThat(fx.refs.history(WS, name(P), RefName.MAIN).get(0).reason()).isEqualTo("commit: change");
    }

    @Test
    void keepsTheHeadsConfigurationUnlessANewOneIsGiven() {
        Commit kept = commit(root.id().hex(), "x\n", null);
        Commit changed = commit(kept.id().hex(), "y\n", "{\"model\":\"n\"}");

        assertThat(kept.config()).isEqualTo("{\"model\":\"m\"}");
        assertThat(changed.config()).isEqualTo("{\"model\":\"n\"}");
    }

    @Test
    void rejectsCommitWhenHeadMoved() {
        Commit moved = commit(root.id().hex(), "moved\n", null);
        int stored = fx.graph(P).size();

        assertThatThrownBy(() -> commit(root.id().hex(), "late\n", null))
                .isInstanceOfSatisfying(StaleRef.class, e -> {
                    assertThat(e.code()).isEqualTo("versioning.ref-stale");
                    assertThat(e.current()).isEqualTo(moved.id());
                    assertThat(e.ref()).isEqualTo(RefName.MAIN);
                });
        assertThat(fx.graph(P)).hasSize(stored);
        assertThat(fx.head(P, "main")).isEqualTo(moved.id());
        assertThat(fx.refs.history(WS, name(P), RefName.MAIN)).hasSize(2);
    }

    @Test
    void rejectsAnAbbreviatedExpectedHeadOfAnOlderCommit() {
        Commit moved = commit(root.id().hex(), "moved\n", null);

        assertThatThrownBy(() -> commit(root.id().hex().substring(0, 8), "late\n", null))
                .isInstanceOfSatisfying(StaleRef.class, e -> assertThat(e.current()).isEqualTo(moved.id()));
    }

    @Test
    void treatsAnAbbreviatedExpectedHeadThatMatchesNoCommitAsStale() {
        String unknown = root.id().hex().startsWith("00000000") ? "11111111" : "00000000";
        int stored = fx.graph(P).size();

        assertThatThrownBy(() -> commit(unknown, "late\n", null))
                .isInstanceOfSatisfying(StaleRef.class, e -> {
                    assertThat(e.current()).isEqualTo(root.id());
                    assertThat(e.getMessage()).contains("not at the expected " + unknown);
                });
        assertThat(fx.graph(P)).hasSize(stored);
    }

    @Test
    void acceptsAnAbbreviatedExpectedHead() {
        Commit c = commit(root.id().hex().substring(0, 8), "short id\n", null);

        assertThat(c.parents()).containsExactly(root.id());
        assertThat(fx.head(P, "main")).isEqualTo(c.id());
    }

    @Test
    void rejectsAnExpectedHeadThatIsNotACommitId() {
        assertThatThrownBy(() -> commit("main", "x\n", null))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.code()).isEqualTo("versioning.invalid-commit-id"));
        assertThatThrownBy(() -> commit("abc", "x\n", null)).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> new CommitPromptVersionCommand(WS, name(P), RefName.MAIN, "", "x", null, "m", AUTHOR))
                .isInstanceOfSatisfying(InvalidInput.class,
                        e -> assertThat(e.code()).isEqualTo("versioning.expected-head-required"));
    }

    @Test
    void refusesToCommitOnALabelOrAMissingBranchOrPrompt() {
        fx.label(P, "production", "main");

        assertThatThrownBy(() -> fx.commitVersion.commit(new CommitPromptVersionCommand(WS, name(P),
                new RefName("production"), root.id().hex(), "x", null, "m", AUTHOR)))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.code()).isEqualTo("versioning.not-a-branch"));
        assertThatThrownBy(() -> fx.commitVersion.commit(new CommitPromptVersionCommand(WS, name(P),
                new RefName("nope"), root.id().hex(), "x", null, "m", AUTHOR)))
                .isInstanceOfSatisfying(NotFound.class, e -> assertThat(e.code()).isEqualTo("versioning.branch-not-found"));
        assertThatThrownBy(() -> fx.commitVersion.commit(new CommitPromptVersionCommand(WS, name("ghost"),
                RefName.MAIN, root.id().hex(), "x", null, "m", AUTHOR)))
                .isInstanceOfSatisfying(NotFound.class, e -> assertThat(e.code()).isEqualTo("versioning.prompt-not-found"));
        assertThat(fx.graph(P)).hasSize(1);
    }

    @Test
    void keepsTheSearchIndexOnMainOnly() {
        fx.branch(P, "draft", "main");
        fx.commit(P, "draft", "draft wording\n");

        assertThat(fx.listPrompts.list(WS, "wording", null, 10).items()).isEmpty();

        fx.commit(P, "main", "final phrasing\n");

        assertThat(fx.listPrompts.list(WS, "phrasing", null, 10).items()).hasSize(1);
        assertThat(fx.listPrompts.list(WS, "urgency", null, 10).items()).isEmpty();
    }
}
