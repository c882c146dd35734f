package dev.promptforge.domain.versioning;

import dev.promptforge.domain.shared.NotFound;
import java.util.List;

/** Every move of a branch or label (who, when, from, to, why), newest first, including deleted refs. */
public final class ReadRefHistory {
    private final PromptVersions store;

    public ReadRefHistory(PromptVersions store) {
        this.store = store;
    }

    public List<RefMove> read(RefHistoryQuery q) {
        store.requirePrompt(q.workspace(), q.name());
        List<RefMove> moves = store.refs().history(q.workspace(), q.name(), q.ref());
        if (moves.isEmpty()) {
            throw new NotFound("versioning.ref-not-found", "'" + q.name() + "' has never had a branch or label '"
                    + q.ref() + "'");
        }
        return moves;
    }
}
