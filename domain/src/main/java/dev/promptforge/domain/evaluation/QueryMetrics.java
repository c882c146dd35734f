package dev.promptforge.domain.evaluation;

import dev.promptforge.domain.evaluation.port.MetricStore;
import java.util.List;

/** Reads metric buckets (never raw events). */
public final class QueryMetrics {
    private final MetricStore store;

    public QueryMetrics(MetricStore store) {
        this.store = store;
    }

    public List<MetricBucket> query(MetricsQuery q) {
        return store.range(q.workspace(), q.scope(), q.metric(), q.size(), q.from(), q.to());
    }
}
