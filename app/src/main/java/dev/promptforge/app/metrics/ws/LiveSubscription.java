package dev.promptforge.app.metrics.ws;

import dev.promptforge.app.metrics.ws.ChangeLog.BucketRef;
import dev.promptforge.app.metrics.ws.ChangeLog.Change;
import dev.promptforge.app.evaluation.http.BucketItem;
import dev.promptforge.domain.evaluation.MetricName;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One client subscription: a topic, an optional metric, a time range ({@code to} null: open-ended), and the
 * changes not yet sent, one per bucket (the latest value wins, so a burst of batches becomes one update carrying
 * current totals). Changes are held back until the first answer (snapshot or resume update) is sent, then sent by
 * the hub's flusher, never two updates closer than the gap the flusher asks for. Thread-safe: the flusher offers and
 * drains, the connection's worker opens and closes.
 */
final class LiveSubscription {
    private final LiveConnection connection;
    private final String id;
    private final Topic topic;
    private final MetricName metric;
    private final Instant from;
    private final Instant to;
    private final byte[] updateHead;
    private final Map<BucketRef, Change> pending = new HashMap<>();
    private long pendingSeq;
    /** {@link System#nanoTime} of the commit of the oldest change held since the last update. */
    private long oldestPending;
    private boolean ready;
    private boolean closed;
    private boolean sentUpdate;
    private long lastUpdate;
    /** The hub's flush slot of this subscription; set once, under the hub's lock, before any change is offered. */
    private int slot;

    /** {@code updateHead}: the start of this subscription's updates ({@link UpdateFrames#head}). */
    LiveSubscription(LiveConnection connection, String id, byte[] updateHead, Topic topic, MetricName metric,
            Instant from, Instant to) {
        this.connection = connection;
        this.id = id;
        this.updateHead = updateHead;
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

    /** The one metric taken, or null for every metric of the topic. */
    MetricName metric() {
        return metric;
    }

    int slot() {
        return slot;
    }

    void slot(int slot) {
        this.slot = slot;
    }

    /** Whether a change of this subscription's topic is one of its buckets. */
    boolean wants(Change c) {
        return (metric == null || metric.equals(c.metric())) && !c.start().isBefore(from)
                && (to == null || c.start().isBefore(to));
    }

    /** What {@link #offer} did with a change. */
    enum Offer {
        /** Held for the flusher's next due pass. */
        HELD,
        /** Held, and this subscription has been quiet for at least the given gap: it is due now. */
        DUE,
        /** Refused: {@code limit} buckets are already waiting. */
        OVERFLOW
    }

    /**
     * Holds a change for the next update, replacing an older value of its bucket; refused when {@code limit} other
     * buckets are already waiting. {@code now}, {@code minGap} and {@code committed} (when the change's commit ended)
     * in nanoseconds.
     */
    synchronized Offer offer(Change c, int limit, long now, long minGap, long committed) {
        if (closed) {
            return Offer.HELD;
        }
        if (pending.size() >= limit && !pending.containsKey(c.ref())) {
            return Offer.OVERFLOW;
        }
        boolean quiet = ready && pending.isEmpty() && (!sentUpdate || now - lastUpdate >= minGap);
        if (pending.isEmpty()) {
            oldestPending = committed;
        }
        pending.put(c.ref(), c);
        pendingSeq = Math.max(pendingSeq, c.seq());
        return quiet ? Offer.DUE : Offer.HELD;
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
                Long count = counts.get(c.metric().value() + "@" + c.start());
                return count != null && count >= c.count();
            });
        }
        ready = true;
    }

    /**
     * Sends the waiting changes as one update when the last one is at least {@code minGap} nanoseconds old, inside
     * this subscription's lock so that an unsubscribe can never be answered before an update already taken. Returns
     * how long the oldest change it carries waited since its commit, in nanoseconds, or -1 when nothing was sent.
     */
    synchronized long flush(UpdateFrames frames, long now, long minGap) {
        if (!ready || closed || pending.isEmpty() || sentUpdate && now - lastUpdate < minGap) {
            return -1;
        }
        List<Change> changes = new ArrayList<>(pending.values());
        changes.sort((a, b) -> BucketRef.ORDER.compare(a.ref(), b.ref()));
        TextWebSocketFrame frame = frames.frame(updateHead, pendingSeq, changes);
        pending.clear();
        sentUpdate = true;
        lastUpdate = now;
        connection.send(frame);
        return Math.max(0, System.nanoTime() - oldestPending);
    }

    /** Stops this subscription: nothing more is held or sent. */
    synchronized void close() {
        closed = true;
        pending.clear();
    }
}
