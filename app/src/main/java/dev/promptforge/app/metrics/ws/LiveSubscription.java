package dev.promptforge.app.metrics.ws;

import dev.promptforge.app.metrics.ws.ChangeLog.BucketRef;
import dev.promptforge.app.metrics.ws.ChangeLog.Change;
import dev.promptforge.app.evaluation.http.BucketItem;
import dev.promptforge.app.metrics.ws.LiveMessages.UpdateMessage;
import dev.promptforge.domain.evaluation.MetricName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One client subscription: a topic, an optional metric, a time range ({@code to} null: open-ended), and the
 * changes not yet sent, one per bucket (the latest value wins, so a burst of batches becomes one update carrying
 * current totals). Changes are held back until the first answer (snapshot or resume update) is sent, then sent by
 * the hub's flusher. Thread-safe: ingestion offers, the flusher drains, the connection's worker opens and closes.
 */
final class LiveSubscription {
    private final LiveConnection connection;
    private final String id;
    private final Topic topic;
    private final MetricName metric;
    private final Instant from;
    private final Instant to;
    private final Map<BucketRef, Change> pending = new HashMap<>();
    private long pendingSeq;
    private boolean ready;
    private boolean closed;

    LiveSubscription(LiveConnection connection, String id, Topic topic, MetricName metric, Instant from, Instant to) {
        this.connection = connection;
        this.id = id;
        this.topic = topic;
        this.metric = metric;
        this.from = from;
        this.to = to;
    }

    LiveConnection connection() {
        return connection;
    }

    String id() {
        return id;
    }

    Topic topic() {
        return topic;
    }

    /** Whether a change of this subscription's topic is one of its buckets. */
    boolean wants(Change c) {
        return (metric == null || metric.equals(c.metric())) && !c.start().isBefore(from)
                && (to == null || c.start().isBefore(to));
    }

    /** Holds a change for the next update; false when more than {@code limit} buckets are already waiting. */
    synchronized boolean offer(Change c, int limit) {
        if (closed) {
            return true;
        }
        if (pending.size() >= limit && !pending.containsKey(c.ref())) {
            return false;
        }
        pending.put(c.ref(), c);
        pendingSeq = Math.max(pendingSeq, c.seq());
        return true;
    }

    synchronized int pendingCount() {
        return pending.size();
    }

    /**
     * Marks the first answer sent: changes already in it (as many events or more) are dropped, so an older value
     * never follows a newer one.
     */
    synchronized void answered(List<BucketItem> sent) {
        if (!pending.isEmpty() && !sent.isEmpty()) {
            Map<String, Long> counts = new HashMap<>();
            for (BucketItem b : sent) {
                counts.put(b.metric() + "@" + b.start(), b.count());
            }
            pending.values().removeIf(c -> {
                Long count = counts.get(c.item().metric() + "@" + c.item().start());
                return count != null && count >= c.item().count();
            });
        }
        ready = true;
    }

    /**
     * Sends the waiting changes as one update, inside this subscription's lock so that an unsubscribe can never be
     * answered before an update already taken. Returns whether anything was sent.
     */
    synchronized boolean flush() {
        if (!ready || closed || pending.isEmpty()) {
            return false;
        }
        List<Change> changes = new ArrayList<>(pending.values());
        changes.sort((a, b) -> BucketRef.ORDER.compare(a.ref(), b.ref()));
        List<BucketItem> items = new ArrayList<>(changes.size());
        for (Change c : changes) {
            items.add(c.item());
        }
        UpdateMessage update = new UpdateMessage(id, pendingSeq, items);
        pending.clear();
        connection.send(update);
        return true;
    }

    /** Stops this subscription: nothing more is held or sent. */
    synchronized void close() {
        closed = true;
        pending.clear();
    }
}
