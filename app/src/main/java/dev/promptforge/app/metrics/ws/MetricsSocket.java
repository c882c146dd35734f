package dev.promptforge.app.metrics.ws;

import dev.promptforge.app.shared.http.Params;
import dev.promptforge.app.metrics.ws.ChangeLog.Change;
import dev.promptforge.app.evaluation.http.BucketItem;
import dev.promptforge.app.metrics.ws.LiveMessages.ClientMessage;
import dev.promptforge.app.metrics.ws.LiveMessages.ErrorMessage;
import dev.promptforge.app.metrics.ws.LiveMessages.PingMessage;
import dev.promptforge.app.metrics.ws.LiveMessages.PongMessage;
import dev.promptforge.app.metrics.ws.LiveMessages.ResumeMessage;
import dev.promptforge.app.metrics.ws.LiveMessages.SnapshotMessage;
import dev.promptforge.app.metrics.ws.LiveMessages.SubscribeMessage;
import dev.promptforge.app.metrics.ws.LiveMessages.UnsubscribeMessage;
import dev.promptforge.app.metrics.ws.LiveMessages.UnsubscribedMessage;
import dev.promptforge.app.metrics.ws.LiveMessages.UpdateMessage;
import dev.promptforge.domain.evaluation.BucketSize;
import dev.promptforge.domain.evaluation.MetricBucket;
import dev.promptforge.domain.evaluation.MetricName;
import dev.promptforge.domain.evaluation.MetricsQuery;
import dev.promptforge.domain.evaluation.QueryMetrics;
import dev.promptforge.domain.evaluation.ReadRuns;
import dev.promptforge.domain.evaluation.RunId;
import dev.promptforge.domain.evaluation.Scope;
import dev.promptforge.domain.shared.Conflict;
import dev.promptforge.domain.shared.DomainException;
import dev.promptforge.domain.shared.InvalidInput;
import dev.promptforge.domain.shared.LimitExceeded;
import dev.promptforge.domain.shared.NotFound;
import dev.promptforge.domain.shared.WorkspaceId;
import dev.promptforge.domain.versioning.CommitId;
import dev.promptforge.domain.versioning.PromptName;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.websocket.WebSocketPongMessage;
import io.micronaut.websocket.WebSocketSession;
import io.micronaut.websocket.annotation.OnClose;
import io.micronaut.websocket.annotation.OnError;
import io.micronaut.websocket.annotation.OnMessage;
import io.micronaut.websocket.annotation.OnOpen;
import io.micronaut.websocket.annotation.ServerWebSocket;
import jakarta.inject.Named;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live metrics at {@code /ws/v1/metrics}.
 *
 * <p>Client messages (JSON objects; unknown fields are refused):
 * <ul>
 *   <li>{@code {"type":"subscribe","id":"a","scope":"run:<id>","metric":"accuracy","bucket":"hour","from":..,"to":..}}:
 *       {@code id} is the client's name for the subscription (1-64 characters, unique on the connection);
 *       {@code scope} is {@code run:<id>}, {@code commit:<64 hex>}, {@code prompt:<name>} or
 *       {@code experiment:<id>}; {@code metric} absent means every metric (built-ins included); {@code bucket}
 *       is hour (default), day or week; {@code from}/{@code to} are ISO-8601 times with offset or epoch
 *       milliseconds. Without {@code to} the subscription is open-ended (updates for later buckets keep coming);
 *       without {@code from} it starts 7 days (hour) or 365 days (day, week) back, as in {@code GET /api/v1/metrics}.
 *       Answered by a {@code snapshot}.</li>
 *   <li>{@code {"type":"resume", ...the subscribe fields..., "after":<seq>}}: after a reconnect. When the server
 *       still remembers every change after {@code after} (the last {@code promptforge.live.history-size} bucket
 *       changes), the answer is an {@code update} with the current totals of each bucket of the subscription that
 *       changed since (possibly no items); otherwise, and when {@code after} is not a number this server handed
 *       out (for example it restarted: numbers start from the wall clock, so older ones are always below), a
 *       fresh {@code snapshot}. Both answers are never larger than a snapshot, so history wins whenever it is
 *       available.</li>
 *   <li>{@code {"type":"unsubscribe","id":"a"}}, answered by {@code {"type":"unsubscribed","id":"a"}}; no update
 *       of that subscription follows it.</li>
 *   <li>{@code {"type":"ping"}} (answered by {@code {"type":"pong"}}) and {@code {"type":"pong"}}: either keeps
 *       the connection alive.</li>
 * </ul>
 *
 * <p>Server messages: {@code snapshot} ({@code id, seq, scope, metric, bucket, from, to, items}), {@code update}
 * ({@code id, seq, items}: only the buckets that changed, with current totals, so a lost update never corrupts a
 * chart), {@code unsubscribed}, {@code error} ({@code id} when known, {@code code}, {@code detail}) and
 * {@code ping}/{@code pong}. Items are shaped like the REST buckets ({@code metric, start, count, sum, mean, min,
 * max, p50, p90, p99}). {@code seq} numbers increase on a connection. Updates of one subscription coalesce: under a
 * steady stream one per {@code promptforge.live.flush-interval} (default 150 ms), however fast events arrive; a
 * change to a subscription that has had no update for most of an interval is sent within a sixteenth of one; two
 * updates are never closer than half an interval (see {@link LiveMetricsHub}).
 *
 * <p>Error codes: {@code live.invalid-message} (not JSON, more than one JSON value, a field given twice, not an
 * object, a missing or mistyped field, an unknown field), {@code live.unknown-type}, {@code live.frame-too-large}
 * (a message over {@code promptforge.live.max-frame-bytes}; a message over {@value #HARD_FRAME_LIMIT} bytes, in one
 * frame or several, is refused with close code 1009),
 * {@code live.too-many-subscriptions}, {@code live.duplicate-subscription}, {@code live.unknown-subscription},
 * {@code live.busy} (over {@code promptforge.live.max-queued-messages} messages waiting), the domain's own
 * ({@code evaluation.invalid-scope}, {@code evaluation.invalid-run-id}, {@code evaluation.run-not-found},
 * {@code evaluation.invalid-bucket}, {@code evaluation.invalid-metric}, {@code evaluation.invalid-range},
 * {@code versioning.invalid-name}, {@code versioning.invalid-commit-id}) and {@code live.internal-error}. An
 * error never closes the connection.
 *
 * <p>Close codes: 4008 when the client is too slow (updates waiting longer than {@code max-lag}, more than
 * {@code max-pending-buckets} waiting, or urgent messages not read), 1001 after {@code idle-timeout} without a
 * message or pong, and, as RFC 6455 asks ({@link WebSocketInputChecks}), 1009 for a message over
 * {@value #HARD_FRAME_LIMIT} bytes, 1007 for a text message that is not UTF-8 and 1003 for a binary message. The
 * server sends a ping frame and a {@code ping} message every {@code ping-interval}.
 *
 * <p>Handshake: a request that is not a WebSocket upgrade gets 426 {@code live.upgrade-required}, another version
 * than 13 gets 426 {@code live.unsupported-version}, a missing or malformed key 400 {@code live.invalid-handshake},
 * all problem+json ({@link WebSocketInputChecks}).
 *
 * <p>Message handling runs on one worker per connection over the blocking pool, in order, never on the event loop.
 */
@ServerWebSocket(MetricsSocket.PATH)
final class MetricsSocket {
    static final String PATH = "/ws/v1/metrics";
    /**
     * The largest message accepted, in one frame (the WebSocket layer closes with 1009 above it) or several
     * ({@link WebSocketInputChecks}, as Micronaut joins fragments without a cap of its own); up to it, oversized
     * messages are answered in words.
     */
    static final int HARD_FRAME_LIMIT = 262_144;
    private static final Logger LOG = LoggerFactory.getLogger(MetricsSocket.class);
    private static final String CONNECTION = "promptforge.live.connection";
    private static final WorkspaceId WS = WorkspaceId.DEFAULT;

    private final LiveMetricsHub hub;
    private final LiveConfig config;
    private final JsonMapper json;
    private final ClientMessageParser parser;
    private final ReadRuns runs;
    private final QueryMetrics metrics;
    private final Clock clock;
    private final ExecutorService blocking;

    MetricsSocket(LiveMetricsHub hub, LiveConfig config, JsonMapper json, ReadRuns runs, QueryMetrics metrics,
            Clock clock, @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.hub = hub;
        this.config = config;
        this.json = json;
        this.parser = new ClientMessageParser(json);
        this.runs = runs;
        this.metrics = metrics;
        this.clock = clock;
        this.blocking = blocking;
    }

    @OnOpen
    void open(WebSocketSession session) {
        LiveConnection c = new LiveConnection(session, new SerialWorker(blocking, config.maxQueuedMessages()),
                hub.writerOfThisLoop(), json, config.maxOutstandingSends(), System.nanoTime());
        session.put(CONNECTION, c);
        hub.opened(c);
    }

    @OnMessage(maxPayloadLength = HARD_FRAME_LIMIT)
    void message(String text, WebSocketSession session) {
        LiveConnection c = connection(session);
        if (c == null) {
            return;
        }
        c.heard(System.nanoTime());
        if (tooLarge(text)) {
            c.send(new ErrorMessage(null, "live.frame-too-large", "a message is at most " + config.maxFrameBytes()
                    + " bytes"));
            return;
        }
        if (!c.worker().offer(() -> handle(c, text))) {
            c.send(new ErrorMessage(null, "live.busy", "over " + config.maxQueuedMessages()
                    + " messages are waiting to be handled; wait for answers before sending more"));
        }
    }

    @OnMessage
    void pong(WebSocketPongMessage pong, WebSocketSession session) {
        LiveConnection c = connection(session);
        if (c != null) {
            c.heard(System.nanoTime());
        }
    }

    @OnClose
    void close(WebSocketSession session) {
        LiveConnection c = connection(session);
        if (c != null) {
            hub.closed(c);
        }
    }

    @OnError
    void error(WebSocketSession session, Throwable error) {
        LOG.debug("live metrics: error on {}", session.getId(), error);
    }

    private LiveConnection connection(WebSocketSession session) {
        return session.get(CONNECTION, LiveConnection.class).orElse(null);
    }

    private boolean tooLarge(String text) {
        int limit = config.maxFrameBytes();
        if (text.length() > limit) {
            return true;
        }
        return (long) text.length() * 3 > limit && text.getBytes(StandardCharsets.UTF_8).length > limit;
    }

    private void handle(LiveConnection c, String text) {
        if (c.state() != LiveConnection.State.OPEN) {
            return;
        }
        String id = null;
        try {
            JsonNode tree = parser.tree(text);
            id = ClientMessageParser.idOf(tree);
            ClientMessage m = parser.parse(tree);
            if (m instanceof SubscribeMessage s) {
                subscribe(c, s, null);
            } else if (m instanceof ResumeMessage r) {
                subscribe(c, r.subscription(), r.after());
            } else if (m instanceof UnsubscribeMessage u) {
                unsubscribe(c, u);
            } else if (m instanceof PingMessage) {
                c.send(PongMessage.INSTANCE);
            }
        } catch (DomainException e) {
            c.send(new ErrorMessage(id, e.code(), e.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("live metrics: a message on {} could not be handled", c, e);
            c.send(new ErrorMessage(id, "live.internal-error",
                    "the message could not be handled; the error is logged"));
        }
    }

    private void subscribe(LiveConnection c, SubscribeMessage m, Long after) {
        if (c.subscriptions().containsKey(m.id())) {
            throw new Conflict("live.duplicate-subscription", "subscription '" + m.id()
                    + "' already exists on this connection: unsubscribe it or use another id");
        }
        if (c.subscriptions().size() >= config.maxSubscriptions()) {
            throw new LimitExceeded("live.too-many-subscriptions", "a connection holds at most "
                    + config.maxSubscriptions() + " subscriptions: unsubscribe one first or open another connection",
                    config.maxSubscriptions(), c.subscriptions().size() + 1L);
        }
        Scope scope = Scope.parse(m.scope());
        MetricName metric = m.metric() == null ? null : new MetricName(m.metric());
        BucketSize size = BucketSize.parse(m.bucket());
        Instant to = m.to() == null ? null : Params.instant("evaluation.invalid-range", "to", m.to());
        Instant end = to != null ? to : clock.instant().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofDays(1));
        Instant from = m.from() != null ? Params.instant("evaluation.invalid-range", "from", m.from())
                : end.minus(size == BucketSize.HOUR ? Duration.ofDays(7) : Duration.ofDays(365));
        MetricsQuery query = new MetricsQuery(WS, scope, metric, size, from, end);
        checkExists(scope);

        LiveSubscription sub = new LiveSubscription(c, m.id(), UpdateFrames.head(json, m.id()),
                new Topic(WS, scope, size), metric, from, to);
        c.subscriptions().put(m.id(), sub);
        try {
            long seq;
            if (after != null) {
                LiveMetricsHub.Resumed resumed = hub.resume(sub, after);
                seq = resumed.seq();
                if (resumed.fromHistory()) {
                    List<BucketItem> items = new ArrayList<>(resumed.changes().size());
                    for (Change change : resumed.changes()) {
                        items.add(change.item());
                    }
                    c.send(new UpdateMessage(m.id(), seq, items));
                    sub.answered(items);
                    return;
                }
            } else {
                seq = hub.subscribe(sub);
            }
            List<MetricBucket> buckets = metrics.query(query);
            List<BucketItem> items = new ArrayList<>(buckets.size());
            for (MetricBucket b : buckets) {
                items.add(BucketItem.of(b));
            }
            c.send(new SnapshotMessage(m.id(), seq, scope.key(), metric == null ? null : metric.value(), size.wire(),
                    from.toString(), to == null ? null : to.toString(), items));
            sub.answered(items);
        } catch (RuntimeException e) {
            c.subscriptions().remove(m.id(), sub);
            hub.unsubscribe(sub);
            throw e;
        }
    }

    /** Named things must exist; a run is looked up, a commit or prompt name only checked (it may come later). */
    private void checkExists(Scope scope) {
        switch (scope.kind()) {
            case RUN -> runs.get(WS, new RunId(scope.id()));
            case COMMIT -> new CommitId(scope.id());
            case PROMPT -> new PromptName(scope.id());
            default -> {
            }
        }
    }

    private void unsubscribe(LiveConnection c, UnsubscribeMessage m) {
        LiveSubscription sub = c.subscriptions().remove(m.id());
        if (sub == null) {
            throw new NotFound("live.unknown-subscription", "no subscription '" + m.id() + "' on this connection");
        }
        hub.unsubscribe(sub);
        c.send(new UnsubscribedMessage(m.id()));
    }
}
