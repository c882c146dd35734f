package dev.promptforge.domain.versioning;

import dev.promptforge.domain.shared.WorkspaceId;
import java.util.Objects;

/** Create a prompt with its first commit on {@code main}. {@code config} is canonical JSON text or {@code null}. */
public record CreatePromptCommand(WorkspaceId workspace, PromptName name, String content, String config,
        String message, String author) {
    public CreatePromptCommand {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(name, "name");
        Commit.checkAuthor(author);
        Commit.checkMessage(message);
    }
}
