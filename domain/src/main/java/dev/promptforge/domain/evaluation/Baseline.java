package dev.promptforge.domain.evaluation;

import dev.promptforge.domain.versioning.RefName;

/**
 * What a run is compared with: an explicit run, or the latest completed run on the same prompt and dataset
 * whose commit is the one a label (such as {@code production}) points at when the run completes.
 * Both {@code null}: no baseline (only absolute thresholds apply).
 */
public record Baseline(RunId run, RefName label) {
    public static final Baseline NONE = new Baseline(null, null);

    public Baseline {
        if (run != null && label != null) {
            throw dev.promptforge.domain.shared.InvalidInput.field("evaluation.invalid-baseline", "baseline",
                    "give either a baseline run or a baseline label, not both");
        }
    }
}
