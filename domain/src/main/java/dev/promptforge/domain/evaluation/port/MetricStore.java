package dev.promptforge.domain.evaluation.port;

import dev.promptforge.domain.evaluation.BucketKey;
import dev.promptforge.domain.evaluation.BucketSize;
import dev.promptforge.domain.evaluation.MetricBucket;
import dev.promptforge.domain.evaluation.MetricName;
import dev.promptforge.domain.evaluation.Scope;
import dev.promptforge.domain.shared.WorkspaceId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Time-bucketed metric summaries, read without touching raw events. */
public interface MetricStore {
    /** The stored buckets of {@code keys}; their sketches may be shared with the store: read them, never modify. */
    Map<BucketKey, MetricBucket> find(WorkspaceId ws, Collection<BucketKey> keys);

    /** Inserts or replaces each bucket; the store may keep them, so their sketches must not change afterwards. */
    void put(WorkspaceId ws, Collection<MetricBucket> buckets);

    /** Buckets of a scope and size with {@code from <= start < to}, by metric then start; {@code metric} null: all. */
    List<MetricBucket> range(WorkspaceId ws, Scope scope, MetricName metric, BucketSize size, Instant from, Instant to);

    /** Deletes buckets starting before {@code cutoff}; returns how many. */
    long deleteBefore(Instant cutoff);
}
