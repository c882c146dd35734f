package dev.promptforge.app.metrics.ws;

import dev.promptforge.app.evaluation.http.BucketItem;
import dev.promptforge.domain.evaluation.MetricBucket;
import dev.promptforge.domain.evaluation.MetricName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The last {@code capacity} bucket changes, numbered by an increasing sequence, so that a reconnecting client can
 * be told what changed after the last number it saw. Each change holds the bucket as it was at that point, so the
 * newest change of a bucket is its current value.
 *
 * <p>The first number is {@code firstSeq + 1}; the owner starts it from the wall clock (milliseconds times 1000) so
 * that numbers from before a restart are below every number after it and a resume across a restart gets a fresh
 * snapshot rather than a wrong answer. Not thread-safe: the hub guards it.
 */
final class ChangeLog {
    /**
     * One bucket of one topic changed, to {@code count} events. Its {@link #item} (with the quantiles) is computed on
     * first use: most changes have no subscriber and are never sent. Until then the change holds the bucket, sketch
     * included, but only while it is the newest change of its bucket: the history holds up to 50,000 changes by
     * default, and a bench run's first 10,008 held 23 MB of sketch arrays (about 2.4 KB each), so every change
     * keeping its sketch would mean some 120 MB more live heap for the collector to trace and copy. Thread-safe.
     */
    static final class Change {
        private final long seq;
        private final Topic topic;
        private final MetricName metric;
        private final Instant start;
        private final long count;
        private final BucketRef ref;
        /** Guarded by this: the bucket until the item is computed or a newer change replaces this one. */
        private MetricBucket bucket;
        private Change newer;
        private BucketItem item;

        Change(long seq, Topic topic, MetricBucket bucket) {
            this.seq = seq;
            this.topic = topic;
            this.metric = bucket.key().metric();
            this.start = bucket.key().start();
            this.count = bucket.count();
            this.ref = new BucketRef(metric, start);
            this.bucket = bucket;
        }

        long seq() {
            return seq;
        }

        Topic topic() {
            return topic;
        }

        MetricName metric() {
            return metric;
        }

        Instant start() {
            return start;
        }

        /** Events in the bucket after the change. */
        long count() {
            return count;
        }

        BucketRef ref() {
            return ref;
        }

        /**
         * The bucket as messages carry it. A change already replaced (never asked for: resumes and subscriptions take
         * the newest change of a bucket) answers with the newer value, as buckets only grow.
         */
        synchronized BucketItem item() {
            if (item == null) {
                item = bucket != null ? BucketItem.of(bucket) : newer.item();
                bucket = null;
            }
            return item;
        }

        /** A newer change of the same bucket was recorded: this one's sketch is no longer needed. */
        synchronized void replacedBy(Change change) {
            if (item == null) {
                newer = change;
                bucket = null;
            }
        }
    }

    /** A bucket within a topic. */
    record BucketRef(MetricName metric, Instant start) {
        static final Comparator<BucketRef> ORDER = Comparator.comparing(BucketRef::metric)
                .thenComparing(BucketRef::start);

        // written out for the same reason as MetricName's: the key of every subscription's pending changes
        @Override
        public boolean equals(Object o) {
            return this == o || o instanceof BucketRef r && metric.equals(r.metric) && start.equals(r.start);
        }

        @Override
        public int hashCode() {
            return 31 * metric.hashCode() + start.hashCode();
        }
    }

    private record Key(Topic topic, BucketRef ref) {
    }

    private final Change[] ring;
    private final Map<Key, Change> newest = new HashMap<>();
    private int next;
    private int size;
    private long lastSeq;
    private long forgottenUpTo;

    ChangeLog(int capacity, long firstSeq) {
        ring = new Change[Math.max(1, capacity)];
        lastSeq = firstSeq;
        forgottenUpTo = firstSeq;
    }

    long lastSeq() {
        return lastSeq;
    }

    /**
     * Records a change and returns it, or returns null when the log already holds a value of the bucket with as many
     * events: buckets only grow, so a smaller count is an older value published late by a concurrent batch.
     */
    Change append(Topic topic, MetricBucket bucket) {
        Key key = new Key(topic, new BucketRef(bucket.key().metric(), bucket.key().start()));
        Change known = newest.get(key);
        if (known != null && known.count() >= bucket.count()) {
            return null;
        }
        Change change = new Change(++lastSeq, topic, bucket);
        if (size == ring.length) {
            Change old = ring[next];
            forgottenUpTo = old.seq();
            newest.remove(new Key(old.topic(), old.ref()), old);
        } else {
            size++;
        }
        ring[next] = change;
        next = (next + 1) % ring.length;
        if (known != null) {
            known.replacedBy(change);
        }
        newest.put(key, change);
        return change;
    }

    /**
     * The newest change of every bucket accepted by {@code filter} that changed after {@code after}, in bucket order;
     * null when changes after {@code after} were already forgotten or {@code after} was never handed out (a number
     * from after a restart's start or from another server).
     */
    List<Change> since(long after, Predicate<Change> filter) {
        if (after < forgottenUpTo || after > lastSeq) {
            return null;
        }
        Map<BucketRef, Change> found = new LinkedHashMap<>();
        for (int i = 1; i <= size; i++) {
            Change c = ring[Math.floorMod(next - i, ring.length)];
            if (c.seq() <= after) {
                break;
            }
            if (filter.test(c)) {
                found.putIfAbsent(c.ref(), c);
            }
        }
        List<Change> out = new ArrayList<>(found.values());
        out.sort(Comparator.comparing(Change::ref, BucketRef.ORDER));
        return out;
    }
}
