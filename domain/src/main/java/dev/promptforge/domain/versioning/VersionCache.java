package dev.promptforge.domain.versioning;

import dev.promptforge.domain.shared.WorkspaceId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Verified versions (commit and text) by commit, in one budget of characters, in two least-recently-used segments:
 * the results of reads, and checkpoints (texts kept while rebuilding a long delta chain, see
 * {@link PromptVersions#read}) that later reads use as delta bases, as git's delta-base cache does. A commit's text
 * never changes, so an entry is never stale. Over budget, results of reads go first, unless checkpoints hold more
 * than half the budget: random reads of large texts cannot push out the checkpoints that bound every rebuild, and
 * checkpoints cannot starve the results. Thread-safe. A budget of 0 disables it.
 */
public final class VersionCache {
    private record Key(WorkspaceId ws, PromptName prompt, CommitId id) {
    }

    private record PromptKey(WorkspaceId ws, PromptName prompt) {
    }

    private final long maxChars;
    private long chars;
    private long checkpointChars;
    private final LinkedHashMap<Key, Version> reads = new LinkedHashMap<>(256, 0.75f, true);
    private final LinkedHashMap<Key, Version> checkpoints = new LinkedHashMap<>(64, 0.75f, true);
    /** Every entry of both segments by prompt: what a rebuild of that prompt may start from. */
    private final Map<PromptKey, Map<CommitId, Version>> byPrompt = new HashMap<>();

    public VersionCache(long maxChars) {
        this.maxChars = maxChars;
    }

    /** Whether a text of {@code chars} characters would be kept (no larger than a quarter of the budget). */
    boolean accepts(long chars) {
        return maxChars > 0 && chars <= maxChars / 4;
    }

    synchronized Version get(WorkspaceId ws, PromptName prompt, CommitId id) {
        Key key = new Key(ws, prompt, id);
        Version v = reads.get(key);
        return v != null ? v : checkpoints.get(key);
    }

    /** A copy of the prompt's cached versions by commit. */
    synchronized Map<CommitId, Version> versionsOf(WorkspaceId ws, PromptName prompt) {
        Map<CommitId, Version> of = byPrompt.get(new PromptKey(ws, prompt));
        return of == null ? Map.of() : new HashMap<>(of);
    }

    /** Keeps the result of a read. */
    synchronized void put(WorkspaceId ws, PromptName prompt, Version version) {
        add(false, new Key(ws, prompt, version.commit().id()), version);
    }

    /** Keeps a text rebuilt on the way to another version, as a delta base for later reads. */
    synchronized void putCheckpoint(WorkspaceId ws, PromptName prompt, Version version) {
        add(true, new Key(ws, prompt, version.commit().id()), version);
    }

    private void add(boolean checkpoint, Key key, Version version) {
        int size = version.content().length();
        if (!accepts(size) || reads.containsKey(key) || checkpoints.containsKey(key)) {
            return;
        }
        (checkpoint ? checkpoints : reads).put(key, version);
        byPrompt.computeIfAbsent(new PromptKey(key.ws(), key.prompt()), k -> new HashMap<>()).put(key.id(), version);
        chars += size;
        if (checkpoint) {
            checkpointChars += size;
        }
        while (chars > maxChars) {
            if (checkpointChars > maxChars / 2 || reads.isEmpty()) {
                checkpointChars -= evictEldest(checkpoints);
            } else {
                evictEldest(reads);
            }
        }
    }

    private int evictEldest(LinkedHashMap<Key, Version> segment) {
        Map.Entry<Key, Version> eldest = segment.entrySet().iterator().next();
        segment.remove(eldest.getKey());
        Key k = eldest.getKey();
        PromptKey pk = new PromptKey(k.ws(), k.prompt());
        Map<CommitId, Version> of = byPrompt.get(pk);
        of.remove(k.id());
        if (of.isEmpty()) {
            byPrompt.remove(pk);
        }
        int size = eldest.getValue().content().length();
        chars -= size;
        return size;
    }
}
