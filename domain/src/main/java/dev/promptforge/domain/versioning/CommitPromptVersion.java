package dev.promptforge.domain.versioning;

import dev.promptforge.domain.shared.Transactor;
import dev.promptforge.domain.versioning.port.RefStore;
import java.time.Clock;
import java.util.List;

/**
 * Commits a new version on a branch by compare-and-swap: if the branch head is not the commit the caller expects,
 * nothing is written and {@link StaleRef} carries the current head.
 */
public final class CommitPromptVersion {
    private final PromptVersions store;
    private final Transactor tx;
    private final Clock clock;

    public CommitPromptVersion(PromptVersions store, Transactor tx, Clock clock) {
        this.store = store;
        this.tx = tx;
        this.clock = clock;
    }

    public Commit commit(CommitPromptVersionCommand cmd) {
        Content content = store.accept(cmd.content(), cmd.config());
        return tx.inTransaction(() -> {
            Ref head = store.branch(cmd.workspace(), cmd.name(), cmd.branch());
            CommitId expected = expected(cmd, head);
            if (!head.target().equals(expected)) {
                throw new StaleRef(cmd.branch(), expected, head.target());
            }
            Version parent = store.read(cmd.workspace(), cmd.name(), head.target());
            String config = cmd.config() != null ? cmd.config() : parent.commit().config();
            var now = clock.instant();
            Commit commit = Commit.create(cmd.name(), List.of(head.target()), cmd.author(), cmd.message(), now,
                    content, config);
            store.store(cmd.workspace(), commit, content, parent.content());
            RefUpdate update = store.refs().compareAndSet(cmd.workspace(), cmd.name(), cmd.branch(), RefKind.BRANCH,
                    head.target(), commit.id(), true, new RefStore.Change(cmd.author(), "commit: " + commit.subject(), now));
            if (update instanceof RefUpdate.Stale stale) {
                throw new StaleRef(cmd.branch(), expected, stale.current());
            }
            store.indexIfMain(cmd.workspace(), cmd.name(), cmd.branch(), content.text());
            return commit;
        });
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
