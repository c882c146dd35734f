package dev.promptforge.domain.evaluation;

import dev.promptforge.domain.shared.InvalidInput;
import dev.promptforge.domain.shared.WorkspaceId;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** Buckets of one scope and size over {@code [from, to)}; {@code metric} null means every metric. */
public record MetricsQuery(WorkspaceId workspace, Scope scope, MetricName metric, BucketSize size, Instant from,
        Instant to) {
    public static final int MAX_BUCKETS = 20_000;

    public MetricsQuery {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(size, "size");
        if (from == null || to == null || !from.isBefore(to)) {
            throw InvalidInput.field("evaluation.invalid-range", "from", "from must be before to");
        }
        Duration width = switch (size) {
            case HOUR -> Duration.ofHours(1);
            case DAY -> Duration.ofDays(1);
            case WEEK -> Duration.ofDays(7);
        };
        if (Duration.between(from, to).dividedBy(width) > MAX_BUCKETS) {
            throw InvalidInput.field("evaluation.invalid-range", "to", "the range spans more than " + MAX_BUCKETS
                    + " " + size.wire() + " buckets: narrow it or use a wider bucket");
        }
    }
}
