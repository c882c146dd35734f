package dev.promptforge.domain.evaluation;

import java.time.Instant;

/** Identifies one time bucket of one metric of one scope. */
public record BucketKey(Scope scope, MetricName metric, BucketSize size, Instant start) {
}
