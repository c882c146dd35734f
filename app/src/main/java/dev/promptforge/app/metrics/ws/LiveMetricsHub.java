package dev.promptforge.app.metrics.ws;

import dev.promptforge.app.metrics.ws.ChangeLog.Change;
import dev.promptforge.domain.evaluation.MetricBucket;
import dev.promptforge.domain.evaluation.port.MetricsPublisher;
import dev.promptforge.domain.shared.WorkspaceId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Primary;
import io.micronaut.http.netty.websocket.NettyWebSocketSession;
import io.micronaut.http.netty.websocket.WebSocketSessionRepository;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketSession;
import io.netty.channel.Channel;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process fan-out of metric bucket changes to WebSocket subscribers, and the {@link MetricsPublisher} the
 * domain calls after each ingested batch commits.
 *
 * <p>{@link #changed} runs on the event writer thread, between two group commits, before the batch is answered, so it
 * only queues the committed buckets and wakes the flusher: everything else is off the ingestion path. The single
 * flusher thread takes the queued buckets in commit order, numbers each with the next sequence number, remembers it in
 * the {@link ChangeLog} (for {@code resume}) and puts it in the pending map of every matching subscription, replacing
 * any older value of the same bucket; a bucket's quantiles are computed only when it is sent. It then sends each
 * subscription's pending buckets as one {@code update} once due, and every interval pings and closes connections that
 * are idle or too far behind; a connection with too many messages not yet taken by its socket is skipped (its changes
 * keep coalescing), so a stalled client costs the others nothing.
 *
 * <p>Timing: the interval ({@code promptforge.live.flush-interval}) is cut into {@link #SLOTS} slots, and each
 * subscription gets one, in turn; the flusher looks once per slot and sends the changes held by that slot's
 * subscriptions. So under a steady stream each subscription gets one update per interval, and the updates of many
 * subscriptions leave spread over the interval, a sixteenth of them at a time, not all in one burst. Measured with
 * 1,000 subscribers and one sender (bench/live.sh): update latency p99 173-183 ms against 185-221 ms with one burst per
 * interval, the same ingestion rate, and the flusher's CPU up from about 0.06 to 0.08 cores (it looks 16 times per
 * interval instead of 4). A burst also holds every event loop for as long as its writes take, which grows with the
 * subscribers; slots keep each look's share at a sixteenth. Each look first takes the committed changes, and of those
 * sends the change to a subscription that has been quiet for {@link #minGap} (the interval less half a look) at once
 * (leading edge), so a lone change is not held back by the window; with looks more than 10 ms apart (an interval over
 * 160 ms) a commit wakes the flusher to do that at once instead. (With the default 150 ms a wake per commit cost the
 * flusher a pass of its own 45 times a second under one sender, each at the moment the ingest thread was about to
 * answer.) The slot's next look sends only if the leading edge was at least half an interval ago. So a change waits for
 * one interval at most (one and a half right after a leading edge), and a subscription gets at most two updates in any
 * interval, never two closer than half of it. Every interval the flusher also pings and checks every connection. A look
 * visits only the subscriptions holding changes, not every connection. Subscriptions of one topic in one slot flush
 * with the same changes, and {@link UpdateFrames} serialises those once for all of them. The writes go to each
 * connection's {@link LoopWriter}, which makes them on the connection's event loop a chunk at a time, so that the
 * updates do not hold up the HTTP requests served by that loop, and the loops' writers take turns ({@link WriteTurns})
 * so that the fan-out never holds every core at once.
 *
 * <p>Several instances would put a shared bus behind {@link MetricsPublisher} and feed each instance's hub from
 * it; nothing in the domain changes. Thread-safe.
 */
@Context // created at start-up, so that a bad setting stops the start rather than the first request
@Primary
final class LiveMetricsHub implements MetricsPublisher {
    static final int TOO_SLOW = 4008;
    /** Flush slots per interval (see the class comment). */
    static final int SLOTS = 16;
    /** Looks further apart than this: a commit wakes the flusher for its leading edges instead of waiting for one. */
    static final long MAX_LEADING_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final Logger LOG = LoggerFactory.getLogger(LiveMetricsHub.class);

    private final LiveConfig config;
    private final JsonMapper json;
    private final BeanProvider<EmbeddedServer> server;
    private final Object lock = new Object();
    private final ChangeLog log;
    private final SubscriptionIndex subscriptions = new SubscriptionIndex();
    private final Set<LiveConnection> connections = ConcurrentHashMap.newKeySet();
    private final Map<EventExecutor, LoopWriter> writers = new ConcurrentHashMap<>();
    private final WriteTurns turns;
    /** Committed changes not yet taken by the flusher, in commit order. */
    private final Queue<Published> published = new ConcurrentLinkedQueue<>();
    /** Subscriptions holding changes not yet sent, by slot; the flusher thread's own. */
    private final List<Set<LiveSubscription>> holding = new ArrayList<>(SLOTS);
    private final ScheduledExecutorService flusher;
    private final AtomicBoolean woken = new AtomicBoolean();
    private final long minGap;
    /** The least time between a leading-edge update and the next one, sent at the subscription's slot. */
    private final long slotGap;
    /** Whether a commit wakes the flusher (looks more than {@link #MAX_LEADING_DELAY_NANOS} apart). */
    private final boolean wakeOnCommit;
    /** The flusher thread's own. */
    private final UpdateFrames frames;
    /** Scheduled looks so far; the flusher thread's own. */
    private long looks;
    /** The slot the next subscription gets; under the lock. */
    private int nextSlot;
    private final MeterRegistry registry;
    private final Counter updates;
    private final io.micrometer.core.instrument.Timer delay;

    /** {@code at}: {@link System#nanoTime} just after the commit. */
    private record Published(WorkspaceId ws, List<MetricBucket> buckets, long at) {
    }

    LiveMetricsHub(LiveConfig config, JsonMapper json, Clock clock, BeanProvider<EmbeddedServer> server,
            MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
        Gauge.builder("promptforge.live.connections", connections, Set::size)
                .description("Open WebSocket connections to /ws/v1/metrics").register(registry);
        Gauge.builder("promptforge.live.subscriptions", subscriptions, SubscriptionIndex::size)
                .description("Open live-metrics subscriptions").register(registry);
        this.updates = Counter.builder("promptforge.live.updates")
                .description("Update messages sent to subscribers (one per subscription per flush)").register(registry);
        this.delay = io.micrometer.core.instrument.Timer.builder("promptforge.live.update.delay")
                .description("For each update sent, how long the oldest change it carries waited from its commit to"
                        + " being handed to the socket (the coalescing interval is most of it)")
                .serviceLevelObjectives(java.time.Duration.ofMillis(10), java.time.Duration.ofMillis(50),
                        java.time.Duration.ofMillis(100), java.time.Duration.ofMillis(150),
                        java.time.Duration.ofMillis(200), java.time.Duration.ofMillis(250),
                        java.time.Duration.ofMillis(500), java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(5))
                .register(registry);
        this.json = json;
        this.server = server;
        this.log = new ChangeLog(config.historySize(), clock.millis() * 1000);
        this.frames = new UpdateFrames(json);
        this.turns = new WriteTurns(config.concurrentWriters() > 0 ? config.concurrentWriters()
                : WriteTurns.defaultConcurrency());
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "live-metrics-flusher");
            t.setDaemon(true);
            return t;
        });
        long interval = Math.max(SLOTS, config.flushInterval().toNanos());
        long look = interval / SLOTS;
        this.minGap = interval - look / 2;
        this.slotGap = interval / 2;
        this.wakeOnCommit = look > MAX_LEADING_DELAY_NANOS;
        for (int i = 0; i < SLOTS; i++) {
            holding.add(new LinkedHashSet<>());
        }
        // pings and the idle, lag and overload checks keep the interval's cadence (once per round of slots): run at
        // every look, an idle close reached a JDK client that had stopped reading as an error in 4 of 5 test runs
        // (the socket was closed with the close frame, before the client's answers to pings: see sendClose)
        flusher.scheduleAtFixedRate(() -> {
            int slot = (int) (looks++ % SLOTS);
            tick(slot, slot == 0);
        }, look, look, TimeUnit.NANOSECONDS);
    }

    @PreDestroy
    void stop() {
        flusher.shutdownNow();
        try {
            if (flusher.awaitTermination(5, TimeUnit.SECONDS)) {
                frames.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void changed(WorkspaceId ws, List<MetricBucket> buckets) {
        published.add(new Published(ws, buckets, System.nanoTime()));
        if (wakeOnCommit) {
            wake();
        }
    }

    /** Has the flusher take the published changes now (once, however many commits ask while it is queued). */
    private void wake() {
        if (woken.compareAndSet(false, true)) {
            try {
                flusher.execute(() -> {
                    woken.set(false);
                    publish();
                });
            } catch (RejectedExecutionException e) {
                // shutting down: the batch is committed, and nobody is left to tell
                LOG.debug("live metrics: flusher stopped, {} changes not published", published.size());
            }
        }
    }

    /**
     * Moves the published changes into the change log and the pending maps of their subscriptions; returns the
     * subscriptions that were quiet, whose change is due at once (leading edge).
     */
    private List<LiveSubscription> takePublished(long now) {
        List<LiveSubscription> due = new ArrayList<>();
        Published p;
        while ((p = published.poll()) != null) {
            synchronized (lock) {
                for (MetricBucket b : p.buckets()) {
                    Topic topic = new Topic(p.ws(), b.key().scope(), b.key().size());
                    Change change = log.append(topic, b);
                    if (change == null) {
                        continue;
                    }
                    for (Set<LiveSubscription> subs : subscriptions.of(topic, change.metric())) {
                        for (LiveSubscription s : subs) {
                            if (s.wants(change)) {
                                offer(s, change, now, p.at(), due);
                            }
                        }
                    }
                }
            }
        }
        return due;
    }

    /** Under the lock: holds {@code change} for {@code s}, adding {@code s} to {@code due} when it is due at once. */
    private void offer(LiveSubscription s, Change change, long now, long committed, List<LiveSubscription> due) {
        switch (s.offer(change, config.maxPendingBuckets(), now, minGap, committed)) {
            case DUE -> {
                due.add(s);
                holding.get(s.slot()).add(s);
            }
            case HELD -> holding.get(s.slot()).add(s);
            case OVERFLOW -> s.connection().overflow();
        }
    }

    /**
     * The pass a commit wakes: takes the published changes and sends only the leading-edge updates; the others wait
     * for the looks of their slots.
     */
    private void publish() {
        try {
            long now = System.nanoTime();
            send(takePublished(now), now, minGap);
        } catch (RuntimeException e) {
            LOG.error("live metrics: publishing failed", e);
        }
    }

    /** How long a subscription must have been quiet for a change to be sent at once, in nanoseconds. */
    long minGap() {
        return minGap;
    }

    /** The least time between two updates of one subscription, in nanoseconds. */
    long slotGap() {
        return slotGap;
    }

    /**
     * The writer of the event loop calling: a socket opens on its own loop, which then serves it for good, and
     * Micronaut's session does not expose its channel, so the loop is found as the calling thread's executor. Off a
     * loop (not the case with Micronaut 4's {@code @OnOpen}), writes run where they are made, each its own Netty task.
     */
    Executor writerOfThisLoop() {
        EventExecutor loop = ThreadExecutorMap.currentExecutor();
        return loop == null ? Runnable::run : writers.computeIfAbsent(loop, l -> new LoopWriter(l, turns));
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
            s.slot(nextSlot);
            nextSlot = (nextSlot + 1) % SLOTS;
            subscriptions.add(s);
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
            subscriptions.remove(s);
        }
        s.close();
    }

    /** Closes a connection with a reason the client can read; the flusher drops the socket if it lingers. */
    void close(LiveConnection c, int code, String reason) {
        if (!c.beginClose(System.nanoTime())) {
            return;
        }
        LOG.info("live metrics: closing {} ({} {})", c, code, reason);
        registry.counter("promptforge.live.closes", "code", Integer.toString(code)).increment();
        for (LiveSubscription s : c.subscriptions().values()) {
            unsubscribe(s);
        }
        c.sendClose(code, reason);
    }

    /**
     * The look of one slot: takes the published changes, sends the updates held by the slot's subscriptions, and with
     * {@code housekeeping} pings and checks every connection.
     */
    private void tick(int slot, boolean housekeeping) {
        try {
            long now = System.nanoTime();
            send(takePublished(now), now, minGap);
            if (housekeeping) {
                for (LiveConnection c : connections) {
                    try {
                        check(c, now);
                    } catch (RuntimeException e) {
                        LOG.error("live metrics: checking {} failed", c, e);
                    }
                }
            }
            Set<LiveSubscription> held = holding.get(slot);
            send(held, now, slotGap);
            frames.retire();
            held.removeIf(s -> s.connection().state() != LiveConnection.State.OPEN || s.pendingCount() == 0);
        } catch (RuntimeException e) {
            // a scheduled task that throws never runs again: the flusher must outlive any one failure
            LOG.error("live metrics: a flusher pass failed", e);
        }
    }

    /** Sends the updates of {@code candidates} whose last update is at least {@code gap} nanoseconds old. */
    private void send(Iterable<LiveSubscription> candidates, long now, long gap) {
        for (LiveSubscription s : candidates) {
            LiveConnection c = s.connection();
            try {
                if (c.state() == LiveConnection.State.OPEN && c.canTakeUpdates()) {
                    long waited = s.flush(frames, now, gap);
                    if (waited >= 0) {
                        updates.increment();
                        delay.record(waited, TimeUnit.NANOSECONDS);
                    }
                }
            } catch (RuntimeException e) {
                LOG.error("live metrics: flushing {} failed", c, e);
            }
        }
    }

    /** Closes a connection that is gone, too slow or idle, and pings it when due. */
    private void check(LiveConnection c, long now) {
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
        long behindFor = c.behind(!c.canTakeUpdates() && c.pendingCount() > 0, now);
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
