package dev.promptforge.domain.versioning;

import dev.promptforge.domain.shared.WorkspaceId;
import java.util.Objects;

/** The branches or the labels of a prompt. */
public record RefsQuery(WorkspaceId workspace, PromptName name, RefKind kind) {
    public RefsQuery {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
    }
}
