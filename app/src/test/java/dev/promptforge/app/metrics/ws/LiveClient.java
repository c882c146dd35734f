package dev.promptforge.app.metrics.ws;

import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A real {@link java.net.http.WebSocket} client for the tests: collects whole text messages as JSON maps, counts
 * pings, records the close, and can stop reading (no more {@code request(n)}) to play a stalled client.
 */
final class LiveClient implements WebSocket.Listener, AutoCloseable {
    /** How the server closed the connection; code -1 for an error. */
    record Close(int code, String reason) {
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final JsonMapper json;
    private final LinkedBlockingQueue<Map<String, Object>> received = new LinkedBlockingQueue<>();
    /** When each received message was read whole ({@link System#nanoTime}), by identity. */
    private final Map<Map<String, Object>, Long> arrivals = Collections.synchronizedMap(new IdentityHashMap<>());
    private final CompletableFuture<Close> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private final AtomicInteger pings = new AtomicInteger();
    /** Messages passed over by {@link #next(Predicate, Duration)}, kept for later calls (test thread only). */
    private final List<Map<String, Object>> backlog = new ArrayList<>();
    private volatile boolean reading = true;
    private WebSocket socket;

    private LiveClient(JsonMapper json) {
        this.json = json;
    }

    static LiveClient connect(URI uri, JsonMapper json) {
        LiveClient client = new LiveClient(json);
        try {
            HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5)).buildAsync(uri, client)
                    .get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not connect to " + uri, e);
        }
        return client;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = json.readValue(text, Map.class);
                arrivals.put(m, System.nanoTime());
                received.add(m);
            } catch (IOException e) {
                received.add(Map.of("type", "not-json", "text", text));
            }
        }
        if (reading) {
            webSocket.request(1);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        pings.incrementAndGet();
        if (reading) {
            webSocket.request(1);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Close(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(new Close(-1, String.valueOf(error)));
    }

    /** When {@code message}, one this client received, was read whole ({@link System#nanoTime}). */
    long arrivedAt(Map<String, Object> message) {
        Long t = arrivals.get(message);
        if (t == null) {
            throw new IllegalArgumentException("not a message this client received: " + message);
        }
        return t;
    }

    void send(Map<String, ?> message) {
        try {
            sendText(json.writeValueAsString(message));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void sendText(String text) {
        socket.sendText(text, true).join();
    }

    /** Sends {@code text} as one message in frames of at most {@code chars} characters each. */
    void sendFragments(String text, int chars) {
        for (int at = 0; at < text.length(); at += chars) {
            int end = Math.min(text.length(), at + chars);
            socket.sendText(text.substring(at, end), end == text.length()).join();
        }
    }

    /** Stops asking for messages: the server's writes pile up in the socket buffers. */
    void stopReading() {
        reading = false;
    }

    void startReading() {
        reading = true;
        socket.request(1_000_000);
    }

    int pings() {
        return pings.get();
    }

    /** The next message other than a ping; fails after {@code timeout}. */
    Map<String, Object> next(Duration timeout) {
        return next(m -> true, timeout);
    }

    /** The next message of {@code type} for subscription {@code id} (null: any); others stay for later calls. */
    Map<String, Object> next(String type, String id, Duration timeout) {
        return next(m -> type.equals(m.get("type")) && (id == null || id.equals(m.get("id"))), timeout);
    }

    Map<String, Object> next(Predicate<Map<String, Object>> wanted, Duration timeout) {
        for (var it = backlog.iterator(); it.hasNext(); ) {
            Map<String, Object> m = it.next();
            if (wanted.test(m)) {
                it.remove();
                return m;
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<String, Object> m = poll(deadline - System.nanoTime());
            if (m == null) {
                throw new AssertionError("no wanted message within " + timeout + "; others: " + backlog);
            }
            if (wanted.test(m)) {
                return m;
            }
            backlog.add(m);
        }
    }

    /** Every message not yet taken, and those that arrive within {@code window}. */
    List<Map<String, Object>> drain(Duration window) {
        List<Map<String, Object>> out = new ArrayList<>(backlog);
        backlog.clear();
        long deadline = System.nanoTime() + window.toNanos();
        for (Map<String, Object> m = poll(window.toNanos()); m != null; m = poll(deadline - System.nanoTime())) {
            out.add(m);
        }
        return out;
    }

    /** The next message other than a ping, or null after {@code nanos}. */
    private Map<String, Object> poll(long nanos) {
        long deadline = System.nanoTime() + nanos;
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            try {
                Map<String, Object> m = received.poll(left, TimeUnit.NANOSECONDS);
                if (m == null || !"ping".equals(m.get("type"))) {
                    return m;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    Close awaitClose(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("not closed within " + timeout, e);
        }
    }

    boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        if (socket == null) {
            return;
        }
        if (!socket.isOutputClosed()) {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(1, TimeUnit.SECONDS);
            } catch (Exception e) {
                // the socket is aborted below anyway
            }
        }
        socket.abort();
    }
}
