package dev.promptforge.domain.evaluation;

/** What a batch did: events stored now, and events the run already had (retries). */
public record IngestResult(int accepted, int duplicates) {
}
