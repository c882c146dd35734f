package dev.promptforge.domain.versioning;

import dev.promptforge.domain.shared.InvalidInput;
import dev.promptforge.domain.shared.WorkspaceId;
import java.util.Objects;

/** A page of history reachable from a ref, newest first; {@code cursor} is a previous page's {@code nextCursor}. */
public record LogQuery(WorkspaceId workspace, PromptName name, String ref, String cursor, int limit) {
    public static final int MAX_LIMIT = 500;

    public LogQuery {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(name, "name");
        if (ref == null || ref.isEmpty()) {
            ref = RefName.MAIN.value();
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw InvalidInput.field("versioning.invalid-limit", "limit", "limit must be 1 to " + MAX_LIMIT);
        }
        if (cursor != null && !cursor.matches("\\d{1,18}")) {
            throw InvalidInput.field("versioning.invalid-cursor", "cursor", "cursor must be a nextCursor value");
        }
    }
}
