package dev.promptforge.domain.versioning;

import java.util.List;

/**
 * A region both sides of a merge changed differently: the base's lines from {@code baseStart} (1-based) and what
 * each side made of them. Lines are {@link Lines#split} lines (no newline characters).
 */
public record ConflictHunk(int baseStart, List<String> base, List<String> ours, List<String> theirs) {
    public ConflictHunk {
        base = List.copyOf(base);
        ours = List.copyOf(ours);
        theirs = List.copyOf(theirs);
    }
}
