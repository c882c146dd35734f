package dev.promptforge.domain.evaluation;

import dev.promptforge.domain.evaluation.port.EventStore;
import dev.promptforge.domain.evaluation.port.MetricStore;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Drops whole monthly event partitions older than the retention window (and the metric buckets of that time),
 * giving their disk space back.
 */
public final class ApplyRetention {
    private final EventStore events;
    private final MetricStore metrics;
    private final EventRules rules;
    private final Clock clock;

    public ApplyRetention(EventStore events, MetricStore metrics, EventRules rules, Clock clock) {
        this.events = events;
        this.metrics = metrics;
        this.rules = rules;
        this.clock = clock;
    }

    /** What one pass dropped. */
    public record Report(YearMonth firstKept, List<YearMonth> droppedMonths, long droppedBuckets) {
    }

    public Report apply() {
        YearMonth firstKept = rules.firstRetainedMonth(clock.instant());
        List<YearMonth> dropped = events.dropBefore(firstKept);
        long buckets = metrics.deleteBefore(firstKept.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC));
        return new Report(firstKept, dropped, buckets);
    }
}
