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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Stores a batch of a run's events and updates their metric buckets in the same transaction: a success means
 * both are durable. The batch is checked whole first; any invalid item rejects all of it. Events whose client id
 * the run already has are counted as duplicates and change nothing, so a retried batch is accepted once. The
 * batch's metric totals are computed before the write transaction, which then only merges them into the buckets.
 *
 * <p>Group commit: batches that arrive while another write is in progress wait, and the first of them to get the
 * turn writes them all in one transaction (one commit, one fsync, each shared bucket merged once), then answers
 * every one of them; a batch is answered only after the transaction holding it has committed. A batch that fails
 * inside (its run unknown or completed) fails alone; a batch whose events a completed run has all stored is a retry
 * and is answered as one (all duplicates); if the whole transaction fails, each batch is retried alone.
 */
public final class IngestEvaluationEvents {
    private final RunStore runs;
    private final EventStore events;
    private final MetricAggregation metrics;
    private final EventRules rules;
    private final Transactor tx;
    private final Clock clock;
    private final MetricsPublisher publisher;
    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    /** Held by the caller that writes the waiting batches (the group's leader); the others wait for it. */
    private final ReentrantLock leader = new ReentrantLock();

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
        Pending mine = new Pending(ws, runId, timed, metrics.summarise(timed, now), now, batch.size());
        queue.add(mine);
        leader.lock();
        try {
            if (!mine.done) {
                commit(drain());
            }
        } finally {
            leader.unlock();
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return mine.result;
    }

    /**
     * The batches waiting to be written, oldest first, up to {@code maxBatch} events in all (always at least one):
     * batches that arrive while another group commits are written together, with one commit (one fsync) and one
     * read-merge-write of each metric bucket they share.
     */
    private List<Pending> drain() {
        List<Pending> group = new ArrayList<>();
        int events = 0;
        Pending next;
        while ((next = queue.peek()) != null && (group.isEmpty() || events + next.size <= rules.maxBatch())) {
            group.add(queue.poll());
            events += next.size;
        }
        return group;
    }

    /** Writes a group in one transaction; if that fails, each batch alone, so one batch's failure is only its own. */
    private void commit(List<Pending> group) {
        List<MetricBucket> changed;
        try {
            changed = tx.inTransaction(() -> write(group));
        } catch (RuntimeException e) {
            if (group.size() == 1) {
                Pending only = group.get(0);
                only.result = null;
                only.failure = e;
                only.done = true;
                return;
            }
            for (Pending p : group) {
                commit(List.of(p));
            }
            return;
        }
        for (Pending p : group) {
            p.done = true;
        }
        if (!changed.isEmpty()) {
            publisher.changed(group.get(0).ws, changed);
        }
    }

    /** Inside the transaction: each batch's run must exist and be open; a batch whose run is not fails alone. */
    private List<MetricBucket> write(List<Pending> group) {
        List<MetricAggregation.Contribution> parts = new ArrayList<>(group.size());
        WorkspaceId ws = group.get(0).ws;
        for (Pending p : group) {
            p.failure = null;
            p.result = null;
            if (!p.ws.equals(ws)) {
                throw new IllegalStateException("a write group spans workspaces");
            }
            Run run = runs.find(p.ws, p.runId).orElse(null);
            if (run == null) {
                p.failure = new NotFound("evaluation.run-not-found", "no run " + p.runId);
                continue;
            }
            if (run.status() != RunStatus.OPEN) {
                if (storedAlready(p)) {
                    // a retry of a batch stored before the run was completed (its answer lost on the way): the
                    // same answer a retry gets while the run is open, not a conflict
                    p.result = new IngestResult(0, p.size);
                    continue;
                }
                p.failure = new Conflict("evaluation.run-completed", "run " + p.runId
                        + " is completed and takes no more events; open a new run");
                continue;
            }
            List<EvaluationEvent> accepted = p.timed.isEmpty() ? List.of() : events.append(p.ws, p.runId, p.timed);
            if (!accepted.isEmpty()) {
                runs.addEvents(p.ws, p.runId, accepted.size());
                MetricAggregation.Summary summary = accepted.size() == p.timed.size() ? p.whole
                        : metrics.summarise(accepted, p.now);
                parts.add(new MetricAggregation.Contribution(List.of(Scope.run(p.runId),
                        new Scope(Scope.Kind.COMMIT, run.commit().hex()),
                        new Scope(Scope.Kind.PROMPT, run.prompt().value())), summary));
            }
            p.result = new IngestResult(accepted.size(), p.size - accepted.size());
        }
        return parts.isEmpty() ? List.of() : metrics.add(ws, parts);
    }

    /** Whether every event of the batch is stored in its run already. */
    private boolean storedAlready(Pending p) {
        List<String> ids = p.timed.stream().map(EvaluationEvent::clientId).toList();
        return !ids.isEmpty() && events.countStored(p.ws, p.runId, ids) == ids.size();
    }

    /** A validated batch waiting for (or written by) a group commit; fields are guarded by the leader lock. */
    private static final class Pending {
        final WorkspaceId ws;
        final RunId runId;
        final List<EvaluationEvent> timed;
        final MetricAggregation.Summary whole;
        final Instant now;
        final int size;
        boolean done;
        IngestResult result;
        RuntimeException failure;

        Pending(WorkspaceId ws, RunId runId, List<EvaluationEvent> timed, MetricAggregation.Summary whole,
                Instant now, int size) {
            this.ws = ws;
            this.runId = runId;
            this.timed = timed;
            this.whole = whole;
            this.now = now;
            this.size = size;
        }
    }
}
