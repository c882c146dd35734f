package dev.promptforge.domain.versioning.port;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptforge.domain.shared.WorkspaceId;
import dev.promptforge.domain.versioning.CommitId;
import dev.promptforge.domain.versioning.PromptName;
import dev.promptforge.domain.versioning.Ref;
import dev.promptforge.domain.versioning.RefKind;
import dev.promptforge.domain.versioning.RefMove;
import dev.promptforge.domain.versioning.RefName;
import dev.promptforge.domain.versioning.RefUpdate;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RefStore} must do: each compare-and-swap outcome, and a history entry for every change that
 * happened and for nothing else.
 */
public abstract class RefStoreContract {
    protected static final WorkspaceId WS = WorkspaceId.DEFAULT;
    protected static final PromptName PROMPT = new PromptName("support/triage");
    protected static final PromptName OTHER = new PromptName("sales/pitch");
    protected static final RefName MAIN = RefName.MAIN;
    protected static final RefName PRODUCTION = new RefName("production");
    protected static final CommitId C1 = id('1');
    protected static final CommitId C2 = id('2');
    protected static final CommitId C3 = id('3');
    private static final Instant T1 = Instant.parse("2024-05-01T10:00:01.001Z");
    private static final Instant T2 = Instant.parse("2024-05-01T10:00:02.002Z");

    protected RefStore refs;

    protected abstract RefStore createStore();

    protected abstract void createPrompt(WorkspaceId ws, PromptName name);

    @BeforeEach
    public void setUpRefs() {
        refs = createStore();
        createPrompt(WS, PROMPT);
        createPrompt(WS, OTHER);
    }

    protected static CommitId id(char c) {
        return new CommitId(String.valueOf(c).repeat(64));
    }

    protected static RefStore.Change change(String actor, String reason, Instant at) {
        return new RefStore.Change(actor, reason, at);
    }

    private RefUpdate create(RefName name, RefKind kind, CommitId at) {
        return refs.compareAndSet(WS, PROMPT, name, kind, null, at, true, change("alice", "create", T1));
    }

    @Test
    public void createsARefThatDoesNotExistAndRecordsIt() {
        RefUpdate u = create(MAIN, RefKind.BRANCH, C1);

        assertThat(u).isEqualTo(new RefUpdate.Created(C1));
        assertThat(refs.find(WS, PROMPT, MAIN)).contains(new Ref(MAIN, RefKind.BRANCH, C1, T1));
        assertThat(refs.history(WS, PROMPT, MAIN))
                .containsExactly(new RefMove(MAIN, RefKind.BRANCH, null, C1, "alice", "create", T1));
    }

    @Test
    public void fastForwardsWhenTheCallerSaysTheTargetDescends() {
        create(MAIN, RefKind.BRANCH, C1);
        RefUpdate u = refs.compareAndSet(WS, PROMPT, MAIN, RefKind.BRANCH, C1, C2, true, change("bob", "commit: x", T2));

        assertThat(u).isEqualTo(new RefUpdate.FastForward(C1, C2));
        assertThat(refs.find(WS, PROMPT, MAIN)).contains(new Ref(MAIN, RefKind.BRANCH, C2, T2));
        assertThat(refs.history(WS, PROMPT, MAIN)).containsExactly(
                new RefMove(MAIN, RefKind.BRANCH, C1, C2, "bob", "commit: x", T2),
                new RefMove(MAIN, RefKind.BRANCH, null, C1, "alice", "create", T1));
    }

    @Test
    public void movesWhenTheTargetDoesNotDescend() {
        create(PRODUCTION, RefKind.LABEL, C2);
        RefUpdate u = refs.compareAndSet(WS, PROMPT, PRODUCTION, RefKind.LABEL, C2, C1, false,
                change("carol", "roll back", T2));

        assertThat(u).isEqualTo(new RefUpdate.Moved(C2, C1));
        assertThat(refs.find(WS, PROMPT, PRODUCTION).orElseThrow().target()).isEqualTo(C1);
        assertThat(refs.history(WS, PROMPT, PRODUCTION).get(0))
                .isEqualTo(new RefMove(PRODUCTION, RefKind.LABEL, C2, C1, "carol", "roll back", T2));
    }

