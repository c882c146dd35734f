package dev.promptforge.app.metrics.ws;

import dev.promptforge.app.evaluation.http.BucketItem;
import dev.promptforge.app.metrics.ws.ChangeLog.Change;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code update} frames the flusher builds. An update is {@code {"type":"update","id":..,"seq":..,"items":[..]}}
 * and only {@code id} and {@code seq} belong to the subscriber, so the items are serialised once per distinct set of
 * changes and shared: each frame is a small head of its own followed by a retained duplicate of the shared bytes.
 * Subscriptions of one topic and metric in one slot flush in the same look with the same changes, so 1,000
 * subscribers of three scopes cost three serialisations per look, not 1,000; the bytes are also kept for the next
 * look ({@link #retire}), as the next slot's subscriptions hold the same changes when no commit came in between.
 * Not thread-safe: the flusher's own; {@link #close} releases the shared bytes (frames still being written hold their
 * own references).
 */
final class UpdateFrames implements AutoCloseable {
    private static final Argument<List<BucketItem>> ITEMS_TYPE = Argument.listOf(BucketItem.class);
    private static final byte[] ITEMS_FIELD = ",\"items\":".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_LONG_DIGITS = 20;

    private final JsonMapper json;
    private final Map<Key, Shared> shared = new HashMap<>();
    private long look;
    private int encodings;

    /** Serialised items and the look that last used them. */
    private static final class Shared {
        final ByteBuf bytes;
        long usedIn;

        Shared(ByteBuf bytes, long usedIn) {
            this.bytes = bytes;
            this.usedIn = usedIn;
        }
    }

    UpdateFrames(JsonMapper json) {
        this.json = json;
    }

    /** The bytes an update of subscription {@code id} starts with, up to its {@code seq} value. */
    static byte[] head(JsonMapper json, String id) {
        try {
            String quoted = json.writeValueAsString(id);
            return ("{\"type\":\"update\",\"id\":" + quoted + ",\"seq\":").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An update frame: {@code head}, {@code seq}, then the items of {@code changes} (in bucket order). */
    TextWebSocketFrame frame(byte[] head, long seq, List<Change> changes) {
        Shared items = shared.computeIfAbsent(Key.of(changes), k -> new Shared(encode(changes), look));
        items.usedIn = look;
        ByteBuf own = Unpooled.buffer(head.length + MAX_LONG_DIGITS + ITEMS_FIELD.length);
        own.writeBytes(head).writeCharSequence(Long.toString(seq), StandardCharsets.US_ASCII);
        own.writeBytes(ITEMS_FIELD);
        return new TextWebSocketFrame(Unpooled.wrappedBuffer(own, items.bytes.retainedDuplicate()));
    }

    /** {@code [items...]} and the closing brace of the message. */
    private ByteBuf encode(List<Change> changes) {
        List<BucketItem> items = new ArrayList<>(changes.size());
        for (Change c : changes) {
            items.add(c.item());
        }
        byte[] bytes;
        encodings++;
        try {
            bytes = json.writeValueAsBytes(ITEMS_TYPE, items);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Unpooled.buffer(bytes.length + 1).writeBytes(bytes).writeByte('}');
    }

    /** Serialisations made so far. */
    int encodings() {
        return encodings;
    }

    /** Ends a look: releases the bytes that neither this look nor the one before used. */
    void retire() {
        shared.values().removeIf(s -> {
            if (s.usedIn < look) {
                s.bytes.release();
                return true;
            }
            return false;
        });
        look++;
    }

    @Override
    public void close() {
        shared.values().forEach(s -> s.bytes.release());
        shared.clear();
    }

    /** A set of changes by their sequence numbers, which name a bucket value server-wide. */
    private static final class Key {
        private final long[] seqs;
        private final int hash;

        private Key(long[] seqs) {
            this.seqs = seqs;
            this.hash = Arrays.hashCode(seqs);
        }

        static Key of(List<Change> changes) {
            long[] seqs = new long[changes.size()];
            for (int i = 0; i < seqs.length; i++) {
                seqs[i] = changes.get(i).seq();
            }
            return new Key(seqs);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && hash == k.hash && Arrays.equals(seqs, k.seqs);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
