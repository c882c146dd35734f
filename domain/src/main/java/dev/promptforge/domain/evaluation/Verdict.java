package dev.promptforge.domain.evaluation;

import dev.promptforge.domain.evaluation.stats.ProportionTest;
import java.util.List;

/**
 * The outcome of a completed run against its baseline: {@code pass} unless a threshold is broken. Carries every
 * metric's comparison, the pass-rate test (when both runs report pass/fail) and the reasons in words.
 */
public record Verdict(boolean passed, RunId baseline, List<MetricComparison> metrics, ProportionTest passRate,
        List<String> reasons) {
    public Verdict {
        metrics = List.copyOf(metrics);
        reasons = List.copyOf(reasons);
    }

    public String result() {
        return passed ? "pass" : "fail";
    }
}
