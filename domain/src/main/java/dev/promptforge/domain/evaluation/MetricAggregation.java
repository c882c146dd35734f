package dev.promptforge.domain.evaluation;

import dev.promptforge.domain.evaluation.port.MetricStore;
import dev.promptforge.domain.evaluation.port.QuantileSketch;
import dev.promptforge.domain.evaluation.port.QuantileSketches;
import dev.promptforge.domain.shared.WorkspaceId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds newly stored events into their metric buckets: every scope the events belong to, every metric they carry,
 * every bucket size. A batch is {@linkplain #summarise summarised} once per (metric, hour), before the write
 * transaction; day and week summaries are merged from the hours, and the same summaries serve every scope (all
 * events of a batch share their run, commit and prompt). Then, in the transaction, each touched bucket is read
 * once, merged and written.
 */
public final class MetricAggregation {
    private final MetricStore store;
    private final QuantileSketches sketches;

    public MetricAggregation(MetricStore store, QuantileSketches sketches) {
        this.store = store;
        this.sketches = sketches;
    }

    /** A (metric, bucket start) pair inside one bucket size. */
    private record Slot(MetricName metric, long start) {
    }

    private final class Acc {
        long count;
        double sum;
        double sumSq;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        final QuantileSketch sketch = sketches.create();

        void add(double x) {
            count++;
            sum += x;
            sumSq += x * x;
            min = Math.min(min, x);
            max = Math.max(max, x);
            sketch.add(x);
        }

        void add(Acc o) {
            count += o.count;
            sum += o.sum;
            sumSq += o.sumSq;
            min = Math.min(min, o.min);
            max = Math.max(max, o.max);
            sketch.merge(o.sketch);
        }
    }

    /** The per-bucket totals of a batch of events, not yet tied to a scope or added to stored buckets. */
    public final class Summary {
        private final Map<BucketSize, Map<Slot, Acc>> bySize = new EnumMap<>(BucketSize.class);

        public boolean isEmpty() {
            return bySize.get(BucketSize.HOUR).isEmpty();
        }
    }

    /** Summarises {@code events} (times missing are {@code defaultTime}); touches no storage. */
    public Summary summarise(List<EvaluationEvent> events, Instant defaultTime) {
        Map<Slot, Acc> hours = new HashMap<>();
        for (EvaluationEvent e : events) {
            long hour = BucketSize.HOUR.startMillis((e.at() == null ? defaultTime : e.at()).toEpochMilli());
            e.metrics().forEach((m, x) -> hours.computeIfAbsent(new Slot(m, hour), k -> new Acc()).add(x));
            addBuiltIn(hours, MetricName.PASSED, hour, e.passed() == null ? null : e.passed() ? 1.0 : 0.0);
            addBuiltIn(hours, MetricName.LATENCY_MS, hour, e.latencyMs());
            addBuiltIn(hours, MetricName.COST, hour, e.cost());
            addBuiltIn(hours, MetricName.TOKENS_IN, hour, e.tokensIn() == null ? null : e.tokensIn().doubleValue());
            addBuiltIn(hours, MetricName.TOKENS_OUT, hour, e.tokensOut() == null ? null : e.tokensOut().doubleValue());
        }
        Summary summary = new Summary();
        summary.bySize.put(BucketSize.HOUR, hours);
        for (BucketSize size : BucketSize.values()) {
            if (size != BucketSize.HOUR) {
                Map<Slot, Acc> sized = new HashMap<>();
                for (Map.Entry<Slot, Acc> h : hours.entrySet()) {
                    Slot s = new Slot(h.getKey().metric(), size.startMillis(h.getKey().start()));
                    sized.computeIfAbsent(s, k -> new Acc()).add(h.getValue());
                }
                summary.bySize.put(size, sized);
            }
        }
        return summary;
    }

    /** One run's summarised events and the scopes (run, commit, prompt) whose buckets they count toward. */
    public record Contribution(List<Scope> scopes, Summary summary) {
    }

    /**
     * Adds the contributions (several batches written in one transaction) to their buckets: each touched bucket is
     * read, merged and written once however many contributions touch it. Returns the buckets as they are now.
     */
    public List<MetricBucket> add(WorkspaceId ws, List<Contribution> parts) {
        Map<BucketKey, Acc> batch = new HashMap<>();
        // sums made here for keys that several contributions share; a summary's own Acc is never changed, as one
        // serves every scope of its batch
        Map<BucketKey, Acc> combined = new HashMap<>();
        for (Contribution part : parts) {
            if (part.summary().isEmpty()) {
                continue;
            }
            part.summary().bySize.forEach((size, sized) -> {
                for (Map.Entry<Slot, Acc> entry : sized.entrySet()) {
                    Instant start = Instant.ofEpochMilli(entry.getKey().start());
                    for (Scope scope : part.scopes()) {
                        BucketKey key = new BucketKey(scope, entry.getKey().metric(), size, start);
                        Acc before = batch.putIfAbsent(key, entry.getValue());
                        if (before != null) {
                            Acc sum = combined.get(key);
                            if (sum == null) {
                                sum = new Acc();
                                sum.add(before);
                                combined.put(key, sum);
                                batch.put(key, sum);
                            }
                            sum.add(entry.getValue());
                        }
                    }
                }
            });
        }
        if (batch.isEmpty()) {
            return List.of();
        }
        Map<BucketKey, MetricBucket> existing = store.find(ws, batch.keySet());
        List<MetricBucket> merged = new ArrayList<>(batch.size());
        for (Map.Entry<BucketKey, Acc> entry : batch.entrySet()) {
            Acc a = entry.getValue();
            MetricBucket old = existing.get(entry.getKey());
            // a fresh sketch per bucket: the stored one may be shared (the store's cache) and one batch summary
            // serves several scopes, so neither is merged into
            QuantileSketch sketch = sketches.create();
            if (old != null) {
                sketch.merge(old.sketch());
            }
            sketch.merge(a.sketch);
            merged.add(old == null
                    ? new MetricBucket(entry.getKey(), a.count, a.sum, a.sumSq, a.min, a.max, sketch)
                    : new MetricBucket(entry.getKey(), old.count() + a.count, old.sum() + a.sum,
                            old.sumOfSquares() + a.sumSq, Math.min(old.min(), a.min), Math.max(old.max(), a.max), sketch));
        }
        store.put(ws, merged);
        return merged;
    }

    private void addBuiltIn(Map<Slot, Acc> hours, MetricName metric, long hour, Double value) {
        if (value != null) {
            hours.computeIfAbsent(new Slot(metric, hour), k -> new Acc()).add(value);
        }
    }
}
