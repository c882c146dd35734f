package dev.promptforge.domain.versioning;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Least-recently-used cache of verified versions (commit and text) by commit. A commit's text never changes, so an entry is never
 * stale; the budget counts characters. Thread-safe. A budget of 0 disables it.
 */
public final class VersionCache {
    private final long maxChars;
    private long chars;
    private final LinkedHashMap<String, Version> entries = new LinkedHashMap<>(256, 0.75f, true);

    public VersionCache(long maxChars) {
        this.maxChars = maxChars;
    }

    static String key(String workspace, PromptName prompt, CommitId id) {
        return workspace + '\u0000' + prompt.value() + '\u0000' + id.hex();
    }

    synchronized Version get(String key) {
        return entries.get(key);
    }

    synchronized void put(String key, Version version) {
        int size = version.content().length();
        if (maxChars <= 0 || size > maxChars / 4) {
            return;
        }
        Version old = entries.put(key, version);
        chars += size - (old == null ? 0 : old.content().length());
        var it = entries.entrySet().iterator();
        while (chars > maxChars && it.hasNext()) {
            Map.Entry<String, Version> eldest = it.next();
            chars -= eldest.getValue().content().length();
            it.remove();
        }
    }

    public synchronized void clear() {
        entries.clear();
        chars = 0;
    }
}
