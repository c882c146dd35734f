package dev.promptforge.domain.versioning;

/** What a merge did. */
public sealed interface MergeOutcome {
    /** The source was already part of the target; nothing changed. */
    record UpToDate(CommitId head) implements MergeOutcome {
    }

    /** The target had no commits of its own: it now points at the source. */
    record FastForward(CommitId head) implements MergeOutcome {
    }

    /** A new two-parent commit on the target. */
    record Merged(Commit commit) implements MergeOutcome {
    }
}
