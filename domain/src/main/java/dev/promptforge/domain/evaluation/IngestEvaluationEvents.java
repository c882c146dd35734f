package dev.promptforge.domain.evaluation;

import dev.promptforge.domain.evaluation.port.EventStore;
import dev.promptforge.domain.evaluation.port.MetricsPublisher;
import dev.promptforge.domain.evaluation.port.RunStore;
import dev.promptforge.domain.shared.Conflict;
import dev.promptforge.domain.shared.InvalidInput;
import dev.promptforge.domain.shared.LimitExceeded;
import dev.promptforge.domain.shared.NotFound;
import dev.promptforge.domain.shared.Transactor;
import dev.promptforge.domain.shared.WorkspaceId;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Stores a batch of a run's events and updates their metric buckets in the same transaction: a success means
 * both are durable. The batch is checked whole first; any invalid item rejects all of it. Events whose client id
 * the run already has are counted as duplicates and change nothing, so a retried batch is accepted once. The
 * batch's metric totals are computed before the write transaction, which then only merges them into the buckets.
 */
public final class IngestEvaluationEvents {
    private final RunStore runs;
    private final EventStore events;
    private final MetricAggregation metrics;
    private final EventRules rules;
    private final Transactor tx;
    private final Clock clock;
    private final MetricsPublisher publisher;

    public IngestEvaluationEvents(RunStore runs, EventStore events, MetricAggregation metrics, EventRules rules,
            Transactor tx, Clock clock, MetricsPublisher publisher) {
        this.runs = runs;
        this.events = events;
        this.metrics = metrics;
        this.rules = rules;
        this.tx = tx;
        this.clock = clock;
        this.publisher = publisher;
    }

    public IngestResult ingest(WorkspaceId ws, RunId runId, List<EvaluationEvent> batch) {
        if (batch.size() > rules.maxBatch()) {
            throw new LimitExceeded("evaluation.batch-too-large", "a batch holds at most " + rules.maxBatch()
                    + " events; this one has " + batch.size() + ": split it", rules.maxBatch(), batch.size());
        }
        var now = clock.instant();
        List<InvalidInput.FieldError> errors = rules.check(batch, now);
        if (!errors.isEmpty()) {
            throw new InvalidInput("evaluation.invalid-events", errors.size() + " problem(s) in the batch; nothing was "
                    + "stored. Fix the listed items and send the whole batch again", errors);
        }
        List<EvaluationEvent> timed = new ArrayList<>(batch.size());
        for (EvaluationEvent e : batch) {
            timed.add(e.at() != null ? e : new EvaluationEvent(e.clientId(), e.caseId(), e.metrics(), e.passed(),
                    e.latencyMs(), e.tokensIn(), e.tokensOut(), e.cost(), e.model(), now, e.input(), e.output(),
                    e.metadata()));
        }
        // summarised outside the write lock; only a batch with duplicates (a retry) is summarised again inside
        MetricAggregation.Summary whole = metrics.summarise(timed, now);
        List<MetricBucket>[] changed = new List[1];
        IngestResult result = tx.inTransaction(() -> {
            Run run = runs.find(ws, runId).orElseThrow(() ->
                    new NotFound("evaluation.run-not-found", "no run " + runId));
            if (run.status() != RunStatus.OPEN) {
                throw new Conflict("evaluation.run-completed", "run " + runId
                        + " is completed and takes no more events; open a new run");
            }
            List<EvaluationEvent> accepted = batch.isEmpty() ? List.of() : events.append(ws, runId, timed);
            if (!accepted.isEmpty()) {
                runs.addEvents(ws, runId, accepted.size());
                MetricAggregation.Summary summary = accepted.size() == timed.size() ? whole
                        : metrics.summarise(accepted, now);
                changed[0] = metrics.add(ws, List.of(Scope.run(runId),
                        new Scope(Scope.Kind.COMMIT, run.commit().hex()),
                        new Scope(Scope.Kind.PROMPT, run.prompt().value())), summary);
            }
            return new IngestResult(accepted.size(), batch.size() - accepted.size());
        });
        if (changed[0] != null) {
            publisher.changed(ws, changed[0]);
        }
        return result;
    }
}
