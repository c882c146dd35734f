package dev.promptforge.domain.versioning;

import dev.promptforge.domain.shared.Conflict;

/** A compare-and-swap lost: the ref is no longer at the commit the caller expected. Carries where it is now. */
public class StaleRef extends Conflict {
    private final RefName ref;
    private final CommitId current;

    public StaleRef(RefName ref, CommitId expected, CommitId current) {
        super("versioning.ref-stale", "'" + ref + "' is at " + (current == null ? "nothing" : current.abbreviated())
                + ", not at the expected " + (expected == null ? "nothing" : expected.abbreviated())
                + "; reload it, reapply your change and try again");
        this.ref = ref;
        this.current = current;
    }

    public RefName ref() {
        return ref;
    }

    /** Where the ref is now ({@code null} when it does not exist). */
    public CommitId current() {
        return current;
    }
}
