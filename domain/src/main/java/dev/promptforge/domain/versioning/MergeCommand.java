package dev.promptforge.domain.versioning;

import dev.promptforge.domain.shared.InvalidInput;
import dev.promptforge.domain.shared.WorkspaceId;
import java.util.Objects;

/** Merge {@code source} (any ref) into the branch {@code target}, whose head the caller saw at {@code expectedTargetHead}. */
public record MergeCommand(WorkspaceId workspace, PromptName name, String source, RefName target,
        String expectedTargetHead, String message, String author) {
    public MergeCommand {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(target, "target");
        if (source == null || source.isEmpty()) {
            throw InvalidInput.field("versioning.invalid-ref", "source", "source (the ref to merge) is required");
        }
        if (expectedTargetHead == null || !CommitId.isPrefix(expectedTargetHead)) {
            throw InvalidInput.field("versioning.expected-head-required", "expectedTargetHead",
                    "expectedTargetHead is required: the commit id of the target branch head you merge into");
        }
        if (message == null || message.isBlank()) {
            message = "Merge '" + source + "' into '" + target + "'";
        }
        Commit.checkAuthor(author);
        Commit.checkMessage(message);
    }
}
