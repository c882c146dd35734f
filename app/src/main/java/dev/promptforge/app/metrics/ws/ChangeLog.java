package dev.promptforge.app.metrics.ws;

import dev.promptforge.app.evaluation.http.BucketItem;
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
 * be told what changed after the last number it saw. Each change holds the bucket's totals at that point, so the
 * newest change of a bucket is its current value.
 *
 * <p>The first number is {@code firstSeq + 1}; the owner starts it from the wall clock (milliseconds times 1000) so
 * that numbers from before a restart are below every number after it and a resume across a restart gets a fresh
 * snapshot rather than a wrong answer. Not thread-safe: the hub guards it.
 */
final class ChangeLog {
    /** One bucket of one topic changed; {@code item} holds its totals after the change. */
    record Change(long seq, Topic topic, MetricName metric, Instant start, BucketItem item) {
        BucketRef ref() {
            return new BucketRef(metric, start);
        }
    }

    /** A bucket within a topic. */
    record BucketRef(MetricName metric, Instant start) {
        static final Comparator<BucketRef> ORDER = Comparator.comparing(BucketRef::metric)
                .thenComparing(BucketRef::start);
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
    Change append(Topic topic, MetricName metric, Instant start, BucketItem item) {
        Key key = new Key(topic, new BucketRef(metric, start));
        Change known = newest.get(key);
        if (known != null && known.item().count() >= item.count()) {
            return null;
        }
        Change change = new Change(++lastSeq, topic, metric, start, item);
        if (size == ring.length) {
            Change old = ring[next];
            forgottenUpTo = old.seq();
            newest.remove(new Key(old.topic(), old.ref()), old);
        } else {
            size++;
        }
        ring[next] = change;
        next = (next + 1) % ring.length;
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
