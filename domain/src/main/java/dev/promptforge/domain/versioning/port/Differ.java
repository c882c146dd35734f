package dev.promptforge.domain.versioning.port;

import dev.promptforge.domain.versioning.EditScript;
import java.util.List;

/**
 * Computes a line edit script, a shortest one unless finding it would cost more than a bounded amount of work (then a
 * valid, longer one marked {@code shortest = false}): the cost of a diff must not grow with the square of the changed
 * lines, since versions are diffed on every commit and a 2 MB prompt may be rewritten entirely. Stateless and
 * thread-safe.
 */
public interface Differ {
    /** Edits turning {@code a} into {@code b}: sorted, non-overlapping, each changing at least one line. */
    EditScript diff(List<String> a, List<String> b);
}
