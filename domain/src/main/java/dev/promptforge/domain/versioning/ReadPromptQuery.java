package dev.promptforge.domain.versioning;

import dev.promptforge.domain.shared.WorkspaceId;
import java.util.Objects;

/** Read a prompt at a ref (branch, label or commit id); {@code commitOnly} accepts only commit ids. */
public record ReadPromptQuery(WorkspaceId workspace, PromptName name, String ref, boolean commitOnly) {
    public ReadPromptQuery {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(name, "name");
        if (ref == null || ref.isEmpty()) {
            ref = RefName.MAIN.value();
        }
    }
}
