package dev.promptforge.domain.versioning;

import static dev.promptforge.domain.versioning.VersioningFixture.AUTHOR;
import static dev.promptforge.domain.versioning.VersioningFixture.WS;
import static dev.promptforge.domain.versioning.VersioningFixture.name;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promptforge.domain.shared.Conflict;
import dev.promptforge.domain.shared.InvalidInput;
import dev.promptforge.domain.shared.NotFound;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BranchesAndLabelsTest {
    private static final String P = "support/triage";
    private static final RefName PRODUCTION = new RefName("production");
    private final VersioningFixture fx = VersioningFixture.inMemory().build();
    private Commit v1;
    private Commit v2;

    @BeforeEach
    void history() {
        v1 = fx.create(P, "one\n");
        v2 = fx.commit(P, "main", "two\n");
    }

    private RefCommand cmd(String ref, String target, String expected, String reason) {
        fx.tick();
        return new RefCommand(WS, name(P), new RefName(ref), target, expected, "bob", reason);
    }

    @Test
    void createsABranchAtMainOrAtAnyCommit() {
        Ref atMain = fx.createBranch.create(cmd("feature", null, null, null));
        Ref atOld = fx.createBranch.create(cmd("hotfix", v1.id().hex().substring(0, 10), null, "for the incident"));

        assertThat(atMain.target()).isEqualTo(v2.id());
        assertThat(atMain.kind()).isEqualTo(RefKind.BRANCH);
        assertThat(atOld.target()).isEqualTo(v1.id());
        assertThat(fx.listRefs.list(new RefsQuery(WS, name(P), RefKind.BRANCH))).extracting(r -> r.name().value())
                .containsExactly("feature", "hotfix", "main");
        assertThat(fx.refHistory.read(new RefHistoryQuery(WS, name(P), new RefName("hotfix")))).singleElement()
                .isEqualTo(new RefMove(new RefName("hotfix"), RefKind.BRANCH, null, v1.id(), "bob", "for the incident",
                        fx.clock.instant()));
    }

    @Test
    void refusesABranchNameThatIsTaken() {
        fx.label(P, "production", "main");

        assertThatThrownBy(() -> fx.createBranch.create(cmd("main", v1.id().hex(), null, null)))
                .isInstanceOfSatisfying(Conflict.class, e -> assertThat(e.code()).isEqualTo("versioning.ref-exists"));
        assertThatThrownBy(() -> fx.createBranch.create(cmd("production", null, null, null)))
                .isInstanceOfSatisfying(Conflict.class, e -> assertThat(e.code()).isEqualTo("versioning.ref-exists"));
        assertThat(fx.head(P, "main")).isEqualTo(v2.id());
    }

    @Test
    void refusesANameThatIsAnotherRefsFolderOrLiesInsideOne() {
        fx.branch(P, "feat", "main");
        fx.label(P, "release/2026", "main");

        // git keeps refs as paths: it cannot hold refs/heads/feat and refs/heads/feat/x, and its import lost one
        for (String name : List.of("feat/x", "feat/x/y", "release", "release/2026/rc1")) {
            assertThatThrownBy(() -> fx.createBranch.create(cmd(name, null, null, null))).as(name)
                    .isInstanceOfSatisfying(Conflict.class, e -> assertThat(e.code())
                            .isEqualTo("versioning.ref-name-conflict"))
                    .hasMessageContaining("'" + name + "' cannot be created");
            assertThatThrownBy(() -> fx.moveLabel.move(cmd(name, "main", null, null))).as("label " + name)
                    .isInstanceOfSatisfying(Conflict.class, e -> assertThat(e.code())
                            .isEqualTo("versioning.ref-name-conflict"));
            assertThat(fx.refs.find(WS, name(P), new RefName(name))).as(name).isEmpty();
        }
        assertThatThrownBy(() -> fx.createBranch.create(cmd("feat/x", null, null, null)))
                .hasMessageContaining("while its branch 'feat' exists").hasMessageContaining("delete 'feat' first");
        // names that only share a prefix of characters are fine, and an existing label still moves
        fx.createBranch.create(cmd("feature", null, null, null));
        fx.createBranch.create(cmd("feat-x", null, null, null));
        fx.createBranch.create(cmd("releases/2026", null, null, null));
        fx.moveLabel.move(cmd("release/2026", v1.id().hex(), null, null));
        assertThat(fx.refs.find(WS, name(P), new RefName("release/2026")).orElseThrow().target()).isEqualTo(v1.id());
    }

    @Test
    void deletesABranchAndRecordsIt() {
        fx.branch(P, "feature", "main");

        RefUpdate u = fx.deleteBranch.delete(cmd("feature", null, null, "merged"));

        assertThat(u).isEqualTo(new RefUpdate.Deleted(v2.id()));
        assertThat(fx.refs.find(WS, name(P), new RefName("feature"))).isEmpty();
        List<RefMove> history = fx.refHistory.read(new RefHistoryQuery(WS, name(P), new RefName("feature")));
        assertThat(history).hasSize(2);
        assertThat(history.get(0).to()).isNull();
        assertThat(history.get(0).reason()).isEqualTo("merged");
    }

    @Test
    void neverDeletesMain() {
        assertThatThrownBy(() -> fx.deleteBranch.delete(cmd("main", null, v2.id().hex(), null)))
                .isInstanceOfSatisfying(Conflict.class, e -> assertThat(e.code()).isEqualTo("versioning.main-protected"));
        assertThat(fx.head(P, "main")).isEqualTo(v2.id());
    }

    @Test
    void refusesToDeleteABranchThatMoved() {
        fx.branch(P, "feature", v1.id().hex());

        assertThatThrownBy(() -> fx.deleteBranch.delete(cmd("feature", null, v2.id().hex(), null)))
                .isInstanceOfSatisfying(StaleRef.class, e -> assertThat(e.current()).isEqualTo(v1.id()));
        assertThat(fx.refs.find(WS, name(P), new RefName("feature"))).isPresent();
        assertThatThrownBy(() -> fx.deleteBranch.delete(cmd("nope", null, null, null)))
                .isInstanceOf(NotFound.class);
    }

    @Test
    void createsALabelThenMovesItForwardAndBack() {
        RefUpdate created = fx.moveLabel.move(cmd("production", v1.id().hex(), null, null));
        RefUpdate forward = fx.moveLabel.move(cmd("production", "main", v1.id().hex(), null));
        RefUpdate back = fx.moveLabel.move(cmd("production", v1.id().hex(), null, "roll back"));
        RefUpdate same = fx.moveLabel.move(cmd("production", v1.id().hex(), null, null));

        assertThat(created).isEqualTo(new RefUpdate.Created(v1.id()));
        assertThat(forward).isEqualTo(new RefUpdate.FastForward(v1.id(), v2.id()));
        assertThat(back).isEqualTo(new RefUpdate.Moved(v2.id(), v1.id()));
        assertThat(same).isEqualTo(new RefUpdate.NoChange(v1.id()));
        assertThat(fx.refHistory.read(new RefHistoryQuery(WS, name(P), PRODUCTION))).extracting(RefMove::reason)
                .containsExactly("roll back", "move label", "move label");
    }

    @Test
    void refusesToMoveALabelThatIsNotWhereTheCallerExpects() {
        fx.label(P, "production", v1.id().hex());
        fx.label(P, "production", "main");

        assertThatThrownBy(() -> fx.moveLabel.move(cmd("production", v1.id().hex(), v1.id().hex(), null)))
                .isInstanceOfSatisfying(StaleRef.class, e -> {
                    assertThat(e.current()).isEqualTo(v2.id());
                    assertThat(e.ref()).isEqualTo(PRODUCTION);
                });
        assertThatThrownBy(() -> fx.moveLabel.move(cmd("canary", "main", v1.id().hex(), null)))
                .isInstanceOfSatisfying(StaleRef.class, e -> assertThat(e.current()).isNull());
        assertThat(fx.head(P, "production")).isEqualTo(v2.id());
        assertThat(fx.refs.find(WS, name(P), new RefName("canary"))).isEmpty();
    }

    @Test
    void anExpectedIdThatNamesNoCommitIsStaleNotMissing() {
        fx.label(P, "production", v1.id().hex());
        fx.branch(P, "feature", v1.id().hex());

        // the caller's view is out of date whether or not its id names a commit: 409 with where the ref is
        for (String unknown : java.util.List.of("f".repeat(64), "deadbeef")) {
            assertThatThrownBy(() -> fx.moveLabel.move(cmd("production", "main", unknown, null)))
                    .as(unknown).isInstanceOfSatisfying(StaleRef.class, e -> {
                        assertThat(e.current()).isEqualTo(v1.id());
                        assertThat(e.getMessage()).contains("not at the expected " + unknown);
                    });
            assertThatThrownBy(() -> fx.deleteBranch.delete(cmd("feature", null, unknown, null)))
                    .as(unknown).isInstanceOfSatisfying(StaleRef.class, e -> assertThat(e.current()).isEqualTo(v1.id()));
        }
        assertThat(fx.head(P, "production")).isEqualTo(v1.id());
        // an abbreviation of where the label is still moves it
        assertThat(fx.moveLabel.move(cmd("production", "main", v1.id().hex().substring(0, 8), null)))
                .isEqualTo(new RefUpdate.FastForward(v1.id(), v2.id()));
        assertThat(fx.deleteBranch.delete(cmd("feature", null, v1.id().hex().substring(0, 10), null)))
                .isInstanceOf(RefUpdate.class);
        assertThat(fx.refs.find(WS, name(P), new RefName("feature"))).isEmpty();
    }

    @Test
    void refusesToMoveABranchAsALabel() {
        assertThatThrownBy(() -> fx.moveLabel.move(cmd("main", v1.id().hex(), null, null)))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.code()).isEqualTo("versioning.not-a-label"));
        assertThat(fx.head(P, "main")).isEqualTo(v2.id());
    }

    @Test
    void reportsTheHistoryOfARefThatNeverExisted() {
        assertThatThrownBy(() -> fx.refHistory.read(new RefHistoryQuery(WS, name(P), new RefName("never"))))
                .isInstanceOfSatisfying(NotFound.class, e -> assertThat(e.code()).isEqualTo("versioning.ref-not-found"));
        assertThatThrownBy(() -> fx.listRefs.list(new RefsQuery(WS, name("ghost"), RefKind.BRANCH))).isInstanceOf(NotFound.class);
    }

    @Test
    void checksTheActor() {
        assertThatThrownBy(() -> new RefCommand(WS, name(P), PRODUCTION, "main", null, "", null))
                .isInstanceOf(InvalidInput.class);
        assertThat(new RefCommand(WS, name(P), PRODUCTION, "main", null, AUTHOR, null).actor()).isEqualTo(AUTHOR);
    }
}
