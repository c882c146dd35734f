package dev.promptforge.domain.evaluation;

import dev.promptforge.domain.evaluation.stats.SampleSummary;
import dev.promptforge.domain.evaluation.stats.WelchTest;
import java.util.List;

/**
 * One metric of a run beside its baseline: both samples, Welch's test of the means (when both sides have data),
 * the threshold applied and the rules it broke (empty when none).
 */
public record MetricComparison(MetricName metric, SampleSummary current, SampleSummary baseline, WelchTest test,
        Threshold threshold, List<String> broken) {
    public MetricComparison {
        broken = List.copyOf(broken);
    }
}
