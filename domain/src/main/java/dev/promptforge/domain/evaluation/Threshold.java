package dev.promptforge.domain.evaluation;

import dev.promptforge.domain.shared.InvalidInput;

/**
 * Limits for one metric of a run. {@code min}: the run's mean must reach it. Against a baseline, with
 * improvement = (run mean - baseline mean) for metrics that should {@code increase}, the opposite for those that
 * should {@code decrease}: {@code maxRegression} bounds how much worse it may get, {@code minDelta} how much better
 * it must get. Any field may be {@code null}.
 */
public record Threshold(Double minDelta, Double maxRegression, Double min, Direction direction) {
    public enum Direction {
        INCREASE, DECREASE
    }

    public Threshold {
        for (Double d : new Double[] {minDelta, maxRegression, min}) {
            if (d != null && !Double.isFinite(d)) {
                throw InvalidInput.field("evaluation.invalid-threshold", "thresholds", "thresholds must be finite numbers");
            }
        }
        if (maxRegression != null && maxRegression < 0) {
            throw InvalidInput.field("evaluation.invalid-threshold", "thresholds", "maxRegression must be zero or more");
        }
        direction = direction == null ? Direction.INCREASE : direction;
    }
}
