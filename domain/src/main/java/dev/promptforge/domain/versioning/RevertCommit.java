package dev.promptforge.domain.versioning;

import dev.promptforge.domain.shared.InvalidInput;
import dev.promptforge.domain.shared.Transactor;
import java.time.Clock;
import java.util.List;

/**
 * Reverts a commit on a branch, as {@code git revert} does: a 3-way merge of the branch head with the commit's
 * first parent, using the commit as base, committed as a new version. Conflicts write nothing.
 */
public final class RevertCommit {
    private final PromptVersions store;
    private final Transactor tx;
    private final Clock clock;

    public RevertCommit(PromptVersions store, Transactor tx, Clock clock) {
        this.store = store;
        this.tx = tx;
        this.clock = clock;
    }

    public Commit revert(RevertCommand cmd) {
        // merged before the write transaction, on the branch head seen now; the transaction only writes and moves
        // the branch by compare-and-swap from that head
        var ws = cmd.workspace();
        Ref branch = store.branch(ws, cmd.name(), cmd.branch());
        CommitId expected = store.resolve(ws, cmd.name(), cmd.expectedHead());
        if (!branch.target().equals(expected)) {
            throw new StaleRef(cmd.branch(), expected, branch.target());
        }
        CommitId reverted = store.resolve(ws, cmd.name(), cmd.commit());
        if (!store.graph(ws, cmd.name()).isAncestor(reverted, branch.target())) {
            throw InvalidInput.field("versioning.not-on-branch", "commit", "commit " + reverted.abbreviated()
                    + " is not in the history of '" + cmd.branch() + "'");
        }
        Version undone = store.read(ws, cmd.name(), reverted);
        CommitId parentId = undone.commit().firstParent();
        // reverting the first commit goes back to an empty prompt without configuration
        Version parent = parentId == null
                ? new Version(Commit.restore(reverted, cmd.name(), List.of(), "-", "-",
                        undone.commit().committedAt(), "", 0, null), "")
                : store.read(ws, cmd.name(), parentId);
        Version ours = store.read(ws, cmd.name(), branch.target());
        String message = "Revert \"" + undone.commit().subject() + "\"\n\nThis reverts commit " + reverted + ".";
        String what = "revert of " + reverted.abbreviated();
        Merger.Prepared prepared = Merger.prepare(store, ws, cmd.name(), what, undone, ours, parent,
                List.of(branch.target()), cmd.author(), message, clock.instant());
        return tx.inTransaction(() -> Merger.commit(store, ws, cmd.name(), branch, what, prepared, cmd.author()));
    }
}
