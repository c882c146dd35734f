package dev.promptforge.domain.evaluation;

import dev.promptforge.domain.evaluation.port.RunStore;
import dev.promptforge.domain.shared.NotFound;
import dev.promptforge.domain.shared.Transactor;
import dev.promptforge.domain.versioning.CommitId;
import dev.promptforge.domain.versioning.ResolveRef;
import java.time.Clock;

/** Opens an evaluation run, resolving its ref to the commit under test now (later ref moves do not change it). */
public final class OpenRun {
    private final RunStore runs;
    private final ResolveRef refs;
    private final Transactor tx;
    private final Clock clock;

    public OpenRun(RunStore runs, ResolveRef refs, Transactor tx, Clock clock) {
        this.runs = runs;
        this.refs = refs;
        this.tx = tx;
        this.clock = clock;
    }

    public Run open(OpenRunCommand cmd) {
        return tx.inTransaction(() -> {
            String ref = cmd.ref() == null || cmd.ref().isEmpty() ? "main" : cmd.ref();
            CommitId commit = refs.resolve(cmd.workspace(), cmd.prompt(), ref);
            if (cmd.baseline().run() != null && runs.find(cmd.workspace(), cmd.baseline().run()).isEmpty()) {
                throw new NotFound("evaluation.run-not-found", "baseline run " + cmd.baseline().run() + " does not exist");
            }
            if (cmd.baseline().label() != null) {
                requireBaselineLabel(cmd);
            }
            var now = clock.instant();
            Run run = new Run(RunId.next(now), cmd.prompt(), ref, commit, cmd.dataset(), cmd.ci(), cmd.baseline(),
                    RunStatus.OPEN, now, null, 0, null, null);
            runs.create(cmd.workspace(), run);
            return run;
        });
    }

    /**
     * A baseline label must exist when the run opens (it is read again when the run completes): a misspelt label
     * found no baseline run, so relative thresholds were skipped and the CI gate passed.
     */
    private void requireBaselineLabel(OpenRunCommand cmd) {
        String label = cmd.baseline().label().value();
        try {
            refs.resolve(cmd.workspace(), cmd.prompt(), label);
        } catch (NotFound e) {
            throw new NotFound(e.code(), "baseline label '" + label + "' does not exist on '" + cmd.prompt()
                    + "', so this run would have nothing to be compared with; move the label to the commit to "
                    + "compare with first (PUT .../labels/" + label + "), or open the run without a baseline");
        }
    }
}
