package dev.promptforge.domain.versioning;

import dev.promptforge.domain.shared.InvalidInput;

/**
 * The name of a branch or a label of one prompt ({@code main}, {@code production}, {@code feature/shorter}).
 * Branches and labels share one namespace per prompt. Rules after git's ref names: 1 to {@value #MAX_LENGTH} of
 * {@code A-Z a-z 0-9 . _ - /}; no {@code ..}, no empty segment, no segment starting with {@code .}, not starting
 * with {@code -}, not ending with {@code .lock}.
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

    /** Whether {@code value} is a well-formed ref name. */
    public static boolean isValid(String value) {
        return problem(value) == null;
    }

    private static String problem(String v) {
        if (v == null || v.isEmpty()) {
            return "it is empty";
        }
        if (v.length() > MAX_LENGTH) {
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
