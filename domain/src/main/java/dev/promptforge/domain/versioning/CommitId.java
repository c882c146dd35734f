package dev.promptforge.domain.versioning;

import dev.promptforge.domain.shared.InvalidInput;

/** The identity of a commit: 64 lowercase hex digits, the SHA-256 of its canonical encoding ({@link CommitEncoding}). */
public record CommitId(String hex) implements Comparable<CommitId> {
    /** The shortest prefix accepted to name a commit. */
    public static final int MIN_PREFIX = 8;

    public CommitId {
        if (hex == null || !isFullHex(hex)) {
            throw InvalidInput.field("versioning.invalid-commit-id", "commit", "a commit id is 64 lowercase hex digits");
        }
    }

    public static boolean isFullHex(String s) {
        return s.length() == 64 && isHex(s);
    }

    /** Whether {@code s} could abbreviate a commit id (at least {@value #MIN_PREFIX} hex digits). */
    public static boolean isPrefix(String s) {
        return s.length() >= MIN_PREFIX && s.length() <= 64 && isHex(s);
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    /** The first 12 digits, for display. */
    public String abbreviated() {
        return hex.substring(0, 12);
    }

    @Override
    public int compareTo(CommitId o) {
        return hex.compareTo(o.hex);
    }

    @Override
    public String toString() {
        return hex;
    }
}
