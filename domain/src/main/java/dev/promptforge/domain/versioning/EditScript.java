package dev.promptforge.domain.versioning;

import java.util.List;

/**
 * A line edit script between two line lists (see {@link Edit}): sorted, non-overlapping edits, each changing at least
 * one line. {@code shortest} says whether it is a shortest script; a
 * {@link dev.promptforge.domain.versioning.port.Differ} gives up finding one when that would cost more than a bounded
 * amount of work and then answers a valid but longer script (at worst one edit replacing every line between the
 * common head and tail).
 */
public record EditScript(List<Edit> edits, boolean shortest) {
    public EditScript {
        edits = List.copyOf(edits);
    }

    /** The lines removed plus the lines added. */
    public long changedLines() {
        long n = 0;
        for (Edit e : edits) {
            n += e.oldCount() + e.newCount();
        }
        return n;
    }
}
