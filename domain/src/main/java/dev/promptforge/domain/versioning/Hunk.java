package dev.promptforge.domain.versioning;

import java.util.List;

/** A hunk of a displayed diff, with unified-diff line numbers (1-based; a start of an empty range is the line before). */
public record Hunk(int oldStart, int oldLines, int newStart, int newLines, List<DiffLine> lines) {
    public Hunk {
        lines = List.copyOf(lines);
    }
}
