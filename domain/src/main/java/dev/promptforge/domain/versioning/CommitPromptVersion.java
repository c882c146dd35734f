package dev.promptforge.domain.versioning;

import dev.promptforge.domain.shared.Transactor;
import dev.promptforge.domain.versioning.port.RefStore;
import dev.promptforge.domain.versioning.port.VersionStore;
import java.time.Clock;
import java.util.List;

/**
 * Commits a new version on a branch by compare-and-swap: if the branch head is not the commit the caller expects,
 * nothing is written and {@link StaleRef} carries the current head. The expensive part (reading the parent, diffing
 * it against the new text, hashing) happens before the write transaction, against the head the caller expects; the
 * transaction only checks that the branch still points there and writes, so one large commit does not hold up the
 * other writers of the server.
 */
public final class CommitPromptVersion {
    /** Rounds of "prepare, then find an abbreviated expectedHead now names another head"; 1 but for a prefix clash. */
    private static final int MAX_ATTEMPTS = 3;

    private final PromptVersions store;
    private final Transactor tx;
    private final Clock clock;

    public CommitPromptVersion(PromptVersions store, Transactor tx, Clock clock) {
        this.store = store;
        this.tx = tx;
        this.clock = clock;
    }

    /** A commit and its stored form, made outside the transaction on the parent the caller expects. */
    private record Prepared(Commit commit, VersionStore.Staged stored) {
    }

    public Commit commit(CommitPromptVersionCommand cmd) {
        Content content = store.accept(cmd.content(), cmd.config());
        for (int attempt = 1; ; attempt++) {
            // outside the transaction: a stale expectation fails at once (as it would inside), and otherwise the
            // head seen here is the parent to prepare against; the check that counts is the one inside
            Ref seen = store.branch(cmd.workspace(), cmd.name(), cmd.branch());
            CommitId parentId = expected(cmd, seen);
            if (!seen.target().equals(parentId)) {
                throw new StaleRef(cmd.branch(), parentId, seen.target());
            }
            Prepared prepared = prepare(cmd, parentId, content);
            boolean last = attempt == MAX_ATTEMPTS;
            Commit done = tx.inTransaction(() -> {
                Ref head = store.branch(cmd.workspace(), cmd.name(), cmd.branch());
                CommitId expected = expected(cmd, head);
                if (!head.target().equals(expected)) {
                    throw new StaleRef(cmd.branch(), expected, head.target());
                }
                if (!head.target().equals(parentId)) {
                    // an abbreviated expectedHead now names another head with the same prefix: prepare again
                    if (last) {
                        throw new StaleRef(cmd.branch(), cmd.expectedHead(), head.target());
                    }
                    return null;
                }
                Commit commit = prepared.commit();
                store.append(cmd.workspace(), prepared.stored());
                RefUpdate update = store.refs().compareAndSet(cmd.workspace(), cmd.name(), cmd.branch(),
                        RefKind.BRANCH, head.target(), commit.id(), true,
                        new RefStore.Change(cmd.author(), "commit: " + commit.subject(), commit.committedAt()));
                if (update instanceof RefUpdate.Stale stale) {
                    throw new StaleRef(cmd.branch(), expected, stale.current());
                }
                store.indexIfMain(cmd.workspace(), cmd.name(), cmd.branch(), content.text());
                return commit;
            });
            if (done != null) {
                return done;
            }
        }
    }

    /**
     * Reads the parent (verified), makes the commit and its stored form (the diff) and compresses it: read-only and
     * CPU-bound, so it runs outside the transaction. Commits and rows never change, so what it read is still true when the
     * transaction finds the branch still at {@code parentId}.
     */
    private Prepared prepare(CommitPromptVersionCommand cmd, CommitId parentId, Content content) {
        Version parent = store.read(cmd.workspace(), cmd.name(), parentId);
        String config = cmd.config() != null ? cmd.config() : parent.commit().config();
        Commit commit = Commit.create(cmd.name(), List.of(parentId), cmd.author(), cmd.message(), clock.instant(),
                content, config);
        return new Prepared(commit, store.stage(store.storedForm(cmd.workspace(), commit, content, parent.content())));
    }

    private CommitId expected(CommitPromptVersionCommand cmd, Ref head) {
        String given = cmd.expectedHead();
        if (CommitId.isFullHex(given)) {
            return new CommitId(given);
        }
        if (CommitId.isPrefix(given)) {
            // an abbreviation that is not the head's is stale whether or not it names another commit: the
            // client's view of the branch is out of date either way (git's --force-with-lease says the same)
            if (!head.target().hex().startsWith(given)) {
                throw new StaleRef(cmd.branch(), given, head.target());
            }
            return head.target();
        }
        throw dev.promptforge.domain.shared.InvalidInput.field("versioning.invalid-commit-id", "expectedHead",
                "expectedHead must be a commit id (full, or at least 8 hex digits)");
    }
}
