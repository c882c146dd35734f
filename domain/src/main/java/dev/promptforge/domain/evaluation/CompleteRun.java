package dev.promptforge.domain.evaluation;

import dev.promptforge.domain.evaluation.port.MetricStore;
import dev.promptforge.domain.evaluation.port.RunStore;
import dev.promptforge.domain.shared.Conflict;
import dev.promptforge.domain.shared.DomainException;
import dev.promptforge.domain.shared.NotFound;
import dev.promptforge.domain.shared.Transactor;
import dev.promptforge.domain.shared.WorkspaceId;
import dev.promptforge.domain.versioning.CommitId;
import dev.promptforge.domain.versioning.ResolveRef;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Completes a run and returns its verdict against its baseline: the explicit baseline run, or the latest completed
 * run of the same prompt and dataset on the commit the baseline label points at now. Completing again with the
 * same thresholds returns the same verdict (CI retries); with other thresholds it is a conflict.
 */
public final class CompleteRun {
    private final RunStore runs;
    private final MetricStore metrics;
    private final ResolveRef refs;
    private final Transactor tx;
    private final Clock clock;

    public CompleteRun(RunStore runs, MetricStore metrics, ResolveRef refs, Transactor tx, Clock clock) {
        this.runs = runs;
        this.metrics = metrics;
        this.refs = refs;
        this.tx = tx;
        this.clock = clock;
    }

    public Verdict complete(WorkspaceId ws, RunId id, Thresholds thresholds) {
        return tx.inTransaction(() -> {
            Run run = runs.find(ws, id).orElseThrow(() -> new NotFound("evaluation.run-not-found", "no run " + id));
            if (run.status() == RunStatus.COMPLETED) {
                if (!thresholds.format().equals(run.thresholds())) {
                    throw new Conflict("evaluation.run-completed", "run " + id
                            + " was already completed with other thresholds (" + run.thresholds() + ")");
                }
                return verdictOf(ws, run);
            }
            RunId baseline = resolveBaseline(ws, run).orElse(null);
            if (!runs.complete(ws, id, clock.instant(), baseline, thresholds.format())) {
                throw new Conflict("evaluation.run-completed", "run " + id + " was completed meanwhile");
            }
            return verdict(ws, run, baseline, thresholds);
        });
    }

    /** The verdict of a completed run, recomputed from its stored baseline and thresholds. */
    public Verdict verdictOf(WorkspaceId ws, Run run) {
        return verdict(ws, run, run.resolvedBaseline(), Thresholds.parse(run.thresholds()));
    }

    private Verdict verdict(WorkspaceId ws, Run run, RunId baseline, Thresholds thresholds) {
        Map<MetricName, dev.promptforge.domain.evaluation.stats.SampleSummary> base =
                baseline == null ? null : RunSamples.of(metrics, ws, baseline);
        return VerdictRules.verdict(RunSamples.of(metrics, ws, run.id()), base, baseline, thresholds);
    }

    private Optional<RunId> resolveBaseline(WorkspaceId ws, Run run) {
        if (run.baseline().run() != null) {
            return Optional.of(run.baseline().run());
        }
        if (run.baseline().label() == null) {
            return Optional.empty();
        }
        CommitId at;
        try {
            at = refs.resolve(ws, run.prompt(), run.baseline().label().value());
        } catch (DomainException e) {
            return Optional.empty();
        }
        return runs.latestCompleted(ws, run.prompt(), run.dataset(), at, run.id()).map(Run::id);
    }
}
