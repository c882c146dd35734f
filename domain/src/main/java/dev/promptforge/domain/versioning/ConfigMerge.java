package dev.promptforge.domain.versioning;

import java.util.Objects;

/** 3-way merge of the model configuration as a whole value (canonical JSON text). */
final class ConfigMerge {
    private ConfigMerge() {
    }

    /** The merged configuration; {@code conflict[0]} is set when both sides changed it differently. */
    static String merge(String base, String ours, String theirs, MergeConflict.ConfigConflict[] conflict) {
        if (Objects.equals(ours, theirs) || Objects.equals(base, theirs)) {
            return ours;
        }
        if (Objects.equals(base, ours)) {
            return theirs;
        }
        conflict[0] = new MergeConflict.ConfigConflict(base, ours, theirs);
        return null;
    }
}
