package dev.promptforge.domain.evaluation;

import dev.promptforge.domain.evaluation.port.MetricStore;
import dev.promptforge.domain.evaluation.port.QuantileSketch;
import dev.promptforge.domain.evaluation.port.QuantileSketches;
import dev.promptforge.domain.shared.WorkspaceId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds newly stored events into their metric buckets: every scope the events belong to, every metric they carry,
 * every bucket size. Accumulates the batch in memory, then reads each touched bucket once, merges and writes it.
 */
public final class MetricAggregation {
    private final MetricStore store;
    private final QuantileSketches sketches;

    public MetricAggregation(MetricStore store, QuantileSketches sketches) {
        this.store = store;
        this.sketches = sketches;
    }

    private static final class Acc {
        long count;
        double sum;
        double sumSq;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        QuantileSketch sketch;
    }

    /** Adds {@code events} to the buckets of {@code scopes}; returns the buckets as they are now. */
    public List<MetricBucket> add(WorkspaceId ws, List<Scope> scopes, List<EvaluationEvent> events,
            java.time.Instant defaultTime) {
        Map<BucketKey, Acc> accs = new HashMap<>();
        for (EvaluationEvent e : events) {
            java.time.Instant at = e.at() == null ? defaultTime : e.at();
            for (Map.Entry<MetricName, Double> v : e.values().entrySet()) {
                double x = v.getValue();
                for (BucketSize size : BucketSize.values()) {
                    java.time.Instant start = size.start(at);
                    for (Scope scope : scopes) {
                        Acc a = accs.computeIfAbsent(new BucketKey(scope, v.getKey(), size, start), k -> new Acc());
                        a.count++;
                        a.sum += x;
                        a.sumSq += x * x;
                        a.min = Math.min(a.min, x);
                        a.max = Math.max(a.max, x);
                        if (a.sketch == null) {
                            a.sketch = sketches.create();
                        }
                        a.sketch.add(x);
                    }
                }
            }
        }
        if (accs.isEmpty()) {
            return List.of();
        }
        Map<BucketKey, MetricBucket> existing = store.find(ws, accs.keySet());
        List<MetricBucket> merged = new ArrayList<>(accs.size());
        for (Map.Entry<BucketKey, Acc> entry : accs.entrySet()) {
            Acc a = entry.getValue();
            MetricBucket old = existing.get(entry.getKey());
            if (old != null) {
                a.sketch.merge(old.sketch());
                merged.add(new MetricBucket(entry.getKey(), old.count() + a.count, old.sum() + a.sum,
                        old.sumOfSquares() + a.sumSq, Math.min(old.min(), a.min), Math.max(old.max(), a.max), a.sketch));
            } else {
                merged.add(new MetricBucket(entry.getKey(), a.count, a.sum, a.sumSq, a.min, a.max, a.sketch));
            }
        }
        store.put(ws, merged);
        return merged;
    }
}
