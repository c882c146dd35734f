package dev.promptforge.domain.evaluation.port;

import dev.promptforge.domain.evaluation.MetricBucket;
import dev.promptforge.domain.shared.WorkspaceId;
import java.util.List;

/**
 * Tells live viewers which metric buckets changed, with their current totals, after the transaction that changed
 * them committed. Implementations must return quickly and never block ingestion (fan-out in process, or a shared
 * bus when several instances run). Thread-safe.
 */
public interface MetricsPublisher {
    MetricsPublisher NONE = (ws, buckets) -> { };

    void changed(WorkspaceId ws, List<MetricBucket> buckets);
}