    @Test
    public void changesNothingWhenTheRefIsAlreadyAtTheTarget() {
        create(MAIN, RefKind.BRANCH, C1);
        RefUpdate u = refs.compareAndSet(WS, PROMPT, MAIN, RefKind.BRANCH, C1, C1, true, change("bob", "again", T2));

        assertThat(u).isEqualTo(new RefUpdate.NoChange(C1));
        assertThat(u.written()).isFalse();
        assertThat(refs.find(WS, PROMPT, MAIN)).contains(new Ref(MAIN, RefKind.BRANCH, C1, T1));
        assertThat(refs.history(WS, PROMPT, MAIN)).hasSize(1);
    }

    @Test
    public void isStaleWhenTheExpectedValueIsWrong() {
        create(MAIN, RefKind.BRANCH, C1);

        assertThat(refs.compareAndSet(WS, PROMPT, MAIN, RefKind.BRANCH, C2, C3, true, change("bob", "x", T2)))
                .isEqualTo(new RefUpdate.Stale(C2, C1));
        assertThat(refs.compareAndSet(WS, PROMPT, MAIN, RefKind.BRANCH, C2, C2, true, change("bob", "x", T2)))
                .isEqualTo(new RefUpdate.Stale(C2, C1));
        assertThat(refs.find(WS, PROMPT, MAIN)).contains(new Ref(MAIN, RefKind.BRANCH, C1, T1));
        assertThat(refs.history(WS, PROMPT, MAIN)).hasSize(1);
    }

    @Test
    public void isStaleWhenCreatingARefThatExists() {
        create(MAIN, RefKind.BRANCH, C1);

        assertThat(create(MAIN, RefKind.BRANCH, C2)).isEqualTo(new RefUpdate.Stale(null, C1));
        assertThat(create(MAIN, RefKind.BRANCH, C1)).isEqualTo(new RefUpdate.Stale(null, C1));
        assertThat(refs.history(WS, PROMPT, MAIN)).hasSize(1);
    }

    @Test
    public void isStaleWhenTheRefIsAbsent() {
        RefUpdate u = refs.compareAndSet(WS, PROMPT, MAIN, RefKind.BRANCH, C1, C2, true, change("bob", "x", T2));

        assertThat(u).isEqualTo(new RefUpdate.Stale(C1, null));
        assertThat(u.written()).isFalse();
        assertThat(refs.find(WS, PROMPT, MAIN)).isEmpty();
        assertThat(refs.history(WS, PROMPT, MAIN)).isEmpty();
    }

    @Test
    public void rejectsEveryChangeOfTheOtherKindOnATakenName() {
        create(PRODUCTION, RefKind.LABEL, C1);

        assertThat(create(PRODUCTION, RefKind.BRANCH, C2)).isInstanceOf(RefUpdate.Rejected.class);
        assertThat(refs.compareAndSet(WS, PROMPT, PRODUCTION, RefKind.BRANCH, C1, C2, true, change("b", "x", T2)))
                .isInstanceOf(RefUpdate.Rejected.class);
        assertThat(refs.compareAndSet(WS, PROMPT, PRODUCTION, RefKind.BRANCH, C1, C1, true, change("b", "x", T2)))
                .isInstanceOf(RefUpdate.Rejected.class);
        assertThat(refs.delete(WS, PROMPT, PRODUCTION, RefKind.BRANCH, C1, change("b", "x", T2)))
                .isInstanceOfSatisfying(RefUpdate.Rejected.class, r -> assertThat(r.reason()).contains("label"));
        assertThat(refs.find(WS, PROMPT, PRODUCTION)).contains(new Ref(PRODUCTION, RefKind.LABEL, C1, T1));
        assertThat(refs.history(WS, PROMPT, PRODUCTION)).hasSize(1);
    }

    @Test
    public void deletesWhenTheExpectedValueMatchesAndRecordsIt() {
        create(new RefName("feature/x"), RefKind.BRANCH, C1);
        RefName feature = new RefName("feature/x");

        RefUpdate u = refs.delete(WS, PROMPT, feature, RefKind.BRANCH, C1, change("dan", "done", T2));

        assertThat(u).isEqualTo(new RefUpdate.Deleted(C1));
        assertThat(u.written()).isTrue();
        assertThat(refs.find(WS, PROMPT, feature)).isEmpty();
        assertThat(refs.history(WS, PROMPT, feature)).containsExactly(
                new RefMove(feature, RefKind.BRANCH, C1, null, "dan", "done", T2),
                new RefMove(feature, RefKind.BRANCH, null, C1, "alice", "create", T1));
        assertThat(create(feature, RefKind.BRANCH, C3)).isEqualTo(new RefUpdate.Created(C3));
        assertThat(refs.history(WS, PROMPT, feature)).hasSize(3);
    }

