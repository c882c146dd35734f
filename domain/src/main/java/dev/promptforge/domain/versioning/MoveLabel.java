package dev.promptforge.domain.versioning;

import dev.promptforge.domain.shared.InvalidInput;
import dev.promptforge.domain.shared.Transactor;
import java.time.Clock;

/**
 * Points a label (such as {@code production}) at the commit the command's {@code target} names, creating it if
 * needed; a compare-and-swap against {@code expected} (or the label's current commit), recorded as a move.
 */
public final class MoveLabel {
    private final PromptVersions store;
    private final Transactor tx;
    private final Clock clock;

    public MoveLabel(PromptVersions store, Transactor tx, Clock clock) {
        this.store = store;
        this.tx = tx;
        this.clock = clock;
    }

    public RefUpdate move(RefCommand cmd) {
        return tx.inTransaction(() -> {
            CommitId to = store.resolve(cmd.workspace(), cmd.name(), cmd.target());
            var current = store.refs().find(cmd.workspace(), cmd.name(), cmd.ref());
            if (current.isEmpty()) {
                // a label stored before the rule may still be moved; it resolves after any commit it could name
                cmd.ref().requireNewName("label");
                RefChanges.requireNoFolderConflict(store, cmd);
            }
            if (current.isPresent() && current.get().kind() != RefKind.LABEL) {
                throw InvalidInput.field("versioning.not-a-label", "label", "'" + cmd.ref()
                        + "' is a branch; branches move by commits and merges");
            }
            CommitId now = current.map(Ref::target).orElse(null);
            CommitId expected = cmd.expected() != null ? RefChanges.expectedCommit(cmd, now) : now;
            boolean ff = expected != null && store.graph(cmd.workspace(), cmd.name()).isAncestor(expected, to);
            RefUpdate u = store.refs().compareAndSet(cmd.workspace(), cmd.name(), cmd.ref(), RefKind.LABEL, expected,
                    to, ff, RefChanges.change(cmd, "move label", clock));
            return RefChanges.requireApplied(cmd, u);
        });
    }
}
