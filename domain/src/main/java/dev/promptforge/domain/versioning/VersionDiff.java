package dev.promptforge.domain.versioning;

/**
 * The difference between two versions: their commits, the text diff and both configurations. {@code minimal} is
 * false when the texts differed too much for a line-by-line diff at bounded cost: then the text diff is one hunk
 * replacing every line between the common head and tail (see {@link EditScript}).
 */
public record VersionDiff(Commit from, Commit to, TextDiff text, String fromConfig, String toConfig, boolean minimal) {
    public boolean configChanged() {
        return !java.util.Objects.equals(fromConfig, toConfig);
    }
}
