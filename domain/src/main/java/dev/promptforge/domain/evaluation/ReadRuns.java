package dev.promptforge.domain.evaluation;

import dev.promptforge.domain.evaluation.port.EventStore;
import dev.promptforge.domain.evaluation.port.RunStore;
import dev.promptforge.domain.shared.InvalidInput;
import dev.promptforge.domain.shared.NotFound;
import dev.promptforge.domain.shared.Page;
import dev.promptforge.domain.shared.WorkspaceId;
import dev.promptforge.domain.versioning.PromptName;

/** Reads runs (with the verdict of completed ones) and their events. */
public final class ReadRuns {
    private final RunStore runs;
    private final EventStore events;
    private final CompleteRun verdicts;

    public ReadRuns(RunStore runs, EventStore events, CompleteRun verdicts) {
        this.runs = runs;
        this.events = events;
        this.verdicts = verdicts;
    }

    /** A run and, once completed, its verdict. */
    public record RunView(Run run, Verdict verdict) {
    }

    public RunView get(WorkspaceId ws, RunId id) {
        Run run = runs.find(ws, id).orElseThrow(() -> new NotFound("evaluation.run-not-found", "no run " + id));
        return new RunView(run, run.status() == RunStatus.COMPLETED ? verdicts.verdictOf(ws, run) : null);
    }

    public Page<Run> list(WorkspaceId ws, PromptName prompt, String ref, String dataset, String cursor, int limit) {
        checkLimit(limit);
        return runs.list(ws, prompt, ref, dataset, cursor, limit);
    }

    public Page<StoredEvent> events(WorkspaceId ws, RunId id, String cursor, int limit) {
        checkLimit(limit);
        runs.find(ws, id).orElseThrow(() -> new NotFound("evaluation.run-not-found", "no run " + id));
        return events.list(ws, id, cursor, limit);
    }

    private static void checkLimit(int limit) {
        if (limit < 1 || limit > 1000) {
            throw InvalidInput.field("evaluation.invalid-limit", "limit", "limit must be 1 to 1000");
        }
    }
}
