package dev.promptforge.domain.versioning;

import static dev.promptforge.domain.versioning.VersioningFixture.AUTHOR;
import static dev.promptforge.domain.versioning.VersioningFixture.WS;
import static dev.promptforge.domain.versioning.VersioningFixture.name;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MergeBranchesTest {
    private static final String P = "support/triage";
    private static final String BASE = "one\ntwo\nthree\nfour\nfive\n";
    private final VersioningFixture fx = VersioningFixture.inMemory().build();
    private Commit root;

    @BeforeEach
    void prompt() {
        root = fx.create(P, BASE, "{\"model\":\"m\"}");
        fx.branch(P, "feature", "main");
    }

    @Test
    void isUpToDateWhenTheSourceIsAlreadyMerged() {
        Commit head = fx.commit(P, "main", "one\n");

        assertThat(fx.merge(P, "feature", "main")).isEqualTo(new MergeOutcome.UpToDate(head.id()));
        assertThat(fx.head(P, "main")).isEqualTo(head.id());
        assertThat(fx.graph(P)).hasSize(2);
    }

    @Test
    void fastForwardsWhenTheTargetHasNothingOfItsOwn() {
        Commit f = fx.commit(P, "feature", "one\ntwo\nthree\nfour\nfive\nsix {{extra}}\n");

        assertThat(fx.merge(P, "feature", "main")).isEqualTo(new MergeOutcome.FastForward(f.id()));
        assertThat(fx.head(P, "main")).isEqualTo(f.id());
        assertThat(fx.graph(P)).hasSize(2);
        assertThat(fx.refs.history(WS, name(P), RefName.MAIN).get(0))
                .satisfies(m -> assertThat(m.reason()).contains("fast-forward"));
        assertThat(fx.listPrompts.list(WS, "extra", null, 5).items()).hasSize(1);
    }

    @Test
    void mergesChangesOfBothSidesIntoACommitWithTwoParents() {
        Commit ours = fx.commit(P, "main", "ONE\ntwo\nthree\nfour\nfive\n");
        Commit theirs = fx.commit(P, "feature", "one\ntwo\nthree\nfour\nFIVE\nsix\n", "{\"model\":\"n\"}", "feat");

        MergeOutcome outcome = fx.merge(P, "feature", "main");

        assertThat(outcome).isInstanceOfSatisfying(MergeOutcome.Merged.class, m -> {
            assertThat(m.commit().parents()).containsExactly(ours.id(), theirs.id());
            assertThat(m.commit().config()).isEqualTo("{\"model\":\"n\"}");
            assertThat(m.commit().message()).isEqualTo("Merge 'feature' into 'main'");
            assertThat(fx.head(P, "main")).isEqualTo(m.commit().id());
        });
        assertThat(fx.text(P, "main")).isEqualTo("ONE\ntwo\nthree\nfour\nFIVE\nsix\n");
        assertThat(fx.reopened().text(P, "main")).isEqualTo("ONE\ntwo\nthree\nfour\nFIVE\nsix\n");
        assertThat(fx.head(P, "feature")).isEqualTo(theirs.id());
    }

    @Test
    void writesNothingWhenBothSidesChangedTheSameLine() {
        Commit ours = fx.commit(P, "main", "one\nTWO (main)\nthree\nfour\nfive\n");
        fx.commit(P, "feature", "one\nTWO (feature)\nthree\nfour\nfive\n");
        int stored = fx.graph(P).size();
        int moves = fx.refs.history(WS, name(P), RefName.MAIN).size();

        assertThatThrownBy(() -> fx.merge(P, "feature", "main"))
                .isInstanceOfSatisfying(MergeConflict.class, e -> {
                    assertThat(e.code()).isEqualTo("versioning.merge-conflict");
                    assertThat(e.hunks()).containsExactly(new ConflictHunk(2, List.of("two"),
                            List.of("TWO (main)"), List.of("TWO (feature)")));
                    assertThat(e.config()).isNull();
                });
        assertThat(fx.head(P, "main")).isEqualTo(ours.id());
        assertThat(fx.graph(P)).hasSize(stored);
        assertThat(fx.refs.history(WS, name(P), RefName.MAIN)).hasSize(moves);
    }

    @Test
    void writesNothingWhenBothSidesChangedTheConfigurationDifferently() {
        Commit ours = fx.commit(P, "main", "ONE\ntwo\nthree\nfour\nfive\n", "{\"model\":\"a\"}", "a");
        fx.commit(P, "feature", "one\ntwo\nthree\nfour\nFIVE\n", "{\"model\":\"b\"}", "b");
        int stored = fx.graph(P).size();

        assertThatThrownBy(() -> fx.merge(P, "feature", "main"))
                .isInstanceOfSatisfying(MergeConflict.class, e -> {
                    assertThat(e.hunks()).isEmpty();
                    assertThat(e.config()).isEqualTo(new MergeConflict.ConfigConflict("{\"model\":\"m\"}",
                            "{\"model\":\"a\"}", "{\"model\":\"b\"}"));
                });
        assertThat(fx.head(P, "main")).isEqualTo(ours.id());
        assertThat(fx.graph(P)).hasSize(stored);
    }

    @Test
    void refusesToMergeIntoAHeadTheCallerHasNotSeen() {
        fx.commit(P, "feature", "x\n");
        Commit moved = fx.commit(P, "main", "y\n");

        assertThatThrownBy(() -> fx.merge.merge(new MergeCommand(WS, name(P), "feature", RefName.MAIN,
                root.id().hex(), null, AUTHOR)))
                .isInstanceOfSatisfying(StaleRef.class, e -> assertThat(e.current()).isEqualTo(moved.id()));
        assertThat(fx.head(P, "main")).isEqualTo(moved.id());
    }

    @Test
    void mergesALabelOrACommitAsWellAsABranch() {
        Commit f = fx.commit(P, "feature", "one\ntwo\nthree\nfour\nfive\nsix\n");
        fx.label(P, "reviewed", f.id().hex());

        assertThat(fx.merge(P, "reviewed", "main")).isEqualTo(new MergeOutcome.FastForward(f.id()));
    }
}
