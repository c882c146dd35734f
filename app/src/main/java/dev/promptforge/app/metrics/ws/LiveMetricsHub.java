package dev.promptforge.app.metrics.ws;

import dev.promptforge.app.metrics.ws.ChangeLog.Change;
import dev.promptforge.app.evaluation.http.BucketItem;
import dev.promptforge.domain.evaluation.MetricBucket;
import dev.promptforge.domain.evaluation.port.MetricsPublisher;
import dev.promptforge.domain.shared.WorkspaceId;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Primary;
import io.micronaut.http.netty.websocket.NettyWebSocketSession;
import io.micronaut.http.netty.websocket.WebSocketSessionRepository;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketSession;
import io.netty.channel.Channel;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process fan-out of metric bucket changes to WebSocket subscribers, and the {@link MetricsPublisher} the
 * domain calls after each ingested batch commits.
 *
 * <p>{@link #changed} does only memory work under one short lock: it numbers each changed bucket with the next
 * sequence number, remembers it in the {@link ChangeLog} (for {@code resume}) and puts it in the pending map of
 * every matching subscription, replacing any older value of the same bucket. It never writes to a socket. A single
 * flusher thread then sends each subscription's pending buckets as one {@code update}, pings, and closes connections
 * that are idle or too far behind; a connection with too many messages not yet taken by its socket is skipped (its
 * changes keep coalescing), so a stalled client costs the others nothing.
 *
 * <p>Timing: the flusher looks every quarter of {@code promptforge.live.flush-interval} (pinging and checking
 * connections every fourth look) and sends a subscription's changes once its last update is at least {@link #minGap}
 * old (the interval less half a look, so that a look a little late or early does not cost a whole extra look). A
 * change to a subscription that has been quiet that long wakes the flusher at once (leading edge), so a lone change
 * is not held back; under a steady stream each subscription gets one update per interval. Subscriptions of one topic
 * flush in the same pass with the same changes, and {@link UpdateFrames} serialises those once for all of them.
 *
 * <p>Several instances would put a shared bus behind {@link MetricsPublisher} and feed each instance's hub from
 * it; nothing in the domain changes. Thread-safe.
 */
@Singleton
@Primary
final class LiveMetricsHub implements MetricsPublisher {
    static final int TOO_SLOW = 4008;
    private static final Logger LOG = LoggerFactory.getLogger(LiveMetricsHub.class);

    private final LiveConfig config;
    private final JsonMapper json;
    private final BeanProvider<EmbeddedServer> server;
    private final Object lock = new Object();
    private final ChangeLog log;
    private final Map<Topic, Set<LiveSubscription>> byTopic = new HashMap<>();
    private final Set<LiveConnection> connections = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService flusher;
    private final AtomicBoolean woken = new AtomicBoolean();
    private final long minGap;
    /** Scheduled looks so far; the flusher thread's own. */
    private long looks;

    LiveMetricsHub(LiveConfig config, JsonMapper json, Clock clock, BeanProvider<EmbeddedServer> server) {
        this.config = config;
        this.json = json;
        this.server = server;
        this.log = new ChangeLog(config.historySize(), clock.millis() * 1000);
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "live-metrics-flusher");
            t.setDaemon(true);
            return t;
        });
        long interval = Math.max(4, config.flushInterval().toNanos());
        long look = interval / 4;
        this.minGap = interval - look / 2;
        // pings and the idle, lag and overload checks keep the interval's cadence (every fourth look): run at every
        // look, an idle close reached a JDK client that had stopped reading as an error in 4 of 5 test runs
        flusher.scheduleAtFixedRate(() -> tick(++looks % 4 == 0), look, look, TimeUnit.NANOSECONDS);
    }

    @PreDestroy
    void stop() {
        flusher.shutdownNow();
    }

    @Override
    public void changed(WorkspaceId ws, List<MetricBucket> buckets) {
        try {
            // the quantiles are read here, once, so no sketch is shared with another thread
            List<BucketItem> items = new ArrayList<>(buckets.size());
            for (MetricBucket b : buckets) {
                items.add(BucketItem.of(b));
            }
            long now = System.nanoTime();
            boolean due = false;
            synchronized (lock) {
                for (int i = 0; i < buckets.size(); i++) {
                    MetricBucket b = buckets.get(i);
                    Topic topic = new Topic(ws, b.key().scope(), b.key().size());
                    Change change = log.append(topic, b.key().metric(), b.key().start(), items.get(i));
                    Set<LiveSubscription> subs = change == null ? null : byTopic.get(topic);
                    if (subs == null) {
                        continue;
                    }
                    for (LiveSubscription s : subs) {
                        if (!s.wants(change)) {
                            continue;
                        }
                        switch (s.offer(change, config.maxPendingBuckets(), now, minGap)) {
                            case DUE -> due = true;
                            case OVERFLOW -> s.connection().overflow();
                            default -> {
                            }
                        }
                    }
                }
            }
            if (due) {
                wake();
            }
        } catch (RuntimeException e) {
            // the batch is already committed: a failure here must not fail the request
            LOG.error("live metrics: could not publish {} changed buckets", buckets.size(), e);
        }
    }

    /** Runs a pass now (once, however many changes ask while it is queued). */
    private void wake() {
        if (woken.compareAndSet(false, true)) {
            flusher.execute(() -> {
                woken.set(false);
                tick(false);
            });
        }
    }

    /** The least time between two updates of one subscription, in nanoseconds. */
    long minGap() {
        return minGap;
    }

    void opened(LiveConnection c) {
        connections.add(c);
    }

    /** The socket is gone: forget the connection and its subscriptions. */
    void closed(LiveConnection c) {
        c.beginClose(System.nanoTime());
        if (c.markClosed()) {
            connections.remove(c);
            for (LiveSubscription s : c.subscriptions().values()) {
                unsubscribe(s);
            }
        }
    }

    /** Starts collecting changes for {@code s}; returns the sequence number its snapshot is taken after. */
    long subscribe(LiveSubscription s) {
        synchronized (lock) {
            register(s);
            return log.lastSeq();
        }
    }

    /** Under the lock; a connection already closing takes no new subscription (its cleanup may have run). */
    private void register(LiveSubscription s) {
        if (s.connection().state() == LiveConnection.State.OPEN) {
            byTopic.computeIfAbsent(s.topic(), t -> new LinkedHashSet<>()).add(s);
        }
    }

    /** What a resumed subscription missed: the newest value of each bucket changed after {@code after}. */
    record Resumed(long seq, List<Change> changes) {
        boolean fromHistory() {
            return changes != null;
        }
    }

    /**
     * Starts collecting changes for {@code s} and, at the same instant, reads what changed after {@code after};
     * {@code changes} is null when the history no longer reaches back that far (the caller sends a snapshot).
     */
    Resumed resume(LiveSubscription s, long after) {
        synchronized (lock) {
            register(s);
            return new Resumed(log.lastSeq(), log.since(after, c -> c.topic().equals(s.topic()) && s.wants(c)));
        }
    }

    void unsubscribe(LiveSubscription s) {
        synchronized (lock) {
            Set<LiveSubscription> subs = byTopic.get(s.topic());
            if (subs != null && subs.remove(s) && subs.isEmpty()) {
                byTopic.remove(s.topic());
            }
        }
        s.close();
    }

    /** Closes a connection with a reason the client can read; the flusher drops the socket if it lingers. */
    void close(LiveConnection c, int code, String reason) {
        if (!c.beginClose(System.nanoTime())) {
            return;
        }
        LOG.info("live metrics: closing {} ({} {})", c, code, reason);
        for (LiveSubscription s : c.subscriptions().values()) {
            unsubscribe(s);
        }
        try {
            c.session().close(new CloseReason(code, reason));
        } catch (RuntimeException e) {
            LOG.debug("live metrics: close of {} failed", c, e);
        }
    }

    /** One pass over the connections: updates that are due, and with {@code housekeeping} pings and checks. */
    private void tick(boolean housekeeping) {
        long now = System.nanoTime();
        try (UpdateFrames frames = new UpdateFrames(json)) {
            for (LiveConnection c : connections) {
                try {
                    tick(c, now, frames, housekeeping);
                } catch (RuntimeException e) {
                    // one broken connection must not stop the flusher (a scheduled task that throws never runs again)
                    LOG.error("live metrics: flushing {} failed", c, e);
                }
            }
        }
    }

    private void tick(LiveConnection c, long now, UpdateFrames frames, boolean housekeeping) {
        switch (c.state()) {
            case CLOSED -> {
                connections.remove(c);
                return;
            }
            case CLOSING -> {
                if (now - c.closingSince() > config.closeGrace().toNanos()) {
                    drop(c.session());
                    closed(c);
                }
                return;
            }
            default -> {
            }
        }
        if (!housekeeping) {
            flush(c, now, frames);
            return;
        }
        if (c.overloaded()) {
            close(c, TOO_SLOW, "too slow: messages are not being read; reconnect and resume");
            return;
        }
        if (c.overflowed()) {
            close(c, TOO_SLOW, "too slow: over " + config.maxPendingBuckets()
                    + " bucket updates waiting; reconnect and resume");
            return;
        }
        if (now - c.lastHeard() > config.idleTimeout().toNanos()) {
            close(c, CloseReason.GOING_AWAY.getCode(), "idle: no message or pong for "
                    + words(config.idleTimeout()));
            return;
        }
        if (now - c.lastPing() >= config.pingInterval().toNanos()) {
            c.ping(now);
        }
        flush(c, now, frames);
    }

    private void flush(LiveConnection c, long now, UpdateFrames frames) {
        boolean waiting = false;
        for (LiveSubscription s : c.subscriptions().values()) {
            if (s.pendingCount() == 0) {
                continue;
            }
            if (!c.canTakeUpdates()) {
                waiting = true;
                break;
            }
            s.flush(frames, now, minGap);
        }
        long behindFor = c.behind(waiting, now);
        if (behindFor > config.maxLag().toNanos()) {
            close(c, TOO_SLOW, "too slow: " + c.pendingCount() + " bucket updates waiting for over "
                    + words(config.maxLag()) + "; reconnect and resume");
        }
    }

    /** Closes the socket under a session that has not read its close frame (the WebSocket API cannot). */
    private void drop(WebSocketSession session) {
        if (!session.isOpen()) {
            return;
        }
        EmbeddedServer s = server.isPresent() ? server.get() : null;
        if (s instanceof WebSocketSessionRepository repository) {
            for (Channel ch : repository.getChannelGroup()) {
                NettyWebSocketSession owner = ch.attr(NettyWebSocketSession.WEB_SOCKET_SESSION_KEY).get();
                if (owner == session || owner != null && owner.getId().equals(session.getId())) {
                    LOG.info("live metrics: dropping {}, which did not read its close frame", session.getId());
                    ch.close();
                    return;
                }
            }
        }
    }

    static String words(java.time.Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** Open connections, for tests. */
    Set<LiveConnection> connections() {
        return Set.copyOf(connections);
    }
}
