package dev.promptforge.domain.versioning;

import java.time.Instant;

/**
 * One recorded move of a ref: created ({@code from} null), moved, or deleted ({@code to} null); who did it, when
 * and why. Ref history is append-only and readable by everyone.
 */
public record RefMove(RefName ref, RefKind kind, CommitId from, CommitId to, String actor, String reason, Instant at) {
}
