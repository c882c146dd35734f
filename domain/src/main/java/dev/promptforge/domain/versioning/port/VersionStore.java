package dev.promptforge.domain.versioning.port;

import dev.promptforge.domain.shared.WorkspaceId;
import dev.promptforge.domain.versioning.Commit;
import dev.promptforge.domain.versioning.CommitId;
import dev.promptforge.domain.versioning.CommitNode;
import dev.promptforge.domain.versioning.PromptName;
import dev.promptforge.domain.versioning.StoredVersion;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Append-only store of commits and their stored text (snapshot or delta). Nothing stored is ever changed. Reads
 * that find a payload they cannot decode throw {@link dev.promptforge.domain.shared.IntegrityViolation} naming
 * the commit whose row is damaged.
 */
public interface VersionStore {
    /** Stores a new version. Storing an id already present for that prompt changes nothing. */
    void append(WorkspaceId ws, StoredVersion version);

    /**
     * A version made ready for {@link #append(WorkspaceId, Staged)} by {@link #stage}: the adapter's CPU-bound work
     * on it (such as compressing the payload) is done, so the append, inside the write transaction, only writes.
     */
    interface Staged {
        StoredVersion version();
    }

    /** Prepares a version for appending; called outside the write transaction. */
    default Staged stage(StoredVersion version) {
        return () -> version;
    }

    /** Stores a staged version, as {@link #append(WorkspaceId, StoredVersion)} does. */
    default void append(WorkspaceId ws, Staged staged) {
        append(ws, staged.version());
    }

    /** The commit's metadata. */
    Optional<Commit> commit(WorkspaceId ws, PromptName prompt, CommitId id);

    /** The metadata of several commits of one prompt, by id (absent ids are left out). */
    Map<CommitId, Commit> commits(WorkspaceId ws, PromptName prompt, Collection<CommitId> ids);

    /** The stored form of one version, with its payload. */
    Optional<StoredVersion> find(WorkspaceId ws, PromptName prompt, CommitId id);

    /**
     * What is needed to rebuild {@code id}: its nearest snapshot, then each delta up to {@code id} itself, in that
     * order. Empty when {@code id} is unknown. A chain that does not start with a snapshot is damaged.
     */
    default List<StoredVersion> chain(WorkspaceId ws, PromptName prompt, CommitId id) {
        return chain(ws, prompt, id, Set.of());
    }

    /**
     * As {@link #chain(WorkspaceId, PromptName, CommitId)}, but stops early at a version whose text the caller
     * already has: the list starts with the first delta stored on a commit in {@code known}, if the walk back from
     * {@code id} meets one before a snapshot ({@code id} itself is always included).
     */
    List<StoredVersion> chain(WorkspaceId ws, PromptName prompt, CommitId id, Set<CommitId> known);

    /** Ids of this prompt's commits starting with {@code hexPrefix}, at most {@code limit}. */
    List<CommitId> findByPrefix(WorkspaceId ws, PromptName prompt, String hexPrefix, int limit);

    /** The whole commit graph of a prompt (ids, parents, storage order), without payloads. */
    List<CommitNode> graph(WorkspaceId ws, PromptName prompt);

    /** Visits every stored version of the prompt in storage order (parents before children). */
    void forEach(WorkspaceId ws, PromptName prompt, Visitor visitor);

    /** Receives stored versions one by one; a row whose payload cannot be decoded arrives as {@link #unreadable}. */
    interface Visitor {
        void version(StoredVersion version);

        void unreadable(CommitId id, CommitId base, String problem);
    }
}
