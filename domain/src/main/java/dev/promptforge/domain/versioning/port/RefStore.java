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
import java.util.List;
import java.util.Optional;

/**
 * Movable pointers (branches and labels) of each prompt. Every change is a compare-and-swap against the value
 * the caller expects, done in one statement, and every change that happens is recorded as a {@link RefMove} in
 * the same transaction.
 */
public interface RefStore {
    Optional<Ref> find(WorkspaceId ws, PromptName prompt, RefName name);

    /**
     * The ref as {@link #find} would return it, but only when the answer is already in memory and fresh enough:
     * never does I/O and never blocks on it, so a caller on an event loop may use it. Empty means "ask
     * {@link #find}" (not cached, stale, or no such ref). Stores without a cache keep the default.
     */
    default Optional<Ref> findCached(WorkspaceId ws, PromptName prompt, RefName name) {
        return Optional.empty();
    }

    /** The refs of a prompt of one kind, by name. */
    List<Ref> list(WorkspaceId ws, PromptName prompt, RefKind kind);

    /**
     * Points {@code name} at {@code target} if it currently points at {@code expected} ({@code null}: if it does
     * not exist yet). Returns {@code Created}, {@code FastForward} / {@code Moved} (as {@code fastForward} says),
     * {@code NoChange}, {@code Stale} (with the current value) or {@code Rejected} (a ref of the other kind holds
     * the name).
     */
    RefUpdate compareAndSet(WorkspaceId ws, PromptName prompt, RefName name, RefKind kind, CommitId expected,
            CommitId target, boolean fastForward, Change change);

    /** Deletes {@code name} if it points at {@code expected}. */
    RefUpdate delete(WorkspaceId ws, PromptName prompt, RefName name, RefKind kind, CommitId expected, Change change);

    /** Every recorded move of {@code name}, newest first. */
    List<RefMove> history(WorkspaceId ws, PromptName prompt, RefName name);

    /** Who moves a ref, why and when. */
    record Change(String actor, String reason, Instant at) {
    }
}
