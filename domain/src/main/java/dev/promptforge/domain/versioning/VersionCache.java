package dev.promptforge.domain.versioning;

import dev.promptforge.domain.shared.WorkspaceId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Verified versions by commit, in one budget of characters, in two least-recently-used segments: {@code texts}, the
 * results of reads with their joined text, which a read returns as they are; and {@code lines}, versions kept only
 * as their lines, which a read starts its rebuild from (as git's delta-base cache does) or joins. The lines segment
 * holds the checkpoints kept while rebuilding a long delta chain (see {@link PromptVersions#read}) and the results
 * whose text was evicted: over budget, the least recently used result loses its text but keeps its lines (a read
 * of it joins them again, about a third of a rebuild, and brings its text back), and lines go first only while they
 * hold more than half the budget, so random reads of large texts cannot push out the bases that bound every
 * rebuild, and bases cannot starve the texts. A commit's text never changes, so an entry is never stale.
 * Thread-safe. A budget of 0 disables it.
 *
 * <p>Entries keep the version's lines ({@link Utf8Lines}: characters and UTF-8 bytes), as a rebuild needs them (a
 * result read from a snapshot as it is stored has only its text). A rebuild starts from a copy of the list (the
 * lines are shared and never changed: a delta replaces a line by a new one), so an entry rebuilt from another
 * shares every line its deltas did not touch. Lines are charged {@value #CHARS_PER_LINE_REF} characters per line
 * (the reference) plus, for the lines not shared with the entry the rebuild started from, twice their length
 * (characters and bytes) and {@value #CHARS_PER_NEW_LINE} per line. So the lines of all 360 versions of PROMPTS.md
 * (53.6M characters of text; 390K characters and 8,900 lines at the end) cost about 8M characters, and a read from
 * an entry neither splits nor encodes the text before it applies its deltas and hashes the result (on the last
 * version: split about 400 us, UTF-8-encoding the lines for the hash about 600 us). Shared lines are charged to the
 * entry that made them: after that one is evicted, the lines a later entry still holds are in memory uncharged,
 * never more than that entry's own text.
 */
public final class VersionCache {
    /** A compressed reference in the array of an entry's lines: 4 bytes. */
    static final int CHARS_PER_LINE_REF = 2;
    /** The headers of a line: the Line (24 bytes), its String (24) and its two arrays (16 each), 80 bytes. */
    static final int CHARS_PER_NEW_LINE = 40;

    private record Key(WorkspaceId ws, PromptName prompt, CommitId id) {
    }

    private record PromptKey(WorkspaceId ws, PromptName prompt) {
    }

    /** A verified version with its joined {@code text} or its {@code lines} or both. */
    record Entry(Commit commit, String text, List<Utf8Lines.Line> lines, long charge) {
        /** A list of the lines to apply deltas to; it shares this entry's lines. */
        ArrayList<Utf8Lines.Line> editableLines() {
            return lines != null ? new ArrayList<>(lines) : Utf8Lines.split(text.getBytes(StandardCharsets.UTF_8));
        }

        /** What a rebuild starting here does not share with an entry's lines (see {@link #put}). */
        long unsharedChars(List<Utf8Lines.Line> editable) {
            return lines != null ? 0 : 2L * text.length() + CHARS_PER_NEW_LINE * (long) editable.size();
        }

        String joined() {
            return text != null ? text : Utf8Lines.text(lines);
        }

        /** The charge of the lines alone. */
        long linesCharge() {
            return text == null ? charge : charge - text.length();
        }
    }

    private final long maxChars;
    private long chars;
    private long linesChars;
    private final LinkedHashMap<Key, Entry> texts = new LinkedHashMap<>(256, 0.75f, true);
    private final LinkedHashMap<Key, Entry> lines = new LinkedHashMap<>(256, 0.75f, true);
    /** Every entry of both segments by prompt: what a rebuild of that prompt may start from. */
    private final Map<PromptKey, Map<CommitId, Entry>> byPrompt = new HashMap<>();

    public VersionCache(long maxChars) {
        this.maxChars = maxChars;
    }

    /** Whether an entry charged {@code chars} characters would be kept (no larger than a quarter of the budget). */
    boolean accepts(long chars) {
        return maxChars > 0 && chars <= maxChars / 4;
    }

    /** The characters lines of {@code lineCount} lines, {@code unsharedChars} of them not shared, are charged. */
    static long linesCharge(int lineCount, long unsharedChars) {
        return CHARS_PER_LINE_REF * (long) lineCount + unsharedChars;
    }

    /** A version whose joined text is cached. */
    synchronized Version get(WorkspaceId ws, PromptName prompt, CommitId id) {
        Entry e = texts.get(new Key(ws, prompt, id));
        return e == null ? null : new Version(e.commit(), e.text());
    }

    /** A copy of the prompt's cached entries (both segments) by commit. */
    synchronized Map<CommitId, Entry> entriesOf(WorkspaceId ws, PromptName prompt) {
        Map<CommitId, Entry> of = byPrompt.get(new PromptKey(ws, prompt));
        return of == null ? Map.of() : new HashMap<>(of);
    }

    /** Marks an entry as used (serving as a delta base counts, in least-recently-used order). */
    synchronized void touch(WorkspaceId ws, PromptName prompt, CommitId id) {
        Key key = new Key(ws, prompt, id);
        if (texts.get(key) == null) {
            lines.get(key);
        }
    }

    /**
     * Keeps the result of a read. Given its text only (a snapshot read as it is stored) it is charged that; a
     * result kept before as lines gets its text back.
     */
    synchronized void put(WorkspaceId ws, PromptName prompt, Version version) {
        Key key = new Key(ws, prompt, version.commit().id());
        String text = version.content();
        Entry held = lines.get(key);
        if (held != null) {
            if (accepts(text.length() + held.charge())) {
                remove(lines, key);
                insert(texts, key, new Entry(held.commit(), text, held.lines(), text.length() + held.charge()));
            }
        } else {
            add(texts, key, new Entry(version.commit(), text, null, text.length()));
        }
    }

    /**
     * Keeps the result of a read rebuilt from deltas, with its lines: a later read of a descendant starts from
     * them instead of splitting the text again. Charged its text plus {@link #linesCharge} of the lines.
     *
     * @param unsharedChars what the lines hold that is not shared with the entry the rebuild started from: twice
     *     their length and {@link #CHARS_PER_NEW_LINE} per line
     */
    synchronized void put(WorkspaceId ws, PromptName prompt, Version version, List<Utf8Lines.Line> lines,
            long unsharedChars) {
        String text = version.content();
        add(texts, new Key(ws, prompt, version.commit().id()), new Entry(version.commit(), text, List.copyOf(lines),
                text.length() + linesCharge(lines.size(), unsharedChars)));
    }

    /**
     * Keeps a version rebuilt on the way to another, as its lines: a delta base for later reads; whether it was kept.
     *
     * @param lines its lines (the list is copied; the lines are shared)
     * @param unsharedChars as for {@link #put(WorkspaceId, PromptName, Version, List, long)}
     */
    synchronized boolean putCheckpoint(WorkspaceId ws, PromptName prompt, Commit commit, List<Utf8Lines.Line> lines,
            long unsharedChars) {
        return add(this.lines, new Key(ws, prompt, commit.id()),
                new Entry(commit, null, List.copyOf(lines), linesCharge(lines.size(), unsharedChars)));
    }

    /** Whether the entry was added (not refused for its size, nor there already). */
    private boolean add(LinkedHashMap<Key, Entry> segment, Key key, Entry entry) {
        if (!accepts(entry.charge()) || texts.containsKey(key) || lines.containsKey(key)) {
            return false;
        }
        insert(segment, key, entry);
        return true;
    }

    private void insert(LinkedHashMap<Key, Entry> segment, Key key, Entry entry) {
        segment.put(key, entry);
        byPrompt.computeIfAbsent(new PromptKey(key.ws(), key.prompt()), k -> new HashMap<>()).put(key.id(), entry);
        chars += entry.charge();
        if (segment == lines) {
            linesChars += entry.charge();
        }
        while (chars > maxChars) {
            if (linesChars > maxChars / 2 || texts.isEmpty()) {
                remove(lines, lines.keySet().iterator().next());
            } else {
                Key eldest = texts.keySet().iterator().next();
                Entry evicted = remove(texts, eldest);
                if (evicted.lines() != null) {
                    // keeps its lines as a delta base; its text is a join away
                    insert(lines, eldest, new Entry(evicted.commit(), null, evicted.lines(), evicted.linesCharge()));
                }
            }
        }
    }

    private Entry remove(LinkedHashMap<Key, Entry> segment, Key key) {
        Entry e = segment.remove(key);
        PromptKey pk = new PromptKey(key.ws(), key.prompt());
        Map<CommitId, Entry> of = byPrompt.get(pk);
        of.remove(key.id());
        if (of.isEmpty()) {
            byPrompt.remove(pk);
        }
        chars -= e.charge();
        if (segment == lines) {
            linesChars -= e.charge();
        }
        return e;
    }
}
