package dev.promptforge.domain.evaluation;

import dev.promptforge.domain.versioning.CommitId;
import dev.promptforge.domain.versioning.PromptName;
import java.time.Instant;

/**
 * An evaluation run: a prompt ref resolved to a commit when the run opened, a dataset, CI metadata and a baseline.
 * Once completed it records the baseline run it was compared with ({@code resolvedBaseline}) and the thresholds
 * (canonical JSON text) so its verdict can be recomputed exactly.
 */
public record Run(RunId id, PromptName prompt, String ref, CommitId commit, String dataset, CiInfo ci,
        Baseline baseline, RunStatus status, Instant createdAt, Instant completedAt, long eventCount,
        RunId resolvedBaseline, String thresholds) {
}
