package dev.promptforge.domain.versioning;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The stored form of a delta: a zero-context unified diff over {@link Lines#split} lines ({@code diff -U0}
 * hunk headers, then the removed lines prefixed {@code -} and the added lines prefixed {@code +}). Applying checks
 * that the removed lines are really there, so a damaged delta is detected at the commit that owns it.
 * Layout in {@code docs/storage-format.md}.
 */
public final class LineDelta {
    private LineDelta() {
    }

    /** Thrown when a delta cannot be parsed or does not fit the text it is applied to. */
    public static final class Corrupt extends RuntimeException {
        Corrupt(String message) {
            super(message);
        }
    }

    public static byte[] encode(List<String> oldLines, List<String> newLines, List<Edit> edits) {
        StringBuilder sb = new StringBuilder();
        for (Edit e : edits) {
            sb.append("@@ -").append(e.oldCount() == 0 ? e.oldStart() : e.oldStart() + 1).append(',')
                    .append(e.oldCount()).append(" +").append(e.newCount() == 0 ? e.newStart() : e.newStart() + 1)
                    .append(',').append(e.newCount()).append(" @@\n");
            for (int i = e.oldStart(); i < e.oldEnd(); i++) {
                sb.append('-').append(oldLines.get(i)).append('\n');
            }
            for (int i = e.newStart(); i < e.newEnd(); i++) {
                sb.append('+').append(newLines.get(i)).append('\n');
            }
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Applies {@code delta} to {@code lines} in place; the number of lines it added. Removed lines are compared as
     * bytes, and added lines are cut out of the delta's bytes (each decoded on its own).
     */
    public static int apply(List<Utf8Lines.Line> lines, byte[] delta) {
        int pos = 0;
        int offset = 0;
        int lastOldEnd = 0;
        int addedLines = 0;
        while (pos < delta.length) {
            int eol = endOfLine(delta, pos);
            if (eol < 0) {
                throw new Corrupt("truncated hunk header");
            }
            int[] h = header(new String(delta, pos, eol - pos, StandardCharsets.ISO_8859_1));
            pos = eol + 1;
            int oldStart = h[1] == 0 ? h[0] : h[0] - 1;
            int oldCount = h[1];
            int newCount = h[3];
            if (oldStart < lastOldEnd) {
                throw new Corrupt("hunks out of order");
            }
            int at = oldStart + offset;
            if (at < 0 || at + oldCount > lines.size()) {
                throw new Corrupt("hunk outside the text");
            }
            for (int i = 0; i < oldCount; i++) {
                eol = endOfLine(delta, pos);
                byte[] line = lines.get(at + i).utf8();
                if (eol < 0 || delta[pos] != '-' || !Arrays.equals(delta, pos + 1, eol, line, 0, line.length)) {
                    throw new Corrupt("removed line " + (oldStart + i + 1) + " does not match");
                }
                pos = eol + 1;
            }
            List<Utf8Lines.Line> added = new ArrayList<>(newCount);
            for (int i = 0; i < newCount; i++) {
                eol = endOfLine(delta, pos);
                if (eol < 0 || delta[pos] != '+') {
                    throw new Corrupt("added line missing");
                }
                added.add(Utf8Lines.Line.of(delta, pos + 1, eol));
                pos = eol + 1;
            }
            // overwrite the lines both sides have, then shift the rest once (most hunks change lines in place)
            int common = Math.min(oldCount, newCount);
            for (int i = 0; i < common; i++) {
                lines.set(at + i, added.get(i));
            }
            if (newCount > common) {
                lines.addAll(at + common, added.subList(common, newCount));
            } else if (oldCount > common) {
                lines.subList(at + common, at + oldCount).clear();
            }
            offset += newCount - oldCount;
            lastOldEnd = oldStart + oldCount;
            addedLines += newCount;
        }
        return addedLines;
    }

    /** The index of the {@code \n} ending the line that starts at {@code from}; -1 when there is none. */
    private static int endOfLine(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static int[] header(String line) {
        // @@ -a,b +c,d @@
        if (!line.startsWith("@@ -") || !line.endsWith(" @@")) {
            throw new Corrupt("bad hunk header");
        }
        String body = line.substring(4, line.length() - 3);
        int plus = body.indexOf(" +");
        if (plus < 0) {
            throw new Corrupt("bad hunk header");
        }
        int[] a = pair(body.substring(0, plus));
        int[] b = pair(body.substring(plus + 2));
        return new int[] {a[0], a[1], b[0], b[1]};
    }

    private static int[] pair(String s) {
        int comma = s.indexOf(',');
        try {
            if (comma < 0) {
                throw new Corrupt("bad hunk range");
            }
            int start = Integer.parseInt(s.substring(0, comma));
            int count = Integer.parseInt(s.substring(comma + 1));
            if (start < 0 || count < 0) {
                throw new Corrupt("negative hunk range");
            }
            return new int[] {start, count};
        } catch (NumberFormatException e) {
            throw new Corrupt("bad hunk range");
        }
    }
}
