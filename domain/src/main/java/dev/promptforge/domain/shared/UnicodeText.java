package dev.promptforge.domain.shared;

/**
 * The rule that every text the service stores is well-formed Unicode: no unpaired UTF-16 surrogate. A JSON string
 * may spell one ({@code "\ud800"}), but it has no UTF-8 encoding, so the database would store {@code ?} in its place
 * and a later read (or a duplicate check against a genuine {@code "?"}) would see other text than the client sent.
 * Such text is refused, never changed. Stateless and thread-safe.
 */
public final class UnicodeText {
    /** The message of a refusal, after the field's name. */
    public static final String NOT_WELL_FORMED = "is not valid Unicode text (it contains an unpaired surrogate)";

    private UnicodeText() {
    }

    /**
     * Whether {@code s} has over {@code max} characters, counted as Unicode code points: what a limit's message
     * ("at most 200 characters") and its reader mean. Counted in Java's UTF-16 units, as before 2026-11-22, text of
     * emoji or of the rarer CJK ideographs was refused at half its limit. Code points are counted only past the cheaper
     * bound (there are never more of them than units). {@code null} is not longer than anything.
     */
    public static boolean longerThan(String s, int max) {
        return s != null && s.length() > max && s.codePointCount(0, s.length()) > max;
    }

    /** Whether {@code s} has no unpaired surrogate; {@code null} is well-formed (absence is checked elsewhere). */
    public static boolean wellFormed(String s) {
        if (s == null) {
            return true;
        }
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 >= n || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            }
        }
        return true;
    }

    /**
     * Refuses {@code s} with {@code code} and a message naming {@code field} when it is not well-formed.
     *
     * @throws InvalidInput when {@code s} holds an unpaired surrogate
     */
    public static void require(String s, String code, String field) {
        if (!wellFormed(s)) {
            throw InvalidInput.field(code, field, field + " " + NOT_WELL_FORMED);
        }
    }
}
