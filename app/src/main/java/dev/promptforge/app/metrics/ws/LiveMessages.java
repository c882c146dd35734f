package dev.promptforge.app.metrics.ws;

import dev.promptforge.app.evaluation.http.BucketItem;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * The messages of {@code /ws/v1/metrics}, each a JSON object with a {@code type}. Clients send {@code subscribe},
 * {@code resume}, {@code unsubscribe}, {@code ping} and {@code pong}; the server sends {@code snapshot},
 * {@code update}, {@code unsubscribed}, {@code error}, {@code ping} and {@code pong}. {@link MetricsSocket} describes
 * the protocol.
 */
final class LiveMessages {
    private LiveMessages() {
    }

    /** What a client may send, as read by {@link ClientMessageParser}. */
    sealed interface ClientMessage permits SubscribeMessage, ResumeMessage, UnsubscribeMessage, PingMessage,
            PongMessage {
    }

    /** What the server sends. */
    sealed interface ServerMessage permits SnapshotMessage, UpdateMessage, UnsubscribedMessage, ErrorMessage,
            PingMessage, PongMessage {
    }

    /**
     * Asks for the buckets of one scope and bucket size, one metric or all ({@code metric} absent), over
     * {@code [from, to)}; values are still text, checked by the socket.
     */
    record SubscribeMessage(String id, String scope, @Nullable String metric, @Nullable String bucket,
            @Nullable String from, @Nullable String to) implements ClientMessage {
    }

    /** A subscription again after a reconnect, from the last {@code seq} the client saw. */
    record ResumeMessage(SubscribeMessage subscription, long after) implements ClientMessage {
    }

    record UnsubscribeMessage(String id) implements ClientMessage {
    }

    @Serdeable
    record PingMessage(String type) implements ClientMessage, ServerMessage {
        static final PingMessage INSTANCE = new PingMessage("ping");
    }

    @Serdeable
    record PongMessage(String type) implements ClientMessage, ServerMessage {
        static final PongMessage INSTANCE = new PongMessage("pong");
    }

    /** Every bucket of a subscription in range; later updates have a larger {@code seq}. */
    @Serdeable
    record SnapshotMessage(String type, String id, long seq, String scope, @Nullable String metric, String bucket,
            String from, @Nullable String to, List<BucketItem> items) implements ServerMessage {
        SnapshotMessage(String id, long seq, String scope, String metric, String bucket, String from, String to,
                List<BucketItem> items) {
            this("snapshot", id, seq, scope, metric, bucket, from, to, items);
        }
    }

    /** The buckets of a subscription that changed up to {@code seq}, with their current totals. */
    @Serdeable
    record UpdateMessage(String type, String id, long seq, List<BucketItem> items) implements ServerMessage {
        UpdateMessage(String id, long seq, List<BucketItem> items) {
            this("update", id, seq, items);
        }
    }

    @Serdeable
    record UnsubscribedMessage(String type, String id) implements ServerMessage {
        UnsubscribedMessage(String id) {
            this("unsubscribed", id);
        }
    }

    /** A refused message; {@code id} names the subscription when the message had one. */
    @Serdeable
    record ErrorMessage(String type, @Nullable String id, String code, String detail) implements ServerMessage {
        ErrorMessage(String id, String code, String detail) {
            this("error", id, code, detail);
        }
    }
}
