package dev.promptforge.domain.versioning;

import static dev.promptforge.domain.versioning.VersioningFixture.AUTHOR;
import static dev.promptforge.domain.versioning.VersioningFixture.WS;
import static dev.promptforge.domain.versioning.VersioningFixture.name;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promptforge.domain.shared.InvalidInput;
import java.util.List;
import org.junit.jupiter.api.Test;

class RevertCommitTest {
    private static final String P = "support/triage";
    private final VersioningFixture fx = VersioningFixture.inMemory().build();

    @Test
    void undoesOneCommitAndKeepsTheOnesAfterIt() {
        fx.create(P, "a\nb\nc\nd\ne\n", "{\"t\":0}");
        Commit bad = fx.commit(P, "main", "a\nB!\nc\nd\ne\n", "{\"t\":1}", "Make b loud\n\ndetails");
        Commit later = fx.commit(P, "main", "a\nB!\nc\nd\nE\n");

        Commit revert = fx.revert(P, bad.id(), "main");

        assertThat(revert.parents()).containsExactly(later.id());
        assertThat(revert.message()).isEqualTo("Revert \"Make b loud\"\n\nThis reverts commit " + bad.id() + ".");
        assertThat(revert.config()).isEqualTo("{\"t\":0}");
        assertThat(fx.text(P, "main")).isEqualTo("a\nb\nc\nd\nE\n");
        assertThat(fx.reopened().text(P, "main")).isEqualTo("a\nb\nc\nd\nE\n");
    }

    @Test
    void revertsTheFirstCommitToAnEmptyPromptWithoutConfiguration() {
        Commit first = fx.create(P, "hello\nworld\n", "{\"t\":0}");

        Commit revert = fx.revert(P, first.id(), "main");

        assertThat(revert.contentLength()).isZero();
        assertThat(revert.config()).isNull();
        assertThat(fx.text(P, "main")).isEmpty();
        assertThat(fx.reopened().text(P, "main")).isEmpty();
        assertThat(fx.verify().ok()).isTrue();
    }

    @Test
    void writesNothingWhenALaterCommitChangedTheSameLines() {
        fx.create(P, "a\nb\nc\n");
        Commit changed = fx.commit(P, "main", "a\nB\nc\n");
        Commit again = fx.commit(P, "main", "a\nBB\nc\n");
        int stored = fx.graph(P).size();

        assertThatThrownBy(() -> fx.revert(P, changed.id(), "main"))
                .isInstanceOfSatisfying(MergeConflict.class, e -> assertThat(e.hunks()).containsExactly(
                        new ConflictHunk(2, List.of("B"), List.of("BB"), List.of("b"))));
        assertThat(fx.head(P, "main")).isEqualTo(again.id());
        assertThat(fx.graph(P)).hasSize(stored);
    }

    @Test
    void refusesToRevertACommitThatIsNotOnTheBranch() {
        fx.create(P, "a\n");
        fx.branch(P, "feature", "main");
        Commit elsewhere = fx.commit(P, "feature", "b\n");

        assertThatThrownBy(() -> fx.revert(P, elsewhere.id(), "main"))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.code()).isEqualTo("versioning.not-on-branch"));
    }

    @Test
    void refusesToRevertOnAHeadTheCallerHasNotSeen() {
        Commit first = fx.create(P, "a\n");
        Commit moved = fx.commit(P, "main", "a\nb\n");

        assertThatThrownBy(() -> fx.revert.revert(new RevertCommand(WS, name(P), moved.id().hex(), RefName.MAIN,
                first.id().hex(), AUTHOR)))
                .isInstanceOfSatisfying(StaleRef.class, e -> assertThat(e.current()).isEqualTo(moved.id()));
    }
}
