package dev.promptforge.domain.versioning;

import dev.promptforge.domain.shared.Conflict;
import dev.promptforge.domain.shared.Transactor;
import java.time.Clock;

/** Creates a branch at the commit the command's {@code target} names ({@code main} by default). */
public final class CreateBranch {
    private final PromptVersions store;
    private final Transactor tx;
    private final Clock clock;

    public CreateBranch(PromptVersions store, Transactor tx, Clock clock) {
        this.store = store;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * The new branch; 409 {@code versioning.ref-exists} when a branch or label already has the name,
     * {@code versioning.ref-name-conflict} when one is its folder or inside it.
     */
    public Ref create(RefCommand cmd) {
        cmd.ref().requireNewName("name");
        return tx.inTransaction(() -> {
            CommitId at = store.resolve(cmd.workspace(), cmd.name(), cmd.target() == null ? "main" : cmd.target());
            if (store.refs().find(cmd.workspace(), cmd.name(), cmd.ref()).isEmpty()) {
                RefChanges.requireNoFolderConflict(store, cmd);
            }
            RefUpdate u = store.refs().compareAndSet(cmd.workspace(), cmd.name(), cmd.ref(), RefKind.BRANCH, null, at,
                    true, RefChanges.change(cmd, "create branch", clock));
            if (!(u instanceof RefUpdate.Created)) {
                throw new Conflict("versioning.ref-exists", "'" + cmd.name() + "' already has a branch or label named '"
                        + cmd.ref() + "'");
            }
            return store.refs().find(cmd.workspace(), cmd.name(), cmd.ref()).orElseThrow();
        });
    }
}
