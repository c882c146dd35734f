package dev.promptforge.domain.versioning;

import dev.promptforge.domain.shared.WorkspaceId;
import java.util.Objects;

/** Every recorded move of one branch or label, including deleted ones. */
public record RefHistoryQuery(WorkspaceId workspace, PromptName name, RefName ref) {
    public RefHistoryQuery {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(ref, "ref");
    }
}
