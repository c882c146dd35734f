package dev.promptforge.domain.versioning;

import dev.promptforge.domain.shared.Conflict;

/** A compare-and-swap lost: the ref is no longer at the commit the caller expected. Carries where it is now. */
public class StaleRef extends Conflict {
    private final RefName ref;
    private final CommitId current;

    public StaleRef(RefName ref, CommitId expected, CommitId current) {
        this(ref, expected == null ? "nothing" : expected.abbreviated(), current);
    }

    /** For an expected commit given as an abbreviated id that the ref's current commit does not start with. */
    public StaleRef(RefName ref, String expected, CommitId current) {
        super("versioning.ref-stale", "'" + ref + "' is at " + (current == null ? "nothing" : current.abbreviated())
                + ", not at the expected " + expected + "; reload it, reapply your change and try again");
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
