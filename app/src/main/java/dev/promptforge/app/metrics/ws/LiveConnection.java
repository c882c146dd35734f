package dev.promptforge.app.metrics.ws;

import dev.promptforge.app.metrics.ws.LiveMessages.PingMessage;
import dev.promptforge.app.metrics.ws.LiveMessages.ServerMessage;
import io.micronaut.json.JsonMapper;
import io.micronaut.websocket.WebSocketSession;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection: its subscriptions by client id, its worker for client messages, and two counts of its
 * messages: those not yet written (waiting for the event loop's writer, or handed to the socket and not yet taken
 * by it), which hold back updates while any are waiting, and those handed to the socket and not yet taken, the
 * measure of whether the client reads. Sending never blocks: a connection that stops reading is flagged and closed
 * by the hub's flusher. Thread-safe.
 */
final class LiveConnection {
    private static final Logger LOG = LoggerFactory.getLogger(LiveConnection.class);
    private static final byte[] PING_PAYLOAD = "promptforge".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_QUEUED_FACTOR = 64;

    enum State { OPEN, CLOSING, CLOSED }

    private final WebSocketSession session;
    private final SerialWorker worker;
    private final Executor writes;
    private final JsonMapper json;
    private final int maxOutstanding;
    private final Map<String, LiveSubscription> subscriptions = new ConcurrentHashMap<>();
    private final AtomicInteger outstanding = new AtomicInteger();
    /** Of {@link #outstanding}, those handed to the socket and not yet taken by it. */
    private final AtomicInteger notTaken = new AtomicInteger();
    private final AtomicReference<State> state = new AtomicReference<>(State.OPEN);
    private volatile long lastHeard;
    private volatile long lastPing;
    private volatile long closingSince;
    private volatile boolean overloaded;
    private volatile boolean overflowed;
    private boolean behind;
    private long behindSince;

    /** {@code writes}: where this connection's socket writes run, in order ({@link LoopWriter}). */
    LiveConnection(WebSocketSession session, SerialWorker worker, Executor writes, JsonMapper json, int maxOutstanding,
            long now) {
        this.session = session;
        this.worker = worker;
        this.writes = writes;
        this.json = json;
        this.maxOutstanding = maxOutstanding;
        this.lastHeard = now;
        this.lastPing = now;
    }

    WebSocketSession session() {
        return session;
    }

    SerialWorker worker() {
        return worker;
    }

    Map<String, LiveSubscription> subscriptions() {
        return subscriptions;
    }

    State state() {
        return state.get();
    }

    void heard(long now) {
        lastHeard = now;
    }

    long lastHeard() {
        return lastHeard;
    }

    long lastPing() {
        return lastPing;
    }

    long closingSince() {
        return closingSince;
    }

    /** Whether an update may be written now; otherwise changes keep coalescing in the subscriptions. */
    boolean canTakeUpdates() {
        return outstanding.get() < maxOutstanding;
    }

    /**
     * Writes a message that must not be coalesced (snapshot, error, acknowledgement). A connection whose socket has
     * not taken the allowed number of messages while twice that many are outstanding is not reading: it is flagged
     * for closing and the message is dropped. Replies to a burst of client messages wait for the event loop's writer
     * without counting against the client, up to {@value #MAX_QUEUED_FACTOR} times the allowed number (a client that
     * sends faster than the server can write to any socket).
     */
    boolean send(ServerMessage message) {
        if (state.get() != State.OPEN) {
            return false;
        }
        int queued = outstanding.get();
        if (queued >= 2 * maxOutstanding
                && (notTaken.get() >= maxOutstanding || queued >= MAX_QUEUED_FACTOR * maxOutstanding)) {
            overloaded = true;
            return false;
        }
        String text;
        try {
            text = json.writeValueAsString(message);
        } catch (IOException e) {
            LOG.error("live metrics: could not write a {} message", message.getClass().getSimpleName(), e);
            return false;
        }
        track(() -> session.sendAsync(text));
        return true;
    }

    /**
     * Writes an update frame built by {@link UpdateFrames}; the caller has checked {@link #canTakeUpdates}. The frame
     * is released here when it cannot be written.
     */
    boolean send(WebSocketFrame frame) {
        if (state.get() != State.OPEN) {
            ReferenceCountUtil.release(frame);
            return false;
        }
        track(() -> {
            try {
                return session.sendAsync(frame);
            } catch (RuntimeException e) {
                ReferenceCountUtil.release(frame);
                throw e;
            }
        });
        return true;
    }

    /** A WebSocket ping frame and an application ping (browsers cannot see ping frames); skipped when behind. */
    void ping(long now) {
        lastPing = now;
        if (state.get() == State.OPEN && canTakeUpdates()) {
            track(() -> session.sendPingAsync(PING_PAYLOAD));
            send(PingMessage.INSTANCE);
        }
    }

    /**
     * Starts the closing handshake: queues a close frame after the writes already queued, and leaves the socket open
     * for the client's answer (Micronaut closes the socket when that close frame arrives; the flusher drops it after
     * {@code close-grace} otherwise). Micronaut's {@code session.close} would close the socket as soon as the frame
     * is written, and a client still reading what came before it (pings it answers) then fails on its write, so it
     * saw an error instead of the close code.
     */
    void sendClose(int code, String reason) {
        track(() -> session.sendAsync(new CloseWebSocketFrame(code, reason)));
    }

    /**
     * Counts a message outstanding from now until its write completes, and not taken from when it is handed to the
     * socket until then; queues the write.
     */
    private void track(java.util.function.Supplier<CompletableFuture<?>> write) {
        outstanding.incrementAndGet();
        writes.execute(() -> {
            notTaken.incrementAndGet();
            try {
                write.get().whenComplete((r, e) -> {
                    notTaken.decrementAndGet();
                    outstanding.decrementAndGet();
                });
            } catch (RuntimeException e) {
                notTaken.decrementAndGet();
                outstanding.decrementAndGet();
                LOG.debug("live metrics: a write to {} failed", this, e);
            }
        });
    }

    /** Too many messages outstanding for ones that cannot wait. */
    boolean overloaded() {
        return overloaded;
    }

    /** A subscription had more changed buckets waiting than allowed. */
    boolean overflowed() {
        return overflowed;
    }

    void overflow() {
        overflowed = true;
    }

    /** Moves to CLOSING once; true for the caller that did. */
    boolean beginClose(long now) {
        if (state.compareAndSet(State.OPEN, State.CLOSING)) {
            closingSince = now;
            return true;
        }
        return false;
    }

    /** Moves to CLOSED; true for the caller that did. */
    boolean markClosed() {
        return state.getAndSet(State.CLOSED) != State.CLOSED;
    }

    /**
     * Records whether this connection has updates it cannot take, for the flusher only; returns how long it has been
     * behind in nanoseconds (0 when it is not).
     */
    long behind(boolean isBehind, long now) {
        if (!isBehind) {
            behind = false;
            return 0;
        }
        if (!behind) {
            behind = true;
            behindSince = now;
        }
        return Math.max(1, now - behindSince);
    }

    int pendingCount() {
        int n = 0;
        for (LiveSubscription s : subscriptions.values()) {
            n += s.pendingCount();
        }
        return n;
    }

    @Override
    public String toString() {
        return "live connection " + session.getId();
    }
}
