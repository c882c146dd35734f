package dev.promptforge.domain.versioning;

import dev.promptforge.domain.shared.InvalidInput;
import dev.promptforge.domain.shared.UnicodeText;
import dev.promptforge.domain.shared.WorkspaceId;
import java.util.Objects;

/**
 * Create, move or delete a branch or label. {@code target}: a ref naming the commit to point at (unused for a
 * delete). {@code expected}: the commit id the ref must be at now, or {@code null} for "whatever it is now".
 */
public record RefCommand(WorkspaceId workspace, PromptName name, RefName ref, String target, String expected,
        String actor, String reason) {
    public RefCommand {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(ref, "ref");
        Commit.checkAuthor(actor, "actor");
        if (UnicodeText.longerThan(reason, 1000)) {
            throw InvalidInput.field("versioning.invalid-reason", "reason", "reason is longer than 1000 characters");
        }
        UnicodeText.require(reason, "versioning.invalid-reason", "reason");
    }
}
