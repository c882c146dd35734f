package dev.promptforge.domain.versioning;

/** How a version's text is stored: the whole text, or a delta against its first parent's text. */
public enum StorageKind {
    SNAPSHOT, DELTA
}
