package dev.promptforge.domain.versioning;

import dev.promptforge.domain.shared.WorkspaceId;
import java.util.Map;
import java.util.Objects;

/** Render a prompt at a ref with values for its {@code {{variables}}}. */
public record RenderQuery(WorkspaceId workspace, PromptName name, String ref, Map<String, String> variables) {
    public RenderQuery {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(name, "name");
        variables = variables == null ? Map.of() : Map.copyOf(variables);
        if (ref == null || ref.isEmpty()) {
            ref = RefName.MAIN.value();
        }
    }
}
