package dev.promptforge.domain.versioning;

import dev.promptforge.domain.shared.InvalidInput;
import dev.promptforge.domain.shared.NotFound;
import java.util.List;
import java.util.Optional;

/** Reads the verified content of a prompt at a ref. */
public final class ReadPromptVersion {
    private final PromptVersions store;

    public ReadPromptVersion(PromptVersions store) {
        this.store = store;
    }

    /**
     * The version when it can be answered from memory alone (the ref and its verified text both cached), so a
     * caller on a non-blocking thread can answer without handing the request to a blocking executor; empty
     * means "call {@link #read}". Never does I/O.
     */
    public Optional<Version> readCached(ReadPromptQuery q) {
        return q.commitOnly() ? Optional.empty() : store.cached(q.workspace(), q.name(), q.ref());
    }

    public Version read(ReadPromptQuery q) {
        CommitId id;
        if (q.commitOnly()) {
            if (!CommitId.isPrefix(q.ref())) {
                throw InvalidInput.field("versioning.invalid-commit-id", "id",
                        "a commit id is 8 to 64 lowercase hex digits");
            }
            List<CommitId> matches = q.ref().length() == 64 ? List.of(new CommitId(q.ref()))
                    : store.versions().findByPrefix(q.workspace(), q.name(), q.ref(), 2);
            if (matches.size() > 1) {
                throw InvalidInput.field("versioning.ambiguous-ref", "id", "the commit prefix '" + q.ref()
                        + "' matches more than one commit; give more digits");
            }
            if (matches.isEmpty()) {
                store.requirePrompt(q.workspace(), q.name());
                throw new NotFound("versioning.commit-not-found", "'" + q.name() + "' has no commit " + q.ref());
            }
            id = matches.get(0);
        } else {
            id = store.resolve(q.workspace(), q.name(), q.ref());
        }
        return store.read(q.workspace(), q.name(), id);
    }
}
