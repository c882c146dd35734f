package dev.promptforge.domain.versioning;

import dev.promptforge.domain.shared.Conflict;
import java.util.List;

/**
 * A merge (or revert) whose sides changed the same region differently. Nothing was written. Carries the content
 * conflicts and, when both sides changed the model configuration differently, the three configurations.
 */
public class MergeConflict extends Conflict {
    private final List<ConflictHunk> hunks;
    private final ConfigConflict config;

    public MergeConflict(String what, List<ConflictHunk> hunks, ConfigConflict config) {
        super("versioning.merge-conflict", what + ": " + describe(hunks, config)
                + "; resolve them in a commit on one side and merge again");
        this.hunks = List.copyOf(hunks);
        this.config = config;
    }

    private static String describe(List<ConflictHunk> hunks, ConfigConflict config) {
        String h = hunks.size() + " conflicting region" + (hunks.size() == 1 ? "" : "s") + " in the content";
        return config == null ? h : h + " and a conflict in the model configuration";
    }

    public List<ConflictHunk> hunks() {
        return hunks;
    }

    /** The configuration conflict, or {@code null}. */
    public ConfigConflict config() {
        return config;
    }

    /** Both sides changed the configuration, differently. */
    public record ConfigConflict(String base, String ours, String theirs) {
    }
}
