package dev.promptforge.domain.evaluation.port;

import dev.promptforge.domain.evaluation.EvaluationEvent;
import dev.promptforge.domain.evaluation.RunId;
import dev.promptforge.domain.evaluation.StoredEvent;
import dev.promptforge.domain.shared.Page;
import dev.promptforge.domain.shared.WorkspaceId;
import java.time.YearMonth;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Evaluation events in monthly partitions (UTC calendar months by event time). Each run stores a client id once.
 */
public interface EventStore {
    /** Stores the events whose client id the run does not have yet; returns those (the rest are duplicates). */
    List<EvaluationEvent> append(WorkspaceId ws, RunId run, List<EvaluationEvent> events);

    /** The run's stored events among {@code clientIds}, by client id (ids it has not stored are absent). */
    Map<String, EvaluationEvent> find(WorkspaceId ws, RunId run, Collection<String> clientIds);

    /**
     * Removes the run's events with these client ids: for a batch refused after {@link #append} in the same
     * transaction, so that nothing of it is committed. Never used on events committed before.
     */
    void discard(WorkspaceId ws, RunId run, Collection<String> clientIds);

    /** A run's events in storage order. */
    Page<StoredEvent> list(WorkspaceId ws, RunId run, String cursor, int limit);

    /** The months that have a partition, oldest first. */
    List<YearMonth> partitions();

    /** Drops every partition before {@code firstKept}; returns the months dropped. {@link #reclaimSpace} frees them. */
    List<YearMonth> dropBefore(YearMonth firstKept);

    /**
     * Gives at most {@code maxPages} pages of space left by dropped partitions back to the file system, in a short
     * transaction of its own; returns how many free pages are left.
     */
    long reclaimSpace(int maxPages);
}
