package dev.promptforge.domain.versioning;

/**
 * The outcome of a compare-and-swap on a ref. Callers switch over it; only {@link Stale} and {@link Rejected} mean
 * nothing was written.
 */
public sealed interface RefUpdate {
    /** The ref did not exist and now points at {@code to}. */
    record Created(CommitId to) implements RefUpdate {
    }

    /** The ref moved from {@code from} to a descendant {@code to}. */
    record FastForward(CommitId from, CommitId to) implements RefUpdate {
    }

    /** The ref moved to a commit that does not descend from {@code from} (labels may do this). */
    record Moved(CommitId from, CommitId to) implements RefUpdate {
    }

    /** The ref already pointed at the requested commit; nothing recorded. */
    record NoChange(CommitId at) implements RefUpdate {
    }

    /** The ref was deleted. */
    record Deleted(CommitId from) implements RefUpdate {
    }

    /** The ref is not where the caller expected; {@code current} is where it is ({@code null}: absent). */
    record Stale(CommitId expected, CommitId current) implements RefUpdate {
    }

    /** The move is not allowed (e.g. deleting {@code main}); {@code reason} says why. */
    record Rejected(String reason) implements RefUpdate {
    }

    default boolean written() {
        return !(this instanceof Stale || this instanceof Rejected || this instanceof NoChange);
    }
}
