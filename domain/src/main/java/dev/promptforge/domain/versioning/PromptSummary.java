package dev.promptforge.domain.versioning;

import java.time.Instant;

/** A prompt in a listing: its name, where {@code main} points and when it last moved. */
public record PromptSummary(PromptName name, CommitId head, Instant updatedAt) {
}
