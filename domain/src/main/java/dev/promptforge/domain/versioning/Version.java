package dev.promptforge.domain.versioning;

/** A commit with its content, rebuilt from storage and verified against both hashes. */
public record Version(Commit commit, String content) {
}
