package dev.promptforge.domain.evaluation;

import dev.promptforge.domain.shared.InvalidInput;
import dev.promptforge.domain.shared.UnicodeText;
import dev.promptforge.domain.shared.WorkspaceId;
import dev.promptforge.domain.versioning.PromptName;
import java.util.Objects;

/** Open a run of a prompt ref (default {@code main}) against a dataset. */
public record OpenRunCommand(WorkspaceId workspace, PromptName prompt, String ref, String dataset, CiInfo ci,
        Baseline baseline) {
    public OpenRunCommand {
        Objects.requireNonNull(workspace, "workspace");
        if (prompt == null) {
            throw InvalidInput.field("evaluation.invalid-prompt", "prompt", "prompt is required");
        }
        if (dataset == null || dataset.isBlank() || UnicodeText.longerThan(dataset, 200)) {
            throw InvalidInput.field("evaluation.invalid-dataset", "dataset", "dataset is required: 1-200 characters");
        }
        UnicodeText.require(dataset, "evaluation.invalid-dataset", "dataset");
        ci = ci == null ? CiInfo.NONE : ci;
        baseline = baseline == null ? Baseline.NONE : baseline;
    }
}
