package dev.promptforge.domain.evaluation.port;

import dev.promptforge.domain.evaluation.Run;
import dev.promptforge.domain.evaluation.RunId;
import dev.promptforge.domain.shared.Page;
import dev.promptforge.domain.shared.WorkspaceId;
import dev.promptforge.domain.versioning.CommitId;
import dev.promptforge.domain.versioning.PromptName;
import java.time.Instant;
import java.util.Optional;

/** Evaluation runs. A run is created open and moves to completed once, by compare-and-swap on its status. */
public interface RunStore {
    void create(WorkspaceId ws, Run run);

    Optional<Run> find(WorkspaceId ws, RunId id);

    /** Runs newest first, optionally filtered; {@code cursor} is a previous page's {@code nextCursor}. */
    Page<Run> list(WorkspaceId ws, PromptName prompt, String ref, String dataset, String cursor, int limit);

    /** The most recently completed run of this prompt and dataset on {@code commit}, other than {@code excluding}. */
    Optional<Run> latestCompleted(WorkspaceId ws, PromptName prompt, String dataset, CommitId commit, RunId excluding);

    /** Marks an open run completed; false when it was not open. */
    boolean complete(WorkspaceId ws, RunId id, Instant at, RunId resolvedBaseline, String thresholds);

    void addEvents(WorkspaceId ws, RunId id, long accepted);
}
