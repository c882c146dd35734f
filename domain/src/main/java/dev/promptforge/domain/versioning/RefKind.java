package dev.promptforge.domain.versioning;

/** A branch moves forward by commits and merges; a label (such as {@code production}) points anywhere. */
public enum RefKind {
    BRANCH, LABEL;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
