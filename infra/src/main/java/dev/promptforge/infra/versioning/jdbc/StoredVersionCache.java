package dev.promptforge.infra.versioning.jdbc;

import dev.promptforge.domain.shared.WorkspaceId;
import dev.promptforge.domain.versioning.CommitId;
import dev.promptforge.domain.versioning.PromptName;
import dev.promptforge.domain.versioning.StoredVersion;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Least-recently-used cache of stored versions (a commit, its storage fields and its inflated payload) by prompt
 * and commit, bounded by payload bytes. Rows are append-only, so an entry never goes stale; it is filled from rows
 * read by committed transactions only. Reads served from it still rebuild the text and check both hashes; what it
 * saves is the chain query and one zlib stream per delta (about 10 us each, the larger part of reading a long
 * chain). Thread-safe. Callers get copies of payloads, never the cached arrays.
 */
final class StoredVersionCache {
    private final long maxBytes;
    private long bytes;
    private final LinkedHashMap<String, StoredVersion> entries = new LinkedHashMap<>(1024, 0.75f, true);

    StoredVersionCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    boolean enabled() {
        return maxBytes > 0;
    }

    static String key(WorkspaceId ws, PromptName prompt, CommitId id) {
        return ws.value() + '\u0000' + prompt.value() + '\u0000' + id.hex();
    }

    synchronized StoredVersion get(String key) {
        StoredVersion v = entries.get(key);
        return v == null ? null : copy(v);
    }

    synchronized void put(String key, StoredVersion v) {
        long size = v.payload().length + 512L;
        if (!enabled() || size > maxBytes / 8) {
            return;
        }
        StoredVersion old = entries.put(key, copy(v));
        bytes += size - (old == null ? 0 : old.payload().length + 512L);
        var it = entries.entrySet().iterator();
        while (bytes > maxBytes && it.hasNext()) {
            Map.Entry<String, StoredVersion> eldest = it.next();
            bytes -= eldest.getValue().payload().length + 512L;
            it.remove();
        }
    }

    private static StoredVersion copy(StoredVersion v) {
        return new StoredVersion(v.commit(), v.kind(), v.base(), v.chainLength(), v.chainBytes(), v.payload().clone());
    }
}
