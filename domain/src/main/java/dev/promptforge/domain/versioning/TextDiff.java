package dev.promptforge.domain.versioning;

import java.util.ArrayList;
import java.util.List;

/**
 * The difference between two texts as display hunks with context, and its unified-diff rendering (as
 * {@code diff -u} and {@code git diff} print it, including {@code \ No newline at end of file}).
 */
public record TextDiff(List<Hunk> hunks) {
    public static final int DEFAULT_CONTEXT = 3;

    public TextDiff {
        hunks = List.copyOf(hunks);
    }

    /** Builds the hunks of {@code edits} between the {@link Lines#withTerminators} lines of two texts. */
    public static TextDiff of(List<String> oldLines, List<String> newLines, List<Edit> edits, int context) {
        List<Hunk> hunks = new ArrayList<>();
        int i = 0;
        while (i < edits.size()) {
            int j = i;
            while (j + 1 < edits.size() && edits.get(j + 1).oldStart() - edits.get(j).oldEnd() <= 2 * context) {
                j++;
            }
            Edit first = edits.get(i);
            Edit last = edits.get(j);
            int oldFrom = Math.max(0, first.oldStart() - context);
            int newFrom = first.newStart() - (first.oldStart() - oldFrom);
            int oldTo = Math.min(oldLines.size(), last.oldEnd() + context);
            int newTo = last.newEnd() + (oldTo - last.oldEnd());
            List<DiffLine> lines = new ArrayList<>();
            int o = oldFrom;
            for (int k = i; k <= j; k++) {
                Edit e = edits.get(k);
                for (; o < e.oldStart(); o++) {
                    lines.add(line(' ', oldLines, o));
                }
                for (int r = e.oldStart(); r < e.oldEnd(); r++) {
                    lines.add(line('-', oldLines, r));
                }
                for (int a = e.newStart(); a < e.newEnd(); a++) {
                    lines.add(line('+', newLines, a));
                }
                o = e.oldEnd();
            }
            for (; o < oldTo; o++) {
                lines.add(line(' ', oldLines, o));
            }
            int oldCount = oldTo - oldFrom;
            int newCount = newTo - newFrom;
            hunks.add(new Hunk(oldCount == 0 ? oldFrom : oldFrom + 1, oldCount,
                    newCount == 0 ? newFrom : newFrom + 1, newCount, lines));
            i = j + 1;
        }
        return new TextDiff(hunks);
    }

    private static DiffLine line(char op, List<String> lines, int index) {
        String l = lines.get(index);
        boolean terminated = l.endsWith("\n");
        return new DiffLine(op, terminated ? l.substring(0, l.length() - 1) : l, !terminated);
    }

    public boolean isEmpty() {
        return hunks.isEmpty();
    }

    /** The unified diff with {@code --- a/<oldLabel>} and {@code +++ b/<newLabel>} headers; empty when equal. */
    public String unified(String oldLabel, String newLabel) {
        if (hunks.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        sb.append("--- a/").append(oldLabel).append('\n');
        sb.append("+++ b/").append(newLabel).append('\n');
        for (Hunk h : hunks) {
            sb.append("@@ -").append(h.oldStart()).append(',').append(h.oldLines())
                    .append(" +").append(h.newStart()).append(',').append(h.newLines()).append(" @@\n");
            for (DiffLine l : h.lines()) {
                sb.append(l.op()).append(l.text()).append('\n');
                if (l.noNewlineAtEnd()) {
                    sb.append("\\ No newline at end of file\n");
                }
            }
        }
        return sb.toString();
    }
}
