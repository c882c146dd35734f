package dev.promptforge.app.evaluation.http;

import dev.promptforge.domain.evaluation.BucketKey;
import dev.promptforge.domain.evaluation.MetricBucket;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Recently answered buckets with their quantiles, so a repeated metrics query neither decodes a sketch nor walks
 * its bins again (measured before: over half of the query's CPU was the three quantiles). A bucket only changes by
 * growing, and every event adds at least one value to it, so an entry is reused only while the stored count, sum,
 * min and max are the ones it was computed from; a late event in an old bucket, or a bucket deleted by retention
 * and started again, makes it miss. Holds the buckets of one workspace. Thread-safe.
 */
final class BucketItemCache {
    private final Map<BucketKey, BucketItem> items;

    BucketItemCache(int capacity) {
        items = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<BucketKey, BucketItem> eldest) {
                return size() > capacity;
            }
        };
    }

    BucketItem of(MetricBucket b) {
        BucketItem known;
        synchronized (items) {
            known = items.get(b.key());
        }
        if (known != null && known.count() == b.count() && Double.compare(known.sum(), b.sum()) == 0
                && Double.compare(known.min(), b.min()) == 0 && Double.compare(known.max(), b.max()) == 0) {
            return known;
        }
        BucketItem item = BucketItem.of(b);
        synchronized (items) {
            items.put(b.key(), item);
        }
        return item;
    }
}
