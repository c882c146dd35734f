package dev.promptforge.domain.versioning;

import dev.promptforge.domain.shared.UnicodeText;
import dev.promptforge.domain.shared.InvalidInput;

/**
 * A prompt's path-like name, unique in its workspace ({@code support/triage}). Segments are separated by
 * {@code /}; none is empty, {@code .} or {@code ..}. Printable characters only: no control or format characters,
 * no unpaired surrogates, no backslash; no leading or trailing whitespace; at most {@value #MAX_LENGTH} characters.
 */
public record PromptName(String value) implements Comparable<PromptName> {
    public static final int MAX_LENGTH = 256;

    public PromptName {
        String problem = problem(value);
        if (problem != null) {
            throw InvalidInput.field("versioning.invalid-name", "name", "invalid prompt name: " + problem);
        }
    }

    private static String problem(String v) {
        if (v == null || v.isEmpty()) {
            return "it is empty";
        }
        if (UnicodeText.longerThan(v, MAX_LENGTH)) {
            return "it is longer than " + MAX_LENGTH + " characters";
        }
        if (!v.strip().equals(v)) {
            return "it starts or ends with whitespace";
        }
        for (int i = 0; i < v.length(); ) {
            int cp = v.codePointAt(i);
            if (Character.isSurrogate(v.charAt(i)) && Character.charCount(cp) == 1) {
                return "it contains an unpaired surrogate";
            }
            int type = Character.getType(cp);
            if (Character.isISOControl(cp) || type == Character.FORMAT || type == Character.UNASSIGNED
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                return String.format("it contains the non-printable character U+%04X", cp);
            }
            if (cp == '\\') {
                return "it contains a backslash";
            }
            i += Character.charCount(cp);
        }
        for (String segment : v.split("/", -1)) {
            if (segment.isEmpty()) {
                return "it has an empty segment (leading, trailing or double '/')";
            }
            if (segment.equals(".") || segment.equals("..")) {
                return "it has a '.' or '..' segment";
            }
        }
        return null;
    }

    @Override
    public int compareTo(PromptName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
