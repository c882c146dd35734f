package dev.promptforge.domain.versioning.port;

import dev.promptforge.domain.versioning.Edit;
import java.util.List;

/** Computes a line edit script (a shortest one, or close to it). Stateless and thread-safe. */
public interface Differ {
    /** Edits turning {@code a} into {@code b}: sorted, non-overlapping, each changing at least one line. */
    List<Edit> diff(List<String> a, List<String> b);
}
