package dev.promptforge.domain.evaluation;

/** An event as stored: its run and its position in storage order (the read cursor). */
public record StoredEvent(RunId run, long seq, EvaluationEvent event) {
}
