package dev.promptforge.domain.versioning;

import dev.promptforge.domain.shared.UnicodeText;
import dev.promptforge.domain.shared.InvalidInput;

/**
 * The name of a branch or a label of one prompt ({@code main}, {@code production}, {@code feature/shorter}).
 * Branches and labels share one namespace per prompt. Rules after git's ref names: 1 to {@value #MAX_LENGTH} of
 * {@code A-Z a-z 0-9 . _ - /}; no {@code ..}, no empty segment, no segment starting with {@code .}, not starting
 * with {@code -}, not ending with {@code .lock}. A new branch or label must also not look like a commit id
 * ({@link #requireNewName}); names stored before that rule still load, and a ref that reads as a commit id resolves
 * to the commit first ({@code PromptVersions.resolve}).
 */
public record RefName(String value) {
    public static final int MAX_LENGTH = 100;
    private static final java.util.regex.Pattern CHARS = java.util.regex.Pattern.compile("[A-Za-z0-9._/-]+");
    public static final RefName MAIN = new RefName("main");

    public RefName {
        String problem = problem(value);
        if (problem != null) {
            throw InvalidInput.field("versioning.invalid-ref-name", "ref", "invalid branch or label name: " + problem);
        }
    }

    /**
     * Throws {@code versioning.invalid-ref-name} (on {@code field}) when this name could be read as a commit id: 8 to
     * 64 hex digits, of either case. A ref is a branch, a label or a commit id (full, or a prefix of at least 8
     * digits), so such a branch or label would hide a commit from every client pinned to its id.
     */
    public RefName requireNewName(String field) {
        if (looksLikeCommitId()) {
            throw InvalidInput.field("versioning.invalid-ref-name", field, "invalid branch or label name: '" + value
                    + "' could be read as a commit id (8 to 64 hex digits); add a letter other than a-f");
        }
        return this;
    }

    /** Whether this name is all hex digits (either case), 8 to 64 of them. */
    public boolean looksLikeCommitId() {
        return value.length() >= CommitId.MIN_PREFIX && value.length() <= 64
                && CommitId.isPrefix(value.toLowerCase(java.util.Locale.ROOT));
    }

    /** Whether {@code value} is a well-formed ref name. */
    public static boolean isValid(String value) {
        return problem(value) == null;
    }

    private static String problem(String v) {
        if (v == null || v.isEmpty()) {
            return "it is empty";
        }
        if (UnicodeText.longerThan(v, MAX_LENGTH)) {
            return "it is longer than " + MAX_LENGTH + " characters";
        }
        if (!CHARS.matcher(v).matches()) {
            return "use only letters, digits, '.', '_', '-' and '/'";
        }
        if (v.startsWith("-")) {
            return "it starts with '-'";
        }
        if (v.contains("..")) {
            return "it contains '..'";
        }
        if (v.endsWith(".lock")) {
            return "it ends with '.lock'";
        }
        for (String segment : v.split("/", -1)) {
            if (segment.isEmpty() || segment.startsWith(".")) {
                return "a '/'-separated part is empty or starts with '.'";
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return value;
    }
}
