package dev.promptforge.domain.versioning;

import dev.promptforge.domain.shared.WorkspaceId;
import dev.promptforge.domain.versioning.port.RefStore;
import java.time.Instant;
import java.util.List;

/** The shared end of merges and reverts: 3-way merge of texts and configuration, then commit and move the branch. */
final class Merger {
    private Merger() {
    }

    static Commit mergeAndCommit(PromptVersions store, WorkspaceId ws, PromptName name, Ref branch, String what,
            Version base, Version ours, Version theirs, List<CommitId> parents, String author, String message,
            Instant now) {
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
        store.store(ws, commit, content, ours.content());
        RefUpdate u = store.refs().compareAndSet(ws, name, branch.name(), RefKind.BRANCH, branch.target(), commit.id(),
                true, new RefStore.Change(author, what, now));
        if (u instanceof RefUpdate.Stale s) {
            throw new StaleRef(branch.name(), branch.target(), s.current());
        }
        store.indexIfMain(ws, name, branch.name(), content.text());
        return commit;
    }
}
