package dev.promptforge.domain.versioning;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random texts and line lists for property tests: few distinct pieces so that lines repeat (which is what
 * makes diffs and merges interesting), with {@code \r\n}, lone {@code \r}, missing final newlines, empty lines,
 * accents and emoji (surrogate pairs).
 */
public final class RandomTexts {
    private static final String[] PIECES = {"a", "b", "c", "hello", "world", " ", "\t", "é", "😀", "日本", "x\r",
        "\r\n", "\r", "\n", "\n", "\n", "{{name}}", "-", "+", "@@"};
    private static final String[] LINES = {"alpha", "beta", "gamma", "delta", "", "  indented", "é😀", "alpha",
        "beta", "x\r", "{{var}}"};

    private RandomTexts() {
    }

    /** The edge cases every text property is checked on first. */
    public static List<String> edgeCases() {
        return List.of("", "\n", "\n\n\n", "no newline at end", "one line\n", "a\r\nb\r\n", "a\r\nb", "a\rb\r",
                "\r", "\r\n", "😀\n😀", "x\n\ny\n\n", " \n\t\n", "日本語\nテキスト", "é\u0301 combining\n");
    }

    public static String text(Random rnd) {
        int n = rnd.nextInt(40);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(PIECES[rnd.nextInt(PIECES.length)]);
        }
        return sb.toString();
    }

    /** A text made from {@code base} by a few random line edits (replace, insert, delete, change the ending). */
    public static String edit(Random rnd, String base) {
        List<String> lines = new ArrayList<>(Lines.split(base));
        int edits = 1 + rnd.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int at = rnd.nextInt(lines.size() + 1);
            switch (rnd.nextInt(4)) {
                case 0 -> lines.add(at, line(rnd));
                case 1 -> {
                    if (at < lines.size()) {
                        lines.set(at, line(rnd));
                    }
                }
                case 2 -> {
                    if (at < lines.size() && lines.size() > 1) {
                        lines.remove(at);
                    }
                }
                default -> {
                    int last = lines.size() - 1;
                    lines.set(last, lines.get(last).isEmpty() ? "end" : "");
                }
            }
        }
        return Lines.join(lines);
    }

    /** A list of up to {@code max} lines drawn from a small vocabulary. */
    public static List<String> lines(Random rnd, int max) {
        int n = rnd.nextInt(max + 1);
        List<String> lines = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            lines.add(LINES[rnd.nextInt(LINES.length)]);
        }
        return lines;
    }

    /** {@code base} with a few random line insertions, deletions and replacements. */
    public static List<String> mutate(Random rnd, List<String> base) {
        List<String> lines = new ArrayList<>(base);
        int edits = rnd.nextInt(6);
        for (int e = 0; e < edits; e++) {
            int at = rnd.nextInt(lines.size() + 1);
            int op = rnd.nextInt(3);
            if (op == 0 || at == lines.size()) {
                lines.add(at, LINES[rnd.nextInt(LINES.length)]);
            } else if (op == 1) {
                lines.remove(at);
            } else {
                lines.set(at, LINES[rnd.nextInt(LINES.length)]);
            }
        }
        return lines;
    }

    private static String line(Random rnd) {
        StringBuilder sb = new StringBuilder();
        int n = rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            String p = PIECES[rnd.nextInt(PIECES.length)];
            sb.append(p.equals("\n") || p.equals("\r\n") ? "\r" : p);
        }
        return sb.toString();
    }
}
