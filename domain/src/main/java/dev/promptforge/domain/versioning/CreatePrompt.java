package dev.promptforge.domain.versioning;

import dev.promptforge.domain.shared.Transactor;
import dev.promptforge.domain.versioning.port.RefStore;
import dev.promptforge.domain.versioning.port.VersionStore;
import java.time.Clock;
import java.util.List;

/** Creates a prompt: registers the name, stores the first commit as a snapshot and points {@code main} at it. */
public final class CreatePrompt {
    private final PromptVersions store;
    private final Transactor tx;
    private final Clock clock;

    public CreatePrompt(PromptVersions store, Transactor tx, Clock clock) {
        this.store = store;
        this.tx = tx;
        this.clock = clock;
    }

    public Commit create(CreatePromptCommand cmd) {
        Content content = store.accept(cmd.content(), cmd.config());
        // hashing and compressing the text happen before the write transaction, which only writes
        var now = clock.instant();
        Commit commit = Commit.create(cmd.name(), List.of(), cmd.author(), cmd.message(), now, content, cmd.config());
        VersionStore.Staged snapshot = store.stage(store.storedForm(cmd.workspace(), commit, content, null));
        return tx.inTransaction(() -> {
            store.catalog().create(cmd.workspace(), cmd.name(), now);
            store.append(cmd.workspace(), snapshot);
            RefUpdate update = store.refs().compareAndSet(cmd.workspace(), cmd.name(), RefName.MAIN, RefKind.BRANCH,
                    null, commit.id(), true, new RefStore.Change(cmd.author(), "create prompt", now));
            if (!(update instanceof RefUpdate.Created)) {
                throw new IllegalStateException("main of a new prompt already existed: " + update);
            }
            store.catalog().index(cmd.workspace(), cmd.name(), content.text());
            return commit;
        });
    }
}
