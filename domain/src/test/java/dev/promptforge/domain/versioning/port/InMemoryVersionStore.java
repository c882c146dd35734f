package dev.promptforge.domain.versioning.port;

import dev.promptforge.domain.shared.WorkspaceId;
import dev.promptforge.domain.versioning.Commit;
import dev.promptforge.domain.versioning.CommitId;
import dev.promptforge.domain.versioning.CommitNode;
import dev.promptforge.domain.versioning.PromptName;
import dev.promptforge.domain.versioning.StorageKind;
import dev.promptforge.domain.versioning.StoredVersion;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * {@link VersionStore} fake: every prompt's versions in a map in storage order, {@code seq} counted over the whole
 * store as the {@code commits} table does. Payloads are copied in and out, so callers cannot change what is stored.
 * Tests may damage stored rows on purpose with {@link #tamper} and {@link #tamperRow}. Thread-safe (synchronised).
 */
public final class InMemoryVersionStore implements VersionStore {
    /** Deeper than any chain a snapshot policy allows; stops a damaged base pointer from looping. */
    private static final int MAX_CHAIN = 100_000;

    private record Key(WorkspaceId ws, PromptName prompt) {
    }

    private record Row(long seq, StoredVersion version) {
    }

    private final Map<Key, LinkedHashMap<CommitId, Row>> prompts = new HashMap<>();
    private long nextSeq = 1;

    @Override
    public synchronized void append(WorkspaceId ws, StoredVersion version) {
        LinkedHashMap<CommitId, Row> rows = prompts.computeIfAbsent(new Key(ws, version.commit().prompt()),
                k -> new LinkedHashMap<>());
        rows.putIfAbsent(version.commit().id(), new Row(nextSeq++, copy(version)));
    }

    @Override
    public synchronized Optional<Commit> commit(WorkspaceId ws, PromptName prompt, CommitId id) {
        return Optional.ofNullable(rows(ws, prompt).get(id)).map(r -> r.version().commit());
    }

    @Override
    public synchronized Map<CommitId, Commit> commits(WorkspaceId ws, PromptName prompt, Collection<CommitId> ids) {
        Map<CommitId, Commit> found = new HashMap<>();
        Map<CommitId, Row> rows = rows(ws, prompt);
        for (CommitId id : ids) {
            Row r = rows.get(id);
            if (r != null) {
                found.put(id, r.version().commit());
            }
        }
        return found;
    }

    @Override
    public synchronized Optional<StoredVersion> find(WorkspaceId ws, PromptName prompt, CommitId id) {
        return Optional.ofNullable(rows(ws, prompt).get(id)).map(r -> copy(r.version()));
    }

    @Override
    public synchronized List<StoredVersion> chain(WorkspaceId ws, PromptName prompt, CommitId id,
            Set<CommitId> known) {
        Map<CommitId, Row> rows = rows(ws, prompt);
        List<StoredVersion> chain = new ArrayList<>();
        Row r = rows.get(id);
        while (r != null && chain.size() <= MAX_CHAIN) {
            chain.add(copy(r.version()));
            if (r.version().kind() == StorageKind.SNAPSHOT || known.contains(r.version().base())) {
                break;
            }
            r = rows.get(r.version().base());
        }
        Collections.reverse(chain);
        return chain;
    }

    @Override
    public synchronized List<CommitId> findByPrefix(WorkspaceId ws, PromptName prompt, String hexPrefix, int limit) {
        return rows(ws, prompt).keySet().stream().filter(id -> id.hex().startsWith(hexPrefix)).sorted().limit(limit)
                .toList();
    }

    @Override
    public synchronized List<CommitNode> graph(WorkspaceId ws, PromptName prompt) {
        return rows(ws, prompt).values().stream()
                .map(r -> new CommitNode(r.version().commit().id(), r.version().commit().parents(), r.seq())).toList();
    }

    @Override
    public void forEach(WorkspaceId ws, PromptName prompt, Visitor visitor) {
        List<StoredVersion> all;
        synchronized (this) {
            all = rows(ws, prompt).values().stream().map(r -> copy(r.version())).toList();
        }
        all.forEach(visitor::version);
    }

    /** Replaces the stored payload of {@code id} (in every prompt holding it) by {@code damage} of a copy of it. */
    public synchronized void tamper(CommitId id, Function<byte[], byte[]> damage) {
        tamperRow(id, v -> new StoredVersion(v.commit(), v.kind(), v.base(), v.chainLength(), v.chainBytes(),
                damage.apply(v.payload().clone())));
    }

    /** Replaces the whole stored row of {@code id} (metadata included), keeping its place in storage order. */
    public synchronized void tamperRow(CommitId id, UnaryOperator<StoredVersion> damage) {
        boolean found = false;
        for (LinkedHashMap<CommitId, Row> rows : prompts.values()) {
            Row r = rows.get(id);
            if (r != null) {
                rows.put(id, new Row(r.seq(), copy(damage.apply(copy(r.version())))));
                found = true;
            }
        }
        if (!found) {
            throw new IllegalArgumentException("no stored version " + id);
        }
    }

    private Map<CommitId, Row> rows(WorkspaceId ws, PromptName prompt) {
        return prompts.getOrDefault(new Key(ws, prompt), new LinkedHashMap<>());
    }

    private static StoredVersion copy(StoredVersion v) {
        return new StoredVersion(v.commit(), v.kind(), v.base(), v.chainLength(), v.chainBytes(), v.payload().clone());
    }
}
