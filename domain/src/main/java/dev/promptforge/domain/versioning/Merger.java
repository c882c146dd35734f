package dev.promptforge.domain.versioning;

import dev.promptforge.domain.shared.WorkspaceId;
import dev.promptforge.domain.versioning.port.RefStore;
import dev.promptforge.domain.versioning.port.VersionStore;
import java.time.Instant;
import java.util.List;

/**
 * The shared end of merges and reverts: 3-way merge of texts and configuration ({@link #prepare}, CPU-bound, before
 * the write transaction), then commit and move the branch by compare-and-swap ({@link #commit}, inside it).
 */
final class Merger {
    private Merger() {
    }

    /** A merged commit ready to write: its stored form is staged (diffed and compressed). */
    record Prepared(Commit commit, Content content, VersionStore.Staged stored) {
    }

    /** Merges the texts and configurations; {@link MergeConflict} when they conflict. Writes nothing. */
    static Prepared prepare(PromptVersions store, WorkspaceId ws, PromptName name, String what, Version base,
            Version ours, Version theirs, List<CommitId> parents, String author, String message, Instant now) {
        List<String> b = Lines.split(base == null ? "" : base.content());
        List<String> o = Lines.split(ours.content());
        List<String> t = Lines.split(theirs.content());
        ThreeWayMerge.Result text = ThreeWayMerge.merge(b, o, t, store.differ().diff(b, o).edits(),
                store.differ().diff(b, t).edits());
        MergeConflict.ConfigConflict[] configConflict = new MergeConflict.ConfigConflict[1];
        String config = ConfigMerge.merge(base == null ? null : base.commit().config(), ours.commit().config(),
                theirs.commit().config(), configConflict);
        if (!text.clean() || configConflict[0] != null) {
            throw new MergeConflict(what, text.conflicts(), configConflict[0]);
        }
        Content content = store.accept(Lines.join(text.lines()), config);
        Commit commit = Commit.create(name, parents, author, message, now, content, config);
        return new Prepared(commit, content, store.stage(store.storedForm(ws, commit, content, ours.content())));
    }

    /**
     * Writes a prepared commit and moves {@code branch} to it from the head it was prepared on; {@link StaleRef}
     * (rolling the write back) when the branch has moved since. Inside the write transaction.
     */
    static Commit commit(PromptVersions store, WorkspaceId ws, PromptName name, Ref branch, String what,
            Prepared prepared, String author) {
        Commit commit = prepared.commit();
        store.append(ws, prepared.stored());
        RefUpdate u = store.refs().compareAndSet(ws, name, branch.name(), RefKind.BRANCH, branch.target(), commit.id(),
                true, new RefStore.Change(author, what, commit.committedAt()));
        if (u instanceof RefUpdate.Stale s) {
            throw new StaleRef(branch.name(), branch.target(), s.current());
        }
        store.indexIfMain(ws, name, branch.name(), prepared.content().text());
        return commit;
    }
}
