package dev.promptforge.domain.versioning;

import dev.promptforge.domain.shared.InvalidInput;
import dev.promptforge.domain.shared.WorkspaceId;
import java.util.Objects;

/** Undo the change a commit made, as a new commit on {@code branch} (whose head the caller saw at {@code expectedHead}). */
public record RevertCommand(WorkspaceId workspace, PromptName name, String commit, RefName branch,
        String expectedHead, String author) {
    public RevertCommand {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(branch, "branch");
        if (commit == null || commit.isEmpty()) {
            throw InvalidInput.field("versioning.invalid-ref", "commit", "commit (the commit to revert) is required");
        }
        if (expectedHead == null || !CommitId.isPrefix(expectedHead)) {
            throw InvalidInput.field("versioning.expected-head-required", "expectedHead",
                    "expectedHead is required: the commit id of the branch head");
        }
        Commit.checkAuthor(author);
    }
}
