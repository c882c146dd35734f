package dev.promptforge.domain.versioning;

/** The difference between two versions: their commits, the text diff and both configurations. */
public record VersionDiff(Commit from, Commit to, TextDiff text, String fromConfig, String toConfig) {
    public boolean configChanged() {
        return !java.util.Objects.equals(fromConfig, toConfig);
    }
}
