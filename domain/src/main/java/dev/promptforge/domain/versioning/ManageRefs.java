package dev.promptforge.domain.versioning;

import dev.promptforge.domain.shared.Conflict;
import dev.promptforge.domain.shared.InvalidInput;
import dev.promptforge.domain.shared.NotFound;
import dev.promptforge.domain.shared.Transactor;
import dev.promptforge.domain.shared.WorkspaceId;
import dev.promptforge.domain.versioning.port.RefStore;
import java.time.Clock;
import java.util.List;

/**
 * Branches and labels of a prompt: create a branch, delete a branch, point a label, list them and read the
 * history of their moves. Every change is a compare-and-swap and is recorded.
 */
public final class ManageRefs {
    private final PromptVersions store;
    private final Transactor tx;
    private final Clock clock;

    public ManageRefs(PromptVersions store, Transactor tx, Clock clock) {
        this.store = store;
        this.tx = tx;
        this.clock = clock;
    }

    /** Creates a branch at the commit {@code target} names; 409 when the name is taken. */
    public Ref createBranch(RefCommand cmd) {
        return tx.inTransaction(() -> {
            CommitId at = store.resolve(cmd.workspace(), cmd.name(), cmd.target() == null ? "main" : cmd.target());
            RefUpdate u = store.refs().compareAndSet(cmd.workspace(), cmd.name(), cmd.ref(), RefKind.BRANCH, null, at,
                    true, change(cmd, "create branch"));
            if (!(u instanceof RefUpdate.Created)) {
                throw new Conflict("versioning.ref-exists", "'" + cmd.name() + "' already has a branch or label named '"
                        + cmd.ref() + "'");
            }
            return store.refs().find(cmd.workspace(), cmd.name(), cmd.ref()).orElseThrow();
        });
    }

    /** Deletes a branch (never {@code main}). */
    public RefUpdate deleteBranch(RefCommand cmd) {
        if (cmd.ref().equals(RefName.MAIN)) {
            throw new Conflict("versioning.main-protected", "the branch 'main' cannot be deleted");
        }
        return tx.inTransaction(() -> {
            Ref ref = store.branch(cmd.workspace(), cmd.name(), cmd.ref());
            CommitId expected = cmd.expected() == null ? ref.target() : commitId(cmd, cmd.expected());
            RefUpdate u = store.refs().delete(cmd.workspace(), cmd.name(), cmd.ref(), RefKind.BRANCH, expected,
                    change(cmd, "delete branch"));
            return outcome(cmd, u);
        });
    }

    /** Points a label at a commit, creating it if needed. */
    public RefUpdate moveLabel(RefCommand cmd) {
        return tx.inTransaction(() -> {
            CommitId to = store.resolve(cmd.workspace(), cmd.name(), cmd.target());
            var current = store.refs().find(cmd.workspace(), cmd.name(), cmd.ref());
            if (current.isPresent() && current.get().kind() != RefKind.LABEL) {
                throw InvalidInput.field("versioning.not-a-label", "label", "'" + cmd.ref()
                        + "' is a branch; branches move by commits and merges");
            }
            CommitId expected = cmd.expected() != null ? commitId(cmd, cmd.expected())
                    : current.map(Ref::target).orElse(null);
            boolean ff = expected != null && store.graph(cmd.workspace(), cmd.name()).isAncestor(expected, to);
            RefUpdate u = store.refs().compareAndSet(cmd.workspace(), cmd.name(), cmd.ref(), RefKind.LABEL, expected,
                    to, ff, change(cmd, "move label"));
            return outcome(cmd, u);
        });
    }

    public List<Ref> list(WorkspaceId ws, PromptName name, RefKind kind) {
        store.requirePrompt(ws, name);
        return store.refs().list(ws, name, kind);
    }

    /** Every move of a branch or label (including deleted ones), newest first. */
    public List<RefMove> history(WorkspaceId ws, PromptName name, RefName ref) {
        store.requirePrompt(ws, name);
        List<RefMove> moves = store.refs().history(ws, name, ref);
        if (moves.isEmpty()) {
            throw new NotFound("versioning.ref-not-found", "'" + name + "' has never had a branch or label '" + ref + "'");
        }
        return moves;
    }

    private CommitId commitId(RefCommand cmd, String given) {
        if (!CommitId.isPrefix(given)) {
            throw InvalidInput.field("versioning.invalid-commit-id", "expected",
                    "expected must be a commit id (full, or at least 8 hex digits)");
        }
        return store.resolve(cmd.workspace(), cmd.name(), given);
    }

    private RefStore.Change change(RefCommand cmd, String what) {
        return new RefStore.Change(cmd.actor(), cmd.reason() == null || cmd.reason().isBlank() ? what : cmd.reason(),
                clock.instant());
    }

    private static RefUpdate outcome(RefCommand cmd, RefUpdate u) {
        if (u instanceof RefUpdate.Stale s) {
            throw new StaleRef(cmd.ref(), s.expected(), s.current());
        }
        if (u instanceof RefUpdate.Rejected r) {
            throw new Conflict("versioning.ref-rejected", r.reason());
        }
        return u;
    }
}
