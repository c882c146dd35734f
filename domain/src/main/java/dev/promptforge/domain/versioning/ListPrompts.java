package dev.promptforge.domain.versioning;

import dev.promptforge.domain.shared.UnicodeText;
import dev.promptforge.domain.shared.InvalidInput;
import dev.promptforge.domain.shared.Page;
import dev.promptforge.domain.shared.WorkspaceId;

/** Lists a workspace's prompts by name, or searches names and {@code main} content. */
public final class ListPrompts {
    public static final int MAX_LIMIT = 200;
    private final PromptVersions store;

    public ListPrompts(PromptVersions store) {
        this.store = store;
    }

    public Page<PromptSummary> list(WorkspaceId ws, String query, String cursor, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw InvalidInput.field("versioning.invalid-limit", "limit", "limit must be 1 to " + MAX_LIMIT);
        }
        if (UnicodeText.longerThan(query, 500)) {
            throw InvalidInput.field("versioning.invalid-query", "q", "the search text is longer than 500 characters");
        }
        return store.catalog().list(ws, query == null || query.isBlank() ? null : query.strip(), cursor, limit);
    }
}
