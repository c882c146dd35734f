package dev.promptforge.domain.versioning;

import dev.promptforge.domain.shared.InvalidInput;
import dev.promptforge.domain.shared.WorkspaceId;
import java.util.Objects;

/** The difference from one ref to another, with {@code context} lines around each change. */
public record DiffQuery(WorkspaceId workspace, PromptName name, String from, String to, int context) {
    public DiffQuery {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(name, "name");
        if (from == null || from.isEmpty() || to == null || to.isEmpty()) {
            throw InvalidInput.field("versioning.invalid-ref", from == null || from.isEmpty() ? "from" : "to",
                    "both 'from' and 'to' refs are required");
        }
        if (context < 0 || context > 1000) {
            throw InvalidInput.field("versioning.invalid-context", "context", "context must be 0 to 1000 lines");
        }
    }
}
