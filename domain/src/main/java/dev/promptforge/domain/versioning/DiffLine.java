package dev.promptforge.domain.versioning;

/**
 * One line of a displayed hunk: {@code op} is {@code ' '} (context), {@code '-'} (removed) or {@code '+'} (added);
 * {@code text} is the line without its newline; {@code noNewlineAtEnd} marks the last line of a text that does not
 * end with a newline.
 */
public record DiffLine(char op, String text, boolean noNewlineAtEnd) {
}
