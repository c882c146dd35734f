package dev.promptforge.domain.versioning;

import dev.promptforge.domain.shared.Conflict;
import dev.promptforge.domain.shared.Transactor;
import java.time.Clock;

/** Deletes a branch (never {@code main}), if it is at the command's {@code expected} commit when one is given. */
public final class DeleteBranch {
    private final PromptVersions store;
    private final Transactor tx;
    private final Clock clock;

    public DeleteBranch(PromptVersions store, Transactor tx, Clock clock) {
        this.store = store;
        this.tx = tx;
        this.clock = clock;
    }

    public RefUpdate delete(RefCommand cmd) {
        if (cmd.ref().equals(RefName.MAIN)) {
            throw new Conflict("versioning.main-protected", "the branch 'main' cannot be deleted");
        }
        return tx.inTransaction(() -> {
            Ref ref = store.branch(cmd.workspace(), cmd.name(), cmd.ref());
            CommitId expected = cmd.expected() == null ? ref.target() : RefChanges.expectedCommit(cmd, ref.target());
            RefUpdate u = store.refs().delete(cmd.workspace(), cmd.name(), cmd.ref(), RefKind.BRANCH, expected,
                    RefChanges.change(cmd, "delete branch", clock));
            return RefChanges.requireApplied(cmd, u);
        });
    }
}
