package dev.promptforge.domain.versioning.port;

import dev.promptforge.domain.shared.Page;
import dev.promptforge.domain.shared.WorkspaceId;
import dev.promptforge.domain.versioning.PromptName;
import dev.promptforge.domain.versioning.PromptSummary;
import java.time.Instant;
import java.util.List;

/** The prompts of each workspace and their full-text search index (names and the content of {@code main}). */
public interface PromptCatalog {
    /** Registers a new prompt; throws a {@link dev.promptforge.domain.shared.Conflict} when the name is taken. */
    void create(WorkspaceId ws, PromptName name, Instant at);

    boolean exists(WorkspaceId ws, PromptName name);

    /** Prompts by name, or those matching {@code query} (full-text over names and content) by relevance. */
    Page<PromptSummary> list(WorkspaceId ws, String query, String cursor, int limit);

    /** Replaces the indexed content of a prompt (called when its {@code main} moves). */
    void index(WorkspaceId ws, PromptName name, String content);

    /** Every prompt of the workspace, by name. */
    List<PromptName> all(WorkspaceId ws);
}
