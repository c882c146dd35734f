package dev.promptforge.domain.versioning.port;

import dev.promptforge.domain.shared.WorkspaceId;
import dev.promptforge.domain.versioning.CommitId;
import dev.promptforge.domain.versioning.PromptName;
import dev.promptforge.domain.versioning.Ref;
import dev.promptforge.domain.versioning.RefKind;
import dev.promptforge.domain.versioning.RefMove;
import dev.promptforge.domain.versioning.RefName;
import dev.promptforge.domain.versioning.RefUpdate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link RefStore} fake: refs and their move history in maps; each compare-and-swap runs under the store's monitor,
 * which makes it atomic. Times are kept to the millisecond, as the database keeps them. Thread-safe.
 */
public final class InMemoryRefStore implements RefStore {
    private record Key(WorkspaceId ws, PromptName prompt, RefName name) {
    }

    private final Map<Key, Ref> refs = new HashMap<>();
    private final Map<Key, List<RefMove>> moves = new HashMap<>();

    @Override
    public synchronized Optional<Ref> find(WorkspaceId ws, PromptName prompt, RefName name) {
        return Optional.ofNullable(refs.get(new Key(ws, prompt, name)));
    }

    @Override
    public synchronized List<Ref> list(WorkspaceId ws, PromptName prompt, RefKind kind) {
        return refs.entrySet().stream()
                .filter(e -> e.getKey().ws().equals(ws) && e.getKey().prompt().equals(prompt))
                .map(Map.Entry::getValue).filter(r -> r.kind() == kind)
                .sorted(Comparator.comparing(r -> r.name().value())).toList();
    }

    @Override
    public synchronized RefUpdate compareAndSet(WorkspaceId ws, PromptName prompt, RefName name, RefKind kind,
            CommitId expected, CommitId target, boolean fastForward, Change change) {
        Key key = new Key(ws, prompt, name);
        Ref now = refs.get(key);
        if (now == null || now.kind() != kind || !now.target().equals(expected)) {
            if (expected == null && now == null) {
                refs.put(key, new Ref(name, kind, target, millis(change.at())));
                record(key, kind, null, target, change);
                return new RefUpdate.Created(target);
            }
            return miss(now, kind, name, expected);
        }
        if (expected.equals(target)) {
            return new RefUpdate.NoChange(target);
        }
        refs.put(key, new Ref(name, kind, target, millis(change.at())));
        record(key, kind, expected, target, change);
        return fastForward ? new RefUpdate.FastForward(expected, target) : new RefUpdate.Moved(expected, target);
    }

    @Override
    public synchronized RefUpdate delete(WorkspaceId ws, PromptName prompt, RefName name, RefKind kind,
            CommitId expected, Change change) {
        Key key = new Key(ws, prompt, name);
        Ref now = refs.get(key);
        if (now == null || now.kind() != kind || !now.target().equals(expected)) {
            return miss(now, kind, name, expected);
        }
        refs.remove(key);
        record(key, kind, expected, null, change);
        return new RefUpdate.Deleted(expected);
    }

    @Override
    public synchronized List<RefMove> history(WorkspaceId ws, PromptName prompt, RefName name) {
        List<RefMove> list = new ArrayList<>(moves.getOrDefault(new Key(ws, prompt, name), List.of()));
        java.util.Collections.reverse(list);
        return list;
    }

    private static RefUpdate miss(Ref now, RefKind kind, RefName name, CommitId expected) {
        if (now != null && now.kind() != kind) {
            return new RefUpdate.Rejected("'" + name + "' is a " + now.kind().wireName() + ", not a " + kind.wireName());
        }
        return new RefUpdate.Stale(expected, now == null ? null : now.target());
    }

    private void record(Key key, RefKind kind, CommitId from, CommitId to, Change change) {
        moves.computeIfAbsent(key, k -> new ArrayList<>())
                .add(new RefMove(key.name(), kind, from, to, change.actor(), change.reason(), millis(change.at())));
    }

    private static Instant millis(Instant at) {
        return at.truncatedTo(ChronoUnit.MILLIS);
    }
}
