package dev.promptforge.domain.versioning;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Least-recently-used cache of verified texts by commit. A commit's text never changes, so an entry is never
 * stale; the budget counts characters. Thread-safe. A budget of 0 disables it.
 */
public final class VersionCache {
    private final long maxChars;
    private long chars;
    private final LinkedHashMap<String, String> entries = new LinkedHashMap<>(256, 0.75f, true);

    public VersionCache(long maxChars) {
        this.maxChars = maxChars;
    }

    static String key(String workspace, PromptName prompt, CommitId id) {
        return workspace + '\u0000' + prompt.value() + '\u0000' + id.hex();
    }

    synchronized String get(String key) {
        return entries.get(key);
    }

    synchronized void put(String key, String text) {
        if (text.length() > maxChars / 4) {
            return;
        }
        String old = entries.put(key, text);
        chars += text.length() - (old == null ? 0 : old.length());
        var it = entries.entrySet().iterator();
        while (chars > maxChars && it.hasNext()) {
            Map.Entry<String, String> eldest = it.next();
            chars -= eldest.getValue().length();
            it.remove();
        }
    }

    public synchronized void clear() {
        entries.clear();
        chars = 0;
    }
}
