package dev.promptforge.domain.evaluation;

import dev.promptforge.domain.evaluation.port.EventStore;
import dev.promptforge.domain.evaluation.port.MetricsPublisher;
import dev.promptforge.domain.evaluation.port.RunStore;
import dev.promptforge.domain.shared.Conflict;
import dev.promptforge.domain.shared.InvalidInput;
import dev.promptforge.domain.shared.LimitExceeded;
import dev.promptforge.domain.shared.NotFound;
import dev.promptforge.domain.shared.Transactor;
import dev.promptforge.domain.shared.Unavailable;
import dev.promptforge.domain.shared.WorkspaceId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * Stores a batch of a run's events and updates their metric buckets in the same transaction: a success means
 * both are durable. The batch is checked whole first; any invalid item rejects all of it. Events whose client id
 * the run already has with the same result are counted as duplicates and change nothing, so a retried batch is
 * accepted once; an id the run has with another result refuses the batch ({@link ReusedIds}). The
 * batch's metric totals are computed before the write transaction, which then only merges them into the buckets.
 *
 * <p>Group commit: a checked batch is queued for this use case's own writer thread, which writes whatever is waiting
 * in one transaction (one commit, one fsync, each shared bucket merged once) and then answers every batch in it; the
 * caller waits, and a batch is answered only after the transaction holding it has committed. A batch that fails
 * inside (its run unknown or completed) fails alone; a batch whose events a completed run has all stored is a retry
 * and is answered as one (all duplicates); if the whole transaction fails, each batch is retried alone.
 *
 * <p>Why a thread of its own rather than the first waiting caller (as until December 2026): under load the writer is
 * busy nearly all the time, and handing the writing from one request thread to the next after each transaction made
 * each transaction start on a thread just woken, which the scheduler often left waiting behind other work on a busy
 * core while the other core idled. One thread that goes from one group to the next without sleeping keeps its core:
 * in interleaved runs of bench/live.sh it ingested 10-26% more events a second over HTTP with 1,000 live subscribers,
 * and up to 16% more without them (docs/evaluation.md, "The writer thread").
 *
 * <p>Thread-safe. {@link #close} writes what is queued and stops the writer; batches sent after it are refused with
 * {@link Unavailable} and nothing of them is stored.
 */
public final class IngestEvaluationEvents implements AutoCloseable {
    private final RunStore runs;
    private final EventStore events;
    private final MetricAggregation metrics;
    private final EventRules rules;
    private final Transactor tx;
    private final Clock clock;
    private final MetricsPublisher publisher;
    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    /** Started by the first batch; null before. */
    private Thread writer;
    private volatile boolean closed;

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
        Pending mine = new Pending(ws, runId, batch, timed, metrics.summarise(timed, now), now);
        Thread writing = writer();
        queue.add(mine);
        // a close after the add either leaves the batch to the writer, which writes the queue out before it stops,
        // or finds it still queued here and refuses it
        if (closed && queue.remove(mine)) {
            throw shuttingDown();
        }
        LockSupport.unpark(writing);
        awaitAnswer(mine);
        if (mine.failure != null) {
            throw mine.failure;
        }
        return mine.result;
    }

    /**
     * Writes what is queued, then stops the writer thread (waiting up to a minute for it); batches sent from now on
     * are refused with {@link Unavailable}.
     */
    @Override
    public void close() {
        closed = true;
        Thread t;
        synchronized (this) {
            t = writer;
        }
        if (t == null) {
            return;
        }
        LockSupport.unpark(t);
        try {
            t.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized Thread writer() {
        if (closed) {
            throw shuttingDown();
        }
        if (writer == null) {
            writer = new Thread(this::writeLoop, "event-writer");
            writer.setDaemon(true);
            writer.start();
        }
        return writer;
    }

    private static Unavailable shuttingDown() {
        return new Unavailable("evaluation.shutting-down", "the server is shutting down and took none of this batch;"
                + " send it again once the server is back");
    }

    /** The writer thread: one group after another while batches are queued; stops once closed and drained. */
    private void writeLoop() {
        while (true) {
            if (queue.isEmpty()) {
                if (closed) {
                    return;
                }
                LockSupport.park(this);
                continue;
            }
            List<Pending> group = drain();
            try {
                commit(group);
            } catch (Throwable t) {
                // commit answers every batch itself; this is for what it could not catch (an Error)
                for (Pending p : group) {
                    if (!p.done) {
                        p.result = null;
                        p.failure = new IllegalStateException("the batch could not be written: " + t, t);
                        p.done = true;
                    }
                }
            }
            for (Pending p : group) {
                LockSupport.unpark(p.waiter);
            }
        }
    }

    /** Waits for the writer to answer; an interrupt does not abandon a batch that may be committing (it is kept). */
    private static void awaitAnswer(Pending mine) {
        boolean interrupted = false;
        while (!mine.done) {
            LockSupport.park(mine);
            if (Thread.interrupted()) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
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
        // published before any batch of the group is answered, so that a client that has its answer and then asks
        // a live subscription for the bucket is never ahead of the publisher
        try {
            if (!changed.isEmpty()) {
                publisher.changed(group.get(0).ws, changed);
            }
        } finally {
            for (Pending p : group) {
                p.done = true;
            }
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
            if (accepted.size() < p.timed.size()) {
                List<InvalidInput.FieldError> reused = ReusedIds.check(events, p.ws, p.runId, p.sent, p.timed,
                        accepted);
                if (!reused.isEmpty()) {
                    // refused whole, like any invalid batch: what it stored in this transaction goes again
                    if (!accepted.isEmpty()) {
                        events.discard(p.ws, p.runId, accepted.stream().map(EvaluationEvent::clientId).toList());
                    }
                    p.failure = new InvalidInput("evaluation.event-id-reused", reused.size() + " event id(s) of the "
                            + "batch name results the run has stored with other data; nothing of the batch was "
                            + "stored. Send a retry with the data first sent, and give each new result an id of its "
                            + "own", reused);
                    continue;
                }
            }
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

    /** Whether every event of the batch is stored in its run already, each with the same result (a retry). */
    private boolean storedAlready(Pending p) {
        return ReusedIds.allStoredAlready(events, p.ws, p.runId, p.sent);
    }

    /**
     * A validated batch waiting for (or written by) a group commit. The writer thread sets {@code result} or
     * {@code failure} before {@code done}, whose volatile write publishes them to the waiting caller.
     */
    private static final class Pending {
        final WorkspaceId ws;
        final RunId runId;
        /** As the client sent it ({@code at} may be missing); {@code timed} has the server's time there. */
        final List<EvaluationEvent> sent;
        final List<EvaluationEvent> timed;
        final MetricAggregation.Summary whole;
        final Instant now;
        final int size;
        final Thread waiter = Thread.currentThread();
        volatile boolean done;
        IngestResult result;
        RuntimeException failure;

        Pending(WorkspaceId ws, RunId runId, List<EvaluationEvent> sent, List<EvaluationEvent> timed,
                MetricAggregation.Summary whole, Instant now) {
            this.ws = ws;
            this.runId = runId;
            this.sent = sent;
            this.timed = timed;
            this.whole = whole;
            this.now = now;
            this.size = sent.size();
        }
    }
}