    @Test
    public void refusesToDeleteWhenStaleOrAbsent() {
        create(MAIN, RefKind.BRANCH, C1);

        assertThat(refs.delete(WS, PROMPT, MAIN, RefKind.BRANCH, C2, change("dan", "x", T2)))
                .isEqualTo(new RefUpdate.Stale(C2, C1));
        assertThat(refs.delete(WS, PROMPT, new RefName("nope"), RefKind.BRANCH, C2, change("dan", "x", T2)))
                .isEqualTo(new RefUpdate.Stale(C2, null));
        assertThat(refs.find(WS, PROMPT, MAIN)).isPresent();
        assertThat(refs.history(WS, PROMPT, MAIN)).hasSize(1);
        assertThat(refs.history(WS, PROMPT, new RefName("nope"))).isEmpty();
    }

    @Test
    public void listsTheRefsOfOneKindByName() {
        create(new RefName("zeta"), RefKind.BRANCH, C1);
        create(MAIN, RefKind.BRANCH, C1);
        create(new RefName("feature/a"), RefKind.BRANCH, C2);
        create(PRODUCTION, RefKind.LABEL, C3);
        create(new RefName("canary"), RefKind.LABEL, C3);

        assertThat(refs.list(WS, PROMPT, RefKind.BRANCH)).extracting(r -> r.name().value())
                .containsExactly("feature/a", "main", "zeta");
        assertThat(refs.list(WS, PROMPT, RefKind.LABEL)).extracting(r -> r.name().value())
                .containsExactly("canary", "production");
        assertThat(refs.list(WS, OTHER, RefKind.BRANCH)).isEmpty();
    }

    @Test
    public void keepsEachPromptsRefsApart() {
        create(MAIN, RefKind.BRANCH, C1);
        RefUpdate other = refs.compareAndSet(WS, OTHER, MAIN, RefKind.BRANCH, null, C2, true, change("x", "y", T2));

        assertThat(other).isEqualTo(new RefUpdate.Created(C2));
        assertThat(refs.find(WS, PROMPT, MAIN).orElseThrow().target()).isEqualTo(C1);
        assertThat(refs.find(WS, OTHER, MAIN).orElseThrow().target()).isEqualTo(C2);
        assertThat(refs.history(WS, OTHER, MAIN)).hasSize(1);
        assertThat(refs.history(WS, PROMPT, MAIN)).hasSize(1);
    }

    @Test
    public void recordsMovesOfEveryKindNewestFirst() {
        create(PRODUCTION, RefKind.LABEL, C1);
        refs.compareAndSet(WS, PROMPT, PRODUCTION, RefKind.LABEL, C1, C2, true, change("a", "ff", T2));
        refs.compareAndSet(WS, PROMPT, PRODUCTION, RefKind.LABEL, C2, C1, false, change("b", "back", T2.plusMillis(1)));
        refs.compareAndSet(WS, PROMPT, PRODUCTION, RefKind.LABEL, C3, C2, false, change("c", "stale", T2.plusMillis(2)));
        refs.compareAndSet(WS, PROMPT, PRODUCTION, RefKind.LABEL, C1, C1, false, change("d", "same", T2.plusMillis(3)));
        refs.delete(WS, PROMPT, PRODUCTION, RefKind.LABEL, C1, change("e", "gone", T2.plusMillis(4)));

        List<RefMove> history = refs.history(WS, PROMPT, PRODUCTION);
        assertThat(history).extracting(RefMove::actor).containsExactly("e", "b", "a", "alice");
        assertThat(history).extracting(RefMove::from).containsExactly(C1, C2, C1, null);
        assertThat(history).extracting(RefMove::to).containsExactly(null, C1, C2, C1);
        assertThat(history).extracting(RefMove::kind).containsOnly(RefKind.LABEL);
        assertThat(history.get(0).at()).isEqualTo(T2.plusMillis(4));
    }
}
