package dev.promptforge.app.versioning.http;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The serialised 200 bodies of {@code GET /api/v1/prompts/{name}?ref=}, least recently used first out, within a
 * budget of bytes. A body is a function of the commit and of the ref as the request named it (the body echoes it),
 * and a commit never changes, so an entry is never stale: moving a label changes the commit the request resolves
 * to, hence the key. Thread-safe; the event loops share it.
 */
final class FetchBodies {
    private record Key(String commit, String ref) {
    }

    private final long maxBytes;
    private long bytes;
    private final LinkedHashMap<Key, byte[]> entries = new LinkedHashMap<>(64, 0.75f, true);

    FetchBodies(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The body for {@code commit} fetched as {@code ref}: cached, or made by {@code serialise} and kept. */
    byte[] get(String commit, String ref, Supplier<byte[]> serialise) {
        Key key = new Key(commit, ref);
        synchronized (this) {
            byte[] body = entries.get(key);
            if (body != null) {
                return body;
            }
        }
        byte[] body = serialise.get();
        if (body.length <= maxBytes / 8) {
            synchronized (this) {
                byte[] old = entries.put(key, body);
                bytes += body.length - (old == null ? 0 : old.length);
                Iterator<Map.Entry<Key, byte[]>> eldest = entries.entrySet().iterator();
                while (bytes > maxBytes && eldest.hasNext()) {
                    bytes -= eldest.next().getValue().length;
                    eldest.remove();
                }
            }
        }
        return body;
    }

    synchronized int size() {
        return entries.size();
    }
}
