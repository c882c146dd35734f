package dev.promptforge.domain.versioning;

import java.time.Instant;

/** A named, movable pointer of one prompt at a commit. */
public record Ref(RefName name, RefKind kind, CommitId target, Instant updatedAt) {
}
