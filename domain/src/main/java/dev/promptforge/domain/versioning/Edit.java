package dev.promptforge.domain.versioning;

/**
 * One change of an edit script between two line lists: lines {@code [oldStart, oldEnd)} of the old list are
 * replaced by lines {@code [newStart, newEnd)} of the new list (0-based, half-open; one side may be empty).
 */
public record Edit(int oldStart, int oldEnd, int newStart, int newEnd) {
    public Edit {
        if (oldStart < 0 || oldEnd < oldStart || newStart < 0 || newEnd < newStart) {
            throw new IllegalArgumentException("bad edit " + oldStart + "," + oldEnd + " " + newStart + "," + newEnd);
        }
        if (oldStart == oldEnd && newStart == newEnd) {
            throw new IllegalArgumentException("an edit changes at least one line");
        }
    }

    public int oldCount() {
        return oldEnd - oldStart;
    }

    public int newCount() {
        return newEnd - newStart;
    }
}
