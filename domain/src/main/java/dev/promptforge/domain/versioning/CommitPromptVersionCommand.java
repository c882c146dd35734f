package dev.promptforge.domain.versioning;

import dev.promptforge.domain.shared.InvalidInput;
import dev.promptforge.domain.shared.WorkspaceId;
import java.util.Objects;

/**
 * Commit new content on a branch whose head the caller last saw at {@code expectedHead}. {@code config}: canonical
 * JSON text, or {@code null} to keep the head's configuration.
 */
public record CommitPromptVersionCommand(WorkspaceId workspace, PromptName name, RefName branch, String expectedHead,
        String content, String config, String message, String author) {
    public CommitPromptVersionCommand {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(branch, "branch");
        if (expectedHead == null || expectedHead.isEmpty()) {
            throw InvalidInput.field("versioning.expected-head-required", "expectedHead",
                    "expectedHead is required: the commit id of the branch head your change is based on");
        }
        Commit.checkAuthor(author);
        Commit.checkMessage(message);
    }
}
