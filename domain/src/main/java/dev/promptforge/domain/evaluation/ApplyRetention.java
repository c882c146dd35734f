package dev.promptforge.domain.evaluation;

import dev.promptforge.domain.evaluation.port.EventStore;
import dev.promptforge.domain.evaluation.port.MetricStore;
import dev.promptforge.domain.shared.Transactor;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Drops whole monthly event partitions older than the retention window and the metric buckets of that time, in one
 * transaction (milliseconds); then gives their disk space back in short steps, each its own transaction, so
 * ingestion waits for one step at most instead of the whole reclaim (measured on a 1M-event month: the reclaim
 * was 90% of a 1.7 s retention pass in one transaction, and 23 s once the file was out of the page cache).
 */
public final class ApplyRetention {
    private final EventStore events;
    private final MetricStore metrics;
    private final EventRules rules;
    private final Transactor tx;
    private final Clock clock;

    public ApplyRetention(EventStore events, MetricStore metrics, EventRules rules, Transactor tx, Clock clock) {
        this.events = events;
        this.metrics = metrics;
        this.rules = rules;
        this.tx = tx;
        this.clock = clock;
    }

    /** What one pass dropped. */
    public record Report(YearMonth firstKept, List<YearMonth> droppedMonths, long droppedBuckets) {
    }

    /** Drops what is past the window; the space stays free inside the file until {@link #reclaimSpace}. */
    public Report apply() {
        YearMonth firstKept = rules.firstRetainedMonth(clock.instant());
        return tx.inTransaction(() -> {
            List<YearMonth> dropped = events.dropBefore(firstKept);
            long buckets = metrics.deleteBefore(firstKept.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC));
            return new Report(firstKept, dropped, buckets);
        });
    }

    /**
     * Gives free space back to the file system in steps of {@code pagesPerStep} until none is left or a step frees
     * nothing; returns the pages given back.
     */
    public long reclaimSpace(int pagesPerStep) {
        return reclaimSpace(pagesPerStep, () -> true);
    }

    /**
     * As {@link #reclaimSpace(int)}, asking {@code keepGoing} before each step: a shutdown stops the pass between two
     * steps (each its own transaction), and the next pass gives back what is left.
     */
    public long reclaimSpace(int pagesPerStep, BooleanSupplier keepGoing) {
        long left = events.reclaimSpace(0);
        long start = left;
        while (left > 0 && keepGoing.getAsBoolean()) {
            long now = events.reclaimSpace(pagesPerStep);
            if (now >= left) {
                break;
            }
            left = now;
        }
        return start - left;
    }
}
